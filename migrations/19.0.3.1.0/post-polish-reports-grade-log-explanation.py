"""Grade logs: each explanation text stored before codes is read back into codes (in any
installed language), so a Chinese reader sees it in Chinese; a text that cannot be read
stays in explanation_legacy and is shown as it was. Nothing is lost."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._credit_explain_migrate_logs()
