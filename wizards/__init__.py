from . import partner_credit_export_wizard
