"""The plan of a customer history: what each customer bought, was invoiced and paid, when.

One plan feeds the demo data, the tests and the benchmarks; ``partner.credit.history``
(``models/partner_credit_history.py``) turns it into orders, invoices and payments. The plan
is plain data, deterministic for a seed.

A customer buys once a month (from the first month of the history to the reference date's
month) following its **profile**; every order is invoiced two days later (at the latest on
the reference date) on 30-day terms and paid ``late_days`` after its due date (never before
the invoice), unless that day is still to come. Profiles that land in known tiers under the
default grading thresholds:

=============  ==========================================================================
steady         every month, volume ±5 %, 98 % delivered, pays on time   → strategic*/long-term
good           every month, volume ±12 %, 87 % delivered, pays on time  → long-term
market         every month, volume ±18 %, 82 % delivered, pays late     → market
weak           every month, volume ±30 %, 70 % delivered                → potential
erratic        every third month only (three months' volume)            → eliminated (erratic)
inactive       steady, but nothing in the last 45 days                   → one tier down
lapsed         steady, but nothing in the last ~4 months                 → potential
new            only the last two months                                  → potential (probation)
late_payer     steady, invoices due more than 100 days ago stay unpaid   → eliminated (overdue)
prospect       no orders                                                 → potential
=============  ==========================================================================

(*) strategic also needs a credit rating ≥ A.
"""

import calendar
import random
from datetime import date, timedelta

PROFILES = {
    "steady": {"swing": 0.05, "delivered": 0.98, "late_days": (-5, 0)},
    "good": {"swing": 0.12, "delivered": 0.87, "late_days": (-5, 0)},
    "market": {"swing": 0.18, "delivered": 0.82, "late_days": (5, 20)},
    "weak": {"swing": 0.30, "delivered": 0.70, "late_days": (10, 40)},
    "erratic": {"swing": 0.0, "delivered": 0.95, "every": 3, "late_days": (0, 10)},
    "inactive": {"swing": 0.05, "delivered": 0.98, "quiet_days": 45, "late_days": (-5, 0)},
    "lapsed": {"swing": 0.05, "delivered": 0.98, "quiet_days": 125, "late_days": (-5, 0)},
    "new": {"swing": 0.05, "delivered": 0.98, "recent_months": 2, "late_days": (-5, 0)},
    "late_payer": {"swing": 0.05, "delivered": 0.98, "late_days": (20, 40), "unpaid_days": 100},
    "prospect": {"orders": False},
}
BASE_VOLUMES = (20, 40, 80, 160)  # monthly units drawn for a customer without its own base
PAYMENT_DAYS = 30  # the invoices' terms (Odoo's "30 Days")
INVOICE_DELAY = 2  # days from the order to its invoice


def month_starts(day, months_back):
    """First days of the ``months_back`` months before ``day``'s month, then of that month."""
    index = day.year * 12 + day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - months_back, index + 1)]


def _order_date(rng, first, date_ref, current):
    """A day of the month starting ``first`` (before ``date_ref`` in the current month;
    None when the current month has no such day yet)."""
    if current:
        if date_ref.day < 2:
            return None
        return first + timedelta(days=rng.randint(0, date_ref.day - 2))
    last_day = calendar.monthrange(first.year, first.month)[1]
    return first + timedelta(days=rng.randint(0, min(last_day, 28) - 1))


def _buys_in(profile, number, count):
    """Whether a customer of ``profile`` orders in month ``number`` of ``count``."""
    recent = profile.get("recent_months")
    if recent and number < count - 1 - recent:
        return False
    return not (profile.get("every") and (count - 1 - number) % profile["every"])


def _lines(rng, index, profile, qty, prices, lines_per_order, jitter):
    lines = []
    share = max(round(qty / lines_per_order), 1)
    for line_no in range(lines_per_order):
        product = (index + line_no) % len(prices)
        delivered = share * profile["delivered"]
        if jitter:
            delivered *= rng.uniform(*jitter)
        delivered = min(round(delivered, 2), share)
        lines.append((product, share, prices[product], delivered))
    return lines


def _payment_date(rng, profile, invoice_date, due, date_ref):
    paid = max(due + timedelta(days=rng.randint(*profile["late_days"])), invoice_date)
    unpaid_days = profile.get("unpaid_days")
    if paid > date_ref or (unpaid_days and due < date_ref - timedelta(days=unpaid_days)):
        return None  # not yet, or a bad payer's oldest invoices stay open
    return paid


def plan_history(customers, months, seed, date_ref, prices, lines_per_order=1,
                 jitter=(0.99, 1.01), profiles=None):  # fmt: skip
    """The deals of ``customers`` over ``months`` months before ``date_ref``'s month and
    that month up to ``date_ref``.

    :param customers: list of dicts with ``profile`` (a key of ``profiles``) and optionally
        ``base`` (units a month; without it one of :data:`BASE_VOLUMES` is drawn, times
        1 to 7 by the customer's position)
    :param prices: unit price of each product; customer *i*'s line *n* sells product
        ``(i + n) % len(prices)``
    :param jitter: range of the random factor on the delivered share, or None for exactly
        the profile's share
    :return: list of deals, one order each, by customer then date: dicts with ``customer``
        (index in ``customers``), ``date`` (of the order), ``lines`` (``(product index,
        quantity, unit price, delivered quantity)``), ``amount`` (the invoice's total),
        ``invoice_date``, ``due`` and ``paid`` (the full payment's date, or None)
    """
    rng = random.Random(seed)
    profiles = profiles or PROFILES
    starts = month_starts(date_ref, months)
    deals = []
    for index, customer in enumerate(customers):
        profile = profiles[customer["profile"]]
        if profile.get("orders") is False:
            continue
        base = customer.get("base") or rng.choice(BASE_VOLUMES) * (1 + index % 7)
        quiet = date_ref - timedelta(days=profile.get("quiet_days", 0))
        for number, first in enumerate(starts):
            if not _buys_in(profile, number, len(starts)):
                continue
            when = _order_date(rng, first, date_ref, first == starts[-1])
            if when is None or first > quiet:
                continue
            when = min(when, quiet)  # the last order falls on the quiet date at the latest
            swing = profile["swing"] if number % 2 else -profile["swing"]
            qty = round(base * (1 + swing) * (3 if profile.get("every") else 1))
            lines = _lines(rng, index, profile, qty, prices, lines_per_order, jitter)
            invoice_date = min(when + timedelta(days=INVOICE_DELAY), date_ref)
            due = invoice_date + timedelta(days=PAYMENT_DAYS)
            deals.append(
                {
                    "customer": index,
                    "date": when,
                    "lines": lines,
                    "amount": sum(qty * price for __, qty, price, __ in lines),
                    "invoice_date": invoice_date,
                    "due": due,
                    "paid": _payment_date(rng, profile, invoice_date, due, date_ref),
                }
            )
    return deals
