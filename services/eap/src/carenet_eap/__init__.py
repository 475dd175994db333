"""CareNet EAP: confidential counselling, workshops, self-checks and statistics for civil servants."""
