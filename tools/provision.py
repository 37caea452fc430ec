"""Bad-debt provision by aging (坏账准备, 账龄分析法; SPEC §3.I).

An open item's age is counted in whole years from its **due date** to the reference date:
less than one year (items not yet due included), one to two years, … over five years. Each
band has a provision rate; the rates may not fall as the debt gets older. Pure Python: the
SQL of ``partner.credit.ledger._provision_sql`` puts the items in the bands this module
defines, and the tests check it against ``band_of``.
"""

# key, first year of age (included), last year (excluded, None = no end), default rate %
BANDS = (
    ("year_1", 0, 1, 5.0),
    ("year_2", 1, 2, 10.0),
    ("year_3", 2, 3, 30.0),
    ("year_4", 3, 4, 50.0),
    ("year_5", 4, 5, 80.0),
    ("year_over_5", 5, None, 100.0),
)
BAND_KEYS = tuple(band[0] for band in BANDS)
DEFAULT_RATES = {key: rate for key, _first, _last, rate in BANDS}


def years_before(day, years):
    """The same day ``years`` years before ``day`` (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def band_cutoffs(date_ref):
    """{band key: its cutoff}: an item is in the first band whose cutoff is before its due
    date (None for the oldest band: no cutoff). An item due after ``date_ref`` minus one
    year is less than a year old; one due exactly a year before is one to two years old."""
    return {
        key: years_before(date_ref, last) if last is not None else None
        for key, _first, last, _rate in BANDS
    }


def band_of(date_due, date_ref):
    """The band of an item due on ``date_due``, seen on ``date_ref``."""
    for key, cutoff in band_cutoffs(date_ref).items():
        if cutoff is None or date_due > cutoff:
            return key
    raise ValueError(date_due)  # unreachable: the last band has no cutoff


def rates_problem(rates):
    """Why the rates ``{band key: percent}`` are unusable, or None: each must be 0–100 % and
    none lower than the rate of a younger band. Returns ``("range", key)`` or
    ``("order", younger key, older key)``."""
    previous = None
    for key in BAND_KEYS:
        rate = rates[key]
        if not 0 <= rate <= 100:
            return ("range", key)
        if previous is not None and rate < rates[previous]:
            return ("order", previous, key)
        previous = key
    return None


def provision(amounts, rates, digits=2):
    """The provision of band amounts ``{band key: amount}`` at ``rates`` (percent), each
    band's part rounded to ``digits`` decimals as the lines of the report are."""
    return sum(round(amounts.get(key, 0.0) * rates[key] / 100.0, digits) for key in BAND_KEYS)
