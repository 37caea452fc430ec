"""Generate the benchmark data in bulk SQL and commit it: N customers with a year of history.

The same customers, orders, invoices and payments as ``bench_data.py`` (the plan of
``tools/history.py``: customers named "<prefix> 00001 (profile)"…, a confirmed order a month,
invoiced two days later on 30-day terms, paid or left open), but written with PostgreSQL's
``COPY`` into Odoo's own tables only, so that it also fills a database **without** the addon
(the multi-worker HTTP benchmark's baseline; the addon then installs on a clone of it, and
its install computes what it adds). 100 000 customers and their 1 000 000 order and invoice
lines take minutes instead of the hours of the ORM.

How: the ORM makes one customer, one confirmed order invoiced and paid and one left open
(Odoo's own ``_create_invoices``, ``action_post`` and *Register Payment*); every planned deal
copies those rows with its own ids, partner, dates, quantities and amounts (one currency, no
taxes: subtotal = total = residual), the order line ↔ invoice line links, and for paid
invoices the payment, its journal entry and the full reconciliation (partial + full
reconcile, matching number). Each chunk of customers is one transaction: ``COPY`` of what
differs into a temporary table, then ``INSERT … SELECT`` joined with the template row for
every other column. Names are numbered 1 000 000 + id, so later ORM documents keep numbering
after them. ``--verify`` then checks a sample of customers against Odoo's own computations:
every stored computed field of Odoo's modules on their partner, orders, order lines,
invoices, journal items, payments and reconciliations is recomputed by the ORM and compared
with what was written, and Odoo's ``credit``, ``debit``, ``credit_to_invoice`` and invoice counts
with the plan. Usage (from the repository root)::

    source scripts/odoo_env.sh
    "$PYTHON" scripts/bench_data_sql.py -c "$ODOO_CONF" -d DB --customers 100000 --verify

COMMITS: use a throw-away database (``scripts/bench.sh`` does).
"""

import argparse
import collections
import importlib.util
import io
import random
import time
from datetime import datetime
from datetime import time as day_time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: customers per transaction: a multiple of the 10 profiles and of the 7 volume steps of
#: tools/history.py, so that every chunk has the same mix as the whole
CHUNK = 7000
NUMBER_BASE = 1_000_000
PRICES = (100.0, 200.0, 300.0)
ANALYZED = (
    "res_partner",
    "sale_order",
    "sale_order_line",
    "sale_order_line_invoice_rel",
    "account_move",
    "account_move_line",
    "account_payment",
    "account_move__account_payment",
    "account_partial_reconcile",
    "account_full_reconcile",
)
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "skip_procurement": True,
}
#: stored computed fields the check leaves out: they depend on the moment or the user
#: (write dates, display names built from the context), not on the generated documents
UNCHECKED = {
    "display_name",
    "create_date",
    "write_date",
    "access_url",
    "access_token",
    "tax_totals",
}


