from . import res_company
from . import res_config_settings
from . import partner_credit_tier
from . import partner_credit_decision
from . import res_partner_grading
from . import res_partner_credit
from . import partner_credit_grade_log
