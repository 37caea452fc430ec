"""Credit scoring maths: financial ratios, Altman Z′, scorecard, rating scale, vetoes.

Pure Python (no Odoo import) so it can be unit-tested without a database. The Odoo models
feed it plain numbers and dictionaries.
"""

from .rating import RATINGS

# Altman (1983), Z′ model for private (non-listed) firms: book value of equity instead of
# market value, re-estimated coefficients and zones.
Z_PRIME_COEFFICIENTS = (0.717, 0.847, 3.107, 0.420, 0.998)
Z_PRIME_DISTRESS = 1.23
Z_PRIME_SAFE = 2.90

# Default rating scale: the lowest score that earns each rating (C takes the rest).
DEFAULT_SCALE = (("AAA", 90.0), ("AA", 80.0), ("A", 65.0), ("B", 50.0), ("C", 0.0))

# A perfect score proposes this share of the customer's yearly revenue as credit limit.
REVENUE_SHARE = 0.10

# proposal bases that propose cash only (no credit sales) instead of an amount
CASH_ONLY_BASES = ("rating_c", "tier_no_credit")

VETO_DISHONEST = "dishonest_debtor"
VETO_NEGATIVE_EQUITY = "negative_equity"


def _ratio(numerator, denominator):
    """numerator ÷ denominator, or None when it cannot be computed."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def financial_ratios(figures):
    """Ratios of one year's figures.

    ``figures``: dict with total_assets, total_liabilities, current_assets,
    current_liabilities, revenue, net_profit (missing = 0). Returns equity, working_capital,
    current_ratio, debt_ratio (%), net_margin (%), return_on_assets (%); a ratio whose
    denominator is zero is None.
    """
    assets = figures.get("total_assets") or 0.0
    liabilities = figures.get("total_liabilities") or 0.0
    current_assets = figures.get("current_assets") or 0.0
    current_liabilities = figures.get("current_liabilities") or 0.0
    revenue = figures.get("revenue") or 0.0
    profit = figures.get("net_profit") or 0.0
    debt_ratio = _ratio(liabilities, assets)
    net_margin = _ratio(profit, revenue)
    roa = _ratio(profit, assets)
    return {
        "equity": assets - liabilities,
        "working_capital": current_assets - current_liabilities,
        "current_ratio": _ratio(current_assets, current_liabilities),
        "debt_ratio": None if debt_ratio is None else debt_ratio * 100.0,
        "net_margin": None if net_margin is None else net_margin * 100.0,
        "return_on_assets": None if roa is None else roa * 100.0,
    }


def altman_z_prime(figures):
    """Altman Z′ for private firms, or None without total assets or liabilities.

    Z′ = 0.717·X1 + 0.847·X2 + 3.107·X3 + 0.420·X4 + 0.998·X5 with
    X1 = working capital / total assets, X2 = retained earnings / total assets,
    X3 = EBIT / total assets, X4 = book equity / total liabilities, X5 = sales / total assets.
    """
    assets = figures.get("total_assets") or 0.0
    liabilities = figures.get("total_liabilities") or 0.0
    if assets <= 0 or liabilities <= 0:
        return None
    working_capital = (figures.get("current_assets") or 0.0) - (
        figures.get("current_liabilities") or 0.0
    )
    x = (
        working_capital / assets,
        (figures.get("retained_earnings") or 0.0) / assets,
        (figures.get("ebit") or 0.0) / assets,
        (assets - liabilities) / liabilities,
        (figures.get("revenue") or 0.0) / assets,
    )
    return sum(c * v for c, v in zip(Z_PRIME_COEFFICIENTS, x, strict=True))


def z_prime_zone(z_score):
    """'distress' below 1.23, 'safe' above 2.90, 'grey' in between; None without a score."""
    if z_score is None:
        return None
    if z_score < Z_PRIME_DISTRESS:
        return "distress"
    if z_score > Z_PRIME_SAFE:
        return "safe"
    return "grey"


def points_for_value(value, bands):
    """Points of the first band ``(min_value, max_value, points)`` holding ``value``.

    A band holds ``min_value <= value < max_value``; a None bound is open. Returns None when
    the value is unknown or no band holds it.
    """
    if value is None:
        return None
    for band in bands:
        low, high, points = band
        if (low is None or value >= low) and (high is None or value < high):
            return points
    return None


def weights_total(weights):
    return round(sum(weights), 6)


def weights_ok(weights):
    """Scorecard weights must sum to 100."""
    return abs(weights_total(weights) - 100.0) < 1e-6


def weighted_score(lines):
    """Score 0–100 from ``(weight, points)`` pairs (weights in %, points 0–100).

    Lines with points None are unanswered and count as 0.
    """
    total = sum(weight * (points or 0.0) for weight, points in lines) / 100.0
    return max(0.0, min(100.0, total))


def check_scale(scale):
    """Problems of a rating scale ``[(rating, min_score)]``: list of messages keys.

    Each rating at most once, scores within 0–100, better ratings need higher scores.
    """
    problems = []
    ratings = [rating for rating, _min in scale]
    if len(set(ratings)) != len(ratings):
        problems.append("duplicate")
    if any(not 0 <= min_score <= 100 for _rating, min_score in scale):
        problems.append("range")
    ordered = sorted(scale, key=lambda band: RATINGS.index(band[0]))
    mins = [min_score for _rating, min_score in ordered]
    if any(a <= b for a, b in zip(mins, mins[1:], strict=False)):
        problems.append("order")
    return problems


def rating_for_score(score, scale=DEFAULT_SCALE):
    """The best rating whose minimum score ``score`` reaches; the worst rating otherwise."""
    if score is None:
        return None
    ordered = sorted(scale, key=lambda band: RATINGS.index(band[0]))
    for rating, min_score in ordered:
        if score >= min_score:
            return rating
    return RATINGS[-1]


def vetoes(dishonest_debtor=False, equity=None):
    """Veto keys that force the worst rating (C)."""
    found = []
    if dishonest_debtor:
        found.append(VETO_DISHONEST)
    if equity is not None and equity < 0:
        found.append(VETO_NEGATIVE_EQUITY)
    return found


def final_rating(score, scale=DEFAULT_SCALE, veto_keys=()):
    """Rating after vetoes: any veto gives C, even without a score."""
    if veto_keys:
        return RATINGS[-1]
    return rating_for_score(score, scale)


def days_sales_outstanding(receivable, sales, days=365):
    """DSO = receivable ÷ credit sales of the period × days; None without sales."""
    if not sales or sales <= 0:
        return None
    return max(0.0, receivable) / sales * days


def propose_limit(recommended=None, revenue=None, score=None, rating=None, tier_max=None):
    """A credit limit proposal and how it was found.

    The report's recommended limit when there is one, otherwise ``revenue × score/100 ×
    REVENUE_SHARE``; a tier maximum (``tier_max``, None = no tier) caps the result. Returns
    ``(amount, basis)`` with basis one of 'recommended', 'revenue', 'tier_cap', or None when
    nothing can be proposed.

    No credit is not no limit (a limit of 0 means *unlimited* to Odoo): rating C, or a tier
    whose maximum is 0, proposes **cash only** — ``(None, basis)`` with basis in
    ``CASH_ONLY_BASES`` ('rating_c', 'tier_no_credit'); the current limit is kept. A computed
    amount that rounds to 0 proposes nothing.
    """
    if rating == RATINGS[-1]:
        return None, "rating_c"
    if tier_max is not None and tier_max <= 0:
        return None, "tier_no_credit"
    if recommended and recommended > 0:
        amount, basis = float(recommended), "recommended"
    elif revenue and score:
        amount, basis = round(revenue * score / 100.0 * REVENUE_SHARE, -2), "revenue"
    else:
        return None, None
    if amount <= 0:
        return None, None
    if tier_max is not None and amount > tier_max:
        return float(tier_max), "tier_cap"
    return amount, basis
