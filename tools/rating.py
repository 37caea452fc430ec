"""Credit ratings AAA > AA > A > B > C, shared by reports, tiers and grading."""

RATINGS = ("AAA", "AA", "A", "B", "C")
RATING_SELECTION = [(code, code) for code in RATINGS]


def rating_rank(rating):
    """0 for AAA (best) … 4 for C (worst); None for no rating."""
    return RATINGS.index(rating) if rating in RATINGS else None


def rating_at_least(rating, minimum):
    """True when ``rating`` is as good as ``minimum`` or better. No minimum: always True."""
    if not minimum:
        return True
    rank = rating_rank(rating)
    return rank is not None and rank <= rating_rank(minimum)
