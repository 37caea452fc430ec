"""Credit securities (授信抵押保证, SPEC §3.J, seeds 000/001): collateral, guarantees and
credit insurance that stand behind a customer's credit.

A security covers ``amount × coverage %`` of the customer's credit while it is valid
(``date_start`` ≤ today ≤ ``date_end``, and not released): that cover is added to the
available credit (``res.partner.credit_secured_amount``) and to what the limit check allows.
Validity is computed from the dates at every read, so an expired security's cover is gone the
morning after, whether or not a job ran. Every creation, change, release and expiry is a credit
decision; the daily job only records expiries and the reminders warn before the end date.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

SECURITY_KINDS = [
    ("mortgage", "Mortgage"),
    ("pledge", "Pledge"),
    ("guarantee", "Third-party Guarantee"),
    ("bank_guarantee", "Bank Guarantee / Standby L/C"),
    ("insurance", "Credit Insurance"),
    ("deposit", "Cash Deposit"),
]
SECURITY_STATES = [
    ("scheduled", "Not Started"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("released", "Released"),
]
MANAGER_GROUP = "partner_credit_archive.group_credit_manager"
TRACKED = ("kind", "amount", "coverage", "date_start", "date_end", "guarantor_id", "partner_id")


class PartnerCreditSecurity(models.Model):
    _name = "partner.credit.security"
    _inherit = ["mail.thread"]
    _description = "Credit Security"
    _order = "date_end, id"
    _check_company_auto = True

    name = fields.Char(
        string="Description",
        required=True,
        help="What secures the credit: the property, "
        "the guarantor's undertaking, the policy, the deposit.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(SECURITY_KINDS, required=True, tracking=True)
    amount = fields.Monetary(required=True, tracking=True, help="Value of the security.")
    coverage = fields.Float(
        string="Coverage (%)",
        default=100.0,
        required=True,
        tracking=True,
        help="The part of the amount that counts as cover (a haircut on collateral), 0–100 %.",
    )
    amount_covered = fields.Monetary(
        string="Covered Amount", compute="_compute_amount_covered", store=True
    )
    guarantor_id = fields.Many2one(
        "res.partner",
        string="Guarantor",
        check_company=True,
        tracking=True,
        help="Who stands behind it: the guarantor, the bank, the insurer or the owner of the "
        "collateral.",
    )
    date_start = fields.Date(
        string="Valid From",
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self),
    )
    date_end = fields.Date(
        string="Valid Until", tracking=True, help="Last day of validity (empty: open-ended)."
    )
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(SECURITY_STATES, compute="_compute_state", search="_search_state")
    document_ids = fields.Many2many(
        "partner.archive.document",
        "partner_credit_security_document_rel",
        "security_id",
        "document_id",
        string="Archive Documents",
        domain="[('partner_id', '=', partner_id)]",
        help="The contracts, certificates and policies in the customer's archive (category 3: "
        "credit and receivables).",
    )
    date_expiry_recorded = fields.Date(
        readonly=True, copy=False, help="When the expiry was recorded as a credit decision."
    )
    note = fields.Text()

    @api.model
    def _default_company(self):
        return self.env.company

    @api.depends("amount", "coverage")
    def _compute_amount_covered(self):
        for security in self:
            security.amount_covered = security.currency_id.round(
                security.amount * security.coverage / 100.0
            )

    @api.depends("active", "date_start", "date_end")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for security in self:
            security.state = security._credit_state_on(today)

    def _credit_state_on(self, day):
        self.ensure_one()
        if not self.active:
            return "released"
        if self.date_start and self.date_start > day:
            return "scheduled"
        if self.date_end and self.date_end < day:
            return "expired"
        return "active"

    def _search_state(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = {value} if isinstance(value, str) else set(value)
        today = fields.Date.context_today(self)
        by_state = {
            "released": Domain("active", "=", False),
            "scheduled": Domain("active", "=", True) & Domain("date_start", ">", today),
            "expired": Domain("active", "=", True) & Domain("date_end", "<", today),
            "active": Domain("active", "=", True)
            & Domain("date_start", "<=", today)
            & (Domain("date_end", "=", False) | Domain("date_end", ">=", today)),
        }
        return Domain.OR(by_state[state] for state in values if state in by_state)

    @api.constrains("amount", "coverage", "date_start", "date_end")
    def _check_values(self):
        for security in self:
            if security.amount <= 0:
                raise ValidationError(self.env._("The amount of a security must be positive."))
            if not 0 <= security.coverage <= 100:
                raise ValidationError(
                    self.env._(
                        "The coverage of a security is between 0 and 100 %%, not %(coverage)s.",
                        coverage=security.coverage,
                    )
                )
            if security.date_end and security.date_end < security.date_start:
                raise ValidationError(
                    self.env._(
                        "A security cannot end (%(end)s) before it starts (%(start)s).",
                        end=security.date_end,
                        start=security.date_start,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._credit_require_manager()
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        securities = super().create(vals_list)
        for security in securities:
            security._credit_record(
                "security_added",
                self.env._(
                    "Security added: %(security)s, covering %(covered)s from %(start)s.",
                    security=security._credit_summary(),
                    covered=security.amount_covered,
                    start=security.date_start,
                ),
            )
        return securities

    def write(self, vals):
        if set(vals) - {"date_expiry_recorded", "message_main_attachment_id"}:
            self._credit_require_manager()
        changed = [fname for fname in TRACKED + ("active",) if fname in vals]
        before = {security.id: security._credit_summary() for security in self}
        res = super().write(vals)
        if changed:
            for security in self:
                if "active" in vals and not security.active:
                    decision, reason = (
                        "security_released",
                        self.env._(
                            "Security released: %(security)s.", security=before[security.id]
                        ),
                    )
                else:
                    decision, reason = (
                        "security_changed",
                        self.env._(
                            "Security changed: %(before)s → %(after)s.",
                            before=before[security.id],
                            after=security._credit_summary(),
                        ),
                    )
                security._credit_record(decision, reason)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Securities are kept with their decisions: release one instead.")
        )

    # ------------------------------------------------------------------ helpers
    @api.model
    def _credit_require_manager(self):
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers can record or change securities.")
        )

    def _credit_summary(self):
        self.ensure_one()
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return self.env._(
            "%(kind)s %(name)s, %(amount)s × %(coverage)s %% until %(end)s",
            kind=kinds.get(self.kind, ""),
            name=self.name,
            amount=self.amount,
            coverage=self.coverage,
            end=self.date_end or "-",
        )

    def _credit_record(self, decision_type, reason):
        """A credit decision about this security (the limit itself does not change)."""
        self.ensure_one()
        partner = self.partner_id.sudo().with_company(self.company_id)
        self.env["partner.credit.decision"].sudo().create(
            {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "decision_type": decision_type,
                "old_limit": partner.credit_limit,
                "new_limit": partner.credit_limit,
                "cash_only": partner.credit_cash_only,
                "reason": reason,
                "security_id": self.id,
                "date_valid_until": self.date_end,
            }
        )

    def action_release(self):
        self.write({"active": False})
        return True

    @api.model
    def _cron_credit_security_expiry(self):
        """Daily: record each security that expired as a credit decision, once. The cover is
        already gone (computed from the dates); this only keeps the trace."""
        today = fields.Date.context_today(self)
        expired = (
            self.sudo()
            .with_context(active_test=True)
            .search(
                [("date_end", "<", today), ("date_expiry_recorded", "=", False)],
                limit=1000,
            )
        )
        for security in expired:
            security._credit_record(
                "security_expired",
                self.env._(
                    "Security expired on %(date)s: %(security)s. Its cover no longer counts.",
                    date=security.date_end,
                    security=security._credit_summary(),
                ),
            )
        expired.write({"date_expiry_recorded": today})
        return len(expired)
