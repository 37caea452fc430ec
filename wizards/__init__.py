from . import partner_credit_export_wizard
from . import partner_credit_tier_pin_wizard
from . import partner_credit_release_wizard
from . import partner_credit_limit_wizard
from . import partner_credit_report_apply_wizard
from . import base_partner_merge_automatic_wizard
from . import partner_credit_release_wizard_picking
