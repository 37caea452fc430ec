"""Customer KPI statistics of tier grading (SPEC §3.C), pure Python.

Everything here works on already aggregated numbers (one value per customer and month), so a
person can recompute each KPI by hand from the definitions below:

- *contract fulfilment rate*: delivered value ÷ ordered value of confirmed order lines, in %;
- *monthly volume volatility*: population standard deviation ÷ mean of the sales amount per
  calendar month, months without sales counting as zero, in %;
- *Pareto classes*: customers sorted by sales, the ones making the first 80 % of the total are
  A, the next 15 % B, the rest C.
"""

import functools
import math
from datetime import date

PARETO_A_SHARE = 0.80
PARETO_B_SHARE = 0.95
_NOTHING = (0.0, 0.0)  # a month without sales: (ordered, delivered)


def month_start(day):
    """First day of the month of ``day``."""
    return date(day.year, day.month, 1)


def add_months(day, months):
    """The first day of the month ``months`` after (or before, if negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_range(start, end):
    """First days of the months from ``start``'s month up to, not including, ``end``'s month."""
    return list(_months(month_start(start), month_start(end)))


def months_since(start, end, since):
    """:func:`month_range` from ``start`` to ``end`` without the months before ``since``
    (a month's first day), as a tuple; computed once for each window and start."""
    return _months(max(month_start(start), since), month_start(end))


@functools.lru_cache(maxsize=1024)
def _months(start, end):
    # the same few windows for every customer of a grading run: computed once each
    months = []
    current = start
    while current < end:
        months.append(current)
        current = add_months(current, 1)
    return tuple(months)


def months_between(start, end):
    """Whole months from ``start`` to ``end`` (e.g. 15 Jan → 14 Mar = 1, → 15 Mar = 2)."""
    if not start or not end or end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def rate(part, whole):
    """``part`` ÷ ``whole`` in %, or None when there is nothing to divide by."""
    if not whole:
        return None
    return 100.0 * part / whole


def volatility(values):
    """Population standard deviation ÷ mean of ``values`` in %; None without sales."""
    values = list(values)
    if not values:
        return None
    mean = sum(values) / len(values)
    if mean <= 0:
        return None
    variance = sum((value - mean) ** 2 for value in values) / len(values)
    return 100.0 * math.sqrt(variance) / mean


def window_kpis(monthly, months):
    """Fulfilment, volatility and sales over the calendar ``months`` (first days of months).

    ``monthly`` maps a month's first day to ``(ordered, delivered)`` values of the confirmed
    order lines of orders dated in that month; the ordered value is the month's sales amount.
    Months of ``months`` missing from ``monthly`` count as months without sales.
    """
    ordered = []
    delivered = 0.0
    get = monthly.get
    for month in months:
        month_ordered, month_delivered = get(month, _NOTHING)
        ordered.append(month_ordered)
        delivered += month_delivered
    total = sum(ordered)
    return {
        "fulfilment_rate": rate(delivered, total),
        "volatility": volatility(ordered),
        "sales": total,
    }


def pareto_cutoffs(sales, a_share=PARETO_A_SHARE, b_share=PARETO_B_SHARE):
    """Smallest sales amounts still in class A and in class B, from all customers' sales.

    Customers are sorted by sales, largest first; a customer is A while the sales of the
    customers before it are under ``a_share`` of the total, B while under ``b_share``, else C.
    Returns ``(cut_a, cut_b)``; a customer with sales ≥ cut_a is A, ≥ cut_b is B.
    No sales at all: ``(inf, inf)`` (everyone C).
    """
    values = sorted((value for value in sales if value > 0), reverse=True)
    total = sum(values)
    cut_a = cut_b = math.inf
    before = 0.0
    for value in values:
        if before < a_share * total:
            cut_a = value
            cut_b = value
        elif before < b_share * total:
            cut_b = value
        else:
            break
        before += value
    return cut_a, cut_b


def abc_class(value, cutoffs):
    """'A', 'B' or 'C' for a customer's sales, given :func:`pareto_cutoffs`."""
    cut_a, cut_b = cutoffs
    if value and value > 0 and value >= cut_a:
        return "A"
    if value and value > 0 and value >= cut_b:
        return "B"
    return "C"


def value_class(abc, relationship_months, core_min_months):
    """'core' for class-A customers of at least ``core_min_months``, else 'ordinary' (seed 001:
    the yearly sales and the length of the relationship decide)."""
    if abc == "A" and (relationship_months or 0) >= core_min_months:
        return "core"
    return "ordinary"


def relationship_start(recorded, first_order):
    """When the relationship began: the earlier of the recorded start and the first order."""
    known = [day for day in (recorded, first_order) if day]
    return min(known) if known else None


def customer_kpis(
    date_ref, window_start, recent_start, monthly, orders, recorded_start, payments, ledger
):
    """The KPIs of one customer (SPEC §3.C) from what the set-based queries returned for it.

    :param date_ref: the day graded; the KPI window ends at the start of its month
    :param window_start: first day of the KPI window; ``recent_start`` of the promotion months
    :param monthly: {month's first day: (ordered, delivered)} of its confirmed order lines
    :param orders: (first, last) local date of its confirmed orders up to ``date_ref``
    :param recorded_start: the relationship start date recorded in the archive, or None
    :param payments: (invoices, paid on time, days late in total) of the invoices due in the
        window
    :param ledger: {"receivable", "overdue", "max_days_overdue"} as of ``date_ref``
    :return: the KPI dict of ``res.partner._credit_kpis``. Months before the relationship
        began are not months without sales; rates without a base are None.
    """
    window_end = month_start(date_ref)
    first, last = orders
    start = relationship_start(recorded_start, first)
    since = month_start(start) if start else window_end
    window = window_kpis(monthly, months_since(window_start, window_end, since))
    recent = window_kpis(monthly, months_since(recent_start, window_end, since))
    count, on_time, days_late = payments
    receivable = ledger.get("receivable", 0.0) or 0.0
    overdue = ledger.get("overdue", 0.0) or 0.0
    return {
        "fulfilment_rate": window["fulfilment_rate"],
        "volatility": window["volatility"],
        "annual_sales": window["sales"],
        "recent_fulfilment_rate": recent["fulfilment_rate"],
        "recent_volatility": recent["volatility"],
        "invoice_count": count,
        "ontime_rate": rate(on_time, count),
        "avg_days_late": (days_late or 0) / count if count else None,
        "receivable": receivable,
        "overdue": overdue,
        "overdue_ratio": min(max(rate(overdue, receivable), 0.0), 100.0) if receivable > 0 else 0.0,
        "max_days_overdue": max(ledger.get("max_days_overdue", 0) or 0, 0),
        "date_first_order": first,
        "date_last_order": last,
        "days_since_last_order": (date_ref - last).days if last else None,
        "relationship_months": months_between(start, date_ref) if start else None,
    }


def on_probation(start, date_ref, probation_months):
    """Whether a customer whose relationship began on ``start`` (None: not yet) is still on
    probation on ``date_ref`` (seed 004: 试销三个月, the first ``probation_months``)."""
    return start is None or months_between(start, date_ref) < probation_months
