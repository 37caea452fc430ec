"""The rule engine of tier grading (SPEC §3.C, seed 004), pure Python.

:func:`decide` takes one customer's current tier, KPIs (see ``tools/kpi.py`` and
``res.partner._credit_kpis``) and credit rating, and returns the new tier, the rule that fired
and what keeps the customer out of the next tier up. Rules, first that applies wins:

1. ``rating_c`` — a C credit rating ⇒ eliminated.
2. ``overdue`` — an invoice overdue more than ``overdue_days`` (90) ⇒ eliminated.
3. ``no_orders`` — never a confirmed order ⇒ potential (new customers; eliminated stays).
4. ``lapsed`` — no confirmed order for ``eliminate_days`` (90 days + 6 months) ⇒ eliminated.
5. ``inactive_90`` — no confirmed order for ``inactive_potential_days`` (90) ⇒ potential.
6. ``inactive_30`` — no confirmed order for ``inactive_days`` (30) and no pause reason ⇒ one tier
   below the current one, once per inactivity spell (never above what the KPIs qualify for).
7. ``eliminated_kept`` — an eliminated customer leaves that tier only by a credit manager's hand.
8. ``erratic`` — still buying with a volatility above twice the market tier's maximum
   ⇒ eliminated.
9. ``thresholds`` — the first tier from the top whose thresholds all hold, when it is the current
   tier or lower (no tier holds ⇒ potential).
10. Promotions: ``probation`` (relationship shorter than ``probation_months``) and
    ``promotion_history`` (shorter than ``promotion_months``, or the last ``promotion_months``
    alone do not meet the target) keep the current tier; else ``promotion`` to the lower of the
    tiers the KPI window and the recent months qualify for.

Rules never raise a customer above what its KPIs qualify for; inactivity rules never raise it.
"""

from dataclasses import dataclass, field

from .rating import rating_at_least

TIER_ORDER = ("strategic", "long_term", "market", "potential", "eliminated")
GRADED_TIERS = ("strategic", "long_term", "market")


@dataclass(frozen=True)
class TierRule:
    """Thresholds of one graded tier; 0 / None means "no requirement"."""

    code: str
    min_fulfilment_rate: float = 0.0
    max_volatility: float = 0.0
    min_rating: str | None = None
    max_bill_share: float = 0.0  # share of payments received in bills (%), 0 = no limit


@dataclass(frozen=True)
class Params:
    """Company settings of the grading rules."""

    probation_months: int = 3
    promotion_months: int = 6
    inactive_days: int = 30
    inactive_potential_days: int = 90
    eliminate_days: int = 273
    overdue_days: int = 90


@dataclass
class Decision:
    """The outcome for one customer: ``tier`` (code), ``rule`` that fired, ``qualified`` (the
    tier the KPIs alone qualify for), ``next_tier`` (the tier directly above, or None) and
    ``blocking``: ``(kpi, value, threshold)`` triples that keep the customer out of it."""

    tier: str
    rule: str
    qualified: str
    next_tier: str | None = None
    blocking: list = field(default_factory=list)


def rank(code):
    """0 for strategic (best) … 4 for eliminated (worst)."""
    return TIER_ORDER.index(code or "potential")


def worse(first, second):
    """The lower of two tiers."""
    return first if rank(first) >= rank(second) else second


def one_below(code):
    """The tier one below ``code`` — but inactivity alone never takes a customer below
    potential (eliminated stays eliminated)."""
    if code in ("potential", "eliminated"):
        return code
    return TIER_ORDER[rank(code) + 1]


def threshold_failures(rule, fulfilment, volatility, rating, prefix="", bill_share=None):
    """``(kpi, value, threshold)`` for each threshold of ``rule`` the values do not meet
    (``bill_share`` None: no payments to measure, no failure)."""
    failures = []
    if rule.min_fulfilment_rate and (fulfilment is None or fulfilment < rule.min_fulfilment_rate):
        failures.append((prefix + "fulfilment_rate", fulfilment, rule.min_fulfilment_rate))
    if rule.max_volatility and (volatility is None or volatility > rule.max_volatility):
        failures.append((prefix + "volatility", volatility, rule.max_volatility))
    if rule.min_rating and not rating_at_least(rating, rule.min_rating):
        failures.append(("rating", rating, rule.min_rating))
    if rule.max_bill_share and bill_share is not None and bill_share > rule.max_bill_share:
        failures.append(("bill_share", bill_share, rule.max_bill_share))
    return failures


def is_erratic(kpis, rules, params):
    """Still buying, with a monthly volatility above twice the market tier's maximum."""
    market = next((rule for rule in rules if rule.code == "market"), None)
    days = kpis.get("days_since_last_order")
    vol = kpis.get("volatility")
    return bool(
        market
        and market.max_volatility
        and vol is not None
        and vol > 2 * market.max_volatility
        and days is not None
        and days <= params.inactive_potential_days
    )


