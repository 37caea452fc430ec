"""Benchmark tier grading against Odoo's own ``credit`` / ``credit_to_invoice``.

Builds N customers with ``tests/datagen.py`` (fast SQL copies) in the given database, then
times, on the same customers and in the same run:

- ``_credit_kpis`` alone and full grading (KPIs + rules + writes + logs), batched by 1000
  like the monthly scheduled action;
- Odoo computing ``credit`` and ``credit_to_invoice`` for the same customers, batched by 1000.

Everything is rolled back at the end unless ``--keep``. Usage (from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_grading.py -c "$ODOO_CONF" -d DB --customers 2000 --months 12

The database must have the addon installed (e.g. ``scripts/dev_test.sh DB -k nothing``).
"""

import argparse
import time

import odoo.init  # noqa: F401
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


def timed(label, func, results):
    start = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - start
    print(f"{label:<40} {results[label]:8.2f} s", flush=True)
    return value


def batches(records, size=1000):
    for start in range(0, len(records), size):
        yield records[start : start + size]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--lines-per-order", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="commit the generated data")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    registry = Registry(args.database)
    from odoo.addons.partner_credit_archive.tests import datagen  # noqa: PLC0415

    results = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = timed(
            "generate data",
            lambda: datagen.generate(
                env,
                customers=args.customers,
                months=args.months,
                seed=args.seed,
                lines_per_order=args.lines_per_order,
                name="Bench",
            ),
            results,
        )
        partners = data["partners"]
        lines = len(data["orders"].order_line)
        invoice_lines = len(data["invoices"].invoice_line_ids)
        print(
            f"{len(partners)} customers, {len(data['orders'])} orders, {lines} order lines, "
            f"{len(data['invoices'])} invoices, {invoice_lines} invoice lines",
            flush=True,
        )
        env.flush_all()
        if args.keep:
            cr.commit()

        def odoo_credit():
            for batch in batches(partners):
                batch.invalidate_recordset(["credit", "credit_to_invoice"])
                batch.mapped("credit")
                batch.mapped("credit_to_invoice")

        def kpis():
            for batch in batches(partners):
                batch._credit_kpis()

        def grade():
            cutoffs = env["res.partner"]._credit_abc_cutoffs()
            changed = 0
            for batch in batches(partners):
                changed += batch._credit_grade(cutoffs=cutoffs)
                env.flush_all()
            return changed

        env.invalidate_all()
        timed("Odoo credit + credit_to_invoice", odoo_credit, results)
        env.invalidate_all()
        timed("KPIs (_credit_kpis)", kpis, results)
        env.invalidate_all()
        changed = timed("grading (_credit_grade)", grade, results)
        env.invalidate_all()
        timed("grading again (nothing changes)", grade, results)
        env.invalidate_all()
        timed("Odoo credit + credit_to_invoice (again)", odoo_credit, results)
        odoo_time = min(
            results["Odoo credit + credit_to_invoice"],
            results["Odoo credit + credit_to_invoice (again)"],
        )
        print(f"tier changes: {changed}")
        print(f"grading / Odoo credit ratio: {results['grading (_credit_grade)'] / odoo_time:.1f}")
        print(f"KPIs / Odoo credit ratio: {results['KPIs (_credit_kpis)'] / odoo_time:.1f}")
        if args.keep:
            cr.commit()
        else:
            cr.rollback()


if __name__ == "__main__":
    main()
