"""What the ``bench_*.py`` scripts share: opening the database, finding the customers made by
``bench_data.py`` (or ``partner.credit.history``), timing, the bench user, the summary
lines.

Not a benchmark itself. The scripts run from the repository root with Odoo's Python
(``source scripts/odoo_env.sh; "$PYTHON" scripts/bench_….py -c "$ODOO_CONF" -d DB``); this
folder is then first on ``sys.path``, which is how they import this module.
"""

import json
import statistics
import time

import odoo.init  # noqa: F401
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

#: name prefix of the generated customers ("Bench 00001 (steady)", …): how the benchmarks
#: that run on existing data find them
PREFIX = "Bench"
BENCH_LOGIN = "bench_credit_manager"


def add_common_args(parser, prefix=True):
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    if prefix:
        parser.add_argument(
            "--prefix",
            default=PREFIX,
            help=f"name prefix of the existing bench customers (default {PREFIX!r})",
        )
    parser.add_argument(
        "--summary",
        metavar="FILE",
        help="append one JSON line per measure to FILE (scripts/bench_summary.py reads them)",
    )


def open_registry(args):
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    return Registry(args.database)


def superuser_env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def bench_customers(env, prefix=PREFIX):
    """The customers ``bench_data.py`` made (companies named "<prefix> 00001 (profile)"...),
    in id order."""
    return (
        env["res.partner"]
        .sudo()
        .with_context(active_test=False)
        .search(
            [
                ("name", "=like", f"{prefix} %"),
                ("parent_id", "=", False),
                ("customer_rank", ">", 0),
            ],
            order="id",
        )
    )


def require_customers(found, prefix, minimum=1):
    """Stop unless ``found`` (a number) bench customers are at least ``minimum``."""
    if found < minimum:
        raise SystemExit(
            f"{found} customers named {prefix!r}… in this database, {minimum} needed: "
            "run scripts/bench_data.py first"
        )


def batches(records, size=1000):
    for start in range(0, len(records), size):
        yield records[start : start + size]


def bench_user(env):
    """An internal user with the credit manager group (and read-only accounting, so Odoo's own
    ``credit`` column is readable): record rules and field groups apply to it, unlike to the
    superuser. Made in the current transaction (the benchmarks roll it back)."""
    user = env["res.users"].sudo().search([("login", "=", BENCH_LOGIN)], limit=1)
    if user:
        return user
    groups = [
        env.ref("base.group_user").id,
        env.ref("partner_credit_archive.group_credit_manager").id,
        env.ref("account.group_account_readonly").id,
    ]
    return (
        env["res.users"]
        .sudo()
        .with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
        .create(
            {
                "name": "Bench Credit Manager",
                "login": BENCH_LOGIN,
                "group_ids": [(6, 0, groups)],
                "company_id": env.company.id,
                "company_ids": [(6, 0, [env.company.id])],
            }
        )
    )


def user_env(env, user):
    """``user``'s environment with the context the web client sends."""
    return env(
        user=user.id,
        su=False,
        context={
            "lang": "en_US",
            "tz": "UTC",
            "uid": user.id,
            "allowed_company_ids": [user.company_id.id],
            "bin_size": True,
        },
    )


def timed(label, func, cr=None, width=44):
    """Run ``func`` once; print and return (value, seconds, SQL queries)."""
    queries = cr.sql_log_count if cr is not None else 0
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    count = cr.sql_log_count - queries if cr is not None else None
    extra = f" {count:8d} queries" if cr is not None else ""
    print(f"{label:<{width}} {seconds:8.2f} s{extra}", flush=True)
    return value, seconds, count


def measured(measures, label, cr, func):
    """``timed`` that also keeps (seconds, SQL queries) in ``measures[label]``; returns the
    value of ``func``."""
    value, seconds, queries = timed(label, func, cr)
    measures[label] = (seconds, queries)
    return value


def odoo_credit(partners):
    """Odoo's own ``credit`` and ``credit_to_invoice`` of ``partners``, by batches as the jobs
    run, read as a list view does (Odoo's credit otherwise reads company_id one customer at a
    time, which would flatter the ratios)."""
    for batch in batches(partners):
        batch.fetch(["company_id"])
        batch.invalidate_recordset(["credit", "credit_to_invoice"])
        batch.mapped("credit")
        batch.mapped("credit_to_invoice")


ODOO_CREDIT = "Odoo credit + credit_to_invoice"


def summarise_job(path, bench, measures, labels, customers):
    """Write the job's runs ``labels`` to the summary next to Odoo's own credit measured as
    ``ODOO_CREDIT`` in ``measures``."""
    summary = Summary(path, bench)
    odoo_time = measures[ODOO_CREDIT][0]
    baseline = f"{ODOO_CREDIT}, {customers} customers"
    for label in labels:
        seconds, queries = measures[label]
        summary.add(
            f"{label}, {customers} customers", seconds, "s", baseline, odoo_time,
            note=f"{queries} queries",
        )  # fmt: skip


def median(values):
    return statistics.median(values) if values else 0.0


class Summary:
    """Appends measures as JSON lines to ``path`` (no file: nothing written)."""

    def __init__(self, path, bench):
        self.path = path
        self.bench = bench

    def add(self, measure, value, unit, baseline=None, baseline_value=None, note=None):
        if not self.path:
            return
        line = {
            "bench": self.bench,
            "measure": measure,
            "value": value,
            "unit": unit,
            "baseline": baseline,
            "baseline_value": baseline_value,
            "note": note,
        }
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")


def add_generation_args(parser):
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--lines-per-order", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)


def generate(env, args):
    """Generate ``args.customers`` customers with ``partner.credit.history`` (fast SQL
    copies; not committed).

    :return: (the generator's data, seconds, a line counting what was made)
    """
    data, seconds, __ = timed(
        "generate data",
        lambda: env["partner.credit.history"]._generate(
            customers=args.customers,
            months=args.months,
            seed=args.seed,
            lines_per_order=args.lines_per_order,
            name=args.prefix,
        ),
    )
    env.flush_all()
    orders, invoices = data["orders"], data["invoices"]
    counts = (
        f"{len(data['partners'])} customers, {len(orders)} orders, "
        f"{len(orders.order_line)} order lines, {len(invoices)} invoices, "
        f"{len(invoices.invoice_line_ids)} invoice lines"
    )
    print(counts, flush=True)
    return data, seconds, counts
