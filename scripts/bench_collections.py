"""Benchmark the daily collections job (SPEC §3.I) against Odoo's own ``credit``.

Builds N customers with ``partner.credit.history`` (fast SQL copies: a year of orders,
invoices and payments, some left unpaid) — or, with ``--existing``, takes the customers
``scripts/bench_data.py`` made — and times on the same customers, batched by 1000 like the
scheduled action:

- the first collections run (levels, one action per customer reached: activities, letters
  with their PDF, credit holds with a decision), with its SQL query count;
- a second run (the daily run when nothing escalated: idempotence), with its query count;
- Odoo computing ``credit`` and ``credit_to_invoice`` for the same customers.

Everything is rolled back at the end. Usage (from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_collections.py -c "$ODOO_CONF" -d DB --customers 300
    "$PYTHON" scripts/bench_collections.py -c "$ODOO_CONF" -d DB --existing  # after bench_data.py

The database must have the addon installed (e.g. ``scripts/dev_test.sh DB -k nothing``).
"""

import argparse

from bench_common import (
    ODOO_CREDIT,
    add_common_args,
    batches,
    bench_customers,
    measured,
    odoo_credit,
    open_registry,
    summarise_job,
    superuser_env,
)

MEASURES = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="run over the customers of scripts/bench_data.py instead of generating new ones",
    )
    parser.add_argument(
        "--no-escalate",
        action="store_true",
        help="sync the files without taking new actions (escalate=False), both runs: the "
        "daily job's cost when no customer reaches a new level, without the first run's "
        "backlog of letters (one PDF each) and holds, which grows with the overdue customers",
    )
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        if args.existing:
            partners = bench_customers(env, args.prefix)
        else:
            data = measured(
                MEASURES,
                "generate data",
                cr,
                lambda: env["partner.credit.history"]._generate(
                    customers=args.customers, months=args.months, seed=args.seed, name="Bench"
                ),
            )
            partners = data["partners"].sudo()
        print(f"{len(partners)} customers", flush=True)
        env.flush_all()
        env.invalidate_all()

        def run():
            for batch in batches(partners):
                batch._credit_collections_sync(escalate=not args.no_escalate)
                env.flush_all()
                env.invalidate_all()
            files = env["partner.credit.collection"].search([("partner_id", "in", partners.ids)])
            return {
                level.name or "-": len(group) for level, group in files.grouped("level_id").items()
            }

        print("levels:", measured(MEASURES, "collections run (first)", cr, run))
        actions = env["partner.credit.collection.action"].search_count(
            [("partner_id", "in", partners.ids)]
        )
        print(f"{actions} actions taken", flush=True)
        measured(MEASURES, "collections run (again: nothing to do)", cr, run)
        env.invalidate_all()
        measured(MEASURES, ODOO_CREDIT, cr, lambda: odoo_credit(partners))
        summarise_job(
            args.summary,
            "collections (no new actions)" if args.no_escalate else "collections",
            MEASURES,
            ("collections run (first)", "collections run (again: nothing to do)"),
            len(partners),
        )
        cr.rollback()


if __name__ == "__main__":
    main()
