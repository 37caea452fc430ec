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
Prints medians and 95th percentiles in milliseconds. ``BENCH_NO_LIMIT=1``: the customer has
no credit limit (what the checks cost when no limit check can fail). Everything is rolled back
at the end, unless ``BENCH_COMMIT=1``: then the data is committed and vacuumed first, as
months-old invoices are in a real database (use a throw-away database: ``make bench`` does).
"""

import os
import statistics
import time

import odoo.sql_db
from odoo import Command

from odoo.addons.partner_credit_archive.models.sale_order import SaleOrder as CreditSaleOrder

N_INVOICES = int(os.environ.get("BENCH_INVOICES", "5000"))
N_ORDERS = int(os.environ.get("BENCH_ORDERS", "300"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
# variant (SPEC §3.J): the customer also has this many open commercial bills of acceptance,
# which the exposure adds (partner_credit_bill, one indexed aggregate)
N_BILLS = int(os.environ.get("BENCH_BILLS", "0"))

env = env  # noqa: F821, PLW0127 - given by odoo shell
env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
started = time.perf_counter()
product = env["product.product"].create(
    {"name": "Confirmation benchmark product", "type": "service", "taxes_id": [Command.clear()]}
)
customer = env["res.partner"].create(
    {"name": "Confirmation benchmark customer", "is_company": True}
)
# a customer in good standing: an approved credit report (else every confirmation would post
# a "no valid credit report" warning in the chatter) and a limit far above its exposure
report = env["partner.credit.report"].create({"partner_id": customer.id})
for line in report.score_line_ids:
    line.option_id = line.criterion_id.option_ids.sorted("points")[-1:]
report.action_submit()
report.action_approve()
# BENCH_NO_LIMIT=1: a customer without a credit limit (SPEC §5.1: it pays almost nothing, as
# no limit check can fail: its open items and orders are not read at all)
NO_LIMIT = bool(os.environ.get("BENCH_NO_LIMIT"))
customer.credit_limit = 0 if NO_LIMIT else 10**12
# ... and its mandatory archive documents, verified (else every confirmation would post a
# "documents missing" warning: the admission check's outcome, not its cost)
archive = customer._archive_get(create=True)
for doc_type in customer._archive_mandatory_types()[customer.id]:
    env["partner.archive.document"].create(
        {
            "name": doc_type.name,
            "archive_id": archive.id,
            "category_id": doc_type.category_id.id,
            "type_id": doc_type.id,
            "issue_date": "2020-01-01",
            "expiry_date": "2099-12-31" if doc_type.expires else False,
        }
    ).action_verify()
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


# the copies are a sequence of their own (BENCH/<id>/<n>): with the original's prefix and
# number, Odoo would number the next invoices of the journal after them, and collide
move_cols = columns("account_move", {"id", "name", "sequence_prefix", "sequence_number"})
line_cols = columns("account_move_line", {"id", "move_id", "move_name"})
cr.execute(
    f"""
    CREATE TEMP TABLE bench_moves ON COMMIT DROP AS
    WITH new AS (
        INSERT INTO account_move (name, sequence_prefix, sequence_number, {", ".join(move_cols)})
        SELECT 'BENCH/' || %s || '/' || g, 'BENCH/' || %s || '/', g, {", ".join(move_cols)}
          FROM account_move, generate_series(2, %s) g WHERE id = %s
        RETURNING id, name
    ) SELECT id, name FROM new
    """,
    (invoice.id, invoice.id, N_INVOICES, invoice.id),
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
if N_BILLS:
    bill = env["partner.credit.bill"].create(
        {
            "number": "9" * 30,
            "kind": "commercial",
            "partner_id": customer.id,
            "amount": 1.0,
            "acceptor": "Benchmark acceptor",
            "date_issue": "2099-01-01",
            "date_maturity": "2099-06-01",
        }
    )
    env.flush_all()
    # the other bills are copies of this one made in SQL (no payment of their own)
    bill_cols = columns("partner_credit_bill", {"id", "number", "payment_id"})
    cr.execute(
        f"""
        INSERT INTO partner_credit_bill (number, {", ".join(bill_cols)})
        SELECT lpad(g::text, 30, '0'), {", ".join(bill_cols)}
          FROM partner_credit_bill, generate_series(2, %s) g WHERE id = %s
        """,
        (N_BILLS, bill.id),
    )
    cr.execute("ANALYZE partner_credit_bill")
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
if os.environ.get("BENCH_COMMIT"):
    # As in a real database, where invoices are months old: committed and vacuumed, so that
    # PostgreSQL can answer from indexes alone (make bench runs on a throw-away database).
    cr.commit()
    with odoo.sql_db.db_connect(cr.dbname).cursor() as vacuum_cr:
        vacuum_cr._cnx.autocommit = True
        vacuum_cr.execute(
            "VACUUM ANALYZE account_move, account_move_line, sale_order, sale_order_line, "
            "res_partner, partner_credit_bill"
        )
else:
    cr.execute("ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE res_partner")
print(
    f"data: {N_INVOICES} open invoices, {N_BILLS} open bills, {N_ORDERS} orders"
    f"{', no credit limit' if NO_LIMIT else ''} in "
    f"{time.perf_counter() - started:.0f}s"
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


probe = quotation()
probed = probe._credit_control_evaluate(batch=True)[probe.id]
print("credit checks of a quotation:", probed["state"], probed["failures"])


def sample(func):
    order = quotation()
    start = time.perf_counter()
    func(order)
    env.flush_all()
    return (time.perf_counter() - start) * 1000


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1]


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


if os.environ.get("BENCH_SQL"):
    # every query of one confirmation, with its duration: where the added time goes
    from odoo.sql_db import Cursor

    original_execute = Cursor.execute
    log = []

    def logging_execute(self, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return original_execute(self, query, params, log_exceptions)
        finally:
            text = query.code if hasattr(query, "code") else str(query)
            log.append(((time.perf_counter() - start) * 1000, " ".join(text.split())[:160]))

    for label, func in (("with checks", with_checks), ("without checks", without_checks)):
        order = quotation()
        log.clear()
        Cursor.execute = logging_execute
        func(order)
        env.flush_all()
        Cursor.execute = original_execute
        print(f"== {label}: {len(log)} queries, {sum(ms for ms, _q in log):.1f} ms in SQL")
        for ms, text in log:
            print(f"{ms:7.2f} {text}")

if os.environ.get("BENCH_PROFILE"):
    # BENCH_PROFILE=checks profiles the checks alone, any other value the whole confirmation
    import cProfile
    import pstats

    profiled = checks_only if os.environ["BENCH_PROFILE"] == "checks" else with_checks
    profiler = cProfile.Profile()
    for _ in range(20):
        order = quotation()
        profiler.enable()
        profiled(order)
        env.flush_all()
        profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(60)
    for name in os.environ.get("BENCH_CALLEES", "").split(","):
        if name:
            stats.print_callees(name)

# The measures are interleaved round by round, so that a busy moment of the machine weighs on
# each of them alike; "added" is the difference of the two confirmations of the same round.
measures = {
    "action_confirm with credit checks": with_checks,
    "action_confirm without credit checks (Odoo)": without_checks,
    "credit checks alone (lock + all checks)": checks_only,
    "Odoo's own `credit` for the customer": odoo_credit,
}
samples = {label: [] for label in measures}
for _ in range(ROUNDS):
    for label, func in measures.items():
        samples[label].append(sample(func))
added = [
    with_ - without
    for with_, without in zip(
        samples["action_confirm with credit checks"],
        samples["action_confirm without credit checks (Odoo)"],
        strict=True,
    )
]
samples["added by the checks (per round)"] = added
print(f"{ROUNDS} rounds")
for label, values in samples.items():
    print(f"{label:48s} median {statistics.median(values):8.2f} ms  p95 {p95(values):8.2f} ms")
credit = statistics.median(samples["Odoo's own `credit` for the customer"])
print(f"added / Odoo's own credit: {statistics.median(added) / credit:.2f}")
env.cr.rollback()
