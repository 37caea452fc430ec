"""Benchmark opening customer lists as the web client does: SQL queries and time per page.

SPEC §5: "opening a list of 1 000 customers with tier, rating and exposure columns issues a
bounded number of SQL queries (independent of the row count)". For each list below, the
field specification is built from the list view's arch as ``get_views`` returns it to the user
(fields the user may not read are already removed), the way the web client's
``getFieldsSpec`` does (many2one: ``display_name``; many2many tags: ``display_name`` and the
colour; monetary: its currency; images: ``write_date``), and the page is read with
``web_search_read`` (``count_limit`` 10 001 like the list view) with ``limit`` 80 (one page)
and 1 000, as an internal user with the credit manager group (not the superuser: access rules
and field groups apply):

- ``exposure``: the credit dashboard's "Exposure vs Limit" list
  (``res_partner_view_list_credit_exposure``: tier, rating, limit, exposure, available,
  hold, group, completeness);
- ``customers``: the customer list with the addon's columns (``base.view_partner_tree`` as the
  addon extends it: tier, ABC and value class, archive number, keeper, state, completeness);
- baseline ``odoo``: the same customer list without any column of the addon, plus Odoo's own
  ``credit`` (Total Receivable) — Odoo's list with Odoo's credit figure.

Every column is fetched, the ``optional="hide"`` ones too (an upper bound of what a user with
every column shown costs). The rows are the customers of the dashboard's domain (companies
and individuals without a parent, customer rank > 0), in the model's default order.

Prints per list and limit the SQL query count (the same in each round, or flagged) and the
median time of ``--rounds`` rounds (each with an empty record cache, as each request has).
When a list's count grows with the rows, each of its fields is measured alone to name the
ones that do (``--per-field``: every field alone, with its time). Nothing is written (the
bench user is rolled back). Usage::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_list.py -c "$ODOO_CONF" -d DB      # needs >= 1 000 customers
"""

import argparse
import ast
import time

from bench_common import (
    Summary,
    add_common_args,
    bench_user,
    median,
    open_registry,
    superuser_env,
    user_env,
)
from lxml import etree

DOMAIN = [("parent_id", "=", False), ("customer_rank", ">", 0)]
COUNT_LIMIT = 10001  # what the web client's list view asks for
ADDON = "partner_credit_archive"


