from . import test_install
from . import test_credit_core
from . import test_credit_report
from . import test_credit_payment_record
from . import test_credit_limit
