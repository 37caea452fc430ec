"""Customer KPI statistics of tier grading (SPEC §3.C), pure Python.

Everything here works on already aggregated numbers (one value per customer and month), so a
person can recompute each KPI by hand from the definitions below:

- *contract fulfilment rate*: delivered value ÷ ordered value of confirmed order lines, in %;
- *monthly volume volatility*: population standard deviation ÷ mean of the sales amount per
  calendar month, months without sales counting as zero, in %;
- *Pareto classes*: customers sorted by sales, the ones making the first 80 % of the total are
  A, the next 15 % B, the rest C.
"""

import math
from datetime import date

PARETO_A_SHARE = 0.80
PARETO_B_SHARE = 0.95


def month_start(day):
    """First day of the month of ``day``."""
    return date(day.year, day.month, 1)


def add_months(day, months):
    """The first day of the month ``months`` after (or before, if negative) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_range(start, end):
    """First days of the months from ``start``'s month up to, not including, ``end``'s month."""
    months = []
    current = month_start(start)
    end = month_start(end)
    while current < end:
        months.append(current)
        current = add_months(current, 1)
    return months


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
    ordered = [monthly.get(month, (0.0, 0.0))[0] for month in months]
    delivered = sum(monthly.get(month, (0.0, 0.0))[1] for month in months)
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
