"""CareNet shared plumbing. No domain rules live here."""
