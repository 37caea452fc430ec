"""Activities of the credit control: the reminders' key, and the work queue they make.

The reviews the addon asks for — a held order or delivery, a credit request to approve, a
dishonoured bill, and every reminder of the reminder run (``credit_reminder_key``: report
renewals, limit reviews, document expiries…) — are the to-do list of the person they are
assigned to (a credit manager, the archive keeper). Odoo lets anyone who may edit the
record cancel (delete) or reassign its activities; here that would let a sales rep empty
the credit manager's queue on their own order, without a trace. So only the assignee, a
credit manager or the system cancels or reassigns them; the others get a clear refusal and
nothing changes. Marking one done stays open to all, as in Odoo: it is posted in the chatter
with who did it and why.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

CREDIT_MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
# activity types of the credit reviews scheduled outside the reminder run
REVIEW_ACTIVITY_TYPES = (
    "partner_credit_archive.mail_activity_type_credit_hold",
    "partner_credit_archive.mail_activity_type_delivery_hold",
    "partner_credit_archive.mail_activity_type_credit_request",
    "partner_credit_archive.mail_activity_type_credit_bill_dishonour",
)


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

    def write(self, vals):
        if "user_id" in vals:
            self._credit_check_queue(reassign_to=vals["user_id"])
        return super().write(vals)

    def unlink(self):
        self._credit_check_queue()
        return super().unlink()

    @api.model
    def _credit_review_types(self):
        """The activity types of the credit reviews (the shipped ones that exist)."""
        Type = self.env["mail.activity.type"]
        found = (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in REVIEW_ACTIVITY_TYPES)
        return Type.union(*(record for record in found if record))

    def _credit_check_queue(self, reassign_to=None):
        """Refuse to cancel (or reassign away) a credit review someone else is assigned to,
        unless the user is a credit manager or the system."""
        if self.env.su or self.env.user.has_group(CREDIT_MANAGER_GROUP):
            return
        review_types = self._credit_review_types()
        uid = self.env.uid
        theirs = self.sudo().filtered(
            lambda a: a.user_id
            and a.user_id.id not in (uid, reassign_to)
            and (a.credit_reminder_key or a.activity_type_id in review_types)
        )
        if not theirs:
            return
        activity = theirs[0]
        what = activity.summary or activity.activity_type_id.name
        if reassign_to is None:
            message = self.env._(
                "“%(activity)s” on %(record)s is %(user)s's credit review: only they or a "
                "credit manager can cancel it.",
                activity=what,
                record=activity.res_name,
                user=activity.user_id.name,
            )
        else:
            message = self.env._(
                "“%(activity)s” on %(record)s is %(user)s's credit review: only they or a "
                "credit manager can give it to someone else.",
                activity=what,
                record=activity.res_name,
                user=activity.user_id.name,
            )
        raise UserError(message)
