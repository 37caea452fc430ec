from datetime import date, timedelta

from pca_tools.history import PROFILES, month_starts, plan_history

TODAY = date(2026, 3, 20)
PRICES = [100.0, 200.0, 300.0]


def _plan(profiles, **kwargs):
    args = {"months": 12, "seed": 4, "date_ref": TODAY, "prices": PRICES, **kwargs}
    return plan_history([{"profile": name} for name in profiles], **args)


def _by_customer(deals):
    result = {}
    for deal in deals:
        result.setdefault(deal["customer"], []).append(deal)
    return result


def test_month_starts():
    assert month_starts(date(2026, 2, 14), 2) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_same_seed_same_plan_other_seed_other_plan():
    profiles = list(PROFILES) * 2
    assert _plan(profiles) == _plan(profiles)
    assert _plan(profiles) != _plan(profiles, seed=5)


def test_dates_terms_and_payments():
    deals = _plan(list(PROFILES) * 3, lines_per_order=2)
    assert deals
    for deal in deals:
        assert deal["date"] <= deal["invoice_date"] <= TODAY
        assert deal["invoice_date"] - deal["date"] <= timedelta(days=2)
        assert deal["due"] == deal["invoice_date"] + timedelta(days=30)
        assert deal["paid"] is None or deal["invoice_date"] <= deal["paid"] <= TODAY
        assert deal["amount"] == sum(qty * price for __, qty, price, __ in deal["lines"])
        for product, qty, price, delivered in deal["lines"]:
            assert price == PRICES[product]
            assert 0 < delivered <= qty


def test_profiles_shape_the_history():
    names = list(PROFILES)
    by_customer = _by_customer(_plan(names))
    profile_of = dict(enumerate(names))
    assert names.index("prospect") not in by_customer
    # a steady customer buys every month, the current one included
    assert len(by_customer[names.index("steady")]) == 13
    assert len(by_customer[names.index("erratic")]) in (4, 5)
    assert len(by_customer[names.index("new")]) == 3
    last = {index: max(deal["date"] for deal in deals) for index, deals in by_customer.items()}
    assert last[names.index("inactive")] <= TODAY - timedelta(days=45)
    assert last[names.index("lapsed")] <= TODAY - timedelta(days=125)
    # the late payer's old invoices stay open; the steady customer pays what fell due
    late = by_customer[names.index("late_payer")]
    assert any(not d["paid"] and d["due"] < TODAY - timedelta(days=100) for d in late)
    for index, deals in by_customer.items():
        if profile_of[index] == "steady":
            assert all(d["paid"] for d in deals if d["due"] < TODAY - timedelta(days=5))


def test_own_base_volume_and_exact_delivery():
    deals = plan_history([{"profile": "steady", "base": 100}], 3, 1, TODAY, [50.0], jitter=None)
    assert [deal["lines"][0][1] for deal in deals] == [95, 105, 95, 105]
    assert {deal["lines"][0][3] for deal in deals} == {93.1, 102.9}
