"""The credit checks of a delivery (SPEC §3.K), declared as a list on one context object.

The same design as the order checks (sale_order_credit_check.py): ``_credit_delivery_checks()``
declares each check as ``(code, method, company policy field)``; ``_credit_delivery_evaluate()``
runs them set-based, per company, on a :class:`DeliveryCheckContext` that reads the customers'
figures once per batch from ``res.partner._credit_figures_get`` (the receivables ledger).

- ``hold`` — the customer is on credit hold or in tier *eliminated* [block];
- ``overdue`` — its oldest unpaid invoice is overdue by more than the company's delivery
  tolerance (``credit_delivery_overdue_days``) [block];
- ``prepayment`` — the order must be paid before delivery (款到发货: the customer is cash
  only, its tier asks for payment before delivery, or — if Settings say so — the order's
  payment term is an immediate one) and is not: neither paid online in full nor invoiced
  in full with every invoice paid (no open item of them in the ledger) [block];
- ``limit`` — the customer's exposure is over its credit limit now [warn].
"""

from odoo import api, models
from odoo.tools import SQL, formatLang

from .partner_credit_ledger import SETTLED_TOLERANCE


class DeliveryCheckContext:
    """What the credit checks of one company's deliveries share: computed once per batch.

    As for orders, the customers' credit figures are read when a check first needs them
    (``figures``: a customer with a limit to check, or a late invoice to describe); the
    overdue check first looks up, by due date, which customers have an invoice overdue by
    more than the tolerance (``overdue_partner_ids``).
    """

    def __init__(self, pickings, company):
        self.company = company
        self.currency = company.currency_id
        self.partner_of = {picking.id: picking._credit_delivery_partner() for picking in pickings}
        self.partners = pickings.env["res.partner"].union(*self.partner_of.values())
        self.partners.with_company(company).fetch(
            ["name", "credit_limit", "credit_cash_only", "credit_hold", "credit_tier_id"]
        )
        self.limits = self.partners._credit_limit_get(company)
        self._figures = self._overdue = None

    @property
    def figures(self):
        """{partner id: credit figures} of the batch's customers (read on first use)."""
        if self._figures is None:
            self._figures = self.partners._credit_figures_get(self.company)
        return self._figures

    def overdue_partner_ids(self, days):
        """The customers with an invoice overdue by more than ``days`` days (their figures'
        ``max_days_overdue`` above it)."""
        if self._figures is not None:
            return {
                pid for pid, values in self._figures.items() if values["max_days_overdue"] > days
            }
        if self._overdue is None:
            self._overdue = set(
                self.partners.env["partner.credit.ledger"]._late(
                    self.partners.ids, self.company, tolerance_days=days, check=False
                )
            )
        return self._overdue

    def partner(self, picking):
        return self.partner_of[picking.id].with_company(self.company)

    def fmt(self, amount):
        return formatLang(self.company.env, amount, currency_obj=self.currency)


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.model
    def _credit_delivery_checks(self):
        """The declared checks: (code, method, company policy field).

        Each method takes the deliveries of one company and a :class:`DeliveryCheckContext`
        and returns ``{picking_id: message}`` for the deliveries failing it. Add a check by
        adding an entry (a policy field on res.company and a label in
        ``_credit_delivery_labels``).
        """
        return [
            ("hold", "_credit_delivery_check_hold", "credit_delivery_policy_hold"),
            ("overdue", "_credit_delivery_check_overdue", "credit_delivery_policy_overdue"),
            (
                "prepayment",
                "_credit_delivery_check_prepayment",
                "credit_delivery_policy_prepayment",
            ),
            ("limit", "_credit_delivery_check_limit", "credit_delivery_policy_limit"),
        ]

    @api.model
    def _credit_delivery_labels(self):
        """{check code: what held the delivery, in words} (the hold reason shown)."""
        return {
            "hold": self.env._("Customer on credit hold"),
            "overdue": self.env._("Overdue invoices"),
            "prepayment": self.env._("Payment before delivery"),
            "limit": self.env._("Over credit limit"),
        }

    def _credit_delivery_evaluate(self):
        """Run the declared checks on deliveries ``self`` (set-based, per company).

        :return: {picking_id: {"blocking": [message], "warnings": [message],
            "blocking_codes": [code]}}
        """
        results = {}
        for company, pickings in self.sudo().grouped("company_id").items():
            ctx = DeliveryCheckContext(pickings, company)
            results.update(
                (p.id, {"blocking": [], "warnings": [], "blocking_codes": []}) for p in pickings
            )
            for code, method, policy_field in self._credit_delivery_checks():
                policy = company[policy_field]
                if policy == "ignore":
                    continue
                for picking_id, message in getattr(pickings, method)(ctx).items():
                    result = results[picking_id]
                    if policy == "block":
                        result["blocking"].append(message)
                        result["blocking_codes"].append(code)
                    else:
                        result["warnings"].append(message)
        return results

    def _credit_delivery_check_hold(self, ctx):
        failures = {}
        for picking in self:
            partner = ctx.partner(picking)
            if partner.credit_hold:
                failures[picking.id] = self.env._(
                    "%(customer)s is on credit hold.", customer=partner.name
                )
            elif partner.credit_tier_id.code == "eliminated":
                failures[picking.id] = self.env._(
                    "%(customer)s is in tier %(tier)s: no more deliveries.",
                    customer=partner.name,
                    tier=partner.credit_tier_id.name,
                )
        return failures

    def _credit_delivery_check_overdue(self, ctx):
        days = ctx.company.credit_delivery_overdue_days
        overdue = ctx.overdue_partner_ids(days)
        failures = {}
        for picking in self:
            partner = ctx.partner(picking)
            if partner.id in overdue:
                figures = ctx.figures[partner.id]
                failures[picking.id] = self.env._(
                    "%(customer)s has an invoice overdue by %(late)s days, more than the "
                    "%(days)s days allowed at delivery (overdue in total: %(amount)s).",
                    customer=partner.name,
                    late=figures["max_days_overdue"],
                    days=days,
                    amount=ctx.fmt(figures["overdue"]),
                )
        return failures

    def _credit_delivery_check_prepayment(self, ctx):
        why = {picking.id: self._credit_delivery_prepayment_why(picking, ctx) for picking in self}
        orders = self.filtered(lambda p: why[p.id]).sale_id
        if not orders:
            return {}
        paid = self._credit_delivery_paid_orders(orders, ctx.company)
        return {
            picking.id: self.env._(
                "Order %(order)s is to be paid before delivery (%(why)s) and is not paid "
                "yet (%(amount)s).",
                order=picking.sale_id.name,
                why=why[picking.id],
                amount=formatLang(
                    self.env, picking.sale_id.amount_total, currency_obj=picking.sale_id.currency_id
                ),
            )
            for picking in self
            if why[picking.id] and picking.sale_id not in paid
        }

    @api.model
    def _credit_delivery_prepayment_why(self, picking, ctx):
        """Why the order of ``picking`` must be paid before delivery, in words, or ``""``."""
        order = picking.sale_id
        partner = ctx.partner(picking)
        if not order:
            return ""
        if partner.credit_cash_only:
            return self.env._("the customer is cash only")
        if partner.credit_tier_id.delivery_prepayment:
            return self.env._(
                "tier %(tier)s pays before delivery", tier=partner.credit_tier_id.name
            )
        if (
            ctx.company.credit_delivery_prepay_immediate
            and order.payment_term_id
            and self.env["sale.order"]._credit_term_is_immediate(order.payment_term_id)
        ):
            return self.env._("payment term %(term)s", term=order.payment_term_id.name)
        return ""

    def _credit_delivery_check_limit(self, ctx):
        failures = {}
        for picking in self:
            partner = ctx.partner(picking)
            limit = ctx.limits.get(partner.id, 0.0)
            if not limit:  # nothing to compare: the figures are not read for it
                continue
            exposure = ctx.figures[partner.id]["exposure"]
            if ctx.currency.compare_amounts(exposure, limit) > 0:
                failures[picking.id] = self.env._(
                    "%(customer)s's credit exposure is %(exposure)s, over its credit limit of "
                    "%(limit)s.",
                    customer=partner.name,
                    exposure=ctx.fmt(exposure),
                    limit=ctx.fmt(limit),
                )
        return failures

    @api.model
    def _credit_delivery_paid_orders(self, orders, company):
        """The orders of ``orders`` paid for delivery: paid online in full, or invoiced in
        full (posted invoices, down payments included) with no open item of their invoices
        left in the receivables ledger."""
        invoiced = orders.filtered(
            lambda o: o.currency_id.compare_amounts(o.amount_invoiced, o.amount_total) >= 0
        )
        open_orders = set()
        if invoiced:
            ledger = self.env["partner.credit.ledger"]
            ledger._flush()
            self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT sol.order_id
                      FROM %(items)s i
                      JOIN account_move_line aml ON aml.move_id = i.move_id
                      JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                      JOIN sale_order_line sol ON sol.id = rel.order_line_id
                     WHERE i.amount > %(tolerance)s
                       AND sol.order_id = ANY(%(orders)s)
                    """,
                    items=ledger._items_sql(
                        company, invoiced.partner_invoice_id.commercial_partner_id.ids
                    ),
                    tolerance=SETTLED_TOLERANCE,
                    orders=invoiced.ids,
                )
            )
            open_orders = {order_id for (order_id,) in rows}
        return orders.filtered(
            lambda o: o._credit_is_prepaid() or (o in invoiced and o.id not in open_orders)
        )