def spec_from_view(env, view_xmlid):
    """(arch field names, web_search_read specification) of a list view, for ``env.user``."""
    Partner = env["res.partner"]
    views = Partner.get_views([(env.ref(view_xmlid).id, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    fields = views["models"]["res.partner"]["fields"]
    names = []
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        names.append(name)
        spec.update(field_spec(Partner, name, fields.get(name), node))
    return names, spec


def field_spec(model, name, description=None, node=None):
    """The specification the web client sends for one column (and what it depends on)."""
    field = model._fields[name]
    description = description or {}
    spec = {name: {}}
    if field.type in ("many2one", "reference"):
        spec[name] = {"fields": {"display_name": {}}}
    elif field.type in ("one2many", "many2many"):
        related = {"display_name": {}}
        options = node.get("options") if node is not None else None
        try:
            color = ast.literal_eval(options or "{}").get("color_field")
        except (ValueError, SyntaxError):
            color = None
        if color:
            related[color] = {}
        spec[name] = {"fields": related}
    elif field.type == "monetary":
        currency = description.get("currency_field") or field.get_currency_field(model)
        if currency and currency in model._fields:
            spec[currency] = {"fields": {"display_name": {}}}
    elif field.type == "binary":
        spec["write_date"] = {}
    return spec


def odoo_spec(env):
    """Odoo's own customer list (without the addon's columns) plus Odoo's ``credit``."""
    names, spec = spec_from_view(env, "base.view_partner_tree")
    Partner = env["res.partner"]
    spec = {
        name: value
        for name, value in spec.items()
        if ADDON not in getattr(Partner._fields[name], "_modules", ())
    }
    spec.update(field_spec(Partner, "credit"))
    return [name for name in names if name in spec] + ["credit"], spec


def measure(env, spec, limit, rounds):
    """(queries per round, median seconds, rows) of ``web_search_read`` of one page."""
    Partner = env["res.partner"]
    cr = env.cr
    counts, times, rows = [], [], 0
    for __ in range(rounds + 1):  # the first round fills the registry caches (ir.rule…)
        env.invalidate_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        result = Partner.web_search_read(
            DOMAIN, spec, offset=0, limit=limit, order="", count_limit=COUNT_LIMIT
        )
        times.append(time.perf_counter() - start)
        counts.append(cr.sql_log_count - queries)
        rows = len(result["records"])
    return counts[1:], median(times[1:]), rows


def per_field(env, spec, limits, rounds=1):
    """Each field of ``spec`` alone: {name: [(queries, seconds) per limit]}."""
    result = {}
    for name, sub in spec.items():
        result[name] = []
        for limit in limits:
            counts, seconds, __ = measure(env, {name: sub}, limit, rounds)
            result[name].append((counts[0], seconds))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser, prefix=False)
    parser.add_argument("--limits", default="80,1000", help="page sizes (default 80,1000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--per-field", action="store_true", help="measure every field alone, growing or not"
    )
    parser.add_argument(
        "--jit",
        choices=("on", "off"),
        help="SET jit for the session (default: the server's setting): PostgreSQL's JIT "
        "compiles queries whose estimated cost is high, which can cost more than running them",
    )
    args = parser.parse_args()
    limits = [int(limit) for limit in args.limits.split(",")]
    registry = open_registry(args)
    summary = Summary(args.summary, "list")
    with registry.cursor() as cr:
        env = superuser_env(cr)
        if args.jit:
            cr.execute(f"SET jit = {args.jit}")
        cr.execute("SHOW jit")
        print(f"PostgreSQL jit = {cr.fetchone()[0]}", flush=True)
        total = env["res.partner"].search_count(DOMAIN)
        print(f"{total} customers in the list's domain", flush=True)
        if total < max(limits):
            print(f"WARNING: fewer customers than the largest page ({max(limits)})", flush=True)
        uenv = user_env(env, bench_user(env))
        lists = {
            "odoo": odoo_spec(uenv),
            "customers": spec_from_view(uenv, "base.view_partner_tree"),
            "exposure": spec_from_view(uenv, f"{ADDON}.res_partner_view_list_credit_exposure"),
        }
        for key, (names, __) in lists.items():
            print(f"{key}: columns {', '.join(names)}", flush=True)
        results = {}
        for key, (__, spec) in lists.items():
            for limit in limits:
                counts, seconds, rows = measure(uenv, spec, limit, args.rounds)
                results[key, limit] = (counts[0], seconds)
                unstable = "" if len(set(counts)) == 1 else f" (rounds differ: {counts})"
                print(
                    f"{key:<10} limit {limit:5d}: {rows:5d} rows {counts[0]:5d} queries "
                    f"{seconds * 1000:9.1f} ms{unstable}",
                    flush=True,
                )
        small, large = min(limits), max(limits)
        for key, (__, spec) in lists.items():
            grows = results[key, large][0] - results[key, small][0]
            verdict = "bounded" if grows == 0 else f"GROWS by {grows}"
            print(f"{key}: queries {small} → {large} rows: {verdict}", flush=True)
            slowest = None
            if grows or args.per_field:
                # the fields that make the difference (or all of them with --per-field)
                for name, figures in per_field(uenv, spec, (small, large)).items():
                    (few, few_s), (many, many_s) = figures
                    if slowest is None or many_s > slowest[1]:
                        slowest = (name, many_s)
                    if args.per_field or few != many:
                        print(
                            f"    {name:<32} {few:3d} → {many:3d} queries "
                            f"{few_s * 1000:8.1f} → {many_s * 1000:8.1f} ms",
                            flush=True,
                        )
            note = (
                f"slowest column alone: {slowest[0]}, {slowest[1] * 1000:.0f} ms"
                if slowest
                else None
            )
            if key == "odoo":
                continue
            for limit in limits:
                queries, seconds = results[key, limit]
                base_queries, base_seconds = results["odoo", limit]
                label = f"{key} list, {limit} rows"
                baseline = f"Odoo's list + credit, {limit} rows"
                summary.add(
                    f"{label}: time",
                    seconds * 1000,
                    "ms",
                    baseline,
                    base_seconds * 1000,
                    note=note if limit == large else None,
                )
                summary.add(f"{label}: SQL queries", queries, "queries", baseline, base_queries)
            summary.add(
                f"{key} list: queries added from {small} to {large} rows",
                grows,
                "queries",
                "Odoo's list + credit",
                results["odoo", large][0] - results["odoo", small][0],
            )
        cr.rollback()


if __name__ == "__main__":
    main()
