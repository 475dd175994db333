"""CareNet indicators: the ministry's performance indicators scored per county and period."""
