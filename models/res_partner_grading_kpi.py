"""The grading KPIs on the customer (SPEC §3.C): computed for the whole recordset at once, not
stored, confidential (res_partner_credit_confidential.py). The queries are
``partner.credit.kpi`` (partner_credit_kpi.py); the explanation is
res_partner_grading_explain.py."""

from odoo import api, fields, models

KPI_FIELDS = (
    "credit_fulfilment_rate",
    "credit_volatility",
    "credit_annual_sales",
    "credit_ontime_rate",
    "credit_avg_days_late",
    "credit_overdue_ratio",
    "credit_days_since_order",
    "credit_relationship_months",
    "credit_tier_proposed_id",
    "credit_grade_explanation",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_fulfilment_rate = fields.Float(
        string="Contract Fulfilment (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Delivered ÷ ordered value of confirmed order lines of orders dated in the KPI "
        "window.",
    )
    credit_volatility = fields.Float(
        string="Monthly Volatility (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Population standard deviation ÷ mean of the confirmed sales per calendar month of "
        "the KPI window (from the first order's month for newer customers), months without "
        "sales counting as zero.",
    )
    credit_annual_sales = fields.Monetary(
        string="Sales in KPI Window",
        compute="_compute_credit_kpis",
        currency_field="currency_id",
        groups="partner_credit_archive.group_archive_user",
        help="Confirmed order lines of orders dated in the KPI window, untaxed, in company "
        "currency.",
    )
    credit_ontime_rate = fields.Float(
        string="On-time Payment (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Share of the customer invoices that fell due from the start of the KPI window to "
        "today that were paid in full by their due date (receivables ledger).",
    )
    credit_avg_days_late = fields.Float(
        string="Average Days Late",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Days from due date to full payment (or to today if unpaid), 0 for invoices paid "
        "on time, averaged over the same invoices (receivables ledger).",
    )
    credit_overdue_ratio = fields.Float(
        string="Overdue Ratio (%)",
        compute="_compute_credit_kpis",
        digits=(16, 1),
        groups="partner_credit_archive.group_archive_user",
        help="Overdue open receivable ÷ open receivable today, both net of unmatched payments "
        "and open credit notes (receivables ledger).",
    )
    credit_days_since_order = fields.Integer(
        string="Days since Last Order",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
    )
    credit_relationship_months = fields.Integer(
        string="Relationship (months)",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
        help="Whole months since the first confirmed order (or the relationship start date).",
    )
    credit_tier_proposed_id = fields.Many2one(
        "partner.credit.tier",
        string="Tier by Grading Now",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
        help="The tier grading would give the customer today.",
    )
    credit_grade_explanation = fields.Text(
        string="Tier Explanation",
        compute="_compute_credit_kpis",
        groups="partner_credit_archive.group_archive_user",
    )

    @api.depends_context("uid", "company")
    def _compute_credit_kpis(self):
        # confidential (res_partner_credit_confidential.py): only for the customers whose
        # credit figures the user may see, and nothing is computed for the others
        visible = self._credit_figures_visible()
        shown = self.filtered(lambda partner: partner.id in visible)
        commercial = shown.commercial_partner_id
        results = commercial._credit_grading_evaluate() if commercial.ids else {}
        tiers = self.env["partner.credit.tier"]
        for partner in self:
            result = partner.id in visible and results.get(partner.commercial_partner_id.id)
            if not result:
                for fname in KPI_FIELDS:
                    partner[fname] = False
                continue
            kpis, decision = result["kpis"], result["decision"]
            partner.credit_fulfilment_rate = kpis["fulfilment_rate"] or 0.0
            partner.credit_volatility = kpis["volatility"] or 0.0
            partner.credit_annual_sales = kpis["annual_sales"]
            partner.credit_ontime_rate = kpis["ontime_rate"] or 0.0
            partner.credit_avg_days_late = kpis["avg_days_late"] or 0.0
            partner.credit_overdue_ratio = kpis["overdue_ratio"] or 0.0
            partner.credit_days_since_order = kpis["days_since_last_order"] or 0
            partner.credit_relationship_months = kpis["relationship_months"] or 0
            partner.credit_tier_proposed_id = result["tiers"].get(decision.tier, tiers)
            partner.credit_grade_explanation = partner._credit_explain(
                kpis, decision, result["tiers"]
            )

    def _credit_kpis(self, date_ref=None, receivables=None):
        """KPIs of SPEC §3.C for these commercial partners, set-based, in the current company
        (``partner.credit.kpi._kpis``: {partner id: dict of KPIs}; ``receivables``: their
        ledger figures as of ``date_ref`` when read already)."""
        return self.env["partner.credit.kpi"]._kpis(self, date_ref, receivables)

    @api.model
    def _credit_abc_cutoffs(self, date_ref=None):
        """Pareto cut-offs of the current company's customers by sales in the KPI window."""
        return self.env["partner.credit.kpi"]._abc_cutoffs(date_ref)

    def _credit_grading_companies(self):
        """The companies whose orders and invoices count: the receivables ledger's scope."""
        return self.env["res.company"].browse(self.env["partner.credit.kpi"]._company_ids())