def plan_module():
    """``tools/history.py``, loaded by path (plain Python; the addon need not be installed)."""
    spec = importlib.util.spec_from_file_location("pca_history", HERE.parent / "tools/history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------- COPY helpers


NULL, TRUE, FALSE = r"\N", "t", "f"  # COPY's text format (rows hold these, not None/bools)


class Loader:
    """Bulk inserts into one database: fresh ids, column types, ``COPY`` + template rows."""

    def __init__(self, cr):
        self.cr = cr
        self._types = {}

    def reserve(self, table, count):
        """``count`` fresh ids of ``table``'s sequence, as a range."""
        self.cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
        start = self.cr.fetchone()[0]
        if count > 1:
            self.cr.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + count - 1]
            )
        return range(start, start + count)

    def types(self, table):
        """{column: SQL type} of ``table``."""
        if table not in self._types:
            self.cr.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            self._types[table] = dict(self.cr.fetchall())
        return self._types[table]

    def _copy(self, temp, keys, rows):
        buffer = io.StringIO()
        write = buffer.write
        for row in rows:
            write("\t".join(map(str, row)))
            write("\n")
        buffer.seek(0)
        self.cr._obj.copy_expert(f"COPY {temp} ({', '.join(keys)}) FROM STDIN", buffer)

    def copy_rows(self, table, template_id, keys, rows):
        """Insert one copy of row ``template_id`` of ``table`` per tuple of ``rows`` (values
        of ``keys``, ``id`` first), the tuple's values replacing the template's."""
        if not rows:
            return 0
        types = self.types(table)
        temp = f"bench_copy_{table}"
        self.cr.execute(
            f"CREATE TEMP TABLE {temp} ({', '.join(f'{key} {types[key]}' for key in keys)})"
        )
        self._copy(temp, keys, rows)
        columns = list(types)
        select = ", ".join(f"v.{c}" if c in keys else f"t.{c}" for c in columns)
        self.cr.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "
            f"FROM {temp} v CROSS JOIN (SELECT * FROM {table} WHERE id = %s) t",
            [template_id],
        )
        count = self.cr.rowcount
        self.cr.execute(f"DROP TABLE {temp}")
        return count

    def copy_plain(self, table, keys, rows):
        """``COPY`` of ``rows`` straight into ``table`` (relation tables)."""
        if rows:
            self._copy(table, keys, rows)
        return len(rows)


def drop_indexes(cr, tables):
    """Drop the plain (not primary, not unique) indexes of ``tables``; returns their
    definitions, for ``create_indexes`` once loaded: building an index once is far cheaper
    than maintaining it row by row through millions of inserts."""
    cr.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indrelid "
        "WHERE c.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique",
        [list(tables)],
    )
    found = cr.fetchall()
    for name, __ in found:
        cr.execute(f"DROP INDEX {name}")
    return [definition for __, definition in found]


def create_indexes(cr, definitions):
    cr.execute("SET maintenance_work_mem = '256MB'")
    for definition in definitions:
        cr.execute(definition)


# ---------------------------------------------------------------------- templates


def make_templates(env, prefix):
    """The ORM-made documents every copy starts from; returns {kind: row id} and the
    products (in the order of ``PRICES``)."""
    env = env(context=dict(env.context, **QUIET))
    products = env["product.product"].create(
        [
            {
                "name": f"{prefix} coal grade {index + 1}",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": price,
                "taxes_id": [(5, 0, 0)],
            }
            for index, price in enumerate(PRICES)
        ]
    )
    # not "<prefix> …": the benchmarks find their customers by that name
    partner = env["res.partner"].create(
        {"name": f"{prefix}-data-template", "is_company": True, "customer_rank": 1}
    )
    term = env.ref("account.account_payment_term_30days", raise_if_not_found=False)
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "payment_term_id": term.id if term else False,
                "order_line": [
                    (0, 0, {"product_id": products[0].id, "product_uom_qty": 1, "price_unit": 1})
                ],
            }
            for __ in range(2)
        ]
    )
    if "credit_state" in orders._fields:
        # with the addon: a template is no credit decision (the copies are history)
        orders.sudo().write({"credit_state": "released"})
    orders.action_confirm()
    if "credit_state" in orders._fields:
        orders.sudo().write({"credit_state": "ok"})
    invoices = env["account.move"]
    for order in orders:
        invoice = order._create_invoices()
        invoice.invoice_date = order.date_order.date()
        invoice.action_post()
        invoices |= invoice
    paid, unpaid = invoices
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid.ids
    ).create({"payment_date": paid.invoice_date}).action_create_payments()
    env.flush_all()
    payment = paid.matched_payment_ids
    receivable = paid.line_ids.filtered(lambda aml: aml.display_type == "payment_term")
    partial = receivable.matched_credit_ids
    if len(payment) != 1 or not payment.move_id or len(partial) != 1 or paid.amount_residual:
        raise SystemExit("the template payment is not one journal entry reconciled in full")
    pay_lines = payment.move_id.line_ids
    tmpl = {
        "partner": partner.id,
        "order": orders[0].id,
        "order_line": orders[0].order_line.id,
        "payment": payment.id,
        "payment_move": payment.move_id.id,
        "liquidity": (pay_lines - partial.credit_move_id).id,
        "counterpart": partial.credit_move_id.id,
        "partial": partial.id,
        "full": partial.full_reconcile_id.id,
        "invoice_prefix": paid.sequence_prefix,
        "invoice_journal": paid.journal_id.id,
        "invoice_width": len(paid.name) - len(paid.sequence_prefix),
        "payment_prefix": payment.move_id.sequence_prefix,
        "payment_journal": payment.move_id.journal_id.id,
        "payment_width": len(payment.move_id.name) - len(payment.move_id.sequence_prefix),
        "year": paid.date.year,
    }
    for key, move in (("paid", paid), ("open", unpaid)):
        tmpl[key] = move.id
        tmpl[key + "_product"] = move.line_ids.filtered(
            lambda aml: aml.display_type == "product"
        ).id
        tmpl[key + "_term"] = move.line_ids.filtered(
            lambda aml: aml.display_type == "payment_term"
        ).id
    partner.action_archive()
    return tmpl, products


