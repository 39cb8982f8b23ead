"""grantsheet: split a grant over health centres in whole kronor, with an auditable workbook."""

__version__ = "0.3.0"
