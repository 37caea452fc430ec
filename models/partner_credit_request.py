"""A credit decision above its maker's authority, waiting for a higher level (SPEC §3.L).

Created by ``partner.credit.authority._credit_authorize`` (see partner_credit_authority.py),
never by hand. Nothing changes while it is pending; the users of the level it waits for get an
activity with the figures and the reason. Approving at a level that covers the amount carries
the decision out (``record._credit_authority_execute(request)``); approving below it sends the
request on to the next level; rejecting or cancelling closes it. Every step — asked, escalated,
approved, rejected, cancelled: who, when, at which level, with which comment — is a credit
decision (``partner.credit.decision.request_id``), so requests are kept forever like decisions.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from .partner_credit_authority import AUTHORITY_KINDS
from .partner_credit_decision import REQUEST_KEY

REQUEST_ACTIVITY = "partner_credit_archive.mail_activity_type_credit_request"
REQUEST_STATES = [
    ("pending", "Pending"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class PartnerCreditRequest(models.Model):
    """A credit decision waiting for approval (see the module docstring)."""

    _name = "partner.credit.request"
    _description = "Credit Approval Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(string="Request No.", required=True, readonly=True, copy=False, default="/")
    kind = fields.Selection(AUTHORITY_KINDS, string="Decision", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        readonly=True,
        help="What the authority levels compare, in company currency: the new or temporary "
        "limit, how far the orders go over the available credit, the amount written off.",
    )
    amount_unlimited = fields.Boolean(
        string="No Limit",
        readonly=True,
        help="The decision removes the credit limit (exposure no longer checked): only a level "
        "deciding any amount can approve it.",
    )
    reason = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        REQUEST_STATES, default="pending", required=True, readonly=True, tracking=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        string="Requested On", required=True, readonly=True, default=fields.Datetime.now
    )
    level_id = fields.Many2one(
        "partner.credit.authority",
        string="Waiting For",
        readonly=True,
        tracking=True,
        ondelete="restrict",
        help="The approval level whose users decide next.",
    )
    level_needed_id = fields.Many2one(
        "partner.credit.authority",
        string="Level Needed",
        compute="_compute_level_needed_id",
        help="The lowest level that decides the amount.",
    )
    decision_ids = fields.One2many(
        "partner.credit.decision", "request_id", string="Steps", readonly=True
    )
    can_decide = fields.Boolean(compute="_compute_can_decide")
    # what is carried out on approval
    current_limit = fields.Monetary(string="Limit When Requested", readonly=True)
    new_limit = fields.Monetary(string="Requested Limit", readonly=True)
    date_review = fields.Date(string="Review Date", readonly=True)
    date_start = fields.Date(string="From", readonly=True)
    date_end = fields.Date(string="Until", readonly=True)
    order_ids = fields.Many2many("sale.order", string="Orders", readonly=True)
    report_id = fields.Many2one("partner.credit.report", string="Credit Report", readonly=True)
    payment_term_id = fields.Many2one("account.payment.term", string="Payment Term", readonly=True)
    cash_only = fields.Boolean(string="Make Cash Only", readonly=True)
    res_model = fields.Char(string="Record Model", readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", readonly=True)

    @api.depends("kind", "company_id", "amount", "amount_unlimited")
    def _compute_level_needed_id(self):
        for request in self:
            levels = request._credit_levels()
            amount = request._credit_amount()
            request.level_needed_id = levels.filtered(
                lambda level, r=request, a=amount: level._credit_covers(a, r.company_id)
            )[:1]

    @api.depends("state", "level_id")
    @api.depends_context("uid")
    def _compute_can_decide(self):
        for request in self:
            request.can_decide = request.state == "pending" and request._credit_may_decide()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("partner.credit.request") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - {"message_main_attachment_id"}:
            raise UserError(
                self.env._(
                    "A credit request changes only by being approved, rejected or cancelled."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Credit requests are kept: cancel or reject it instead."))

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _credit_levels(self):
        self.ensure_one()
        return self.env["partner.credit.authority"]._credit_levels(self.kind, self.company_id)

    def _credit_amount(self):
        """The amount the levels compare (``None``: no bound)."""
        self.ensure_one()
        return None if self.amount_unlimited else self.amount

    @api.model
    def _credit_format_amount(self, amount, company):
        if amount is None:
            return self.env._("no limit")
        return formatLang(self.env, amount, currency_obj=company.currency_id)

    def _credit_salespeople(self):
        """Who may not decide: the customer's salesperson, the orders', the requester."""
        self.ensure_one()
        return self.partner_id.user_id | self.order_ids.user_id | self.user_id

    def _credit_may_decide(self):
        """Whether the current user may approve or reject pending request ``self``."""
        self.ensure_one()
        if self.env.su:
            return True
        user = self.env.user
        if user in self._credit_salespeople():
            return False
        levels = self._credit_levels()
        mine = levels._credit_level_of(user)
        if not mine:
            return False
        if self.level_id not in levels:  # the levels were changed since
            return True
        return levels.ids.index(mine.id) >= levels.ids.index(self.level_id.id)

    def _credit_ensure_decider(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("Request %(name)s is no longer pending.", name=self.name))
        if not self.env.su and self.env.user == self.user_id:
            raise UserError(
                self.env._("You asked for %(name)s: someone else must decide it.", name=self.name)
            )
        authority = self.env["partner.credit.authority"]
        authority._credit_check_four_eyes(self.partner_id, salespeople=self.order_ids.user_id)
        if not self._credit_may_decide():
            raise UserError(
                self.env._(
                    "Request %(name)s waits for %(level)s: your approval level does not reach it.",
                    name=self.name,
                    level=self.level_id.name,
                )
            )

    def _credit_step(self, step, level, comment):
        """Record one step of request ``self`` as a credit decision: the limit as it is (a
        step changes nothing; what is asked for is on the request)."""
        self.ensure_one()
        limit = self.partner_id.with_company(self.company_id).sudo().credit_limit
        return (
            self.env["partner.credit.decision"]
            .sudo()
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "decision_type": step,
                    "old_limit": limit,
                    "new_limit": limit,
                    "reason": comment or self.reason,
                    "user_id": self.env.user.id,
                    "request_id": self.id,
                    "authority_id": level.id,
                    "report_id": self.report_id.id,
                    "order_id": self.order_ids[:1].id,
                    "date_valid_until": self.date_end,
                }
            )
        )

    def _credit_note(self):
        """The activity's note: the figures and the reason."""
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        fmt = self._credit_format_amount
        rows = [
            (self.env._("Decision"), kinds[self.kind]),
            (self.env._("Customer"), self.partner_id.display_name),
            (self.env._("Amount"), fmt(self._credit_amount(), self.company_id)),
            (self.env._("Level needed"), self.level_needed_id.name or "-"),
            (self.env._("Requested by"), self.user_id.name),
        ]
        if self.kind in ("limit", "temp_limit"):
            rows.append((self.env._("Current limit"), fmt(self.current_limit, self.company_id)))
        if self.kind == "temp_limit":
            rows.append(
                (
                    self.env._("Period"),
                    f"{format_date(self.env, self.date_start)} – "
                    f"{format_date(self.env, self.date_end)}",
                )
            )
        if self.order_ids:
            rows.append((self.env._("Orders"), ", ".join(self.order_ids.mapped("name"))))
        return Markup("<ul>%s</ul><p>%s</p>") % (
            Markup().join(Markup("<li>%s: %s</li>") % row for row in rows),
            self.reason,
        )

    def _credit_schedule(self):
        """An activity for each user of the level request ``self`` waits for."""
        self.ensure_one()
        users = self.level_id._credit_users(self.company_id) - self._credit_salespeople()
        for user in users:
            # in the approver's language
            request = self.with_context(lang=user.lang or self.env.lang)
            kinds = dict(request._fields["kind"]._description_selection(request.env))
            summary = request.env._(
                "Approve: %(decision)s, %(amount)s",
                decision=kinds[request.kind],
                amount=request._credit_format_amount(request._credit_amount(), request.company_id),
            )
            request.sudo().activity_schedule(
                REQUEST_ACTIVITY, user_id=user.id, summary=summary, note=request._credit_note()
            )

    def _credit_close_activities(self, feedback):
        self.sudo().activity_feedback([REQUEST_ACTIVITY], feedback=feedback)

    def _credit_tell_requester(self, body):
        self.sudo().message_post(
            body=body, subtype_xmlid="mail.mt_note", partner_ids=self.user_id.partner_id.ids
        )

    def _credit_notification(self):
        """The client action telling the requester where the request went."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "title": self.env._("Sent for approval"),
                "message": self.env._(
                    "Above your approval authority: request %(name)s sent to %(level)s for "
                    "approval. Nothing changes until it is approved.",
                    name=self.name,
                    level=self.level_id.name,
                ),
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------------
    # lifecycle
    # ------------------------------------------------------------------
    @api.model
    def _credit_request_create(
        self, kind, partner, company, amount, reason, values, levels, mine, exclude
    ):
        """Create the pending request of a decision above the user's level ``mine`` (empty:
        no level) and send it to the next level (see ``_credit_authorize``)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason: the approvers will read it."))
        self._credit_ensure_no_duplicate(kind, partner, company, values)
        exclude = exclude | self.env.user | partner.user_id
        level = levels._credit_next(mine, company, exclude)
        request = self.sudo().create(
            {
                "kind": kind,
                "partner_id": partner.id,
                "company_id": company.id,
                "amount": amount or 0.0,
                "amount_unlimited": amount is None,
                "reason": reason.strip(),
                "user_id": self.env.user.id,
                "level_id": level.id,
                "current_limit": partner.with_company(company).sudo().credit_limit,
                **values,
            }
        )
        request._credit_step("request", level, request.reason)
        request._credit_schedule()
        return request.sudo(False)

    @api.model
    def _credit_ensure_no_duplicate(self, kind, partner, company, values):
        """One pending request per decision: per customer for limits, per order for releases,
        per record for the others."""
        domain = [
            ("state", "=", "pending"),
            ("kind", "=", kind),
            ("partner_id", "=", partner.id),
            ("company_id", "=", company.id),
        ]
        if values.get("res_model"):
            domain += [("res_model", "=", values["res_model"]), ("res_id", "=", values["res_id"])]
        elif values.get("order_ids"):
            order_ids = values["order_ids"][0][2]  # Command.set
            domain += [("order_ids", "in", order_ids)]
        pending = self.sudo().search(domain, limit=1)
        if pending:
            raise UserError(
                self.env._(
                    "Request %(name)s for the same decision is already waiting for %(level)s: "
                    "cancel it first to ask again.",
                    name=pending.name,
                    level=pending.level_id.name,
                )
            )

    def _credit_target(self):
        """The record(s) carrying the decision out (see partner_credit_authority.py)."""
        self.ensure_one()
        if self.res_model:
            return self.env[self.res_model].browse(self.res_id)
        if self.order_ids:
            return self.order_ids
        return self.partner_id

    def _credit_approve(self, comment=""):
        """Approve: carry out when the approver's level covers the amount, else send on."""
        for request in self:
            request._credit_ensure_decider()
            levels = request._credit_levels()
            acting = levels._credit_level_of(self.env.user) or request.level_id
            if acting._credit_covers(request._credit_amount(), request.company_id):
                request._credit_carry_out(acting, comment)
                continue
            exclude = request._credit_salespeople() | self.env.user
            upper = levels._credit_next(acting, request.company_id, exclude)
            if not upper or upper == acting:
                raise UserError(
                    self.env._(
                        "No approval level decides %(amount)s: reject the request or add a "
                        "level for any amount.",
                        amount=request._credit_format_amount(
                            request._credit_amount(), request.company_id
                        ),
                    )
                )
            request._credit_step("request_escalated", acting, comment)
            request._credit_close_activities(
                self.env._(
                    "Approved at %(level)s, sent on to %(upper)s.",
                    level=acting.name,
                    upper=upper.name,
                )
            )
            request.sudo().write({"level_id": upper.id})
            request._credit_schedule()
        return True

    def _credit_carry_out(self, level, comment):
        self.ensure_one()
        target = self._credit_target().with_company(self.company_id)
        target.sudo().with_context(**{REQUEST_KEY: self.id})._credit_authority_execute(self)
        self._credit_step("request_approved", level, comment)
        self.sudo().write({"state": "approved"})
        self._credit_close_activities(self.env._("Approved by %(user)s.", user=self.env.user.name))
        self._credit_tell_requester(
            self.env._(
                "Approved by %(user)s (%(level)s).", user=self.env.user.name, level=level.name
            )
        )

    def _credit_reject(self, comment):
        if not (comment or "").strip():
            raise UserError(self.env._("Give a reason for the rejection."))
        for request in self:
            request._credit_ensure_decider()
            levels = request._credit_levels()
            level = levels._credit_level_of(self.env.user) or request.level_id
            request._credit_step("request_rejected", level, comment.strip())
            request.sudo().write({"state": "rejected"})
            request._credit_close_activities(comment.strip())
            request._credit_tell_requester(
                self.env._(
                    "Rejected by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=comment.strip(),
                )
            )
        return True

    def action_cancel(self):
        """The requester (or who may decide them) withdraws pending requests."""
        for request in self:
            if request.state != "pending":
                raise UserError(
                    self.env._("Request %(name)s is no longer pending.", name=request.name)
                )
            if self.env.user != request.user_id and not request._credit_may_decide():
                raise UserError(
                    self.env._(
                        "Only who asked for %(name)s, or who may decide it, can cancel it.",
                        name=request.name,
                    )
                )
            request._credit_step("request_cancelled", request.level_id, self.env._("Cancelled."))
            request.sudo().write({"state": "cancelled"})
            request._credit_close_activities(self.env._("Cancelled."))
        return True

    def action_approve(self):
        return self._credit_open_wizard("approve", self.env._("Approve Request"))

    def action_reject(self):
        return self._credit_open_wizard("reject", self.env._("Reject Request"))

    def _credit_open_wizard(self, mode, title):
        for request in self:
            request._credit_ensure_decider()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "partner.credit.request.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": self.ids, "default_mode": mode},
        }

    def action_open_target(self):
        """Open what the request is about: the orders, the record, else the customer."""
        self.ensure_one()
        target = self._credit_target()
        action = {
            "type": "ir.actions.act_window",
            "res_model": target._name,
            "view_mode": "form",
            "res_id": target.id,
        }
        if len(target) > 1:
            action.update(view_mode="list,form", domain=[("id", "in", target.ids)], res_id=False)
        return action
