"""Benchmark pages through a real multi-worker Odoo server, with and without the addon.

SPEC §5.1: "through a real server with several workers, pages as a browser opens them: the
customer list and a quotation form with the banner in < 1.5 × the same pages without the
addon, measured with concurrent users".

Two databases with the same generated data (``bench_data_sql.py`` fills one without the
addon; ``bench.sh`` clones it and installs the addon on the clone). One Odoo server started
here, ``--workers`` processes (prefork, like production) and no cron, on free ports, serves
both; ``--users`` concurrent users per database log in over HTTP
(``/web/session/authenticate``) as an internal user (sales, read-only accounting, and in the
addon's database its credit manager group, so that every column and the banner show) and
request exactly what the web client requests:

- **customer list**: ``/web/dataset/call_kw/res.partner/web_search_read`` with the list
  view's field specification as ``get_views`` gives it to that user (every column, the
  optional ones too; ``bench_list.py`` builds it), the Customers menu's domain, 80 rows,
  ``count_limit`` 10 001;
- **quotation form**: ``/web/dataset/call_kw/sale.order/web_read`` of one order of a bench
  customer with open invoices, with the form view's specification (its order lines' list
  included), which with the addon carries the credit banner's fields.

The rounds alternate between the two databases (same machine load for both); each page's
median and 95th percentile per database and their ratio are printed and written to the
summary. ``--replica-check`` (``bench_replica.sh``) adds the export download, the as-of aging
and a confirmation, and prints which cursor (``ro``/``rw``) Odoo served each request on, from
its request log. Usage (from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_http.py -c "$ODOO_CONF" --base-db DB_WITHOUT --addon-db DB_WITH \\
        --workers 2 --users 4 --rounds 6
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
LOGIN, PASSWORD = "bench_http_user", "bench-http-password"
DOMAIN = [["parent_id", "=", False], ["customer_rank", ">", 0]]
PAGES = ("customer list", "quotation form")
EXPORT_CUSTOMERS = 2000  # the replica check's exports (the export benchmark has all of them)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------- preparation (ORM)


def _form_spec(model, node):
    """The web client's specification of the fields of a form ``node`` (x2many: the fields
    of their embedded list)."""
    spec = {}
    for child in node.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if child.tag != "field":
            spec.update(_form_spec(model, child))
            continue
        field = model._fields[child.get("name")]
        if field.type in ("many2one", "reference"):
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = child.find("list")
            comodel = model.env[field.comodel_name]
            spec[field.name] = {
                "fields": _form_spec(comodel, sub) if sub is not None else {"display_name": {}}
            }
        else:
            spec[field.name] = {}
    return spec


def prepare(conf, db, prefix, *odoo_args):
    """In ``db``: the bench user (made once, committed) and what its pages request: (list
    specification, form specification, order id, context)."""
    sys.path.insert(0, str(HERE))
    from bench_common import bench_customers  # noqa: PLC0415 (Odoo loads on demand)
    from bench_list import spec_from_view  # noqa: PLC0415
    from lxml import etree  # noqa: PLC0415

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", conf, "-d", db, "--log-level", "warn", *odoo_args])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", LOGIN)])
        groups = [
            "base.group_user",
            "sales_team.group_sale_salesman_all_leads",
            "account.group_account_readonly",
            "partner_credit_archive.group_credit_manager",
        ]
        group_ids = [env.ref(xmlid).id for xmlid in groups if env.ref(xmlid, False)]
        if not user:
            user = (
                env["res.users"]
                .with_context(no_reset_password=True, mail_create_nolog=True)
                .create(
                    {
                        "name": "Bench HTTP user",
                        "login": LOGIN,
                        "password": PASSWORD,
                        "group_ids": [(6, 0, group_ids)],
                        "company_id": env.company.id,
                        "company_ids": [(6, 0, [env.company.id])],
                    }
                )
            )
        uenv = env(user=user.id, context={"lang": "en_US", "tz": "UTC"})
        __, list_spec = spec_from_view(uenv, "base.view_partner_tree")
        Order = uenv["sale.order"]
        views = Order.get_views([(False, "form")])
        form_spec = _form_spec(Order, etree.fromstring(views["views"]["form"]["arch"]))
        # a customer with open invoices (a late payer: the banner has something to say)
        partners = bench_customers(env, prefix)
        payer = partners.filtered(lambda p: "late_payer" in p.name)[:1] or partners[:1]
        order = env["sale.order"].search([("partner_id", "=", payer.id)], order="id desc", limit=1)
        cr.commit()
        context = {
            "lang": "en_US",
            "tz": "UTC",
            "uid": user.id,
            "allowed_company_ids": [env.company.id],
            "bin_size": True,
        }
        product = env["sale.order.line"].search([("order_id", "=", order.id)], limit=1).product_id
        steady = partners.filtered(lambda p: "(steady)" in p.name)[:1] or partners[:1]
        return {
            "export_ids": partners[:EXPORT_CUSTOMERS].ids,
            "product_id": product.id,
            "steady_partner_id": steady.id,
            "list_spec": list_spec,
            "form_spec": form_spec,
            "order_id": order.id,
            "partner_id": payer.id,
            "context": context,
            "company_id": env.company.id,
        }


# ---------------------------------------------------------------------- the server


class Server:
    """An Odoo server in its own process group: ``--workers`` workers, no cron."""

    def __init__(self, python, odoo_bin, conf, dbs, workers, log_path, extra=()):
        self.port, self.gevent_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [
            python, odoo_bin, "-c", conf, "--http-port", str(self.port),
            "--gevent-port", str(self.gevent_port), "--workers", str(workers),
            "--max-cron-threads", "0", "--db-filter", f"^({'|'.join(dbs)})$",
            "--log-level", "warn", "--log-handler", "werkzeug:INFO",
            "--limit-time-real", "600", "--limit-time-cpu", "600", *extra,
        ]  # fmt: skip
        self.log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(  # noqa: S603
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait(self, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the Odoo server stopped; see {self.log_path}")
            try:
                if requests.get(f"{self.url}/web/health", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise SystemExit(f"the Odoo server did not answer in {timeout} s; see {self.log_path}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
        self.log.close()


# ---------------------------------------------------------------------- the users


class User:
    """One browser: its session cookie, the JSON-RPC calls the web client makes."""

    def __init__(self, url, db, page):
        self.url, self.db, self.page = url, db, page
        self.http = requests.Session()
        self.calls = 0

    def rpc(self, path, params):
        self.calls += 1
        payload = {"jsonrpc": "2.0", "method": "call", "id": self.calls, "params": params}
        response = self.http.post(f"{self.url}{path}", json=payload, timeout=600)
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"])[:2000])
        return body["result"]

    def login(self):
        self.rpc("/web/session/authenticate", {"db": self.db, "login": LOGIN, "password": PASSWORD})

    def call_kw(self, model, method, args, kwargs):
        kwargs = {"context": self.page["context"], **kwargs}
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def customer_list(self):
        result = self.call_kw(
            "res.partner", "web_search_read", [],
            {"domain": DOMAIN, "specification": self.page["list_spec"], "offset": 0,
             "limit": 80, "order": "", "count_limit": 10001},
        )  # fmt: skip
        assert len(result["records"]) == 80, result["length"]

    def quotation_form(self):
        [record] = self.call_kw(
            "sale.order", "web_read", [[self.page["order_id"]]],
            {"specification": self.page["form_spec"]},
        )  # fmt: skip
        assert record["id"] == self.page["order_id"]

    def timed(self, func):
        start = time.perf_counter()
        func()
        return time.perf_counter() - start


def run_users(users, per_user, times, key):
    """Every user opens the list then the form ``per_user`` times, all at once."""
    lock = threading.Lock()
    errors = []

    def browse(user):
        try:
            for __ in range(per_user):
                for page, func in zip(
                    PAGES, (user.customer_list, user.quotation_form), strict=False
                ):
                    seconds = user.timed(func)
                    with lock:
                        times[key, page].append(seconds)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=browse, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cursor_modes(log_path, since):
    """{request path: Counter of cursor modes} from the server's request log lines after
    byte ``since`` (Odoo ends each werkzeug line with the cursor mode: ro, rw, ro->rw)."""
    modes = defaultdict(Counter)
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        handle.seek(since)
        for line in handle:
            match = re.search(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" \d+ .* (ro->rw|ro|rw|-)\s*$', line)
            if match:
                path = match.group(1).split("?")[0]
                modes[re.sub(r"/\d+$", "/<id>", path)][match.group(2)] += 1
    return modes


def replica_stats(dsns, db):
    """{server: (transactions, rows read, rows written)} of ``db`` on each PostgreSQL."""
    import psycopg2  # noqa: PLC0415

    stats = {}
    for name, dsn in dsns.items():
        with psycopg2.connect(dsn) as cnx, cnx.cursor() as cr:
            cr.execute("SELECT pg_stat_clear_snapshot()")
            cr.execute(
                "SELECT xact_commit + xact_rollback, tup_returned + tup_fetched, "
                "tup_inserted + tup_updated + tup_deleted FROM pg_stat_database "
                "WHERE datname = %s",
                [db],
            )
            stats[name] = cr.fetchone()
        cnx.close()
    return stats


def replica_check(server, page, args):
    """The read-only paths and a confirmation through a server with a replica: which cursor
    served each request (Odoo's request log) and what each PostgreSQL did."""
    dsns = dict(item.split("=", 1) for item in args.replica_check)
    user = User(server.url, args.addon_db, page)
    user.login()
    time.sleep(2)
    log_start = os.path.getsize(server.log_path)
    before = replica_stats(dsns, args.addon_db)
    steps = []

    def step(label, func):
        start = time.perf_counter()
        func()
        steps.append((label, time.perf_counter() - start))

    for __ in range(3):
        step("customer list (web_search_read)", user.customer_list)
        step("quotation form with the banner (web_read)", user.quotation_form)

    def export(kind, date_ref=None):
        values = {"export_type": kind, "partner_ids": [[6, 0, page["export_ids"]]]}
        if date_ref:
            values["date_ref"] = date_ref
        wizard_id = user.call_kw("partner.credit.export.wizard", "create", [values], {})
        action = user.rpc(
            "/web/dataset/call_button/partner.credit.export.wizard/action_export",
            {"model": "partner.credit.export.wizard", "method": "action_export",
             "args": [[wizard_id]], "kwargs": {"context": page["context"]}},
        )  # fmt: skip
        response = user.http.get(f"{server.url}{action['url']}", timeout=600)
        response.raise_for_status()
        assert response.content[:2] == b"PK", response.text[:500]

    count = len(page["export_ids"])
    step(f"XLSX register of {count} customers (download route)", lambda: export("register"))
    step(
        f"AR aging of {count} customers as of six months ago (download route)",
        lambda: export("aging", args.as_of),
    )

    def confirm():
        [order] = user.call_kw(
            "sale.order", "web_save", [[], {
                "partner_id": page["steady_partner_id"],
                "order_line": [[0, 0, {"product_id": page["product_id"], "product_uom_qty": 1}]],
            }], {"specification": {"name": {}}},
        )  # fmt: skip
        user.rpc(
            "/web/dataset/call_button/sale.order/action_confirm",
            {"model": "sale.order", "method": "action_confirm", "args": [[order["id"]]],
             "kwargs": {"context": page["context"]}},
        )  # fmt: skip

    step("a quotation saved and confirmed (web_save, action_confirm)", confirm)
    time.sleep(2)  # PostgreSQL publishes its statistics at most once a second
    after = replica_stats(dsns, args.addon_db)
    for label, seconds in steps:
        print(f"{label:<58} {seconds * 1000:9.1f} ms", flush=True)
    print("\nwhich cursor Odoo served each request on (its request log):", flush=True)
    for path, modes in sorted(cursor_modes(server.log_path, log_start).items()):
        print(f"  {path:<70} {dict(modes)}", flush=True)
    print("\nwhat each PostgreSQL did meanwhile (pg_stat_database of the database):", flush=True)
    for name in dsns:
        delta = [a - b for a, b in zip(after[name], before[name], strict=True)]
        print(
            f"  {name:<8} {delta[0]:7d} transactions, {delta[1]:10d} rows read, "
            f"{delta[2]:7d} rows written",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--base-db", help="the same data without the addon")
    parser.add_argument("--addon-db", required=True)
    parser.add_argument("--prefix", default="Bench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=4, help="concurrent users per database")
    parser.add_argument("--rounds", type=int, default=6, help="alternations of the two databases")
    parser.add_argument("--per-user", type=int, default=3, help="list + form per user per round")
    parser.add_argument("--summary", metavar="FILE")
    parser.add_argument("--log", default=".build/bench/http_server.log")
    parser.add_argument(
        "--odoo-arg", action="append", default=[], help="extra Odoo option (repeatable)"
    )
    parser.add_argument(
        "--replica-check",
        nargs="+",
        metavar="NAME=DSN",
        help="instead of the comparison: the read-only paths and a confirmation on the addon's "
        "database, and what each PostgreSQL (primary=DSN replica=DSN) did",
    )
    parser.add_argument("--as-of", help="date of the as-of aging (--replica-check)")
    args = parser.parse_args()
    odoo_bin = os.environ["ODOO_BIN"]
    pages = {}
    dbs = [args.addon_db] if args.replica_check else [args.base_db, args.addon_db]
    for db in dbs:
        # a child process per database: one Odoo registry per process
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--prepare", args.config, db, args.prefix,
             *args.odoo_arg],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        pages[db] = json.loads(out.strip().splitlines()[-1])
    Path(args.log).parent.mkdir(parents=True, exist_ok=True)
    server = Server(
        sys.executable, odoo_bin, args.config, dbs, args.workers, args.log, args.odoo_arg
    )
    try:
        server.wait()
        if args.replica_check:
            replica_check(server, pages[args.addon_db], args)
        else:
            report(server, pages, args)
    finally:
        server.stop()


def report(server, pages, args):
    dbs = {"without the addon": args.base_db, "with the addon": args.addon_db}
    users = {}
    for key, db in dbs.items():
        users[key] = [User(server.url, db, pages[db]) for __ in range(args.users)]
        for user in users[key]:
            user.login()
        # warm-up: every worker loads the registry and fills its caches
        run_users(users[key], 2, defaultdict(list), key)
    print(
        f"server: {args.workers} workers; {args.users} concurrent users per database; "
        f"{args.rounds} rounds × {args.per_user} (list + form) per user",
        flush=True,
    )
    times = defaultdict(list)
    for __ in range(args.rounds):
        for key in dbs:
            run_users(users[key], args.per_user, times, key)
    summary = []
    for page in PAGES:
        base = times["without the addon", page]
        ours = times["with the addon", page]
        base_median, our_median = statistics.median(base), statistics.median(ours)
        ratio = our_median / base_median
        print(
            f"{page:<15} with the addon: median {our_median * 1000:7.1f} ms, p95 "
            f"{percentile(ours, 0.95) * 1000:7.1f} ms | without: median "
            f"{base_median * 1000:7.1f} ms, p95 {percentile(base, 0.95) * 1000:7.1f} ms | "
            f"ratio {ratio:.2f} × ({len(ours)} requests each)",
            flush=True,
        )
        summary.append(
            {
                "bench": "http",
                "measure": f"{page} via HTTP, {args.workers} workers, {args.users} users "
                f"(median; p95 {percentile(ours, 0.95) * 1000:.0f} ms)",
                "value": our_median * 1000,
                "unit": "ms",
                "baseline": f"same page without the addon (p95 "
                f"{percentile(base, 0.95) * 1000:.0f} ms)",
                "baseline_value": base_median * 1000,
                "note": f"{len(ours)} requests each",
            }
        )
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as handle:
            for line in summary:
                handle.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "--prepare":
        print(json.dumps(prepare(*sys.argv[2:])))
    else:
        main()
