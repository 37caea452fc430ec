"""Promises to pay (付款承诺, SPEC §3.I).

A collector logs what the customer promised: an amount by a date. The promise is

- **kept** as soon as the customer's payments from the day it was logged up to the promised
  date (both included) cover the amount (the ledger's payments);
- **broken** when the promised date has passed without that: the customer goes to the next
  collection level at once (``partner.credit.collection.level_floor_id``);
- **pending** until then, and a pending promise **pauses escalation**: the customer keeps the
  level it had when the promise was logged until the promised date (a payment can still lower
  it).

Refused, with nothing saved: an amount of zero or less, more than the customer owes (its
receivable in the company), a promised date in the past.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PROMISE_STATES = [("pending", "Pending"), ("kept", "Kept"), ("broken", "Broken")]


class PartnerCreditPromise(models.Model):
    _name = "partner.credit.promise"
    _inherit = ["mail.thread"]
    _description = "Promise to Pay"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("parent_id", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self._default_company()
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    collection_id = fields.Many2one(
        "partner.credit.collection", string="Collection", index=True, readonly=True
    )
    amount = fields.Monetary(required=True, currency_field="currency_id", tracking=True)
    date = fields.Date(string="Promised Date", required=True, tracking=True)
    date_logged = fields.Date(
        string="Logged On", required=True, readonly=True, default=lambda self: self._default_today()
    )
    contact = fields.Char(help="Who promised, at the customer.")
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users", string="Logged By", default=lambda self: self.env.user, readonly=True
    )
    state = fields.Selection(
        PROMISE_STATES, default="pending", required=True, readonly=True, tracking=True, index=True
    )
    amount_paid = fields.Monetary(
        string="Paid",
        currency_field="currency_id",
        readonly=True,
        help="Payments received from the day the promise was logged to the promised date.",
    )
    date_resolved = fields.Date(string="Kept or Broken On", readonly=True)

    @api.model
    def _default_company(self):
        return self.env.company

    @api.model
    def _default_today(self):
        return fields.Date.context_today(self)

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = f"{promise.partner_id.display_name} — {promise.date or ''}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        promises = super().create(vals_list)
        promises._check_promise()
        for company, company_promises in promises.sudo().grouped("company_id").items():
            partners = company_promises.partner_id.with_company(company)
            collections = partners._credit_collection_get(create=True)
            for promise in company_promises:
                promise.collection_id = collections[promise.partner_id.id]
            self.env["partner.credit.collection"].sudo().union(
                *collections.values()
            )._credit_promise_next()
        return promises

    def write(self, vals):
        res = super().write(vals)
        if {"amount", "date", "partner_id", "company_id"} & set(vals):
            self.filtered(lambda p: p.state == "pending")._check_promise()
        return res

    def _check_promise(self):
        """Bad input is refused (the whole create or write is rolled back)."""
        today = fields.Date.context_today(self)
        for company, promises in self.grouped("company_id").items():
            owed = (
                self.env["partner.credit.ledger"].sudo()._figures(promises.partner_id.ids, company)
            )
            for promise in promises:
                if promise.currency_id.compare_amounts(promise.amount, 0) <= 0:
                    raise ValidationError(self.env._("The promised amount must be above zero."))
                if promise.date < today:
                    raise ValidationError(self.env._("The promised date cannot be in the past."))
                receivable = owed.get(promise.partner_id.id, {}).get("receivable", 0.0)
                if promise.currency_id.compare_amounts(promise.amount, receivable) > 0:
                    raise ValidationError(
                        self.env._(
                            "%(customer)s owes %(owed)s: a promise of %(amount)s is more "
                            "than that.",
                            customer=promise.partner_id.display_name,
                            owed=promise.collection_id._credit_fmt(receivable, company),
                            amount=promise.collection_id._credit_fmt(promise.amount, company),
                        )
                    )

    # ------------------------------------------------------------------ resolution

    def _credit_resolve(self, today):
        """Keep or break these pending promises from the payments (set-based, one company at
        a time). :return: the promises broken now."""
        broken = self.browse()
        ledger = self.env["partner.credit.ledger"]
        for company, promises in self.grouped("company_id").items():
            paid = ledger._payments(
                company,
                [(p.id, p.partner_id.id, p.date_logged, min(p.date, today)) for p in promises],
            )
            for promise in promises:
                amount = paid.get(promise.id, 0.0)
                if promise.currency_id.compare_amounts(amount, promise.amount) >= 0:
                    promise.write({"state": "kept", "amount_paid": amount, "date_resolved": today})
                elif promise.date < today:
                    promise.write(
                        {"state": "broken", "amount_paid": amount, "date_resolved": today}
                    )
                    broken |= promise
                elif promise.currency_id.compare_amounts(amount, promise.amount_paid):
                    promise.amount_paid = amount
        return broken
