"""Grade logs store their explanation as codes (explanation_data), worded in the reader's
language; the text stored so far moves to explanation_legacy before the ORM drops the
column of the now computed ``explanation``. The post script reads it back into codes."""

from odoo.tools.sql import column_exists, rename_column


def migrate(cr, version):
    table = "partner_credit_grade_log"
    if column_exists(cr, table, "explanation") and not column_exists(
        cr, table, "explanation_legacy"
    ):
        rename_column(cr, table, "explanation", "explanation_legacy")
