"""County-specific targets (縣市自訂目標值) overriding the class target for one code and period."""