class Numbers:
    """Consecutive numbers of the generated invoices and payments, per sequence prefix of
    the templates' journals (``INV/2025/``, ``INV/2026/``…), after the last one in the
    database: Odoo sees no gap in them (``made_sequence_gap``)."""

    def __init__(self, cr, tmpl):
        self.cr, self.tmpl, self.last = cr, tmpl, {}

    def name(self, kind, year):
        """The next (name, prefix, number) of ``kind`` ("invoice" or "payment")."""
        key = (kind, year)
        if key not in self.last:
            prefix = self.tmpl[kind + "_prefix"].replace(str(self.tmpl["year"]), str(year))
            self.cr.execute(
                "SELECT COALESCE(MAX(sequence_number), 0) FROM account_move "
                "WHERE journal_id = %s AND sequence_prefix = %s",
                [self.tmpl[kind + "_journal"], prefix],
            )
            self.last[key] = [prefix, self.cr.fetchone()[0]]
        entry = self.last[key]
        entry[1] += 1
        prefix, number = entry
        return f"{prefix}{number:0{self.tmpl[kind + '_width']}d}", prefix, number


# ---------------------------------------------------------------------- rows


PARTNER_KEYS = (
    "id",
    "name",
    "complete_name",
    "commercial_partner_id",
    "commercial_company_name",
    "active",
    "customer_rank",
    "create_date",
    "write_date",
)
ORDER_KEYS = (
    "id",
    "name",
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "date_order",
    "amount_untaxed",
    "amount_total",
    "create_date",
    "write_date",
)
ORDER_LINE_KEYS = (
    "id",
    "order_id",
    "order_partner_id",
    "sequence",
    "product_id",
    "name",
    "product_uom_qty",
    "qty_delivered",
    "qty_invoiced",
    "price_unit",
    "technical_price_unit",
    "price_reduce_taxexcl",
    "price_reduce_taxinc",
    "price_subtotal",
    "price_total",
    "untaxed_amount_invoiced",
    "create_date",
    "write_date",
)
MOVE_KEYS = (
    "id",
    "name",
    "sequence_prefix",
    "sequence_number",
    "partner_id",
    "commercial_partner_id",
    "partner_shipping_id",
    "invoice_partner_display_name",
    "payment_reference",
    "invoice_origin",
    "date",
    "invoice_date",
    "invoice_date_due",
    "amount_untaxed",
    "amount_total",
    "amount_residual",
    "amount_untaxed_signed",
    "amount_untaxed_in_currency_signed",
    "amount_total_signed",
    "amount_total_in_currency_signed",
    "amount_residual_signed",
    "create_date",
    "write_date",
)
PRODUCT_LINE_KEYS = (
    "id",
    "move_id",
    "partner_id",
    "product_id",
    "name",
    "move_name",
    "date",
    "invoice_date",
    "quantity",
    "price_unit",
    "price_subtotal",
    "price_total",
    "credit",
    "balance",
    "amount_currency",
)
TERM_KEYS = (
    "id",
    "move_id",
    "partner_id",
    "name",
    "move_name",
    "date",
    "invoice_date",
    "date_maturity",
    "debit",
    "balance",
    "amount_currency",
    "amount_residual",
    "amount_residual_currency",
    "reconciled",
    "full_reconcile_id",
    "matching_number",
)
PAYMENT_KEYS = (
    "id",
    "move_id",
    "partner_id",
    "name",
    "memo",
    "date",
    "amount",
    "amount_company_currency_signed",
    "create_date",
    "write_date",
)
PAYMENT_MOVE_KEYS = (
    "id",
    "origin_payment_id",
    "name",
    "sequence_prefix",
    "sequence_number",
    "partner_id",
    "commercial_partner_id",
    "invoice_partner_display_name",
    "ref",
    "date",
    "amount_total",
    "amount_total_signed",
    "amount_total_in_currency_signed",
    "create_date",
    "write_date",
)
PAY_LINE_KEYS = (
    "id",
    "move_id",
    "payment_id",
    "partner_id",
    "move_name",
    "ref",
    "date",
    "date_maturity",
    "debit",
    "credit",
    "balance",
    "amount_currency",
    "amount_residual",
    "amount_residual_currency",
    "price_subtotal",
    "price_total",
    "reconciled",
    "full_reconcile_id",
    "matching_number",
)
PARTIAL_KEYS = (
    "id",
    "debit_move_id",
    "credit_move_id",
    "full_reconcile_id",
    "max_date",
    "amount",
    "debit_amount_currency",
    "credit_amount_currency",
    "create_date",
    "write_date",
)


