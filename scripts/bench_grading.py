"""Benchmark tier grading against Odoo's own ``credit`` / ``credit_to_invoice``.

Builds N customers with ``partner.credit.history`` (fast SQL copies) in the given database —
or, with ``--existing``, takes the customers ``scripts/bench_data.py`` made (by their name
prefix) — then times, on the same customers and in the same run:

- ``_credit_kpis`` alone and full grading (KPIs + rules + writes + logs), batched by 1000
  like the monthly scheduled action;
- Odoo computing ``credit`` and ``credit_to_invoice`` for the same customers, batched by 1000.

Everything is rolled back at the end unless ``--keep`` (which commits the generated data and
the grading: ``make bench`` keeps the grading so the later benchmarks see real tiers). Usage
(from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_grading.py -c "$ODOO_CONF" -d DB --customers 2000 --months 12
    "$PYTHON" scripts/bench_grading.py -c "$ODOO_CONF" -d DB --existing   # after bench_data.py

The database must have the addon installed (e.g. ``scripts/dev_test.sh DB -k nothing``).
"""

import argparse
import cProfile
import os
import pstats
import resource
import time

from bench_common import (
    Summary,
    add_common_args,
    add_generation_args,
    batches,
    bench_customers,
    generate,
    open_registry,
    require_customers,
    superuser_env,
)


def max_rss_mb():
    """High-water mark of the process memory (MB): what a step adds to it is its peak."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profiled(func):
    """``func`` under cProfile; prints the 40 heaviest calls (cumulative time) after it, and
    saves the whole profile to ``$BENCH_PROFILE_OUT`` when set (for ``pstats``)."""

    def run():
        profiler = cProfile.Profile()
        value = profiler.runcall(func)
        pstats.Stats(profiler).strip_dirs().sort_stats("cumulative").print_stats(40)
        if os.environ.get("BENCH_PROFILE_OUT"):
            profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        return value

    return run


def timed(label, func, results, cr=None):
    queries = cr.sql_log_count if cr is not None else 0
    rss = max_rss_mb()
    start = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - start
    results[label, "queries"] = cr.sql_log_count - queries if cr is not None else None
    results[label, "rss"] = max_rss_mb() - rss
    extra = f" {results[label, 'queries']:8d} queries" if cr is not None else ""
    print(
        f"{label:<40} {results[label]:8.2f} s{extra}  peak RSS +{results[label, 'rss']:.0f} MB",
        flush=True,
    )
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    add_generation_args(parser)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="grade the customers named --prefix already in the database (bench_data.py) "
        "instead of generating --customers new ones",
    )
    parser.add_argument("--keep", action="store_true", help="commit the data and the grading")
    parser.add_argument(
        "--profile",
        choices=("kpis", "grading"),
        help="print a cProfile of that step (the KPIs, or the first grading): its time then "
        "includes the profiler's overhead",
    )
    parser.add_argument(
        "--only",
        choices=("kpis", "grading"),
        help="time Odoo's credit and that step only (the KPIs, or the first grading)",
    )
    args = parser.parse_args()
    registry = open_registry(args)

    results = {}
    with registry.cursor() as cr:
        env = superuser_env(cr)
        if args.existing:
            partners = bench_customers(env, args.prefix)
            require_customers(len(partners), args.prefix)
            print(f"{len(partners)} existing customers named {args.prefix!r}…", flush=True)
        else:
            data, results["generate data"], __ = generate(env, args)
            partners = data["partners"]
            if args.keep:
                cr.commit()

        def odoo_credit():
            for batch in batches(partners):
                # read as a list view does (Odoo's credit otherwise reads company_id one
                # customer at a time, which would flatter the ratios below)
                batch.fetch(["company_id"])
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

        if args.profile == "kpis":
            kpis = profiled(kpis)
        elif args.profile == "grading":
            grade = profiled(grade)
        env.invalidate_all()
        timed("Odoo credit + credit_to_invoice", odoo_credit, results, cr)
        if args.only:
            env.invalidate_all()
            label = "KPIs (_credit_kpis)" if args.only == "kpis" else "grading (_credit_grade)"
            timed(label, kpis if args.only == "kpis" else grade, results, cr)
            env.invalidate_all()
            timed("Odoo credit + credit_to_invoice (again)", odoo_credit, results, cr)
            cr.rollback()
            return
        env.invalidate_all()
        timed("KPIs (_credit_kpis)", kpis, results, cr)
        env.invalidate_all()
        changed = timed("grading (_credit_grade)", grade, results, cr)
        env.invalidate_all()
        timed("grading again (nothing changes)", grade, results, cr)
        env.invalidate_all()
        timed("Odoo credit + credit_to_invoice (again)", odoo_credit, results, cr)
        odoo_time = min(
            results["Odoo credit + credit_to_invoice"],
            results["Odoo credit + credit_to_invoice (again)"],
        )
        print(f"tier changes: {changed}")
        print(f"grading / Odoo credit ratio: {results['grading (_credit_grade)'] / odoo_time:.1f}")
        print(f"KPIs / Odoo credit ratio: {results['KPIs (_credit_kpis)'] / odoo_time:.1f}")
        summary = Summary(args.summary, "grading")
        baseline = f"Odoo credit + credit_to_invoice, {len(partners)} customers"
        for label, measure in (
            ("KPIs (_credit_kpis)", "KPIs"),
            ("grading (_credit_grade)", f"first grading ({changed} tier changes)"),
            ("grading again (nothing changes)", "grading again (nothing changes)"),
        ):
            summary.add(
                f"{measure}, {len(partners)} customers", results[label], "s", baseline, odoo_time
            )
            summary.add(
                f"{measure}: SQL queries",
                results[label, "queries"],
                "queries",
                baseline,
                results["Odoo credit + credit_to_invoice", "queries"],
            )
            summary.add(
                f"{measure}: peak memory growth (max RSS)",
                results[label, "rss"],
                "MB",
                baseline,
                results["Odoo credit + credit_to_invoice", "rss"],
            )
        if args.keep:
            cr.commit()
        else:
            cr.rollback()


if __name__ == "__main__":
    main()
