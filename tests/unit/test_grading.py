import pytest
from pca_tools.grading import Params, TierRule, decide, one_below, qualify, worse

RULES = [
    TierRule("strategic", 90, 10, "A"),
    TierRule("long_term", 85, 15),
    TierRule("market", 80, 20),
]


def kpis(**values):
    base = {
        "fulfilment_rate": 95.0,
        "volatility": 5.0,
        "recent_fulfilment_rate": 95.0,
        "recent_volatility": 5.0,
        "days_since_last_order": 10,
        "relationship_months": 24,
        "max_days_overdue": 0,
    }
    base.update(values)
    return base


def test_helpers():
    assert worse("market", "strategic") == "market"
    assert worse("eliminated", "potential") == "eliminated"
    assert one_below("strategic") == "long_term"
    assert one_below("market") == "potential"
    assert one_below("potential") == "potential"
    assert one_below("eliminated") == "eliminated"


@pytest.mark.parametrize(
    "fulfilment, vol, rating, expected",
    [
        (95, 5, "A", "strategic"),
        (95, 5, "AAA", "strategic"),
        (95, 5, "B", "long_term"),  # rating below A keeps it out of strategic
        (95, 5, None, "long_term"),
        (90, 10, "A", "strategic"),  # thresholds are inclusive
        (89.9, 5, "A", "long_term"),
        (86, 14, None, "long_term"),
        (86, 16, None, "market"),
        (80, 20, None, "market"),
        (79, 5, None, "potential"),
        (95, 21, None, "potential"),
        (None, None, None, "potential"),
    ],
)
def test_qualify_tries_tiers_from_the_top(fulfilment, vol, rating, expected):
    assert qualify(fulfilment, vol, rating, RULES) == expected


def test_each_tier_by_thresholds():
    decision = decide("strategic", kpis(), "A", RULES)
    assert (decision.tier, decision.rule, decision.next_tier) == ("strategic", "thresholds", None)
    decision = decide("strategic", kpis(), "B", RULES)
    assert (decision.tier, decision.rule) == ("long_term", "thresholds")
    assert decision.next_tier == "strategic"
    assert decision.blocking == [("rating", "B", "A")]
    decision = decide("long_term", kpis(fulfilment_rate=82, volatility=12), None, RULES)
    assert (decision.tier, decision.rule) == ("market", "thresholds")
    assert decision.blocking == [("fulfilment_rate", 82, 85)]
    decision = decide("market", kpis(fulfilment_rate=70, volatility=25), None, RULES)
    assert (decision.tier, decision.rule) == ("potential", "thresholds")
    assert decision.blocking == [("fulfilment_rate", 70, 80), ("volatility", 25, 20)]


def test_c_rating_and_long_overdue_eliminate():
    assert decide("strategic", kpis(), "C", RULES).rule == "rating_c"
    assert decide("strategic", kpis(), "C", RULES).tier == "eliminated"
    decision = decide("market", kpis(max_days_overdue=91), None, RULES)
    assert (decision.tier, decision.rule) == ("eliminated", "overdue")
    assert decision.blocking == [("max_days_overdue", 91, 90)]
    assert decide("market", kpis(max_days_overdue=90), None, RULES).rule != "overdue"


def test_erratic_buyer_is_eliminated():
    decision = decide("market", kpis(volatility=41), None, RULES)
    assert (decision.tier, decision.rule) == ("eliminated", "erratic")
    # 40 = twice the market maximum: not erratic yet, only no tier met
    assert decide("market", kpis(volatility=40), None, RULES).tier == "potential"


def test_new_customer_without_orders_is_potential():
    decision = decide(None, kpis(days_since_last_order=None, fulfilment_rate=None), None, RULES)
    assert (decision.tier, decision.rule) == ("potential", "no_orders")
    assert decide("eliminated", kpis(days_since_last_order=None), None, RULES).tier == "eliminated"


def test_inactivity_downgrades_once_per_spell():
    decision = decide("strategic", kpis(days_since_last_order=31), "A", RULES)
    assert (decision.tier, decision.rule) == ("long_term", "inactive_30")
    assert decision.blocking == [("days_since_last_order", 31, 30)]
    # graded again in the same spell: no second step down
    decision = decide(
        "long_term", kpis(days_since_last_order=45), "A", RULES, inactivity_downgraded=True
    )
    assert (decision.tier, decision.rule) == ("long_term", "inactive_30")
    # never above what the KPIs qualify for
    decision = decide("strategic", kpis(days_since_last_order=31, fulfilment_rate=81), "A", RULES)
    assert decision.tier == "market"
    # a recorded pause reason suspends the 30-day rule
    decision = decide("strategic", kpis(days_since_last_order=31), "A", RULES, paused=True)
    assert (decision.tier, decision.rule) == ("strategic", "thresholds")
    # potential stays potential
    assert decide("potential", kpis(days_since_last_order=60), None, RULES).tier == "potential"


def test_long_inactivity_potential_then_eliminated():
    decision = decide("strategic", kpis(days_since_last_order=91), "A", RULES, paused=True)
    assert (decision.tier, decision.rule) == ("potential", "inactive_90")
    decision = decide("potential", kpis(days_since_last_order=274), None, RULES)
    assert (decision.tier, decision.rule) == ("eliminated", "lapsed")
    params = Params(eliminate_days=400)
    assert decide("potential", kpis(days_since_last_order=274), None, RULES, params).tier == (
        "potential"
    )
    # inactivity never raises a tier
    assert decide("eliminated", kpis(days_since_last_order=100), None, RULES).tier == "eliminated"


def test_eliminated_only_leaves_by_hand():
    decision = decide("eliminated", kpis(), "A", RULES)
    assert (decision.tier, decision.rule) == ("eliminated", "eliminated_kept")
    assert decision.next_tier == "potential"


def test_probation_and_promotion_history():
    decision = decide("potential", kpis(relationship_months=2), "A", RULES)
    assert (decision.tier, decision.rule) == ("potential", "probation")
    assert decision.next_tier == "market"
    assert decision.blocking == [("relationship_months", 2, 3)]
    decision = decide("potential", kpis(relationship_months=5), "A", RULES)
    assert (decision.tier, decision.rule) == ("potential", "promotion_history")
    assert decision.blocking == [("relationship_months", 5, 6)]
    decision = decide("potential", kpis(relationship_months=6), "A", RULES)
    assert (decision.tier, decision.rule) == ("strategic", "promotion")
    # the recent months meet only market: promoted to market, not higher
    decision = decide(
        "potential", kpis(recent_fulfilment_rate=81, recent_volatility=12), "A", RULES
    )
    assert (decision.tier, decision.rule) == ("market", "promotion")
    # the recent months meet nothing above the current tier: held, and why
    decision = decide("market", kpis(recent_fulfilment_rate=81), None, RULES)
    assert (decision.tier, decision.rule) == ("market", "promotion_history")
    assert decision.blocking == [("recent_fulfilment_rate", 81, 85)]


def test_demotion_is_immediate():
    decision = decide("strategic", kpis(fulfilment_rate=86, relationship_months=1), "A", RULES)
    assert (decision.tier, decision.rule) == ("long_term", "thresholds")


def test_archived_tier_is_skipped():
    rules = [RULES[0], RULES[2]]  # long-term archived
    decision = decide("market", kpis(fulfilment_rate=86), None, rules)
    assert decision.tier == "market"
    assert decision.next_tier == "strategic"