def chunk_rows(tmpl, numbers, products, partner_ids, names, deals, ids, now):
    """Every row of one chunk: {table key: [tuples]} (see the ``*_KEYS``)."""
    rows = {
        key: []
        for key in (
            "partner",
            "order",
            "order_line",
            "paid",
            "open",
            "paid_product",
            "open_product",
            "paid_term",
            "open_term",
            "payment",
            "payment_move",
            "liquidity",
            "counterpart",
            "partial",
            "full",
            "links",
            "pay_links",
        )
    }
    for partner_id, name in zip(partner_ids, names, strict=True):
        rows["partner"].append(
            (partner_id, name, name, partner_id, name, TRUE, 1, now, now)
        )  # fmt: skip
    product_ids = [product.id for product in products]
    product_names = [product.display_name for product in products]
    ids_order, ids_move = ids["order"], ids["move"]
    next_line, next_aml = iter(ids["order_line"]).__next__, iter(ids["aml"]).__next__
    next_payment = iter(ids["payment"]).__next__
    next_pay_move = iter(ids["payment_move"]).__next__
    next_full, next_partial = iter(ids["full"]).__next__, iter(ids["partial"]).__next__
    for deal, order_id, move_id in zip(deals, ids_order, ids_move, strict=True):
        partner = partner_ids[deal["customer"]]
        partner_name = names[deal["customer"]]
        total, day, paid = deal["amount"], deal["invoice_date"], deal["paid"]
        order_name = f"S{NUMBER_BASE + order_id}"
        rows["order"].append(
            (order_id, order_name, partner, partner, partner,
             datetime.combine(deal["date"], day_time(10, 0)), total, total, now, now)
        )  # fmt: skip
        kind = "paid" if paid else "open"
        move_name, prefix, number = numbers.name("invoice", day.year)
        for sequence, (product, qty, price, delivered) in enumerate(deal["lines"]):
            line_id, aml_id = next_line(), next_aml()
            subtotal = qty * price
            rows["order_line"].append(
                (line_id, order_id, partner, 10 + sequence, product_ids[product],
                 product_names[product], qty, delivered, qty, price, price, price, price,
                 subtotal, subtotal, subtotal, now, now)
            )  # fmt: skip
            rows[kind + "_product"].append(
                (aml_id, move_id, partner, product_ids[product], product_names[product],
                 move_name, day, day, qty, price, subtotal, subtotal, subtotal, -subtotal,
                 -subtotal)
            )  # fmt: skip
            rows["links"].append((aml_id, line_id))
        term_id = next_aml()
        full_id = next_full() if paid else None
        residual = 0.0 if paid else total
        rows[kind + "_term"].append(
            (term_id, move_id, partner, move_name, move_name, day, day, deal["due"], total,
             total, total, residual, residual, TRUE if paid else FALSE, full_id or NULL,
             full_id or NULL)
        )  # fmt: skip
        rows[kind].append(
            (move_id, move_name, prefix, number, partner, partner, partner, partner_name,
             move_name, order_name, day, day, deal["due"], total, total, residual, total, total,
             total, total, residual, now, now)
        )  # fmt: skip
        if paid:
            payment_rows(rows, numbers, deal, partner, partner_name, move_id, move_name, term_id,
                         full_id, (next_payment(), next_pay_move(), next_aml(), next_aml(),
                                   next_partial()), now)  # fmt: skip
    return rows


