"""The download of the credit exports (SPEC §5.1): the XLSX register, AR aging (as of any
date) and bills register, built on Odoo's read-only cursor.

The export dialog's button (``partner.credit.export.wizard.action_export``) only checks the
selection and points the browser here; this route builds the workbook. It is marked
``readonly``: Odoo serves it on a read-only cursor, which a server started with
``--db_replica_host``/``--db_replica_port`` opens on the PostgreSQL replica, so the heaviest
reads of the addon stay off the primary that confirms orders. Nothing here writes
(tests/test_readonly_paths.py runs it in a read-only transaction).
"""

import psycopg2

from odoo import http
from odoo.http import content_disposition, request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CreditExportController(http.Controller):
    @http.route(
        "/partner_credit_archive/export/<int:wizard_id>",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def credit_export_download(self, wizard_id, **kw):
        wizard = request.env["partner.credit.export.wizard"].browse(wizard_id).exists()
        if not wizard:
            if request.env.cr.readonly:
                # the dialog was saved on the primary a moment ago and the replica has not
                # replayed it yet: Odoo retries this request on a read/write cursor
                raise psycopg2.errors.ReadOnlySqlTransaction(
                    "export settings not on the replica yet"
                )
            raise request.not_found()
        data, name = wizard._export_file()
        return request.make_response(
            data,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Disposition", content_disposition(name)),
                ("Content-Length", len(data)),
            ],
        )
