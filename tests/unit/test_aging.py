from datetime import date

import pytest
from pca_tools.aging import BUCKET_KEYS, age_lines, bucket_key, month_change


@pytest.mark.parametrize(
    ("days", "key"),
    [
        (-10, "not_due"),
        (-1, "not_due"),
        (0, "days_0_30"),
        (30, "days_0_30"),
        (31, "days_31_60"),
        (60, "days_31_60"),
        (61, "days_61_90"),
        (90, "days_61_90"),
        (91, "days_91_180"),
        (180, "days_91_180"),
        (181, "days_over_180"),
        (5000, "days_over_180"),
    ],
)
def test_bucket_boundaries(days, key):
    assert bucket_key(days) == key


def test_buckets_sum_to_total():
    ref = date(2026, 6, 30)
    lines = [
        ("A", date(2026, 7, 15), 100.0),  # not due
        ("A", date(2026, 6, 30), 50.0),  # due today: 0-30
        ("A", date(2026, 5, 1), 25.0),  # 60 days: 31-60
        ("A", date(2025, 12, 1), 10.0),  # 211 days: >180
        ("A", date(2026, 5, 1), -5.0),  # credit note in 31-60
        ("B", date(2026, 3, 1), 7.0),  # 121 days: 91-180
    ]
    aged = age_lines(lines, ref)
    assert aged["A"]["not_due"] == 100.0
    assert aged["A"]["days_0_30"] == 50.0
    assert aged["A"]["days_31_60"] == 20.0
    assert aged["A"]["days_over_180"] == 10.0
    assert aged["A"]["total"] == 180.0
    assert sum(aged["A"][k] for k in BUCKET_KEYS) == aged["A"]["total"]
    assert aged["B"]["days_91_180"] == 7.0


def test_month_change():
    assert month_change(120.0, 100.0) == 20.0
    assert month_change(80.0, None) is None
