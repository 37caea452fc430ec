"""Reminder maths of SPEC §3.E (key-account care), pure Python.

- *volume signal*: a key account's sales in the last complete calendar month compared with its
  average monthly sales over the baseline months before it (months without sales count as
  zero, months before the customer's first order do not count);
- *holiday window*: a greeting is due from ``lead_days`` before a holiday up to the holiday.
"""

from datetime import timedelta

from .kpi import add_months, month_start


def baseline_months(month, count, first_order=None):
    """The ``count`` calendar months before ``month`` (first days), oldest first, without the
    months before ``first_order``'s month."""
    months = [add_months(month, -offset) for offset in range(count, 0, -1)]
    if first_order:
        since = month_start(first_order)
        months = [start for start in months if start >= since]
    return months


def volume_signal(monthly, month, months):
    """Sales of ``month`` against the average of ``months``.

    ``monthly`` maps a month's first day to its sales amount. Returns ``(amount, average,
    deviation %)`` where the deviation is ``(amount - average) ÷ average`` in %, or None when
    there is no baseline (no months, or an average of zero or less).
    """
    if not months:
        return None
    average = sum(monthly.get(start, 0.0) for start in months) / len(months)
    if average <= 0:
        return None
    amount = monthly.get(month, 0.0)
    return amount, average, 100.0 * (amount - average) / average


def volume_flags(signal, alert_percent, congrats_percent):
    """``(alert, congrats)`` for a volume signal: an alert when sales are off the average by
    more than ``alert_percent`` either way, a congratulation when they rose by at least
    ``congrats_percent``. Thresholds of 0 switch the flag off."""
    if signal is None:
        return False, False
    deviation = signal[2]
    alert = bool(alert_percent) and abs(deviation) > alert_percent
    congrats = bool(congrats_percent) and deviation >= congrats_percent
    return alert, congrats


def holiday_due(holiday_date, lead_days, today):
    """Whether a greeting for the holiday on ``holiday_date`` is due ``today``: from
    ``lead_days`` before the holiday up to and including the holiday itself."""
    return holiday_date - timedelta(days=lead_days) <= today <= holiday_date
