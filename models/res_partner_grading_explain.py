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

import json
import re
from typing import NamedTuple

from odoo import api, models

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


def _plain(value):
    """A KPI value as JSON keeps it (numbers, text, None)."""
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _pct(value):
    return "-" if value is None else f"{value:.1f}"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_explain(self, kpis, decision, tiers):
        """A sentence per reason keeping the customer out of the next tier up."""
        # the tier is at hand: no look-up of it per customer graded (the grading loop)
        return self._credit_explain_text(
            self._credit_explain_data(decision, tiers), tier=tiers.get(decision.next_tier)
        )

    def _credit_explain_data(self, decision, tiers):
        """The explanation as codes and figures, to store (a grade log) and word later in the
        reader's language (:meth:`_credit_explain_text`): ``{"highest": True}`` or
        ``{"tier_id", "blocking": [[kpi, value, threshold], ...], "months"}``."""
        next_tier = tiers.get(decision.next_tier)
        if not decision.next_tier or not next_tier:
            return {"highest": True}
        return {
            "tier_id": next_tier.id,
            "blocking": [
                [kpi, _plain(value), _plain(threshold)]
                for kpi, value, threshold in decision.blocking
            ],
            "months": self.env.company.credit_promotion_months,
        }

    @api.model
    def _credit_explain_text(self, data, tier=None):
        """The sentence of an explanation's codes (:meth:`_credit_explain_data`), in the
        environment's language; ``tier``: the next tier up when the caller has it."""
        if data.get("highest"):
            return self.env._("Highest tier: nothing to reach above.")
        if tier is None:
            tier = self.env["partner.credit.tier"].sudo().browse(data.get("tier_id")).exists()
        lines = [
            self._credit_explain_reason(kpi, value, threshold, months=data.get("months"))
            for kpi, value, threshold in data.get("blocking") or []
        ]
        if not lines:
            return self.env._("Nothing keeps the customer out of %(tier)s.", tier=tier.name)
        return self.env._(
            "Kept out of %(tier)s: %(reasons)s.", tier=tier.name, reasons="; ".join(lines)
        )

    def _credit_explain_reason(self, kpi, value, threshold, months=None):
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
                months=months or self.env.company.credit_promotion_months,
                text=text,
            )
        return text

    # ------------------------------------------------------------- texts stored before codes

    @api.model
    def _credit_explain_parse(self, text, tiers_by_name):
        """Read an explanation text stored before codes (any installed language) back into
        :meth:`_credit_explain_data` codes; None when it cannot be read (it is then kept as
        text). ``tiers_by_name``: {tier name in any language: tier id}."""
        text = (text or "").strip()
        for lang in self.env["res.lang"].get_installed():
            data = self.with_context(lang=lang[0])._credit_explain_parse_lang(text, tiers_by_name)
            if data is not None:
                return data
        return None

    @api.model
    def _credit_explain_migrate_logs(self):
        """Grade logs with a stored explanation text (explanation_legacy): read each back into
        codes; the texts that cannot be read are kept. Returns the number converted."""
        cr = self.env.cr
        cr.execute(
            "SELECT id, explanation_legacy FROM partner_credit_grade_log"
            " WHERE explanation_legacy IS NOT NULL AND explanation_data IS NULL"
        )
        rows = cr.fetchall()
        if not rows:
            return 0
        tiers_by_name = {}
        # every tier, archived ones too: an old text may name one
        tiers = self.env["partner.credit.tier"].sudo().search([("active", "in", (True, False))])
        for lang, __ in self.env["res.lang"].get_installed():
            for tier in tiers.with_context(lang=lang):
                tiers_by_name.setdefault(tier.name, tier.id)
        converted = 0
        for log_id, text in rows:
            data = self._credit_explain_parse(text, tiers_by_name)
            if data is not None:
                cr.execute(
                    "UPDATE partner_credit_grade_log"
                    " SET explanation_data = %s, explanation_legacy = NULL WHERE id = %s",
                    (json.dumps(data), log_id),
                )
                converted += 1
        self.env["partner.credit.grade.log"].invalidate_model(
            ["explanation_data", "explanation_legacy"]
        )
        return converted

    def _credit_explain_parse_lang(self, text, tiers_by_name):
        if text == self.env._("Highest tier: nothing to reach above."):
            return {"highest": True}
        tier_re = "(?P<tier>.+?)"
        nothing = _template(
            self.env._("Nothing keeps the customer out of %(tier)s.", tier=MARK_TIER)
        )
        match = re.fullmatch(nothing.replace(re.escape(MARK_TIER), tier_re), text)
        reasons = []
        if not match:
            kept = _template(
                self.env._("Kept out of %(tier)s: %(reasons)s.", tier=MARK_TIER, reasons=MARK_TEXT)
            )
            pattern = kept.replace(re.escape(MARK_TIER), tier_re)
            match = re.fullmatch(pattern.replace(re.escape(MARK_TEXT), "(?P<text>.+)"), text)
            if not match:
                return None
            reasons = [
                self._credit_explain_parse_reason(part) for part in match["text"].split("; ")
            ]
            if None in reasons:
                return None
        tier_id = tiers_by_name.get(match["tier"])
        if not tier_id:
            return None
        return {
            "tier_id": tier_id,
            "blocking": [r[:3] for r in reasons],
            "months": next((r[3] for r in reasons if r[3]), None),
        }

    def _credit_explain_parse_reason(self, part):
        """``[kpi, value, threshold, months]`` of one reason's sentence, or None."""
        months = None
        recent = _template(
            self.env._("last %(months)s months: %(text)s", months=MARK_VALUE, text=MARK_TEXT)
        )
        match = re.fullmatch(
            recent.replace(re.escape(MARK_VALUE), r"(?P<months>\d+)").replace(
                re.escape(MARK_TEXT), "(?P<text>.+)"
            ),
            part,
        )
        prefix = ""
        if match:
            months, part, prefix = int(match["months"]), match["text"], RECENT
        for row in EXPLANATIONS:
            if row.missing and part == row.missing(self.env):
                return [prefix + row.kpi, None, None, months]
            if row.kpi == "eliminated":
                if part == row.message(self.env):
                    return [row.kpi, None, None, months]
                continue
            sentence = _template(row.message(self.env, MARK_VALUE, MARK_THRESHOLD))
            found = re.fullmatch(
                sentence.replace(re.escape(MARK_VALUE), "(?P<value>.+?)").replace(
                    re.escape(MARK_THRESHOLD), "(?P<threshold>.+?)"
                ),
                part,
            )
            if found:
                value, threshold = _number(found["value"]), _number(found["threshold"])
                if row.missing_value and found["value"] == row.missing_value(self.env):
                    value = None
                return [prefix + row.kpi, value, threshold, months]
        return None


MARK_TIER, MARK_TEXT, MARK_VALUE, MARK_THRESHOLD = (
    "\x01T\x01",
    "\x01X\x01",
    "\x01V\x01",
    "\x01H\x01",
)


def _template(sentence):
    """A worded sentence with markers, as a regular expression matching it literally."""
    return re.escape(sentence)


def _number(text):
    """A figure read back from a sentence: int, float, None for "-", else the text."""
    if text == "-":
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text
