"""19.0.1.1.0: review dates for everyone (SPEC §3.H).

Limits granted before this version may have no review date, and archives no next review
date: give them the same dates the install hook gives (set-based SQL, any number of
partners). Dates already set are kept.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._credit_init_review_dates()
    env["res.partner"]._archive_init_review_dates()
