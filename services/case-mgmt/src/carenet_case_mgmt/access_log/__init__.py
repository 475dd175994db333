"""存取紀錄查詢 — who touched a person's record (a PDPA request answered by the county admin)."""
