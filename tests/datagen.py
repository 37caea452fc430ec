"""Customer histories for the tests: a thin wrapper of ``partner.credit.history``.

The plan is ``tools/history.py`` (profiles, seeds, dates); the documents are made by
``models/partner_credit_history.py``, which the demo data and the benchmarks use too. These
functions keep the names and signatures the tests call.
"""


def _history(env):
    return env["partner.credit.history"]


def products(env, count=3):
    """``count`` goods invoiced on ordered quantities, without taxes."""
    return _history(env)._products(
        [(f"Coal grade {index + 1}", 100.0 * (index + 1)) for index in range(count)]
    )


def make_orders(env, specs):
    """Confirmed orders: ``specs`` are dicts with ``partner``, ``date`` and ``lines``
    ``[(product, qty, price, delivered qty)]`` (see ``_make_orders``)."""
    return _history(env)._make_orders(specs)


def make_invoices(env, specs):
    """Posted invoices: ``specs`` are dicts with ``orders`` (same partner) and ``date``."""
    return _history(env)._make_invoices(specs)


def pay(env, payments):
    """Full payments ``[(invoice, payment date)]``, reconciled with their invoices."""
    return _history(env)._pay(payments)


def generate(env, customers=50, months=12, seed=0, date_ref=None, lines_per_order=1,
             profiles=None, payments=True, name="Customer", fast=True):  # fmt: skip
    """Customers with ``months`` months of history up to ``date_ref`` (default today); see
    ``partner.credit.history._generate``."""
    return _history(env)._generate(
        customers=customers,
        months=months,
        seed=seed,
        date_ref=date_ref,
        lines_per_order=lines_per_order,
        profiles=profiles,
        payments=payments,
        name=name,
        fast=fast,
    )
