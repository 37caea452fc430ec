"""Benchmark the daily reminder run (SPEC §3.E) against Odoo's own ``credit``.

Builds N customers with ``partner.credit.history`` (fast SQL copies) — or, with
``--existing``, takes every customer the daily scheduled action looks at in the database
(e.g. the ones ``scripts/bench_data.py`` made) — grades them (real tiers: key accounts get
care and alerts), gives them a keeper and makes every third archive due for review, then times
on the same customers, batched by 1000 like the scheduled action:

- the first reminder run (schedules the activities), with its SQL query count;
- a second run (nothing to do: idempotence), with its query count;
- Odoo computing ``credit`` and ``credit_to_invoice`` for the same customers.

Everything is rolled back at the end. Usage (from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_reminders.py -c "$ODOO_CONF" -d DB --customers 2000
    "$PYTHON" scripts/bench_reminders.py -c "$ODOO_CONF" -d DB --existing   # after bench_data.py

The database must have the addon installed (e.g. ``scripts/dev_test.sh DB -k nothing``).
"""

import argparse
from datetime import timedelta

from bench_common import (
    ODOO_CREDIT,
    add_common_args,
    batches,
    measured,
    odoo_credit,
    open_registry,
    summarise_job,
    superuser_env,
)

from odoo import fields
from odoo.tools import SQL

MEASURES = {}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser, prefix=False)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="run over every customer the daily scheduled action looks at in the database "
        "(its domain, current company) instead of generating --customers new ones",
    )
    args = parser.parse_args()
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        if args.existing:
            Partner = env["res.partner"].sudo()
            partners = Partner.search(Partner._credit_reminder_domain(), order="id")
            print(f"{len(partners)} existing customers (the daily run's domain)", flush=True)
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
        measured(
            MEASURES,
            "grade (tiers for key-account items)",
            cr,
            lambda: partners._credit_grade_safe(),
        )
        keeper = env.ref("base.user_admin")
        today = fields.Date.context_today(env.user)
        env.flush_all()
        # the customers' archives in the current company (partner.archive, SPEC §3.M)
        cr.execute(
            SQL(
                "UPDATE partner_archive SET keeper_id = %s, date_last_review = %s, "
                "date_next_review = %s WHERE partner_id = ANY(%s) AND company_id = %s "
                "AND partner_id %% 3 = 0",
                keeper.id,
                today - timedelta(days=400),
                today - timedelta(days=35),
                partners.ids,
                env.company.id,
            )
        )
        env.invalidate_all()
        tiers = partners.grouped(lambda p: p.credit_tier_id.code)
        print({code: len(group) for code, group in tiers.items()}, flush=True)

        def run():
            created = closed = 0
            for index, batch in enumerate(batches(partners)):
                counts = batch._credit_reminders_sync()
                created += counts[0]
                closed += counts[1]
                env.flush_all()
                env.invalidate_all()
                if index == 0:
                    analyze_activity_tables()
            return created, closed

        def analyze_activity_tables():
            """What autovacuum does for the scheduled action, which commits each batch: the
            generated database has no activities nor followers, and PostgreSQL keeps
            checking the followers' foreign keys by a sequential scan of a table it believes
            empty — a cost that grows with every batch of one long transaction (1 s per
            INSERT of 333 subtypes at 30 000 followers). ANALYZE counts this transaction's
            own rows, as autovacuum counts the cron's committed ones."""
            cr.execute(
                "ANALYZE mail_activity, mail_followers, mail_followers_mail_message_subtype_rel"
            )

        env.invalidate_all()
        print("created, closed:", measured(MEASURES, "reminder run (first)", cr, run))
        print(
            "created, closed:", measured(MEASURES, "reminder run (again: nothing to do)", cr, run)
        )
        env.invalidate_all()
        measured(MEASURES, ODOO_CREDIT, cr, lambda: odoo_credit(partners))
        summarise_job(
            args.summary,
            "reminders",
            MEASURES,
            ("reminder run (first)", "reminder run (again: nothing to do)"),
            len(partners),
        )
        cr.rollback()


if __name__ == "__main__":
    main()
