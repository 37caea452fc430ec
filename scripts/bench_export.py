"""Benchmark the XLSX exports: time, peak memory and file size, next to Odoo's ``credit``.

SPEC §5: "XLSX register of 20 000 customers in under 30 s in bounded memory". Measured on the
customers ``scripts/bench_data.py`` made (found by their name prefix), as an internal user with
the credit manager group, through the export wizard: its button (``action_export``: checks the
selection) and the workbook its read-only download route builds (``_export_file``), for:

- ``register``: the customer archive register (``_credit_archive_xlsx``: register, documents
  catalogue, grade history, credit decisions and credit reports sheets);
- ``aging``: the AR aging workbook (``_credit_aging_xlsx``);
- baseline ``credit``: Odoo computing ``credit`` for the same customers, batched by 1 000
  (each batch's customers read first: one query, as any screen showing them has done).

Each measure runs in its own process (so one measure's memory does not hide the next one's),
after a warm-up on 20 customers: a timed run, during which the growth of the process's peak
resident memory is taken (``resource.getrusage`` max RSS, its high-water mark reset first via
``/proc/self/clear_refs`` where Linux allows it), then a second run under ``tracemalloc`` for
the peak of Python allocations (tracemalloc slows Python down: that run is not timed).

Bounded memory shows by measuring at two scales: ``--customers 1000,2000`` measures the first
1 000 bench customers, then the first 2 000; a bounded export's peak does not double with the
customers (only the finished file, which is in memory as bytes, grows with them).
Everything is rolled back. Usage::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_export.py -c "$ODOO_CONF" -d DB                 # all bench customers
    "$PYTHON" scripts/bench_export.py -c "$ODOO_CONF" -d DB --customers 1000,2000
"""

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
import tracemalloc

from bench_common import (
    Summary,
    add_common_args,
    batches,
    bench_customers,
    bench_user,
    open_registry,
    require_customers,
    superuser_env,
    user_env,
)

MEASURES = ("credit", "register", "aging")
LABELS = {
    "credit": "Odoo credit (batches of 1 000)",
    "register": "XLSX archive register",
    "aging": "XLSX AR aging",
}
MB = 1024 * 1024


def max_rss():
    """The process's peak resident memory so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def reset_peak_rss():
    """Reset the kernel's high-water mark of resident memory to the current RSS (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def runner(env, uenv, kind, partners):
    """A callable doing one measure on ``partners`` (everything it needs made beforehand)."""
    partners = partners.with_env(uenv)
    if kind == "credit":

        def run():
            for batch in batches(partners):
                # the customers themselves first, as any screen has them: with a cold cache
                # Odoo's compute reads each customer without receivable one query at a time
                batch.fetch(["company_id"])
                batch.invalidate_recordset(["credit"])
                batch.mapped("credit")
            return None

        return run
    wizard = uenv["partner.credit.export.wizard"].create(
        {"export_type": kind, "partner_ids": [(6, 0, partners.ids)]}
    )
    env.flush_all()

    def run():
        wizard.action_export()  # the button: checks the selection, points to the route
        data, __ = wizard._export_file()  # what the read-only download route serves
        return len(data)

    return run


def measure_one(args):
    """In a child process: one measure on the first ``args.one_count`` bench customers."""
    registry = open_registry(args)
    with registry.cursor() as cr:
        env = superuser_env(cr)
        partners = bench_customers(env, args.prefix)[: args.one_count]
        require_customers(len(partners), args.prefix, args.one_count)
        uenv = user_env(env, bench_user(env))
        runner(env, uenv, args.one, partners[:20])()  # warm-up: imports, registry caches
        env.invalidate_all()

        run = runner(env, uenv, args.one, partners)
        env.invalidate_all()
        gc.collect()
        reset = reset_peak_rss()
        rss_before = max_rss()
        queries = cr.sql_log_count
        start = time.perf_counter()
        size = run()
        seconds = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        rss_growth = max_rss() - rss_before

        peak = None
        if not args.no_py_peak:
            run = runner(env, uenv, args.one, partners)
            env.invalidate_all()
            gc.collect()
            tracemalloc.start()
            run()
            __, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        cr.rollback()
    result = {
        "measure": args.one,
        "customers": len(partners),
        "seconds": seconds,
        "queries": queries,
        "rss_growth": rss_growth,
        "rss_reset": reset,
        "py_peak": peak,
        "size": size,
    }
    print("RESULT " + json.dumps(result), flush=True)


