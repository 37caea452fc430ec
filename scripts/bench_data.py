"""Generate the benchmark data once and commit it: N customers with a year of history.

``partner.credit.history`` (fast SQL copies of ORM-made documents): customers named
"<prefix> 00001 (profile)", … with confirmed orders, posted invoices and payments over
``--months`` months. The other benchmarks (``bench_grading.py --existing``,
``bench_reminders.py --existing``, ``bench_list.py``, ``bench_export.py``) then run on these
customers, found by the name prefix. ``make bench`` (``scripts/bench.sh``) calls this first on
its throw-away database. Usage (from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_data.py -c "$ODOO_CONF" -d DB --customers 2000

The database must have the addon installed (e.g. ``scripts/dev_test.sh DB -k nothing``).
COMMITS: use a throw-away database.
"""

import argparse

from bench_common import (
    Summary,
    add_common_args,
    add_generation_args,
    bench_customers,
    generate,
    open_registry,
    superuser_env,
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    add_generation_args(parser)
    args = parser.parse_args()
    registry = open_registry(args)

    with registry.cursor() as cr:
        env = superuser_env(cr)
        existing = bench_customers(env, args.prefix)
        if existing:
            raise SystemExit(
                f"{len(existing)} customers named {args.prefix!r}… exist already: use them, or "
                "pass another --prefix"
            )
        data, seconds, counts = generate(env, args)
        cr.commit()
        Summary(args.summary, "data").add(
            f"generate {len(data['partners'])} customers (committed)", seconds, "s", note=counts
        )


if __name__ == "__main__":
    main()
