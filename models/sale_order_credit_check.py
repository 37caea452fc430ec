"""The credit checks of an order (SPEC §3.D), declared as a list on one context object.

``_credit_control_checks()`` declares each check as ``(code, method, company policy field)``;
``_credit_control_evaluate()`` runs them set-based, per company, on a
:class:`CreditCheckContext` that reads what every check needs once per batch. The banner
(sale_order.py) and the confirmation (sale_order_credit_hold.py) both call it.
"""

from collections import defaultdict

from odoo import api, models
from odoo.tools import format_date, formatLang

from .sale_order import CHECK_PARTNER_FIELDS


class CreditCheckContext:
    """What the credit checks of one company's orders share: computed once per batch.

    The customers' credit figures (``res.partner._credit_figures_get``: the receivables
    ledger, the orders to invoice, the bills, the securities) are read when a check first asks
    for them (``figures``, ``exposure``) and then once for the whole batch: a confirmation
    whose customers have no limit to check never scans their open items. The overdue check
    asks only whether an invoice is late (``late``), one indexed look-up of the same
    definition, unless the figures are read anyway. ``figures=True`` reads them at once (the
    banner shows them; the default when not ``batch``).
    """

    def __init__(self, orders, company, batch, figures=None):
        self.company = company
        self.currency = company.currency_id
        self.batch = batch
        self.partner_of = orders._credit_partners()
        self.partners = orders.env["res.partner"].union(*self.partner_of.values())
        # what the checks read of the customers, in one query (a plain read would prefetch
        # every column of res.partner and each company-dependent field one by one)
        # (in cache already when the customer is the order's invoice address: _credit_partners)
        self.partners.with_company(company).fetch(CHECK_PARTNER_FIELDS)
        self.amount_of = {order.id: order._credit_order_amount() for order in orders}
        self.limits = self.partners._credit_limit_get(company)
        self.batch_sum = defaultdict(float)
        for order in orders:
            self.batch_sum[self.partner_of[order.id].id] += self.amount_of[order.id]
        self._figures = self._exposure = self._late = self.documents = None
        self.with_figures = not batch if figures is None else figures
        if self.with_figures:
            self._read_figures()  # now: shown with the results

    def _read_figures(self):
        if self._figures is None:
            self._figures = self.partners._credit_figures_get(self.company)
            self._exposure = {pid: values["exposure"] for pid, values in self._figures.items()}

    @property
    def figures(self):
        """{partner id: credit figures} of the batch's customers (read on first use)."""
        self._read_figures()
        return self._figures

    @property
    def exposure(self):
        """{partner id: exposure} of the batch's customers (read with ``figures``)."""
        self._read_figures()
        return self._exposure

    def late(self, partner):
        """The customer's invoices late for the overdue check: {"overdue_count",
        "overdue_amount", "overdue_oldest"} (count 0 when none), from the figures if they
        were read, else from one look-up of the late items of the batch's customers."""
        if self._figures is not None:
            return self._figures[partner.id]
        if self._late is None:
            self._late = self.partners._credit_late_get(self.company)
        return self._late.get(partner.id, {"overdue_count": 0})

    def new_amount(self, order):
        """The amount the check adds to the customer's exposure for ``order``: the order
        itself, or all orders of the same customer confirmed together."""
        partner = self.partner_of[order.id]
        return self.batch_sum[partner.id] if self.batch else self.amount_of[order.id]

    def new_exposure(self, order):
        partner = self.partner_of[order.id]
        return self.exposure.get(partner.id, 0.0) + self.new_amount(order)

    def new_result(self, order):
        """The result of ``order`` before any check ran (see ``_credit_control_evaluate``);
        with the customer's exposure, bills and securities if the figures are shown."""
        partner = self.partner_of[order.id]
        result = {
            "partner_id": partner.id,
            "blocking": [],
            "warnings": [],
            "codes": [],
            "failures": [],  # (code, message): blocking first, then warnings
            "blocking_codes": set(),
            "limit": self.limits.get(partner.id, 0.0),
            "cash_only": partner.with_company(self.company).credit_cash_only,
            "amount": self.amount_of[order.id],
        }
        if self.with_figures:
            result["exposure"] = self.exposure.get(partner.id, 0.0)
            result["bills"] = self.figures[partner.id]["bills"]
            result["secured"] = self.figures[partner.id]["secured"]
        return result

    def fmt(self, amount):
        return formatLang(self.company.env, amount, currency_obj=self.currency)


