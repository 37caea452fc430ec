"""Admission checks at order entry (seed 004: 准入的基本条件, 先少量供货, 试销三个月),
appended to the declared order checks of sale_order_credit_check.py:

- ``probation`` — a customer on probation (its tier has a maximum order on probation and its
  relationship — the recorded start or the first confirmed order — is younger than the
  company's probation months; a customer without either is new, so on probation) orders more
  than that maximum [block];
- ``documents_missing`` — a mandatory archive document of the customer is missing, not only
  expired [warn];
- ``documents_first`` — the same for a customer's first order when Settings hold first orders
  without mandatory documents (then blocking, whatever the policy above).
"""

from odoo import api, fields, models

from ..tools import kpi as kpi_tools


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _credit_control_checks(self):
        return super()._credit_control_checks() + [
            ("probation", "_credit_check_probation", "credit_policy_probation"),
            (
                "documents_missing",
                "_credit_check_documents_missing",
                "credit_policy_documents_missing",
            ),
            ("documents_first", "_credit_check_documents_first", "credit_documents_first_policy"),
        ]

    def _credit_check_probation(self, ctx):
        capped = ctx.partners.filtered(
            lambda p: p.with_company(ctx.company).credit_tier_id.max_probation_order
        )
        if not capped:
            return {}
        starts = self._credit_relationship_starts(capped, ctx.company)
        today = fields.Date.context_today(self)
        months = ctx.company.credit_probation_months
        failures = {}
        for order in self:
            partner = ctx.partner_of[order.id]
            if partner not in capped or not kpi_tools.on_probation(
                starts.get(partner.id), today, months
            ):
                continue
            tier = partner.with_company(ctx.company).credit_tier_id
            maximum = tier._credit_max_probation_in(ctx.company)
            amount = ctx.amount_of[order.id]
            if ctx.currency.compare_amounts(amount, maximum) > 0:
                failures[order.id] = self.env._(
                    "%(customer)s is on probation (tier %(tier)s, first %(months)s months): "
                    "an order may be at most %(maximum)s, this one is %(amount)s.",
                    customer=partner.name,
                    tier=tier.name,
                    months=months,
                    maximum=ctx.fmt(maximum),
                    amount=ctx.fmt(amount),
                )
        return failures

    @api.model
    def _credit_relationship_starts(self, partners, company):
        """{partner id: relationship start} in ``company``: the earlier of the start recorded
        in the archive and the first confirmed order (the grading KPIs' definition)."""
        kpi = self.env["partner.credit.kpi"].sudo().with_company(company)
        today = fields.Date.context_today(self)
        firsts = kpi._order_dates(partners.ids, kpi._company_ids(), today)
        recorded = kpi._relationship_starts(partners.ids)
        return {
            pid: kpi_tools.relationship_start(recorded.get(pid), firsts.get(pid, (None, None))[0])
            for pid in partners.ids
        }

    @api.model
    def _credit_documents_status(self, ctx):
        """The status of ``ctx``'s customers' mandatory documents in its company, read once
        for the checks of documents (``_archive_mandatory_problems``)."""
        if ctx.documents is None:
            partners = ctx.partners.sudo().with_company(ctx.company)
            ctx.documents = partners._archive_mandatory_problems()
        return ctx.documents

    @api.model
    def _credit_documents_status_needed(self, company):
        """Whether the checks of missing documents run in ``company`` (and read the status of
        every mandatory document anyway)."""
        return (
            company.credit_policy_documents_missing != "ignore"
            or company.credit_documents_missing_first_block
        )

    def _credit_expired_documents(self, ctx):
        """The expired mandatory documents from the status the missing documents' checks read
        anyway, when they run (instead of a look-up of their own)."""
        if not self._credit_documents_status_needed(ctx.company):
            return super()._credit_expired_documents(ctx)
        problems = self._credit_documents_status(ctx)
        return {
            pid: types.sudo().mapped("display_name")
            for pid, status in problems.items()
            if (types := status.get("expired"))
        }

    def _credit_missing_documents(self, ctx):
        """{partner id: [names of missing mandatory document types]} in ``ctx``'s company."""
        problems = self._credit_documents_status(ctx)
        return {
            pid: sorted(types.mapped("display_name"))
            for pid, status in problems.items()
            if (types := status.get("missing"))
        }

    def _credit_first_orders(self, ctx):
        """The orders of ``self`` whose customer has no confirmed order yet in the company."""
        confirmed = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "sale"),
                    ("company_id", "=", ctx.company.id),
                    ("partner_invoice_id.commercial_partner_id", "in", ctx.partners.ids),
                ],
                ["partner_invoice_id"],
            )
        )
        buyers = {partner.commercial_partner_id.id for (partner,) in confirmed}
        return self.filtered(lambda o: ctx.partner_of[o.id].id not in buyers)

    def _credit_check_documents_missing(self, ctx):
        missing = self._credit_missing_documents(ctx)
        first = (
            self._credit_first_orders(ctx)
            if ctx.company.credit_documents_missing_first_block
            else ()
        )
        return {
            order.id: self._credit_missing_message(ctx, order, missing)
            for order in self
            if missing.get(ctx.partner_of[order.id].id) and order not in first
        }

    def _credit_check_documents_first(self, ctx):
        if not ctx.company.credit_documents_missing_first_block:
            return {}
        missing = self._credit_missing_documents(ctx)
        return {
            order.id: self._credit_missing_message(ctx, order, missing, first=True)
            for order in self._credit_first_orders(ctx)
            if missing.get(ctx.partner_of[order.id].id)
        }

    def _credit_missing_message(self, ctx, order, missing, first=False):
        partner = ctx.partner_of[order.id]
        if first:
            return self.env._(
                "First order of %(customer)s, whose mandatory documents are missing or not "
                "verified yet: %(documents)s.",
                customer=partner.name,
                documents=", ".join(missing[partner.id]),
            )
        return self.env._(
            # a document filed but not verified by the keeper does not count yet: say so,
            # the rep sees it filed in the archive
            "Mandatory documents of %(customer)s are missing or not verified yet: %(documents)s.",
            customer=partner.name,
            documents=", ".join(missing[partner.id]),
        )
