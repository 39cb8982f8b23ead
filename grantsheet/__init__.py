"""grantsheet: split a grant over health centres in whole kronor, with an auditable workbook."""
