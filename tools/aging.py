"""Accounts-receivable aging buckets by due date (seed 003: monthly aging analysis).

Days overdue = reference date − due date. A line not yet due is "not due"; then 0–30,
31–60, 61–90, 91–180 and over 180 days overdue. The buckets of a customer add up to its
open receivable.
"""

BUCKETS = (
    # key, first day overdue, last day overdue (None = no end)
    ("not_due", None, -1),
    ("days_0_30", 0, 30),
    ("days_31_60", 31, 60),
    ("days_61_90", 61, 90),
    ("days_91_180", 91, 180),
    ("days_over_180", 181, None),
)
BUCKET_KEYS = tuple(key for key, _first, _last in BUCKETS)


def bucket_key(days_overdue):
    """The bucket of a line ``days_overdue`` days past its due date (negative: not due)."""
    for key, first, last in BUCKETS:
        if (first is None or days_overdue >= first) and (last is None or days_overdue <= last):
            return key
    raise ValueError(days_overdue)  # unreachable: the buckets cover every integer


def age_lines(lines, reference_date):
    """Aggregate ``(partner_key, due_date, amount)`` lines into buckets per partner.

    Returns ``{partner_key: {bucket: amount, ..., "total": amount}}``. The pure reference of
    the SQL aggregation the addon runs; used by tests to check it by hand.
    """
    result = {}
    for partner, due_date, amount in lines:
        row = result.setdefault(partner, dict.fromkeys((*BUCKET_KEYS, "total"), 0.0))
        row[bucket_key((reference_date - due_date).days)] += amount
        row["total"] += amount
    return result


def month_change(current, previous):
    """Change of a bucket amount from the previous month's snapshot (None: no previous)."""
    if previous is None:
        return None
    return current - previous
