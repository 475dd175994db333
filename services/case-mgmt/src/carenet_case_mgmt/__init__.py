"""CareNet case management: cases, care tiers, visits, discharge plans, transfers, conferences."""