def payment_rows(rows, numbers, deal, partner, partner_name, move_id, move_name, term_id,
                 full_id, new_ids, now):  # fmt: skip
    """The payment of one deal: the payment, its entry (liquidity + receivable counterpart)
    and its full reconciliation with the invoice's receivable line."""
    payment_id, pay_move_id, liquidity_id, counterpart_id, partial_id = new_ids
    total, day = deal["amount"], deal["paid"]
    name, prefix, number = numbers.name("payment", day.year)
    rows["payment"].append(
        (payment_id, pay_move_id, partner, name, move_name, day, total, total, now, now)
    )
    rows["payment_move"].append(
        (pay_move_id, payment_id, name, prefix, number, partner, partner, partner_name,
         move_name, day, total, total, total, now, now)
    )  # fmt: skip
    common = (pay_move_id, payment_id, partner, name, move_name, day, day)
    rows["liquidity"].append(
        (liquidity_id, *common, total, 0.0, total, total, total, total, total, total, FALSE,
         NULL, NULL)
    )  # fmt: skip
    rows["counterpart"].append(
        (counterpart_id, *common, 0.0, total, -total, -total, 0.0, 0.0, -total, -total, TRUE,
         full_id, full_id)
    )  # fmt: skip
    rows["full"].append((full_id, now, now))
    rows["partial"].append(
        (partial_id, term_id, counterpart_id, full_id, max(day, deal["invoice_date"]), total,
         total, total, now, now)
    )  # fmt: skip
    rows["pay_links"].append((move_id, payment_id))


def reserve_ids(loader, customers, deals):
    count = len(deals)
    lines = sum(len(deal["lines"]) for deal in deals)
    paid = sum(1 for deal in deals if deal["paid"])
    return {
        "partner": loader.reserve("res_partner", customers),
        "order": loader.reserve("sale_order", count),
        "move": loader.reserve("account_move", count),
        "order_line": loader.reserve("sale_order_line", lines),
        "aml": loader.reserve("account_move_line", 2 * lines + count + 2 * paid),
        "payment": loader.reserve("account_payment", paid),
        "payment_move": loader.reserve("account_move", paid),
        "full": loader.reserve("account_full_reconcile", paid),
        "partial": loader.reserve("account_partial_reconcile", paid),
    }


