"""Benchmark the receivables ledger (SPEC §3.H): aging of every bench customer now and as of
past dates, next to Odoo's own ``credit`` on the same customers.

On the customers ``scripts/bench_data.py`` made (``--prefix``), in pages of 1000 as the AR
aging export reads them:

- Odoo computing ``credit`` for the customers (its own open receivable, residuals now);
- ``_credit_aging(today)``: the ledger's aging now (residuals, the partial index);
- ``_credit_aging(D)`` as of the last month end and as of six months ago: exact, today's
  residuals plus the reconciliations dated after D;
- the same two dates in one pass over all the customers (``_credit_aging_pages``, as the AR
  aging export reads a large selection: one query read through a server-side cursor);
- one month-end snapshot of all customers (one INSERT … SELECT), rolled back.

The aging total now must equal Odoo's ``credit`` summed over the customers, and the snapshot
total the paged aging as of the same month end: the script stops if they do not. Usage (from
the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_aging.py -c "$ODOO_CONF" -d DB   # after bench_data.py
"""

import argparse
from datetime import timedelta

from bench_common import (
    Summary,
    add_common_args,
    batches,
    bench_customers,
    open_registry,
    require_customers,
    superuser_env,
    timed,
)
from dateutil.relativedelta import relativedelta

from odoo import fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--page", type=int, default=1000)
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        partners = bench_customers(env, args.prefix)
        require_customers(len(partners), args.prefix)
        count = len(partners)
        today = fields.Date.context_today(env.user)
        month_end = today.replace(day=1) - timedelta(days=1)
        half_year = today - relativedelta(months=6)
        print(f"{count} customers; today {today}, as of {month_end} and {half_year}", flush=True)

        def odoo_credit():
            total = 0.0
            for page in batches(partners, args.page):
                # the customers first, as the list showing them has: Odoo's credit otherwise
                # reads each one's company one query at a time (a slower, unfair baseline)
                page.fetch(["company_id"])
                total += sum(page.mapped("credit"))
                page.invalidate_recordset()
            return total

        def aging(date_ref):
            def run():
                total = 0.0
                for page in batches(partners, args.page):
                    total += sum(row["total"] for row in page._credit_aging(date_ref).values())
                return total

            return run

        def one_pass(date_ref):
            # as the AR aging export reads a large selection: one query, read row by row
            def run():
                return sum(
                    row["total"]
                    for __, page_aging in partners._credit_aging_pages(date_ref)
                    for row in page_aging.values()
                )

            return run

        env.invalidate_all()
        credit, odoo_seconds, odoo_queries = timed("Odoo credit", odoo_credit, cr)
        now, now_seconds, now_queries = timed("ledger aging now", aging(today), cr)
        if round(credit - now, 2):
            raise SystemExit(f"aging now {now:.2f} differs from Odoo's credit {credit:.2f}")
        at_month_end, month_seconds, month_queries = timed(
            f"ledger aging as of {month_end}", aging(month_end), cr
        )
        half, half_seconds, half_queries = timed(
            f"ledger aging as of {half_year}", aging(half_year), cr
        )
        pass_month, pass_month_seconds, pass_month_queries = timed(
            f"ledger aging in one pass as of {month_end}", one_pass(month_end), cr
        )
        pass_half, pass_half_seconds, pass_half_queries = timed(
            f"ledger aging in one pass as of {half_year}", one_pass(half_year), cr
        )
        if round(pass_month - at_month_end, 2) or round(pass_half - half, 2):
            raise SystemExit("the one pass differs from the paged aging")
        snapshots, snap_seconds, snap_queries = timed(
            f"month-end snapshot {month_end}",
            lambda: env["partner.credit.aging.snapshot"]._take_snapshot(month_end),
            cr,
        )
        print(f"{snapshots} snapshot rows", flush=True)
        # the snapshot (all customers: one pass over the later reconciliations) and the paged
        # aging (the customers' lines looked up one by one) must tell the same
        cr.execute(
            "SELECT COALESCE(SUM(s.total), 0) FROM partner_credit_aging_snapshot s"
            " JOIN res_partner p ON p.id = s.partner_id"
            " WHERE s.date = %s AND p.id = ANY(%s)",
            [month_end, partners.ids],
        )
        snapshot_total = cr.fetchone()[0]
        if round(float(snapshot_total) - at_month_end, 2):
            raise SystemExit(f"snapshot {snapshot_total} differs from the aging {at_month_end}")
        summary = Summary(args.summary, "aging")
        baseline = f"Odoo credit, {count} customers"
        for label, seconds, queries in (
            ("AR aging now", now_seconds, now_queries),
            ("AR aging as of the last month end", month_seconds, month_queries),
            ("AR aging as of six months ago", half_seconds, half_queries),
            (
                "AR aging in one pass as of the last month end",
                pass_month_seconds,
                pass_month_queries,
            ),
            ("AR aging in one pass as of six months ago", pass_half_seconds, pass_half_queries),
            ("month-end snapshot (all customers)", snap_seconds, snap_queries),
        ):
            summary.add(
                f"{label}, {count} customers", seconds, "s", baseline, odoo_seconds,
                note=f"{queries} queries (Odoo: {odoo_queries})",
            )  # fmt: skip
        cr.rollback()


if __name__ == "__main__":
    main()
