"""``grantsheet serve``: the officer's page, a thin web layer over ``grantsheet.api``."""
