"""The actions a collection level took on a customer (催收记录), each run once per escalation.

A line is created when a customer reaches a level and stays **open** while the customer is at
that level (or above it, for the actions that put the customer in a state: credit hold,
legal). An open line of the same level and customer file cannot exist twice (a unique index:
two workers running the job at once cannot both act), so running the job again does nothing.
When payment brings the customer below the level the line is **closed**: its activity is
marked done with a note saying why, a credit hold it put is lifted (a credit decision records
it). Reaching the level again later is a new escalation: a new line, the action again.

What each action does (``_credit_run_*``):

- *activity*: an activity for the collector (the reminder call of the first level);
- *email*: the level's e-mail template, sent to the customer and kept in the file's chatter;
- *letter*: the same with the collection letter PDF (in the customer's language) attached;
- *hold*: the customer is put on credit hold (stop supply) in the company, through the
  guarded credit hold field, and a credit decision records why;
- *legal*: an activity for the collector to have the lawyer's letter sent, and the customer
  is flagged as in litigation (``credit_litigation``), which stays until a credit manager
  clears it: a lawsuit is not closed by the payment alone.
"""

from markupsafe import Markup

from odoo import fields, models

from .partner_credit_collection_level import COLLECTION_ACTIONS

CLOSE_REASONS = [
    ("paid", "Paid"),
    ("superseded", "Higher Level Reached"),
]
RUNNERS = {  # action code: the method that takes it, on the lines of that action
    "activity": "_credit_run_activity",
    "email": "_credit_run_email",
    "letter": "_credit_run_email",
    "hold": "_credit_run_hold",
    "legal": "_credit_run_legal",
}
ACTIVITY_CALL = "partner_credit_archive.mail_activity_type_collection_call"
ACTIVITY_LEGAL = "partner_credit_archive.mail_activity_type_collection_legal"


