"""Why a customer is not in the next tier up (SPEC §3.C "explainable"): a declared table.

The rule engine (tools/grading.py) reports ``decision.blocking``: ``(kpi, value, threshold)``
for each KPI that keeps the customer out of the next tier. Each KPI has one row here:

========================  ==========  ==========================================  ===========
kpi                       comparison  threshold source                            no value
========================  ==========  ==========================================  ===========
fulfilment_rate           <           tier: minimum contract fulfilment           no orders
volatility                >           tier: maximum volatility (erratic: twice    no sales
                                      the market tier's)
rating                    <           tier: minimum rating; C eliminates          "none" shown
relationship_months       <           company: probation / promotion months
days_since_last_order     >           company: inactivity days                    no order yet
max_days_overdue          >           company: days overdue that eliminate
bill_share                >           tier: maximum share paid in bills
eliminated                -           -
========================  ==========  ==========================================  ===========

A ``recent_<kpi>`` is the KPI over the last promotion months: its sentence is prefixed with
"last N months". Messages are functions of the environment, translated when shown
(``env._``, the msgids of the catalogue). A new KPI explanation is one row.
"""

from typing import NamedTuple

from odoo import models

RECENT = "recent_"


class Explanation(NamedTuple):
    kpi: str
    comparison: str  # how the engine compares the value with the threshold (documentation)
    threshold: str  # where the threshold comes from (documentation)
    message: object  # message(env, value, threshold): the sentence, in env's language
    missing: object = None  # missing(env): the sentence when the value is None (nothing to measure)
    missing_value: object = None  # or missing_value(env): shown as the value when there is none
    percent: bool = False  # value and threshold shown with one decimal


EXPLANATIONS = (
    Explanation(
        "fulfilment_rate",
        "<",
        "tier.min_fulfilment_rate",
        lambda env, value, threshold: env._(
            "contract fulfilment %(value)s%% is below %(threshold)s%%",
            value=value,
            threshold=threshold,
        ),
        lambda env: env._("no confirmed orders in the KPI window"),
        percent=True,
    ),
    Explanation(
        "volatility",
        ">",
        "tier.max_volatility (erratic: twice the market tier's)",
        lambda env, value, threshold: env._(
            "monthly volatility %(value)s%% is above %(threshold)s%%",
            value=value,
            threshold=threshold,
        ),
        lambda env: env._("no monthly sales to measure volatility"),
        percent=True,
    ),
    Explanation(
        "rating",
        "<",
        "tier.min_rating (C eliminates)",
        lambda env, value, threshold: env._(
            "credit rating %(value)s does not reach %(threshold)s", value=value, threshold=threshold
        ),
        missing_value=lambda env: env._("none"),
    ),
    Explanation(
        "relationship_months",
        "<",
        "company.credit_probation_months / credit_promotion_months",
        lambda env, value, threshold: env._(
            "relationship of %(value)s months is shorter than %(threshold)s months",
            value=value,
            threshold=threshold,
        ),
    ),
    Explanation(
        "days_since_last_order",
        ">",
        "company.credit_inactive_days (and the lapse days)",
        lambda env, value, threshold: env._(
            "%(value)s days since the last order (limit %(threshold)s)",
            value=value,
            threshold=threshold,
        ),
        lambda env: env._("no confirmed order yet"),
    ),
    Explanation(
        "max_days_overdue",
        ">",
        "company.credit_overdue_eliminate_days",
        lambda env, value, threshold: env._(
            "an invoice is %(value)s days overdue (limit %(threshold)s)",
            value=value,
            threshold=threshold,
        ),
    ),
    Explanation(
        "bill_share",
        ">",
        "tier.max_bill_share",
        lambda env, value, threshold: env._(
            "%(value)s%% of the payments came in bills of acceptance, above %(threshold)s%%",
            value=value,
            threshold=threshold,
        ),
        percent=True,
    ),
    Explanation(
        "eliminated",
        "",
        "",
        lambda env: env._("an eliminated customer returns only when a credit manager pins a tier"),
    ),
)
EXPLANATION_BY_KPI = {row.kpi: row for row in EXPLANATIONS}


def _pct(value):
    return "-" if value is None else f"{value:.1f}"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_explain(self, kpis, decision, tiers):
        """A sentence per reason keeping the customer out of the next tier up."""
        next_tier = tiers.get(decision.next_tier)
        if not decision.next_tier or not next_tier:
            return self.env._("Highest tier: nothing to reach above.")
        lines = [
            self._credit_explain_reason(kpi, value, threshold)
            for kpi, value, threshold in decision.blocking
        ]
        if not lines:
            return self.env._("Nothing keeps the customer out of %(tier)s.", tier=next_tier.name)
        return self.env._(
            "Kept out of %(tier)s: %(reasons)s.", tier=next_tier.name, reasons="; ".join(lines)
        )

    def _credit_explain_reason(self, kpi, value, threshold):
        """The sentence of one ``(kpi, value, threshold)`` of ``decision.blocking``."""
        row = EXPLANATION_BY_KPI.get(kpi.removeprefix(RECENT))
        if not row:
            return f"{kpi}: {value} / {threshold}"
        if value is None and row.missing:
            text = row.missing(self.env)
        else:
            if row.percent:
                value, threshold = _pct(value), _pct(threshold)
            elif not value and row.missing_value:
                value = row.missing_value(self.env)
            text = row.message(self.env, value, threshold)
        if kpi.startswith(RECENT):
            text = self.env._(
                "last %(months)s months: %(text)s",
                months=self.env.company.credit_promotion_months,
                text=text,
            )
        return text
