from . import credit_xlsx
