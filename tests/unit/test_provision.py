from datetime import date

import pytest
from pca_tools.provision import (
    BAND_KEYS,
    DEFAULT_RATES,
    band_of,
    provision,
    rates_problem,
    years_before,
)

REF = date(2025, 12, 31)


@pytest.mark.parametrize(
    ("due", "key"),
    [
        (date(2026, 6, 30), "year_1"),  # not due yet
        (date(2025, 1, 1), "year_1"),
        (date(2024, 12, 31), "year_2"),  # exactly one year
        (date(2023, 12, 31), "year_3"),
        (date(2022, 12, 31), "year_4"),
        (date(2021, 1, 1), "year_5"),
        (date(2020, 12, 31), "year_over_5"),
        (date(1999, 1, 1), "year_over_5"),
    ],
)
def test_band_of(due, key):
    assert band_of(due, REF) == key


def test_leap_day():
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_default_rates_are_valid_and_rising():
    assert rates_problem(DEFAULT_RATES) is None
    assert [DEFAULT_RATES[k] for k in BAND_KEYS] == [5, 10, 30, 50, 80, 100]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"year_1": 101.0}, ("range", "year_1")),
        ({"year_over_5": -0.5}, ("range", "year_over_5")),
        ({"year_3": 9.0}, ("order", "year_2", "year_3")),
    ],
)
def test_rates_problem(changes, problem):
    assert rates_problem({**DEFAULT_RATES, **changes}) == problem


def test_provision_rounds_each_band():
    amounts = {"year_1": 1200.0, "year_over_5": 700.0, "year_2": 0.333}
    assert provision(amounts, DEFAULT_RATES) == 60.0 + 700.0 + 0.03