def spawn(args, kind, count):
    command = [
        sys.executable,
        __file__,
        "-c",
        args.config,
        "-d",
        args.database,
        "--prefix",
        args.prefix,
        "--one",
        kind,
        "--one-count",
        str(count),
        *(["--no-py-peak"] if args.no_py_peak else []),
    ]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise SystemExit(f"no result from {' '.join(command)}:\n{done.stdout}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument(
        "--customers",
        help="comma-separated numbers of bench customers to export (the first N of them); "
        "default: all of them",
    )
    parser.add_argument(
        "--no-py-peak",
        action="store_true",
        help="skip the second run under tracemalloc (the peak of Python allocations), which "
        "takes about three times the timed run: the resident memory growth of the timed run "
        "at two scales still shows whether memory is bounded",
    )
    parser.add_argument("--one", choices=MEASURES, help=argparse.SUPPRESS)
    parser.add_argument("--one-count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure_one(args)
        return
    registry = open_registry(args)
    with registry.cursor() as cr:
        available = len(bench_customers(superuser_env(cr), args.prefix))
    scales = [int(n) for n in args.customers.split(",")] if args.customers else [available]
    require_customers(available, args.prefix, max(scales))

    summary = Summary(args.summary, "export")
    results = {}
    print(
        f"{'customers':>9} {'measure':<32} {'s':>8} {'queries':>8} {'RSS +MB':>8} "
        f"{'py peak MB':>10} {'file MB':>8}",
        flush=True,
    )
    for count in scales:
        for kind in MEASURES:
            result = results[count, kind] = spawn(args, kind, count)
            size = f"{result['size'] / MB:8.2f}" if result["size"] else f"{'':8}"
            print(
                f"{count:9d} {LABELS[kind]:<32} {result['seconds']:8.2f} {result['queries']:8d} "
                f"{result['rss_growth'] / MB:8.1f} {(result['py_peak'] or 0) / MB:10.1f} {size}",
                flush=True,
            )
            if not result["rss_reset"]:
                print("  (peak RSS could not be reset: growth over the process's peak so far)")
    for count in scales:
        base = results[count, "credit"]
        baseline = f"Odoo credit, {count} customers"
        for kind in ("register", "aging"):
            result = results[count, kind]
            label = f"{LABELS[kind]}, {count} customers"
            summary.add(f"{label}: time", result["seconds"], "s", baseline, base["seconds"])
            if result["py_peak"] is not None:
                summary.add(
                    f"{label}: peak Python memory (tracemalloc)",
                    result["py_peak"] / MB,
                    "MB",
                    baseline,
                    base["py_peak"] / MB,
                )
            summary.add(
                f"{label}: peak RSS growth",
                result["rss_growth"] / MB,
                "MB",
                baseline,
                base["rss_growth"] / MB,
            )
            summary.add(f"{label}: file size", result["size"] / MB, "MB")
    if len(scales) > 1:
        small, large = min(scales), max(scales)
        print(f"memory at {large} customers / at {small} (2.0 = grows with the customers):")
        for kind in MEASURES:
            few, many = results[small, kind], results[large, kind]
            py_ratio = (
                many["py_peak"] / few["py_peak"]
                if few["py_peak"] and many["py_peak"]
                else float("nan")
            )
            rss_ratio = (
                many["rss_growth"] / few["rss_growth"] if few["rss_growth"] else float("nan")
            )
            print(
                f"  {LABELS[kind]:<32} python peak ×{py_ratio:.2f}, RSS growth ×{rss_ratio:.2f}, "
                f"time ×{many['seconds'] / few['seconds']:.2f}",
                flush=True,
            )
            if kind != "credit" and py_ratio == py_ratio:  # not NaN: both peaks measured
                summary.add(
                    f"{LABELS[kind]}: peak Python memory {large} / {small} customers",
                    py_ratio,
                    "×",
                    f"customers {large} / {small}",
                    large / small,
                )


if __name__ == "__main__":
    main()