class PartnerCreditCollectionAction(models.Model):
    _name = "partner.credit.collection.action"
    _description = "Collection Action"
    _order = "date desc, id desc"
    _check_company_auto = True

    collection_id = fields.Many2one(
        "partner.credit.collection", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        related="collection_id.partner_id", store=True, index=True, string="Customer"
    )
    company_id = fields.Many2one(related="collection_id.company_id", store=True)
    level_id = fields.Many2one(
        "partner.credit.collection.level",
        string="Collection Level",
        required=True,
        ondelete="restrict",
    )
    action = fields.Selection(COLLECTION_ACTIONS, required=True)
    date = fields.Datetime(required=True, default=lambda self: fields.Datetime.now())
    user_id = fields.Many2one("res.users", string="Collector")
    days_overdue = fields.Integer(string="Days Overdue When Taken")
    amount = fields.Monetary(string="Overdue When Taken", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    activity_id = fields.Many2one("mail.activity", string="Activity", ondelete="set null")
    message_id = fields.Many2one("mail.message", string="Message", ondelete="set null")
    decision_id = fields.Many2one("partner.credit.decision", string="Credit Decision")
    hold_set = fields.Boolean(
        string="Credit Hold Set", help="This action put the customer on credit hold."
    )
    closed = fields.Boolean(index=True)
    date_closed = fields.Datetime(string="Closed On")
    close_reason = fields.Selection(CLOSE_REASONS)

    _open_uniq = models.UniqueIndex(
        "(collection_id, level_id) WHERE closed IS NOT TRUE",
        "This collection action is already taken.",
    )

    def _compute_display_name(self):
        labels = dict(self._fields["action"]._description_selection(self.env))
        for line in self:
            line.display_name = labels.get(line.action, "")

    # ------------------------------------------------------------------ running

    def _credit_run(self):
        """Take the actions of these new lines, grouped by kind (one batch per kind)."""
        for action, lines in self.grouped("action").items():
            getattr(lines, RUNNERS[action])()

    def _credit_activity_values(self, activity_type):
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for line in self:
            env = line.with_context(lang=line.user_id.lang or self.env.lang).env
            collection = line.collection_id
            note = env._(
                "%(amount)s overdue, the oldest invoice %(days)s days "
                "(collection level %(level)s).",
                amount=collection._credit_fmt(line.amount),
                days=line.days_overdue,
                level=line.level_id.with_env(env).name,
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": line.partner_id.id,
                    "activity_type_id": (line.level_id.activity_type_id or activity_type).id,
                    "user_id": line.user_id.id,
                    "date_deadline": fields.Date.context_today(line),
                    "summary": line.level_id.with_env(env).name,
                    "note": Markup("<p>%s</p>%s") % (note, line.level_id.with_env(env).note or ""),
                    "automated": True,
                }
            )
        return vals_list

    def _credit_create_activities(self, activity_type):
        lines = self.filtered("user_id")
        if not lines:
            return
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(lines._credit_activity_values(activity_type))
        )
        for line, activity in zip(lines, activities, strict=True):
            line.activity_id = activity

    def _credit_run_activity(self):
        self._credit_create_activities(self.env.ref(ACTIVITY_CALL))

    def _credit_run_email(self):
        """The level's template, posted on the collection file (so also sent to the
        customer); the letter's template attaches the collection letter PDF."""
        for line in self:
            template = line.level_id.mail_template_id
            if not template:
                continue
            collection = line.collection_id
            messages = collection.with_context(
                lang=collection.partner_id.lang or self.env.lang
            ).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            line.message_id = messages[:1]

    def _credit_run_hold(self):
        """Stop supply: credit hold in the company, through the guarded field (superuser
        mode passes its rights check), recorded as a credit decision."""
        for line in self:
            partner = line.partner_id.with_company(line.company_id)
            if partner.credit_hold:
                continue  # on hold already (by hand or by a previous escalation): not ours
            partner.write({"credit_hold": True})
            line.hold_set = True
            line.decision_id = line._credit_decision(
                "collection_hold",
                line.env._(
                    "Stop supply (collection level %(level)s): invoices overdue %(days)s "
                    "days, %(amount)s overdue.",
                    level=line.level_id.name,
                    days=line.days_overdue,
                    amount=line.collection_id._credit_fmt(line.amount),
                ),
            )

    def _credit_run_legal(self):
        self._credit_create_activities(self.env.ref(ACTIVITY_LEGAL))
        for company, lines in self.grouped("company_id").items():
            partners = lines.partner_id.with_company(company)
            partners.filtered(lambda p: not p.credit_litigation).write({"credit_litigation": True})

    def _credit_decision(self, decision_type, reason):
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        limit = partner.sudo().credit_limit
        return (
            self.env["partner.credit.decision"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "decision_type": decision_type,
                    "old_limit": limit,
                    "new_limit": limit,
                    "reason": reason,
                    "user_id": self.env.user.id,
                    "cash_only": partner.sudo().credit_cash_only,
                }
            )
        )

    # ------------------------------------------------------------------ closing

    def _credit_close(self, reason):
        """Close these open lines: activities marked done with a note (in the collector's
        language), credit holds they put lifted with a decision."""
        if not self:
            return
        self.write({"closed": True, "date_closed": fields.Datetime.now(), "close_reason": reason})
        for lang, lines in (
            self.filtered("activity_id")
            .grouped(lambda line: line.activity_id.user_id.lang or self.env.lang)
            .items()
        ):
            env = lines.with_context(lang=lang).env
            label = dict(self._fields["close_reason"]._description_selection(env))[reason]
            lines.activity_id.action_feedback(
                feedback=env._("Closed automatically: %(reason)s.", reason=label)
            )
        for line in self.filtered("hold_set"):
            partner = line.partner_id.with_company(line.company_id)
            if not partner.credit_hold:
                continue  # lifted by a credit manager meanwhile
            partner.write({"credit_hold": False})
            line._credit_decision(
                "collection_release",
                line.env._(
                    "Supply resumed: the overdue invoices that stopped it (collection level "
                    "%(level)s) are paid.",
                    level=line.level_id.name,
                ),
            )
