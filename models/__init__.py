from . import res_company
from . import res_config_settings
from . import partner_archive_category
from . import partner_archive_document_type
from . import partner_archive_catalogue_counter
from . import partner_archive_document
from . import res_partner_archive
