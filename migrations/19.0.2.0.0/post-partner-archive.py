"""19.0.2.0.0, after the ORM loaded the new models (see pre-partner-archive.py).

* archives opened for documents filed in another company get their number from that
  company's sequence (customers only) and their completeness from that company's
  documents;
* the archive columns of ``res_partner`` are dropped: every value now lives in
  ``partner_archive`` (checked by scripts/upgrade_check.sh), and a stale copy would keep
  confidential notes outside the archive's record rules.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

OLD_COLUMNS = (
    "archive_code",
    "archive_keeper_id",
    "archive_state",
    "archive_completeness",
    "archive_date_last_review",
    "archive_date_next_review",
    "legal_representative",
    "registered_capital",
    "date_founded",
    "business_scope",
    "market_region",
    "main_products",
    "employee_count",
    "annual_revenue",
    "customer_nature",
    "relationship_stage",
    "relationship_date_start",
    "sales_capacity",
    "development_potential",
    "competitor_notes",
    "archive_people_notes",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Archive = env["partner.archive"]
    cr.execute("SELECT id FROM partner_archive WHERE completeness IS NULL ORDER BY id")
    opened = Archive.browse(row[0] for row in cr.fetchall())
    if opened:
        opened._number()
        env.add_to_compute(Archive._fields["completeness"], opened)
        env.add_to_compute(Archive._fields["state"], opened)
        opened.flush_recordset()
    for column in OLD_COLUMNS:
        if sql.column_exists(cr, "res_partner", column):
            cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", SQL.identifier(column)))
    _logger.info(
        "Customer archives: %s archive(s), %s opened in another company for its documents",
        Archive.search_count([]),
        len(opened),
    )