def insert_chunk(loader, tmpl, rows):
    """The chunk's rows into Odoo's tables (parents first); returns {table: rows}."""
    copy, counts = loader.copy_rows, {}

    def add(table, number):
        counts[table] = counts.get(table, 0) + number

    add("res_partner", copy("res_partner", tmpl["partner"], PARTNER_KEYS, rows["partner"]))
    add("sale_order", copy("sale_order", tmpl["order"], ORDER_KEYS, rows["order"]))
    add(
        "sale_order_line",
        copy("sale_order_line", tmpl["order_line"], ORDER_LINE_KEYS, rows["order_line"]),
    )
    add(
        "account_full_reconcile",
        copy("account_full_reconcile", tmpl["full"], ("id", "create_date", "write_date"),
             rows["full"]),
    )  # fmt: skip
    for kind in ("paid", "open"):
        add("account_move", copy("account_move", tmpl[kind], MOVE_KEYS, rows[kind]))
        add(
            "account_move_line",
            copy("account_move_line", tmpl[kind + "_product"], PRODUCT_LINE_KEYS,
                 rows[kind + "_product"]),
        )  # fmt: skip
        add(
            "account_move_line",
            copy("account_move_line", tmpl[kind + "_term"], TERM_KEYS, rows[kind + "_term"]),
        )
    add(
        "account_move",
        copy("account_move", tmpl["payment_move"], PAYMENT_MOVE_KEYS, rows["payment_move"]),
    )
    add("account_payment", copy("account_payment", tmpl["payment"], PAYMENT_KEYS, rows["payment"]))
    for kind in ("liquidity", "counterpart"):
        add("account_move_line", copy("account_move_line", tmpl[kind], PAY_LINE_KEYS, rows[kind]))
    add(
        "account_partial_reconcile",
        copy("account_partial_reconcile", tmpl["partial"], PARTIAL_KEYS, rows["partial"]),
    )
    add(
        "sale_order_line_invoice_rel",
        loader.copy_plain(
            "sale_order_line_invoice_rel", ("invoice_line_id", "order_line_id"), rows["links"]
        ),
    )
    add(
        "account_move__account_payment",
        loader.copy_plain(
            "account_move__account_payment", ("invoice_id", "payment_id"), rows["pay_links"]
        ),
    )
    return counts


# ---------------------------------------------------------------------- the generator


def generate(env, customers, months=12, seed=0, prefix="Bench", date_ref=None, commit=True,
             log=print):  # fmt: skip
    """Make ``customers`` customers with ``months`` months of history up to ``date_ref``
    (default today), by chunks of ``CHUNK`` customers, each committed when ``commit``
    (large loads drop the plain indexes of the tables they fill first and build them again
    at the end).

    :return: dict with ``partners`` (ids in order), ``expected`` ({partner id: (open
        receivable, invoices, paid invoices)}), ``counts`` ({table: rows}), ``templates``
    """
    cr = env.cr
    date_ref = date_ref or datetime.now().date()
    tmpl, products = make_templates(env, prefix)
    env.flush_all()
    state = {
        "partners": [],
        "expected": {},
        "counts": {},
        "templates": tmpl,
        "products": products,
        "date_ref": date_ref,
    }
    indexes = drop_indexes(cr, ANALYZED) if customers >= 2 * CHUNK else []
    if commit:
        cr.commit()
    try:
        for start in range(0, customers, CHUNK):
            _generate_chunk(env, state, start, min(CHUNK, customers - start), months, seed,
                            prefix, log)  # fmt: skip
            if commit:
                cr.commit()
    finally:
        if indexes:
            began = time.perf_counter()
            create_indexes(cr, indexes)
            if commit:
                cr.commit()
            log(f"{len(indexes)} indexes built again in {time.perf_counter() - began:.1f} s")
    env.invalidate_all()
    env.registry.clear_cache()
    return state


