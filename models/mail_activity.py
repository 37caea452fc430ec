from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    credit_reminder_key = fields.Char(
        string="Reminder Key",
        readonly=True,
        copy=False,
        help="Set on activities scheduled by the credit reminders (SPEC §3.E): names the due "
        "item (kind, company, cause) so that a reminder run never schedules it twice and "
        "closes it when the cause is resolved.",
    )

    # one activity per due item, also when two reminder runs overlap (cron and server action)
    _credit_reminder_key_uniq = models.UniqueIndex(
        "(res_model, res_id, credit_reminder_key) WHERE credit_reminder_key IS NOT NULL",
        "This reminder is already scheduled.",
    )