def qualify(fulfilment, volatility, rating, rules, bill_share=None):
    """The first graded tier (top first) whose thresholds all hold, else ``potential``."""
    for rule in rules:
        if rule.code in GRADED_TIERS and not threshold_failures(
            rule, fulfilment, volatility, rating, bill_share=bill_share
        ):
            return rule.code
    return "potential"


def _next_tier(code, rules):
    """The tier directly above ``code`` among the graded tiers in ``rules`` (and potential)."""
    if code == "eliminated":
        return "potential"
    above = [
        rule.code for rule in rules if rule.code in GRADED_TIERS and rank(rule.code) < rank(code)
    ]
    return above[-1] if above else None


def decide(current, kpis, rating, rules, params=None, paused=False, inactivity_downgraded=False):
    """Grade one customer; see the module docstring for the rules.

    :param current: current tier code (False/None: potential)
    :param kpis: dict with ``fulfilment_rate``, ``volatility``, ``recent_fulfilment_rate``,
        ``recent_volatility``, ``days_since_last_order`` (None: never ordered),
        ``relationship_months`` and ``max_days_overdue``
    :param rating: the current credit rating (AAA … C) or None
    :param rules: :class:`TierRule` of the active graded tiers, top first
    :param paused: a pause reason is recorded on the customer (no 30-day downgrade)
    :param inactivity_downgraded: the 30-day downgrade already happened since the last order
    """
    params = params or Params()
    current = current or "potential"
    rules = sorted(rules, key=lambda rule: rank(rule.code))
    fulfilment = kpis.get("fulfilment_rate")
    vol = kpis.get("volatility")
    erratic = is_erratic(kpis, rules, params)
    bills = kpis.get("bill_share")
    qualified = "eliminated" if erratic else qualify(fulfilment, vol, rating, rules, bills)
    days = kpis.get("days_since_last_order")
    months = kpis.get("relationship_months") or 0
    overdue = kpis.get("max_days_overdue") or 0

    def result(tier, rule, held=()):
        decision = Decision(tier, rule, qualified, _next_tier(tier, rules))
        target = next((r for r in rules if r.code == decision.next_tier), None)
        if tier == "eliminated":
            decision.blocking = list(held)
        else:
            blocking = (
                threshold_failures(target, fulfilment, vol, rating, bill_share=bills)
                if target
                else []
            )
            decision.blocking = blocking + [item for item in held if item not in blocking]
        return decision

    if rating == "C":
        return result("eliminated", "rating_c", [("rating", rating, "C")])
    if overdue > params.overdue_days:
        return result("eliminated", "overdue", [("max_days_overdue", overdue, params.overdue_days)])
    if days is None:
        tier = "eliminated" if current == "eliminated" else "potential"
        return result(tier, "no_orders", [("days_since_last_order", None, None)])
    inactive = [("days_since_last_order", days, params.inactive_days)]
    if days > params.eliminate_days:
        return result(
            "eliminated", "lapsed", [("days_since_last_order", days, params.eliminate_days)]
        )
    if days > params.inactive_potential_days:
        return result(worse(current, "potential"), "inactive_90", inactive)
    if days > params.inactive_days and not paused:
        base = current if inactivity_downgraded else one_below(current)
        return result(worse(base, qualified), "inactive_30", inactive)
    if current == "eliminated":
        return result("eliminated", "eliminated_kept", [("eliminated", None, None)])
    if erratic:
        market = next(rule for rule in rules if rule.code == "market")
        return result("eliminated", "erratic", [("volatility", vol, 2 * market.max_volatility)])
    if rank(qualified) >= rank(current):
        return result(qualified, "thresholds")
    # the KPI window qualifies for a higher tier: promotion rules
    if months < params.probation_months:
        return result(
            current, "probation", [("relationship_months", months, params.probation_months)]
        )
    if months < params.promotion_months:
        return result(
            current,
            "promotion_history",
            [("relationship_months", months, params.promotion_months)],
        )
    recent = qualify(
        kpis.get("recent_fulfilment_rate"), kpis.get("recent_volatility"), rating, rules, bills
    )
    target = worse(qualified, recent)
    if rank(target) < rank(current):
        return result(target, "promotion")
    next_rule = next((r for r in rules if r.code == _next_tier(current, rules)), None)
    held = threshold_failures(
        next_rule,
        kpis.get("recent_fulfilment_rate"),
        kpis.get("recent_volatility"),
        rating,
        prefix="recent_",
        bill_share=bills,
    )
    return result(current, "promotion_history", held)
