"""Benchmark: what the delivery credit checks (SPEC §3.K) add to ``stock.picking.button_validate``.

Run inside an Odoo shell on a database with the addon installed (everything is rolled back):

    source scripts/odoo_env.sh
    "$PYTHON" "$ODOO_BIN" shell -c "$ODOO_CONF" -d DB --no-http < scripts/bench_delivery.py

Creates one customer with ``BENCH_INVOICES`` (default 200) open posted invoices, then, round by
round (``BENCH_ROUNDS``, default 20) on deliveries of one-line orders of that customer, times
side by side:
  * ``button_validate`` with the delivery checks,
  * Odoo's own ``button_validate`` (the same validation without them),
  * the delivery checks alone (``_credit_delivery_evaluate``).
Prints medians and 95th percentiles in milliseconds and the added time's ratio.
"""

import os
import statistics
import time

from odoo import Command

from odoo.addons.partner_credit_archive.models.stock_picking import (
    StockPicking as CreditStockPicking,
)

N_INVOICES = int(os.environ.get("BENCH_INVOICES", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))

env = env  # noqa: F821, PLW0127 - given by odoo shell
env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
started = time.perf_counter()
goods = env["product.product"].create(
    {"name": "Delivery benchmark goods", "type": "consu", "taxes_id": [Command.clear()]}
)
service = env["product.product"].create(
    {"name": "Delivery benchmark service", "type": "service", "taxes_id": [Command.clear()]}
)
customer = env["res.partner"].create({"name": "Delivery benchmark customer", "is_company": True})
customer.credit_limit = 10**12
env.company.credit_policy_report = "ignore"
env.company.credit_policy_documents_missing = "ignore"
invoices = env["account.move"].create(
    [
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_date": "2020-01-01",
            "invoice_date_due": "2099-01-01",
            "invoice_line_ids": [
                Command.create({"product_id": service.id, "price_unit": 10.0, "tax_ids": []})
            ],
        }
        for _ in range(N_INVOICES)
    ]
)
invoices.action_post()
env.flush_all()
env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
print(f"data: {N_INVOICES} open invoices in {time.perf_counter() - started:.0f}s")


def delivery():
    order = env["sale.order"].create(
        {
            "partner_id": customer.id,
            "order_line": [
                Command.create({"product_id": goods.id, "price_unit": 1.0, "tax_ids": []})
            ],
        }
    )
    order.action_confirm()
    env.flush_all()
    env.invalidate_all()
    return order.picking_ids


def with_checks(picking):
    picking.button_validate()


def without_checks(picking):
    super(CreditStockPicking, picking).button_validate()


def checks_only(picking):
    picking._credit_delivery_evaluate()


probe = delivery()
print("delivery checks:", probe._credit_delivery_evaluate()[probe.id])
measures = {
    "button_validate with delivery checks": with_checks,
    "button_validate without them (Odoo)": without_checks,
    "delivery checks alone": checks_only,
}
samples = {label: [] for label in measures}
for _ in range(ROUNDS):
    for label, func in measures.items():
        picking = delivery()
        start = time.perf_counter()
        func(picking)
        env.flush_all()
        samples[label].append((time.perf_counter() - start) * 1000)
added = [
    with_ - without
    for with_, without in zip(
        samples["button_validate with delivery checks"],
        samples["button_validate without them (Odoo)"],
        strict=True,
    )
]
samples["added by the checks (per round)"] = added
print(f"{ROUNDS} rounds, {N_INVOICES} open invoices")
for label, values in samples.items():
    p95 = statistics.quantiles(values, n=20)[-1]
    print(f"{label:40s} median {statistics.median(values):8.2f} ms  p95 {p95:8.2f} ms")
odoo = statistics.median(samples["button_validate without them (Odoo)"])
checks = statistics.median(samples["delivery checks alone"])
print(f"checks alone / Odoo's button_validate: {checks / odoo:.2f}")
env.cr.rollback()
