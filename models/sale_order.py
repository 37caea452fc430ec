"""Credit control on sale orders: the credit status, the quotation banner, shared helpers.

The checks themselves are declared in sale_order_credit_check.py; what happens on
confirmation (hold, release, rejection, their activities and decisions) is in
sale_order_credit_hold.py. Only the control writes the credit status (``write`` below).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .sale_order_credit_review import REVIEW_FIELDS

# what the credit checks read of a customer (sale_order_credit_check.py), in one query
CHECK_PARTNER_FIELDS = [
    "name",
    "credit_limit",
    "credit_cash_only",
    "credit_hold",
    "credit_tier_id",
    "credit_group_id",
    "credit_report_id",
    # the archive's rules tell companies and persons apart by these
    "is_company",
    "parent_id",
]

CREDIT_STATES = [
    ("ok", "OK"),
    ("warning", "Warning"),
    ("would_hold", "Would Be Held"),
    ("hold", "Credit Hold"),
    ("released", "Released"),
    ("rejected", "Rejected"),
]
HOLD_ACTIVITY = "partner_credit_archive.mail_activity_type_credit_hold"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_state = fields.Selection(
        CREDIT_STATES,
        string="Credit Status",
        compute="_compute_credit_state",
        store=True,
        readonly=False,
        copy=False,
        index=True,
        help="Result of the credit checks. Live on quotations: OK, Warning, or Would Be Held "
        "when a blocking check fails; only Confirm puts a blocked quotation on Credit Hold, "
        "where it stays a quotation until a credit manager releases or rejects it.",
    )
    credit_hold_date = fields.Datetime(
        string="Held On",
        copy=False,
        readonly=True,
        help="When a confirmation of this quotation was held for credit review.",
    )
    credit_currency_id = fields.Many2one(related="company_id.currency_id", string="Credit Currency")
    credit_partner_limit = fields.Monetary(
        string="Credit Limit",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_partner_exposure = fields.Monetary(
        string="Current Exposure",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_order_amount = fields.Monetary(
        string="This Order (Company Currency)",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_partner_available = fields.Monetary(
        string="Available after This Order",
        compute="_compute_credit_banner",
        currency_field="credit_currency_id",
        compute_sudo=True,
    )
    credit_partner_cash_only = fields.Boolean(
        string="Customer Cash Only", compute="_compute_credit_banner", compute_sudo=True
    )
    credit_check_message = fields.Text(
        string="Credit Check Problems", compute="_compute_credit_banner", compute_sudo=True
    )
    credit_partner_figures_visible = fields.Boolean(
        string="Customer Figures Visible",
        compute="_compute_credit_banner",
        compute_sudo=True,
        help="Whether you may see the customer's exposure and available credit: you are its "
        "salesperson, an archive keeper or a credit manager.",
    )
    credit_check_level = fields.Selection(
        [("none", "None"), ("warning", "Warning"), ("block", "Blocking")],
        compute="_compute_credit_banner",
        compute_sudo=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "partner_id",
        "partner_invoice_id",
        "amount_total",
        "payment_term_id",
        "company_id",
        "currency_id",
    )
    def _compute_credit_state(self):
        quotations = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.partner_id and o.company_id
        )
        results = quotations._credit_control_evaluate(batch=False) if quotations else {}
        for order in self:
            if order in quotations:
                state = results[order.id]["state"]
                # a quotation nobody confirmed yet is not on hold: it would be held
                if state == "hold" and not order.credit_hold_date:
                    state = "would_hold"
                order.credit_state = state
            elif not order.credit_state:
                order.credit_state = "ok"

    @api.depends(
        "state",
        "partner_id",
        "partner_invoice_id",
        "amount_total",
        "payment_term_id",
        "company_id",
        "currency_id",
    )
    @api.depends_context("lang", "uid")
    def _compute_credit_banner(self):
        """The banner of SPEC §3.D. The customer's exposure and available credit are
        confidential (res_partner_credit_confidential.py): a user who may not see the
        customer's figures — a rep quoting a colleague's customer — gets the limit, the order
        and every failing check in words, without the amounts; the checks are the same."""
        quotations = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.partner_id and o.company_id
        )
        results = quotations._credit_control_evaluate(batch=False) if quotations else {}
        # computed in superuser mode: ask for the real user
        partners = self.env["res.partner"].with_env(self.env(su=False))
        visible = partners.browse(
            {result["partner_id"] for result in results.values()}
        )._credit_figures_visible()
        for order in self:
            result = results.get(order.id)
            if result:
                order._credit_banner_show(result, result["partner_id"] in visible)
            else:
                order._credit_banner_clear()

    def _credit_banner_clear(self):
        """No banner: not a quotation, or no customer or company yet."""
        self.credit_partner_limit = 0.0
        self.credit_partner_exposure = 0.0
        self.credit_order_amount = 0.0
        self.credit_partner_available = 0.0
        self.credit_partner_cash_only = False
        self.credit_partner_figures_visible = False
        self.credit_check_message = False
        self.credit_check_level = "none"

    def _credit_banner_show(self, result, shown):
        """The banner of one quotation from its check ``result``; ``shown``: whether the user
        may see the customer's exposure and available credit."""
        self.ensure_one()
        self.credit_partner_figures_visible = shown
        self.credit_partner_limit = result["limit"]
        self.credit_partner_cash_only = result["cash_only"]
        self.credit_partner_exposure = result["exposure"] if shown else 0.0
        self.credit_order_amount = result["amount"]
        self.credit_partner_available = (
            result["limit"] - result["exposure"] - result["amount"]
            if result["limit"] and shown
            else 0.0
        )
        lines = [
            message if shown else self._credit_discreet_message(code, message)
            for code, message in result["failures"]
        ]
        self.credit_check_message = "\n".join(lines) or False
        self.credit_check_level = (
            "block" if result["blocking"] else "warning" if result["warnings"] else "none"
        )

    def write(self, vals):
        # The credit status is the outcome of the checks and of credit managers' decisions:
        # only the control itself (which writes as superuser, after its own rights checks)
        # sets it. Otherwise a salesperson could write "released" and confirm past a hold.
        if not self.env.su and ({"credit_state", "credit_hold_date"} | REVIEW_FIELDS) & set(vals):
            raise AccessError(
                self.env._(
                    "The credit status of an order is set by the credit checks and by credit "
                    "managers' release or rejection only."
                )
            )
        return super().write(vals)

    def _credit_discreet_message(self, code, message):
        """``message`` of the check ``code`` without the customer's confidential amounts, for
        a user who may not see its credit figures (the banner)."""
        self.ensure_one()
        partner = self._credit_partner().sudo()
        if code == "limit":
            return self.env._(
                "This order takes %(customer)s over its credit limit.", customer=partner.name
            )
        if code == "group_limit":
            return self.env._(
                "This order takes credit group %(group)s over the group's credit limit.",
                group=partner.credit_group_id.name,
            )
        if code == "overdue":
            return self.env._(
                "%(customer)s has invoices overdue by more than %(days)s days.",
                customer=partner.name,
                days=self.company_id.credit_overdue_days,
            )
        return message

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _credit_partner(self):
        """The customer whose credit the order uses: the invoiced commercial partner."""
        self.ensure_one()
        self.fetch(["partner_invoice_id", "partner_id"])
        partner = self.partner_invoice_id or self.partner_id
        partner.fetch(["commercial_partner_id"])  # not every stored column of res.partner
        return partner.commercial_partner_id

    def _credit_partners(self):
        """``{order id: customer}`` of ``_credit_partner``, set-based: the orders' invoice
        addresses read in one query per company, with what the credit checks read of a
        customer (``CHECK_PARTNER_FIELDS``) in that company, so that for the usual address
        (the customer itself) the checks need no query of their own."""
        self.fetch(["partner_invoice_id", "partner_id", "company_id"])
        for company, orders in self.grouped("company_id").items():
            addresses = self.env["res.partner"].union(
                *(order.partner_invoice_id or order.partner_id for order in orders)
            )
            addresses.sudo().with_company(company).fetch(
                ["commercial_partner_id", *CHECK_PARTNER_FIELDS]
            )
        return {order.id: order._credit_partner() for order in self}

    def _credit_order_amount(self):
        """What the order adds to the exposure, in company currency at the order's rate:
        its total less what was already paid online."""
        self.ensure_one()
        amount = max(self.amount_total - self.amount_paid, 0.0)
        return self.company_id.currency_id.round(amount / (self.currency_rate or 1.0))

    def _credit_post_problems(self, title, problems):
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            title,
            Markup().join(Markup("<li>%s</li>") % problem for problem in problems),
        )
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