def _generate_chunk(env, state, start, size, months, seed, prefix, log):
    """Customers ``start`` to ``start + size`` (by position), their plan and their rows."""
    cr, tmpl = env.cr, state["templates"]
    history = plan_module()
    if "loader" not in state:
        state["loader"], state["numbers"] = Loader(cr), Numbers(cr, tmpl)
        state["now"] = datetime.now().replace(microsecond=0)
        cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        state["fast_fk"] = cr.fetchone()[0]
    loader = state["loader"]
    began = time.perf_counter()
    profiles = list(history.PROFILES)
    kinds = [profiles[(start + index) % len(profiles)] for index in range(size)]
    names = [f"{prefix} {start + index + 1:05d} ({kind})" for index, kind in enumerate(kinds)]
    deals = history.plan_history(
        [{"profile": kind} for kind in kinds],
        months,
        random.Random(f"{seed}/{start}").randrange(1 << 30),
        state["date_ref"],
        list(PRICES),
        lines_per_order=1,
    )
    ids = reserve_ids(loader, size, deals)
    partner_ids = list(ids["partner"])
    rows = chunk_rows(
        tmpl, state["numbers"], state["products"], partner_ids, names, deals, ids, state["now"]
    )
    if state["fast_fk"]:
        # consistent by construction: no per-row foreign key triggers (superuser only)
        cr.execute("SET LOCAL session_replication_role = replica")
    counts = state["counts"]
    for table, number in insert_chunk(loader, tmpl, rows).items():
        counts[table] = counts.get(table, 0) + number
    if state["fast_fk"]:
        cr.execute("SET LOCAL session_replication_role = DEFAULT")
    state["partners"] += partner_ids
    expected = state["expected"]
    for deal in deals:
        partner = partner_ids[deal["customer"]]
        due, count, paid = expected.get(partner, (0.0, 0, 0))
        expected[partner] = (
            due + (0.0 if deal["paid"] else deal["amount"]),
            count + 1,
            paid + bool(deal["paid"]),
        )
    log(
        f"customers {start + size:7d}: {len(deals)} deals in {time.perf_counter() - began:.1f} s",
    )


def analyze(cr):
    """Fresh statistics, as autovacuum would give them after such a load (the planner
    otherwise plans for the empty tables)."""
    for table in ANALYZED:
        cr.execute(f"ANALYZE {table}")


# ---------------------------------------------------------------------- the check


def _same(field, written, computed):
    if field.type in ("float", "monetary"):
        return abs((written or 0.0) - (computed or 0.0)) < 0.005
    if field.type in ("many2one", "one2many", "many2many"):
        return written == computed
    return (written or False) == (computed or False)


def _documents(env, partners):
    """{model: records}: ``partners`` and every document the generator makes for them."""
    orders = (
        env["sale.order"]
        .with_context(active_test=False)
        .search([("partner_id", "in", partners.ids)])
    )
    moves = env["account.move"].search([("partner_id", "in", partners.ids)])
    lines = moves.line_ids
    return {
        "res.partner": partners,
        "sale.order": orders,
        "sale.order.line": orders.order_line,
        "account.move": moves,
        "account.move.line": lines,
        "account.payment": env["account.payment"].search([("partner_id", "in", partners.ids)]),
        "account.partial.reconcile": lines.matched_credit_ids,
        "account.full.reconcile": lines.full_reconcile_id,
    }


def _recomputed(env, groups, our_module):
    """[(model, id, field name, written, computed)] where the ORM's recomputation of a
    stored computed field of Odoo's modules differs from the stored value."""
    env.flush_all()
    env.invalidate_all()
    written = {}
    for model, records in groups.items():
        checked = [
            field
            for field in records._fields.values()
            if field.store
            and field.compute
            and field.readonly  # computed defaults the user may change are input data
            and field.name not in UNCHECKED
            and field._module != our_module
            and field.type not in ("binary", "html", "properties")
        ]
        values = {rec.id: {field.name: rec[field.name] for field in checked} for rec in records}
        written[model] = (checked, values)
    env.invalidate_all()
    for model, records in groups.items():
        for field in written[model][0]:
            env.add_to_compute(field, records)
    found = []
    for model, records in groups.items():
        checked, values = written[model]
        for rec in records:
            for field in checked:
                if not _same(field, values[rec.id][field.name], rec[field.name]):
                    found.append(
                        (model, rec.id, field.name, values[rec.id][field.name], rec[field.name])
                    )
    env.invalidate_all()
    return found


