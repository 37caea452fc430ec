from . import partner_credit_tier_pin_wizard
