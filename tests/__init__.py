from . import test_install
from . import test_credit_core
from . import test_credit_control
from . import test_credit_control_race
