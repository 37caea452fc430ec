"""Tier grading, the evaluation (nothing written): the KPIs (res_partner_grading_kpi.py), the
credit ratings, the active tiers' thresholds and the company's settings go into the rule engine
(tools/grading.py), which decides each customer's tier, the rule that fired and what keeps it
out of the next tier up. res_partner_grading.py writes the results."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from ..tools import grading as engine
from ..tools import kpi as kpi_tools


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_grading_ratings(self):
        """{partner id: rating (AAA … C) of the current approved credit report, or False}."""
        return {partner.id: partner.credit_rating_value or False for partner in self.sudo()}

    def _credit_grading_params(self, date_ref):
        company = self.env.company
        potential_days = company.credit_inactive_potential_days
        lapse_start = date_ref - timedelta(days=potential_days)
        eliminate_days = (
            date_ref - (lapse_start - relativedelta(months=company.credit_eliminate_months))
        ).days
        return engine.Params(
            probation_months=company.credit_probation_months,
            promotion_months=company.credit_promotion_months,
            inactive_days=company.credit_inactive_days,
            inactive_potential_days=potential_days,
            eliminate_days=eliminate_days,
            overdue_days=company.credit_overdue_eliminate_days,
        )

    def _credit_grading_rules(self):
        """({tier code: tier}, [engine.TierRule]) of the active tiers."""
        tier_records = self.env["partner.credit.tier"].sudo().search([("active", "=", True)])
        rules = [
            engine.TierRule(
                tier.code,
                tier.min_fulfilment_rate,
                tier.max_volatility,
                tier.min_rating or None,
                tier.max_bill_share,
            )
            for tier in tier_records
            if tier.code in engine.GRADED_TIERS
        ]
        return {tier.code: tier for tier in tier_records}, rules

    def _credit_inactivity_downgrades(self):
        """{partner id: date of its last 30-day inactivity downgrade} in the current company."""
        self.env["partner.credit.grade.log"].flush_model()
        return dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, MAX(date)::date FROM partner_credit_grade_log
                     WHERE partner_id = ANY(%s) AND company_id = %s AND rule = 'inactive_30'
                  GROUP BY partner_id
                    """,
                    self.ids,
                    self.env.company.id,
                )
            )
        )

    def _credit_grading_evaluate(self, date_ref=None, cutoffs=None):
        """Run the KPIs and the rule engine for these commercial partners (nothing written).

        :return: {partner id: {"kpis", "decision", "abc", "value_class", "tiers"}}
        """
        date_ref = date_ref or fields.Date.context_today(self)
        company = self.env.company
        kpis = self._credit_kpis(date_ref)
        ratings = self._credit_grading_ratings()
        if cutoffs is None:
            cutoffs = self._credit_abc_cutoffs(date_ref)
        tiers, rules = self._credit_grading_rules()
        params = self._credit_grading_params(date_ref)
        downgraded = self._credit_inactivity_downgrades()
        results = {}
        for partner in self:
            values = kpis[partner.id]
            last = values["date_last_order"]
            decision = engine.decide(
                partner.sudo().credit_tier_id.code,
                values,
                ratings.get(partner.id) or None,
                rules,
                params,
                paused=bool(partner.sudo().credit_pause_reason),
                inactivity_downgraded=bool(
                    last and downgraded.get(partner.id) and downgraded[partner.id] >= last
                ),
            )
            abc = kpi_tools.abc_class(values["annual_sales"], cutoffs)
            results[partner.id] = {
                "kpis": values,
                "decision": decision,
                "abc": abc,
                "value_class": kpi_tools.value_class(
                    abc, values["relationship_months"], company.credit_core_min_months
                ),
                "tiers": tiers,
            }
        return results
