"""What the people around a held order see of its hold (SPEC §3.D).

- The reasons are stored as check codes (``credit_hold_codes``) and put into words when shown
  (``credit_hold_reason``), in the reader's language: no English sentence is frozen on the
  order.
- The salesperson's release request (comment, who, when) is kept on the order, so the credit
  managers' list and release dialog show it.
- Confirming a quotation that is (or stays) held tells the user so, with the reasons: the
  quotation does not change on screen otherwise.
- Activities for the credit managers are written in each manager's language (Odoo shows an
  activity's summary and note as stored). Their figures are those of the moment of the hold,
  labelled with its date: a note is a snapshot, the order's banner and the Held Orders list
  show the current figures.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime, formatLang

REVIEW_FIELDS = {
    "credit_hold_codes",
    "credit_request_comment",
    "credit_request_user_id",
    "credit_request_date",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_hold_codes = fields.Char(
        string="Hold Reason Codes",
        copy=False,
        readonly=True,
        help="The blocking credit checks that held the order (codes, comma-separated).",
    )
    credit_hold_reason = fields.Char(
        string="Hold Reason",
        compute="_compute_credit_hold_reason",
        help="Why the order is (or was, before its release) on credit hold.",
    )
    credit_request_comment = fields.Text(
        string="Release Request",
        copy=False,
        readonly=True,
        help="The salesperson's comment when asking the credit managers for a release.",
    )
    credit_request_user_id = fields.Many2one(
        "res.users", string="Release Requested By", copy=False, readonly=True
    )
    credit_request_date = fields.Datetime(string="Release Requested On", copy=False, readonly=True)
    credit_request_summary = fields.Char(
        string="Release Request Summary",
        compute="_compute_credit_request_summary",
        help="Who asked for the release, when, and why.",
    )
    credit_can_decide = fields.Boolean(
        string="Can Release",
        compute="_compute_credit_can_decide",
        help="You are a credit manager and not the order's salesperson: you release or "
        "reject it; otherwise you request a release.",
    )

    @api.depends("credit_hold_codes")
    @api.depends_context("lang")
    def _compute_credit_hold_reason(self):
        labels = self._credit_hold_labels()
        for order in self:
            codes = (order.credit_hold_codes or "").split(",")
            order.credit_hold_reason = (
                ", ".join(labels.get(code, code) for code in codes if code) or False
            )

    @api.depends("credit_request_comment", "credit_request_user_id", "credit_request_date")
    @api.depends_context("lang", "uid")
    def _compute_credit_request_summary(self):
        for order in self:
            order.credit_request_summary = (
                order._credit_request_line() if order.credit_request_comment else False
            )

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_credit_can_decide(self):
        manager = self.env.user.has_group("partner_credit_archive.group_credit_manager")
        for order in self:
            order.credit_can_decide = manager and order.user_id != self.env.user

    @api.model
    def _credit_hold_labels(self):
        """{check code: what holds the order, in words} (the hold reason shown)."""
        return {
            "hold": self.env._("Customer on credit hold or takes no new orders"),
            "credit_sales": self.env._("No credit sales for this customer"),
            "limit": self.env._("Over credit limit"),
            "group_limit": self.env._("Over credit group limit"),
            "overdue": self.env._("Overdue invoices"),
            "report": self.env._("No valid credit report"),
            "documents": self.env._("Mandatory documents expired"),
            "probation": self.env._("Over the maximum order on probation"),
            "documents_missing": self.env._("Mandatory documents missing"),
            "documents_first": self.env._("First order without mandatory documents"),
        }

    def _credit_hold_notification(self, already_held):
        """What a user confirming held quotations ``self`` is told: held (or still held, for
        ``already_held``), why, and what to do."""
        lines = []
        for order in self.sudo():
            if order in already_held:
                line = self.env._(
                    "%(order)s is still on credit hold (since %(date)s): %(reason)s.",
                    order=order.name,
                    date=format_datetime(self.env, order.credit_hold_date, dt_format="short"),
                    reason=order.credit_hold_reason,
                )
            else:
                line = self.env._(
                    "%(order)s is held for credit review: %(reason)s.",
                    order=order.name,
                    reason=order.credit_hold_reason,
                )
            lines.append(line)
        if all(order.credit_can_decide for order in self):
            advice = self.env._("Release or reject it with Release / Reject.")
        else:
            advice = self.env._(
                "It stays a quotation until a credit manager releases it: use Request Release "
                "to ask, with a comment. The banner shows the details."
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Not confirmed: credit hold"),
                "message": "\n".join([*lines, advice]),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _credit_hold_note(self, user, result):
        """The note of ``user``'s hold review activity on order ``self``, in their language:
        the reasons and the figures at the time of the hold, labelled with its date."""
        self.ensure_one()
        order = self.with_context(lang=user.lang)
        env = order.env
        lines = [
            env._(
                "Held on %(date)s: %(reason)s.",
                date=format_datetime(env, order.credit_hold_date, tz=user.tz, dt_format="short"),
                reason=order.credit_hold_reason,
            )
        ]
        if result:
            currency = order.company_id.currency_id

            def fmt(amount):
                return formatLang(env, amount, currency_obj=currency)

            limit = (
                fmt(result["limit"]) if result["limit"] else env._("none (exposure not checked)")
            )
            if "exposure" in result:
                lines.append(
                    env._(
                        "At the time of the hold: exposure %(exposure)s, credit limit "
                        "%(limit)s, this order %(amount)s. The order shows the current figures.",
                        exposure=fmt(result["exposure"]),
                        limit=limit,
                        amount=fmt(result["amount"]),
                    )
                )
            else:  # no check needed the exposure (no limit to check): it was not read
                lines.append(
                    env._(
                        "At the time of the hold: credit limit %(limit)s, this order "
                        "%(amount)s. The order shows the current figures.",
                        limit=limit,
                        amount=fmt(result["amount"]),
                    )
                )
        if order.credit_request_comment:
            lines.append(order._credit_request_line(tz=user.tz))
        return Markup().join(Markup("<p>%s</p>") % line for line in lines)

    def _credit_request_line(self, tz=False):
        """The release request of order ``self`` in one line, in the context's language (and
        time zone ``tz``, by default the user's)."""
        self.ensure_one()
        return self.env._(
            "Release requested by %(user)s on %(date)s: %(comment)s",
            user=self.credit_request_user_id.sudo().name,
            date=format_datetime(self.env, self.credit_request_date, tz=tz, dt_format="short"),
            comment=self.credit_request_comment,
        )
