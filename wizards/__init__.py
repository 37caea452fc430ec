from . import partner_credit_release_wizard