def _add_failure(result, code, message, blocking):
    """Record in an order's ``result`` that the check ``code`` fails with ``message``."""
    result["blocking" if blocking else "warnings"].append(message)
    result["codes"].append(code)
    result["failures"].append((code, message))
    if blocking:
        result["blocking_codes"].add(code)


def _conclude(result):
    """Blocking failures first, and the credit state the failures give."""
    result["failures"].sort(key=lambda failure: failure[0] not in result["blocking_codes"])
    result["state"] = "hold" if result["blocking"] else "warning" if result["warnings"] else "ok"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _credit_control_checks(self):
        """The declared checks: (code, method, company policy field).

        Each method takes the orders of one company and a :class:`CreditCheckContext` and
        returns ``{order_id: message}`` for the orders failing it. Add a check by adding an
        entry (and a policy field on res.company).
        """
        return [
            ("hold", "_credit_check_hold", "credit_policy_hold"),
            ("credit_sales", "_credit_check_credit_sales", "credit_policy_credit_sales"),
            ("limit", "_credit_check_limit", "credit_policy_limit"),
            ("group_limit", "_credit_check_group_limit", "credit_policy_limit"),
            ("overdue", "_credit_check_overdue", "credit_policy_overdue"),
            ("report", "_credit_check_report", "credit_policy_report"),
            ("documents", "_credit_check_documents", "credit_policy_documents"),
        ]

    def _credit_control_evaluate(self, batch, figures=None):
        """Run the declared checks on quotations ``self`` (set-based, per company).

        :param bool batch: sum the orders of a customer (confirmation of several orders at
            once) instead of checking each order alone (the live banner).
        :param figures: whether the results carry the customers' exposure, bills and
            securities (read even if no check needs them); default: when not ``batch``.
        :return: {order_id: {"state", "blocking", "warnings", "limit", "cash_only", "amount"
            and, with the figures, "exposure", "bills", "secured"}}
        """
        results = {}
        for company, orders in self.sudo().grouped("company_id").items():
            ctx = CreditCheckContext(orders, company, batch, figures)
            results.update((order.id, ctx.new_result(order)) for order in orders)
            for code, method, policy_field in self._credit_control_checks():
                policy = company[policy_field]
                if policy == "ignore":
                    continue
                for order_id, message in getattr(orders, method)(ctx).items():
                    _add_failure(results[order_id], code, message, policy == "block")
            if ctx._exposure is not None:  # a check read them: the results carry them too
                for order in orders:
                    results[order.id].setdefault(
                        "exposure", ctx._exposure.get(ctx.partner_of[order.id].id, 0.0)
                    )
        for result in results.values():
            _conclude(result)
        return results

    def _credit_check_hold(self, ctx):
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id].with_company(ctx.company)
            tier = partner.credit_tier_id
            if partner.credit_hold:
                failures[order.id] = self.env._(
                    "%(customer)s is on credit hold.", customer=partner.name
                )
            elif tier and (tier.code == "eliminated" or not tier.allow_new_orders):
                failures[order.id] = self.env._(
                    "%(customer)s is in tier %(tier)s, which takes no new orders.",
                    customer=partner.name,
                    tier=tier.name,
                )
        return failures

    def _credit_check_credit_sales(self, ctx):
        """No credit sales for cash-only customers (whatever the limit) and for tiers that
        allow none: the order is fine only with immediate payment."""
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id].with_company(ctx.company)
            tier = partner.credit_tier_id
            term = order.payment_term_id
            if self._credit_term_is_immediate(term):
                continue
            if partner.credit_cash_only:
                failures[order.id] = self.env._(
                    "%(customer)s is cash only (no credit sales), but the payment term "
                    "%(term)s gives credit. Use immediate payment, or ask a credit manager.",
                    customer=partner.name,
                    term=term.name,
                )
            elif tier and not tier.allow_credit_sales:
                failures[order.id] = self.env._(
                    "Customers of tier %(tier)s pay before delivery, but the payment term "
                    "%(term)s gives credit. Use immediate payment.",
                    tier=tier.name,
                    term=term.name,
                )
        return failures

    def _credit_check_limit(self, ctx):
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            # active credit securities raise what the limit allows (SPEC §3.J)
            limit = ctx.limits.get(partner.id, 0.0)
            if not limit:  # no limit: nothing to compare, the figures are not read for it
                continue
            cover = ctx.figures[partner.id]["secured"]
            exposure = ctx.new_exposure(order)
            if ctx.currency.compare_amounts(exposure, limit + cover) > 0:
                failures[order.id] = self.env._(
                    "This order takes %(customer)s's credit exposure to %(exposure)s, over "
                    "the credit limit of %(limit)s (available before the order: "
                    "%(available)s).",
                    customer=partner.name,
                    exposure=ctx.fmt(exposure),
                    limit=ctx.fmt(limit),
                    available=ctx.fmt(limit + cover - ctx.exposure.get(partner.id, 0.0)),
                )
        return failures

    def _credit_check_group_limit(self, ctx):
        groups = ctx.partners.sudo().credit_group_id.filtered(
            lambda g: g.company_id == ctx.company and g.credit_limit
        )
        if not groups:
            return {}
        group_exposure = groups._credit_exposure_by_group(ctx.company)
        batch_by_group = defaultdict(float)
        for partner in ctx.partners:
            if partner.credit_group_id in groups:
                batch_by_group[partner.credit_group_id.id] += ctx.batch_sum[partner.id]
        failures = {}
        for order in self:
            group = ctx.partner_of[order.id].credit_group_id
            if group not in groups:
                continue
            added = batch_by_group[group.id] if ctx.batch else ctx.amount_of[order.id]
            exposure = group_exposure[group.id] + added
            if ctx.currency.compare_amounts(exposure, group.credit_limit) > 0:
                failures[order.id] = self.env._(
                    "This order takes the exposure of credit group %(group)s to %(exposure)s, "
                    "over the group's credit limit of %(limit)s.",
                    group=group.name,
                    exposure=ctx.fmt(exposure),
                    limit=ctx.fmt(group.credit_limit),
                )
        return failures

    def _credit_check_overdue(self, ctx):
        days = ctx.company.credit_overdue_days
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            figures = ctx.late(partner)
            if figures["overdue_count"]:
                count, amount = figures["overdue_count"], figures["overdue_amount"]
                oldest = figures["overdue_oldest"]
                failures[order.id] = self.env._(
                    "%(customer)s has %(count)s invoice(s) overdue by more than %(days)s days "
                    "(%(amount)s, oldest due on %(date)s).",
                    customer=partner.name,
                    count=count,
                    days=days,
                    amount=ctx.fmt(amount),
                    date=format_date(self.env, oldest),
                )
        return failures

    def _credit_check_report(self, ctx):
        valid = ctx.partners.with_company(ctx.company)._credit_control_has_valid_report()
        return {
            order.id: self.env._(
                "%(customer)s has no valid approved credit report.",
                customer=ctx.partner_of[order.id].name,
            )
            for order in self
            if not valid.get(ctx.partner_of[order.id].id, True)
        }

    def _credit_expired_documents(self, ctx):
        """{partner id: [names of expired mandatory document types]} of ``ctx``'s customers."""
        return ctx.partners.with_company(ctx.company)._credit_control_expired_documents()

    def _credit_check_documents(self, ctx):
        expired = self._credit_expired_documents(ctx)
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            if expired.get(partner.id):
                failures[order.id] = self.env._(
                    "Mandatory documents of %(customer)s have expired: %(documents)s.",
                    customer=partner.name,
                    documents=", ".join(expired[partner.id]),
                )
        return failures

    @api.model
    def _credit_term_is_immediate(self, term):
        return not term or all(
            line.nb_days == 0 and line.delay_type == "days_after" for line in term.line_ids
        )
