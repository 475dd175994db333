"""CareNet gateway: the one entry point in front of the four services."""
