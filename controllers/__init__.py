from . import portal
from . import credit_export
