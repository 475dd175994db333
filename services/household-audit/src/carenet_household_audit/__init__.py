"""CareNet household-registry query audit: ingest, verifiable monthly sampling, review."""
