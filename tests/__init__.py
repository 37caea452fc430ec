from . import test_install
from . import test_credit_core
from . import test_tour
from . import test_aging
from . import test_archive
from . import test_integration
from . import test_grading
