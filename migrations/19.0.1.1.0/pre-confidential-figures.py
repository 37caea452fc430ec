"""19.0.1.1.0: confidential credit figures (SPEC §3.M).

The rating and score of the current credit report were stored in ``res.partner.credit_rating``
and ``credit_score``, which every archive user reads. They are now stored in
``credit_rating_value`` and ``credit_score_value`` (archive keepers and credit managers only),
and the public names are computes over them, empty for a rep on customers not theirs.
Renaming the columns before the registry loads keeps every value of every company (the
company-dependent JSON as it is); a second run finds them renamed and does nothing.
"""

from odoo.tools import sql

RENAMED = (("credit_rating", "credit_rating_value"), ("credit_score", "credit_score_value"))


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED:
        if sql.column_exists(cr, "res_partner", old) and not sql.column_exists(
            cr, "res_partner", new
        ):
            sql.rename_column(cr, "res_partner", old, new)
