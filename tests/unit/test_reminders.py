from datetime import date

from pca_tools.reminders import baseline_months, holiday_due, volume_flags, volume_signal


def test_baseline_months():
    months = baseline_months(date(2026, 3, 1), 3)
    assert months == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    # months before the first order do not count
    assert baseline_months(date(2026, 3, 1), 3, first_order=date(2026, 1, 20)) == [
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert baseline_months(date(2026, 3, 1), 3, first_order=date(2026, 3, 5)) == []


def test_volume_signal():
    months = baseline_months(date(2026, 3, 1), 4)
    monthly = {date(2025, 11, 1): 100.0, date(2026, 1, 1): 300.0, date(2026, 3, 1): 50.0}
    # average of 100, 0 (December has no sales), 300, 0 = 100
    amount, average, deviation = volume_signal(monthly, date(2026, 3, 1), months)
    assert (amount, average, deviation) == (50.0, 100.0, -50.0)
    assert volume_signal(monthly, date(2026, 3, 1), []) is None
    assert volume_signal({}, date(2026, 3, 1), months) is None


def test_volume_flags():
    assert volume_flags(None, 50, 30) == (False, False)
    assert volume_flags((50.0, 100.0, -50.0), 50, 30) == (False, False)  # not *more* than 50
    assert volume_flags((49.0, 100.0, -51.0), 50, 30) == (True, False)
    assert volume_flags((130.0, 100.0, 30.0), 50, 30) == (False, True)
    assert volume_flags((160.0, 100.0, 60.0), 50, 30) == (True, True)
    assert volume_flags((160.0, 100.0, 60.0), 0, 0) == (False, False)


def test_holiday_due():
    holiday = date(2026, 2, 17)
    assert not holiday_due(holiday, 7, date(2026, 2, 9))
    assert holiday_due(holiday, 7, date(2026, 2, 10))
    assert holiday_due(holiday, 7, date(2026, 2, 17))
    assert not holiday_due(holiday, 7, date(2026, 2, 18))
