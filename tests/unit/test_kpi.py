import math
from datetime import date

import pytest
from pca_tools.kpi import (
    abc_class,
    add_months,
    customer_kpis,
    month_range,
    months_between,
    on_probation,
    pareto_cutoffs,
    rate,
    relationship_start,
    value_class,
    volatility,
    window_kpis,
)


def test_months():
    assert add_months(date(2025, 11, 20), 2) == date(2026, 1, 1)
    assert add_months(date(2026, 1, 5), -12) == date(2025, 1, 1)
    assert month_range(date(2025, 11, 3), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
    ]
    assert months_between(date(2026, 1, 15), date(2026, 3, 14)) == 1
    assert months_between(date(2026, 1, 15), date(2026, 3, 15)) == 2
    assert months_between(None, date(2026, 3, 15)) == 0
    assert months_between(date(2026, 4, 1), date(2026, 3, 15)) == 0


def test_volatility_population_std_over_mean():
    # mean 100, population std 10 → 10 %
    assert volatility([90, 110, 90, 110]) == pytest.approx(10.0)
    # a month without sales counts: values 100, 0 → mean 50, std 50 → 100 %
    assert volatility([100, 0]) == pytest.approx(100.0)
    assert volatility([50, 50, 50]) == 0
    assert volatility([]) is None
    assert volatility([0, 0]) is None


def test_rate():
    assert rate(9, 10) == pytest.approx(90.0)
    assert rate(1, 0) is None


def test_window_kpis_counts_missing_months_as_zero():
    months = [date(2025, m, 1) for m in (1, 2, 3, 4)]
    monthly = {
        date(2025, 1, 1): (100.0, 90.0),
        date(2025, 2, 1): (300.0, 300.0),
        date(2025, 4, 1): (200.0, 150.0),
        date(2024, 12, 1): (999.0, 0.0),  # outside the months: ignored
    }
    kpis = window_kpis(monthly, months)
    assert kpis["sales"] == 600
    assert kpis["fulfilment_rate"] == pytest.approx(540 / 600 * 100)
    # values 100, 300, 0, 200: mean 150, variance (2500+22500+22500+2500)/4 = 12500
    assert kpis["volatility"] == pytest.approx(math.sqrt(12500) / 150 * 100)


def test_pareto_classes():
    sales = [500, 300, 100, 50, 30, 20, 0]  # total 1000
    cutoffs = pareto_cutoffs(sales)
    # 500 (0 before) A, 300 (500 before) A, 100 (800 before: not < 800) B,
    # 50 (900 before) B, 30 (950 before: not < 950) C
    assert [abc_class(value, cutoffs) for value in sales] == ["A", "A", "B", "B", "C", "C", "C"]
    assert pareto_cutoffs([]) == (math.inf, math.inf)
    assert abc_class(10, pareto_cutoffs([])) == "C"
    # one customer has everything
    assert abc_class(10, pareto_cutoffs([10])) == "A"


def test_value_class():
    assert value_class("A", 12, 12) == "core"
    assert value_class("A", 11, 12) == "ordinary"
    assert value_class("B", 60, 12) == "ordinary"
    assert value_class("A", None, 12) == "ordinary"


def test_relationship_start():
    assert relationship_start(None, None) is None
    assert relationship_start(date(2025, 3, 1), None) == date(2025, 3, 1)
    assert relationship_start(date(2025, 3, 1), date(2025, 1, 9)) == date(2025, 1, 9)


def test_customer_kpis_from_query_rows():
    """Sales from March 2026 (first order) to June 2026, graded on 15 July 2026."""
    monthly = {
        date(2026, 3, 1): (100.0, 100.0),
        date(2026, 5, 1): (300.0, 150.0),
    }
    kpis = customer_kpis(
        date(2026, 7, 15),
        date(2025, 7, 1),
        date(2026, 1, 1),
        monthly,
        (date(2026, 3, 10), date(2026, 7, 5)),
        None,
        (4, 3, 20),
        {"receivable": 200.0, "overdue": 50.0, "max_days_overdue": 12},
    )
    # months before the first order are not months without sales: March to June count
    assert kpis["annual_sales"] == 400.0
    assert kpis["fulfilment_rate"] == pytest.approx(62.5)
    assert kpis["volatility"] == volatility([100.0, 0.0, 300.0, 0.0])
    assert kpis["recent_volatility"] == kpis["volatility"]
    assert kpis["ontime_rate"] == 75.0
    assert kpis["avg_days_late"] == 5.0
    assert kpis["overdue_ratio"] == 25.0
    assert kpis["max_days_overdue"] == 12
    assert kpis["days_since_last_order"] == 10
    assert kpis["relationship_months"] == 4


def test_customer_kpis_without_history():
    kpis = customer_kpis(
        date(2026, 7, 15), date(2025, 7, 1), date(2026, 1, 1), {}, (None, None), None, (0, 0, 0), {}
    )
    assert kpis["fulfilment_rate"] is None
    assert kpis["volatility"] is None
    assert kpis["annual_sales"] == 0
    assert kpis["ontime_rate"] is None
    assert kpis["avg_days_late"] is None
    assert kpis["overdue_ratio"] == 0.0
    assert kpis["days_since_last_order"] is None
    assert kpis["relationship_months"] is None


def test_on_probation():
    assert on_probation(None, date(2026, 5, 1), 3)
    assert on_probation(date(2026, 2, 15), date(2026, 5, 14), 3)
    assert not on_probation(date(2026, 2, 15), date(2026, 5, 15), 3)
