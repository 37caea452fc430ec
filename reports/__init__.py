from . import credit_xlsx
from . import ir_actions_report
