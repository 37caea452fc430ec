"""Benchmark: what the credit checks add to ``sale.order.action_confirm``.

Run inside an Odoo shell on a database with the addon installed (nothing is committed):

    source scripts/odoo_env.sh
    "$PYTHON" "$ODOO_BIN" shell -c "$ODOO_CONF" -d DB --no-http < scripts/bench_credit_control.py

Creates one customer with ``BENCH_INVOICES`` (default 5000) open posted invoices and a few
hundred confirmed orders, then times, side by side on the same data:
  * ``action_confirm`` of a one-line quotation with the credit checks,
  * the same confirmation without them (Odoo's own ``action_confirm``),
  * the credit-check part alone (row lock + all declared checks),
  * Odoo's own computation of ``credit`` for that customer.
Prints medians in milliseconds. Everything is rolled back at the end.
"""

import os
import statistics
import time

from odoo import Command

from odoo.addons.partner_credit_archive.models.sale_order import SaleOrder as CreditSaleOrder

N_INVOICES = int(os.environ.get("BENCH_INVOICES", "5000"))
N_ORDERS = int(os.environ.get("BENCH_ORDERS", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))

env = env  # noqa: F821, PLW0127 - given by odoo shell
env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
started = time.perf_counter()
product = env["product.product"].create(
    {"name": "Bench product", "type": "service", "taxes_id": [Command.clear()]}
)
customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
customer.credit_limit = 10**12
invoice = env["account.move"].create(
    {
        "move_type": "out_invoice",
        "partner_id": customer.id,
        "invoice_date": "2020-01-01",
        "invoice_date_due": "2099-01-01",
        "invoice_line_ids": [
            Command.create({"product_id": product.id, "price_unit": 10.0, "tax_ids": []})
        ],
    }
)
invoice.action_post()
env.flush_all()
# The other invoices are copies of this posted one made in SQL: the same rows the ORM would
# write, thousands of times faster (only the aggregates over them are measured).
cr = env.cr


def columns(table, skip):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
        (table,),
    )
    return [c for (c,) in cr.fetchall() if c not in skip]


move_cols = columns("account_move", {"id", "name"})
line_cols = columns("account_move_line", {"id", "move_id", "move_name"})
cr.execute(
    f"""
    CREATE TEMP TABLE bench_moves ON COMMIT DROP AS
    WITH new AS (
        INSERT INTO account_move (name, {", ".join(move_cols)})
        SELECT 'BENCH/' || g, {", ".join(move_cols)}
          FROM account_move, generate_series(2, %s) g WHERE id = %s
        RETURNING id, name
    ) SELECT id, name FROM new
    """,
    (N_INVOICES, invoice.id),
)
cr.execute(
    f"""
    INSERT INTO account_move_line (move_id, move_name, {", ".join(line_cols)})
    SELECT m.id, m.name, {", ".join("l." + c for c in line_cols)}
      FROM account_move_line l, bench_moves m WHERE l.move_id = %s
    """,
    (invoice.id,),
)
cr.execute("ANALYZE account_move; ANALYZE account_move_line")
env.invalidate_all()
orders = env["sale.order"].create(
    [
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": product.id, "price_unit": 5.0, "tax_ids": []})
            ],
        }
        for _ in range(N_ORDERS)
    ]
)
orders.action_confirm()
env.flush_all()
cr.execute("ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE res_partner")
print(
    f"data: {N_INVOICES} open invoices, {N_ORDERS} orders in {time.perf_counter() - started:.0f}s"
)


def quotation():
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": product.id, "price_unit": 1.0, "tax_ids": []})
            ],
        }
    )
    env.flush_all()
    env.invalidate_all()
    return order


def timed(func):
    samples = []
    for _ in range(ROUNDS):
        order = quotation()
        start = time.perf_counter()
        func(order)
        env.flush_all()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def with_checks(order):
    order.action_confirm()


def without_checks(order):
    super(CreditSaleOrder, order).action_confirm()


def checks_only(order):
    order._credit_control_lock(order._credit_partner())
    order._credit_control_evaluate(batch=True)


def odoo_credit(order):
    customer.invalidate_recordset(["credit"])
    customer.with_company(env.company).credit  # noqa: B018


if os.environ.get("BENCH_PROFILE"):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    for _ in range(10):
        order = quotation()
        profiler.enable()
        checks_only(order)
        env.flush_all()
        profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

results = {
    "action_confirm with credit checks": timed(with_checks),
    "action_confirm without credit checks (Odoo)": timed(without_checks),
    "credit checks alone (lock + all checks)": timed(checks_only),
    "Odoo's own `credit` for the customer": timed(odoo_credit),
}
for label, value in results.items():
    print(f"{label:48s} median {value:8.2f} ms")
print(
    "added by the checks (difference of medians): "
    f"{results['action_confirm with credit checks'] - results['action_confirm without credit checks (Odoo)']:.2f} ms"  # noqa: E501
)
env.cr.rollback()
