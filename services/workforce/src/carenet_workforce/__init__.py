"""CareNet workforce: the plan's staff, training hours, supervision ratio and account reviews."""
