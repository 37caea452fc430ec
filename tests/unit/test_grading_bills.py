"""The optional tier threshold on the share of payments received in bills (SPEC §3.J)."""

from pca_tools.grading import TierRule, decide, qualify, threshold_failures

RULES = [
    TierRule("strategic", 90, 10, None, 30.0),
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


def test_bill_share_threshold():
    assert qualify(95, 5, None, RULES, bill_share=20.0) == "strategic"
    assert qualify(95, 5, None, RULES, bill_share=30.0) == "strategic"
    assert qualify(95, 5, None, RULES, bill_share=30.1) == "long_term"
    # no payments to measure: no failure; no threshold: any share
    assert qualify(95, 5, None, RULES, bill_share=None) == "strategic"
    assert threshold_failures(RULES[1], 95, 5, None, bill_share=100.0) == []
    assert threshold_failures(RULES[0], 95, 5, None, bill_share=60.0) == [
        ("bill_share", 60.0, 30.0)
    ]


def test_decide_explains_the_bill_share():
    decision = decide("long_term", kpis(bill_share=60.0), None, RULES)
    assert decision.tier == "long_term"
    assert decision.next_tier == "strategic"
    assert ("bill_share", 60.0, 30.0) in decision.blocking
    assert decide("long_term", kpis(bill_share=10.0), None, RULES).tier == "strategic"