def verify(env, partner_ids, expected, reference, sample=50, our_module="partner_credit_archive"):
    """Compare a sample of the generated customers with Odoo's own computations.

    Every stored computed field of Odoo's modules (not ``our_module``'s) on the sampled
    partners, their orders and lines, invoices and their lines, payments and reconciliations
    is recomputed by the ORM and compared with the value the generator wrote, except the
    fields whose recomputation also differs on the ORM-made documents of ``reference`` (the
    template customer: such a field is not a function of the stored data, e.g. a payment's
    ``outstanding_account_id``); then Odoo's ``credit``, ``debit``, ``credit_to_invoice``
    and invoice count with the plan ``expected``. Writes nothing (savepoints).

    :return: (mismatch messages (empty: Odoo agrees), the fields left out)
    """
    step = max(len(partner_ids) // sample, 1)
    partners = env["res.partner"].browse(partner_ids[::step][:sample])
    ref_docs = _documents(env, env["res.partner"].browse(reference))
    unstable = {
        (model, name)
        for model, __, name, __, __ in _rolled_back(env, _recomputed, ref_docs, our_module)
    }
    docs = _documents(env, partners)
    problems = [
        f"{model} {rec_id} {name}: written {old!r}, Odoo computes {new!r}"
        for model, rec_id, name, old, new in _rolled_back(env, _recomputed, docs, our_module)
        if (model, name) not in unstable
    ]
    moves = docs["account.move"]
    for partner in partners:
        due, count, __ = expected.get(partner.id, (0.0, 0, 0))
        if abs(partner.credit - due) > 0.005:
            problems.append(f"res.partner {partner.id}: credit {partner.credit}, planned {due}")
        if partner.debit or partner.credit_to_invoice:
            problems.append(
                f"res.partner {partner.id}: debit {partner.debit}, to invoice "
                f"{partner.credit_to_invoice}, planned none"
            )
        invoices = moves.filtered(
            lambda m, p=partner: m.partner_id == p and m.move_type == "out_invoice"
        )
        if len(invoices) != count:
            problems.append(f"res.partner {partner.id}: {len(invoices)} invoices, planned {count}")
    return problems, sorted(unstable)


def _rolled_back(env, func, *args):
    """``func(env, *args)`` in a savepoint rolled back afterwards (recomputed values and
    all), with an empty cache on both sides."""
    env.flush_all()
    env.cr.execute("SAVEPOINT bench_verify")
    try:
        return func(env, *args)
    finally:
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
        env.invalidate_all(flush=False)


def main():
    from bench_common import Summary, add_common_args, bench_customers, open_registry, superuser_env

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_common_args(parser)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verify", action="store_true", help="check a sample against Odoo")
    parser.add_argument("--sample", type=int, default=50, help="customers --verify checks")
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
        began = time.perf_counter()
        data = generate(
            env, args.customers, args.months, args.seed, args.prefix,
            log=lambda line: print(line, flush=True),
        )  # fmt: skip
        analyze(cr)
        cr.commit()
        seconds = time.perf_counter() - began
        counts = data["counts"]
        note = (
            f"{args.customers} customers, {counts.get('sale_order', 0)} orders, "
            f"{counts.get('sale_order_line', 0)} order lines, "
            f"{counts.get('account_move', 0)} invoices and payments, "
            f"{counts.get('account_move_line', 0)} journal items (SQL COPY)"
        )
        print(f"generated in {seconds:.1f} s: {note}", flush=True)
        Summary(args.summary, "data").add(
            f"generate {args.customers} customers in SQL (committed)", seconds, "s", note=note
        )
        if args.verify:
            began = time.perf_counter()
            problems, unstable = verify(
                env, data["partners"], data["expected"], data["templates"]["partner"], args.sample
            )
            print(
                "not checked (Odoo's own documents recompute differently too):",
                ", ".join(f"{model}.{name}" for model, name in unstable) or "none",
            )
            for problem in problems[:20]:
                print("MISMATCH", problem)
            kinds = collections.Counter(" ".join(p.split()[:1] + p.split()[2:3]) for p in problems)
            for kind, number in kinds.most_common():
                print(f"MISMATCH {number:6d} × {kind}")
            print(
                f"verify: {args.sample} customers against Odoo's computations: "
                f"{len(problems)} mismatches ({time.perf_counter() - began:.1f} s)",
                flush=True,
            )
            if problems:
                raise SystemExit(1)


if __name__ == "__main__":
    main()
