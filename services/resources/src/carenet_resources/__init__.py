"""CareNet resources: the care-resource directory and map."""
