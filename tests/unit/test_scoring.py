import pytest
from pca_tools.scoring import (
    DEFAULT_SCALE,
    altman_z_prime,
    check_scale,
    days_sales_outstanding,
    final_rating,
    financial_ratios,
    points_for_value,
    propose_limit,
    rating_for_score,
    vetoes,
    weighted_score,
    weights_ok,
    z_prime_zone,
)

FIGURES = {
    "total_assets": 1000.0,
    "total_liabilities": 600.0,
    "current_assets": 500.0,
    "current_liabilities": 300.0,
    "retained_earnings": 100.0,
    "ebit": 80.0,
    "revenue": 1200.0,
    "net_profit": 60.0,
}


def test_ratios_by_hand():
    ratios = financial_ratios(FIGURES)
    assert ratios["equity"] == 400.0
    assert ratios["working_capital"] == 200.0
    assert ratios["current_ratio"] == pytest.approx(500 / 300)
    assert ratios["debt_ratio"] == pytest.approx(60.0)
    assert ratios["net_margin"] == pytest.approx(5.0)
    assert ratios["return_on_assets"] == pytest.approx(6.0)


def test_ratios_without_denominators():
    ratios = financial_ratios({"net_profit": 5.0})
    assert ratios["current_ratio"] is None
    assert ratios["debt_ratio"] is None
    assert ratios["net_margin"] is None


def test_z_prime_by_hand():
    # X1 0.2, X2 0.1, X3 0.08, X4 400/600, X5 1.2
    expected = 0.717 * 0.2 + 0.847 * 0.1 + 3.107 * 0.08 + 0.420 * (400 / 600) + 0.998 * 1.2
    z = altman_z_prime(FIGURES)
    assert z == pytest.approx(expected)
    assert z == pytest.approx(1.95426, abs=1e-5)
    assert z_prime_zone(z) == "grey"


def test_z_prime_needs_assets_and_liabilities():
    assert altman_z_prime({"total_assets": 100.0}) is None
    assert altman_z_prime({"total_liabilities": 100.0}) is None
    assert z_prime_zone(None) is None


def test_z_prime_zones_at_boundaries():
    assert z_prime_zone(1.2299) == "distress"
    assert z_prime_zone(1.23) == "grey"
    assert z_prime_zone(2.90) == "grey"
    assert z_prime_zone(2.9001) == "safe"


def test_points_for_value():
    bands = [(None, 1.23, 0.0), (1.23, 2.9, 50.0), (2.9, None, 100.0)]
    assert points_for_value(0.5, bands) == 0.0
    assert points_for_value(1.23, bands) == 50.0
    assert points_for_value(2.9, bands) == 100.0
    assert points_for_value(None, bands) is None
    assert points_for_value(5, [(0, 1, 10)]) is None


def test_weights():
    assert weights_ok([25, 25, 20, 15, 15])
    assert not weights_ok([25, 25, 20, 15, 10])
    assert weights_ok([33.3, 33.3, 33.4])


def test_weighted_score_by_hand():
    # 30% × 100 + 20% × 50 + 50% × 80 = 30 + 10 + 40
    assert weighted_score([(30, 100), (20, 50), (50, 80)]) == pytest.approx(80.0)
    assert weighted_score([(50, None), (50, 100)]) == pytest.approx(50.0)


def test_rating_scale():
    assert rating_for_score(95) == "AAA"
    assert rating_for_score(90) == "AAA"
    assert rating_for_score(89.99) == "AA"
    assert rating_for_score(65) == "A"
    assert rating_for_score(50) == "B"
    assert rating_for_score(10) == "C"
    assert rating_for_score(None) is None
    custom = [("AAA", 95), ("AA", 85), ("A", 70), ("B", 40), ("C", 0)]
    assert rating_for_score(90, custom) == "AA"


def test_check_scale():
    assert check_scale(list(DEFAULT_SCALE)) == []
    assert "order" in check_scale([("AAA", 50), ("AA", 80)])
    assert "duplicate" in check_scale([("AAA", 90), ("AAA", 80)])
    assert "range" in check_scale([("AAA", 120)])


def test_vetoes():
    assert vetoes() == []
    assert vetoes(dishonest_debtor=True) == ["dishonest_debtor"]
    assert vetoes(equity=-1) == ["negative_equity"]
    assert vetoes(equity=0) == []
    assert final_rating(95, veto_keys=["negative_equity"]) == "C"
    assert final_rating(None, veto_keys=["dishonest_debtor"]) == "C"
    assert final_rating(95) == "AAA"


def test_dso():
    assert days_sales_outstanding(100, 365) == pytest.approx(100)
    assert days_sales_outstanding(100, 0) is None
    assert days_sales_outstanding(-5, 100) == 0.0


def test_propose_limit():
    assert propose_limit(recommended=5000) == (5000.0, "recommended")
    assert propose_limit(recommended=5000, tier_max=3000) == (3000.0, "tier_cap")
    # 1 000 000 × 80 % × 10 %
    assert propose_limit(revenue=1_000_000, score=80) == (80000.0, "revenue")
    # no credit is cash only, never a limit of 0 (which Odoo reads as "no limit")
    assert propose_limit(revenue=1_000_000, score=80, rating="C") == (None, "rating_c")
    assert propose_limit(recommended=5000, rating="C") == (None, "rating_c")
    assert propose_limit() == (None, None)
    assert propose_limit(recommended=5000, tier_max=0) == (None, "tier_no_credit")
    assert propose_limit(revenue=100, score=10) == (None, None)  # rounds to 0: nothing
