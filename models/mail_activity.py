from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    credit_reminder_key = fields.Char(
        string="Reminder Key",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="Set on activities scheduled by the credit reminders (SPEC §3.E): names the due "
        "item (kind, company, cause) so that a reminder run never schedules it twice and "
        "closes it when the cause is resolved.",
    )
