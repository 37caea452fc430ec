"""Realistic customer histories for tests and benchmarks.

``generate(env, customers=..., months=..., seed=...)`` creates customers with months of
confirmed sale orders (delivered quantities set by hand: there is no stock module), posted
invoices linked to the order lines, and payments reconciled with them — through the ORM, in
batches, with two SQL updates where the ORM would cost one query per record (order dates and
delivered quantities, after which the dependent stored fields are recomputed by the ORM).

Customers follow profiles (cycled in order, so any sample of consecutive customers has the
same mix) that land in known tiers under the default thresholds:

=============  ==========================================================================
steady         every month, volume ±5 %, 98 % delivered, pays on time   → strategic*/long-term
good           every month, volume ±12 %, 87 % delivered, pays on time  → long-term
market         every month, volume ±18 %, 82 % delivered, pays late     → market
weak           every month, volume ±30 %, 70 % delivered                → potential
erratic        every third month only                                   → eliminated (erratic)
inactive       steady, but nothing in the last ~45 days                  → one tier down
lapsed         steady, but nothing in the last ~4 months                 → potential
new            only the last two months                                  → potential (probation)
late_payer     steady, an invoice unpaid for more than 90 days           → eliminated (overdue)
prospect       no orders                                                 → potential
=============  ==========================================================================

(*) strategic also needs a credit rating ≥ A.
"""

import calendar
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.tools import SQL

# how a customer buys and pays: the same profiles as the demo data
from odoo.addons.partner_credit_archive.models.res_partner_demo import PROFILES

CHUNK = 500


def _month_days(day, months_back):
    """First days of the ``months_back`` months before ``day``'s month, then that month."""
    index = day.year * 12 + day.month - 1
    return [date((i // 12), i % 12 + 1, 1) for i in range(index - months_back, index + 1)]


def _quiet_env(env):
    return env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            mail_auto_subscribe_no_notify=True,
        )
    )


def products(env, count=3):
    """Storable-free goods invoiced on ordered quantities, without taxes."""
    return _quiet_env(env)["product.product"].create(
        [
            {
                "name": f"Coal grade {index + 1}",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": 100.0 * (index + 1),
                "taxes_id": [(6, 0, [])],
            }
            for index in range(count)
        ]
    )


def make_orders(env, specs):
    """Confirmed orders from ``specs``: dicts with ``partner`` (record), ``date`` (date or
    datetime), ``lines``: ``[(product, qty, price, delivered qty)]``. Returns the orders in the
    order of ``specs``."""
    env = _quiet_env(env)
    orders = env["sale.order"]
    for start in range(0, len(specs), CHUNK):
        chunk = specs[start : start + CHUNK]
        batch = env["sale.order"].create(
            [
                {
                    "partner_id": spec["partner"].id,
                    "order_line": [
                        (0, 0, {"product_id": p.id, "product_uom_qty": q, "price_unit": price})
                        for p, q, price, __ in spec["lines"]
                    ],
                }
                for spec in chunk
            ]
        )
        batch.action_confirm()
        orders |= batch
    # dates and delivered quantities: one UPDATE each, then let the ORM recompute what
    # depends on them
    dates, delivered = [], []
    for order, spec in zip(orders, specs, strict=True):
        when = spec["date"]
        if not isinstance(when, datetime):
            when = datetime.combine(when, time(10, 0))
        dates.append((order.id, when))
        for line, (__, __, __, qty) in zip(order.order_line, spec["lines"], strict=True):
            delivered.append((line.id, qty))
    env.flush_all()
    for table, column, rows in (
        ("sale_order", "date_order", dates),
        ("sale_order_line", "qty_delivered", delivered),
    ):
        for start in range(0, len(rows), 5000):
            values = SQL(", ").join(SQL("(%s, %s)", *row) for row in rows[start : start + 5000])
            env.cr.execute(
                SQL(
                    "UPDATE %s t SET %s = v.value FROM (VALUES %s) AS v(id, value) "
                    "WHERE t.id = v.id",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    values,
                )
            )
    lines = orders.order_line
    env.invalidate_all()
    orders.modified(["date_order"])
    lines.modified(["qty_delivered"])
    env.flush_all()
    return orders


def make_invoices(env, specs):
    """Posted customer invoices from ``specs``: dicts with ``orders`` (same partner) and
    ``date``; each invoices the ordered quantities of its orders, linked to their lines."""
    env = _quiet_env(env)
    term = env.ref("account.account_payment_term_30days", raise_if_not_found=False)
    moves = env["account.move"]
    specs = sorted(specs, key=lambda spec: spec["date"])
    for start in range(0, len(specs), CHUNK):
        chunk = specs[start : start + CHUNK]
        batch = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": spec["orders"][:1].partner_id.id,
                    "invoice_date": spec["date"],
                    "invoice_payment_term_id": term.id if term else False,
                    "invoice_origin": ", ".join(spec["orders"].mapped("name")),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "quantity": line.product_uom_qty,
                                "price_unit": line.price_unit,
                                "tax_ids": [(6, 0, [])],
                                "sale_line_ids": [(6, 0, line.ids)],
                            },
                        )
                        for line in spec["orders"].order_line
                    ],
                }
                for spec in chunk
            ]
        )
        batch.action_post()
        moves |= batch
    return moves


def pay(env, payments):
    """Register full payments: ``[(invoice, payment date)]``; one wizard per date."""
    env = _quiet_env(env)
    by_date = defaultdict(list)
    for invoice, when in payments:
        by_date[when].append(invoice.id)
    for when, invoice_ids in sorted(by_date.items()):
        for start in range(0, len(invoice_ids), CHUNK):
            ids = invoice_ids[start : start + CHUNK]
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=ids
            ).create({"payment_date": when, "group_payment": False}).action_create_payments()


def _plan(rng, partners, profile_of, goods, date_ref, months, lines_per_order):
    """What each customer buys, when it is invoiced and when (if) it pays: a list of dicts
    with ``partner``, ``date``, ``lines`` (see :func:`make_orders`), ``invoice_date``,
    ``due`` (30 days later, the payment term used) and ``paid`` (date or None)."""
    month_days = _month_days(date_ref, months)
    plan = []
    for index, partner in enumerate(partners):
        profile = PROFILES[profile_of[partner.id]]
        if profile.get("orders") is False:
            continue
        base = rng.choice((20, 40, 80, 160)) * (1 + index % 7)
        recent = profile.get("recent_months")
        quiet = date_ref - timedelta(days=profile.get("quiet_days", 0))
        for number, first in enumerate(month_days):
            if recent and number < len(month_days) - 1 - recent:
                continue
            if profile.get("every") and (len(month_days) - 1 - number) % profile["every"]:
                continue
            if first == month_days[-1]:  # this month: an order before the reference day
                if date_ref.day < 2:
                    continue
                when = first + timedelta(days=rng.randint(0, date_ref.day - 2))
            else:
                last_day = calendar.monthrange(first.year, first.month)[1]
                when = first + timedelta(days=rng.randint(0, min(last_day, 28) - 1))
            if first > quiet:
                continue
            when = min(when, quiet)  # the last order falls on the quiet date at the latest
            swing = profile["swing"] if number % 2 else -profile["swing"]
            qty = round(base * (1 + swing) * (3 if profile.get("every") else 1))
            lines = []
            for line_no in range(lines_per_order):
                product = goods[(index + line_no) % len(goods)]
                share = max(round(qty / lines_per_order), 1)
                delivered = round(share * profile["delivered"] * rng.uniform(0.99, 1.01), 2)
                lines.append((product, share, product.list_price, min(delivered, share)))
            invoice_date = min(when + timedelta(days=2), date_ref)
            due = invoice_date + timedelta(days=30)
            paid = max(due + timedelta(days=rng.randint(*profile["late_days"])), invoice_date)
            if paid > date_ref or (
                profile.get("unpaid_days")
                and due < date_ref - timedelta(days=profile["unpaid_days"])
            ):
                paid = None  # not yet, or a bad payer's oldest invoices stay open
            plan.append(
                {
                    "partner": partner,
                    "date": when,
                    "lines": lines,
                    "invoice_date": invoice_date,
                    "due": due,
                    "paid": paid,
                }
            )
    return plan


def generate(env, customers=50, months=12, seed=0, date_ref=None, lines_per_order=1,
             profiles=None, payments=True, name="Customer", fast=True):  # fmt: skip
    """Customers with ``months`` months of history up to ``date_ref`` (default today).

    ``fast`` writes orders, invoices and payments as SQL copies of one order, invoice and
    payment made by the ORM (see :func:`_build_sql`); ``fast=False`` makes every record with
    the ORM (slow: about a second per paid invoice here). Both give the same data.

    :return: dict with ``partners`` (recordset), ``profile`` ({partner id: profile name}),
        ``orders`` and ``invoices`` (recordsets)
    """
    rng = random.Random(seed)
    env = _quiet_env(env)
    date_ref = date_ref or fields.Date.context_today(env.user)
    profiles = profiles or list(PROFILES)
    goods = products(env)
    partners = env["res.partner"].create(
        [
            {
                "name": f"{name} {index + 1:05d} ({profiles[index % len(profiles)]})",
                "is_company": True,
                "customer_rank": 1,
            }
            for index in range(customers)
        ]
    )
    profile_of = {
        partner.id: profiles[index % len(profiles)] for index, partner in enumerate(partners)
    }
    plan = _plan(rng, partners, profile_of, goods, date_ref, months, lines_per_order)
    if not payments:
        for deal in plan:
            deal["paid"] = None
    if fast:
        orders, invoices = _build_sql(env, plan, goods)
    else:
        orders = make_orders(env, plan)
        invoices = make_invoices(
            env,
            [
                {"orders": order, "date": deal["invoice_date"]}
                for order, deal in zip(orders, plan, strict=True)
            ],
        )
        by_order = {invoice.invoice_origin: invoice for invoice in invoices}
        pay(
            env,
            [
                (by_order[order.name], deal["paid"])
                for order, deal in zip(orders, plan, strict=True)
                if deal["paid"]
            ],
        )
    return {"partners": partners, "profile": profile_of, "orders": orders, "invoices": invoices}


# --------------------------------------------------------------------------- SQL copies


def _columns(env, table):
    env.cr.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    return dict(env.cr.fetchall())


def _new_ids(env, table, count):
    env.cr.execute(
        SQL(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            table,
            count,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def _copy_rows(env, table, template_id, rows):
    """Insert a copy of row ``template_id`` of ``table`` per dict of ``rows`` (all with the
    same keys, ``id`` included), the dict's values replacing the template's."""
    if not rows:
        return
    columns = _columns(env, table)
    keys = list(rows[0])
    select = SQL(", ").join(
        SQL("v.%s", SQL.identifier(column))
        if column in keys
        else SQL("t.%s", SQL.identifier(column))
        for column in ["id", *columns]
    )
    casts = {key: SQL(columns.get(key, "integer")) for key in keys}
    for start in range(0, len(rows), 2000):
        values = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(SQL("%s::%s", row[key], casts[key]) for key in keys),
            )
            for row in rows[start : start + 2000]
        )
        env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM (VALUES %s) AS v(%s) JOIN %s t ON t.id = %s",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(column) for column in ["id", *columns]),
                select,
                values,
                SQL(", ").join(SQL.identifier(key) for key in keys),
                SQL.identifier(table),
                template_id,
            )
        )


def _insert_pairs(env, table, columns, rows):
    for start in range(0, len(rows), 5000):
        env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL(", ").join(SQL("(%s, %s)", *row) for row in rows[start : start + 5000]),
            )
        )


def _build_sql(env, plan, goods):
    """Orders, invoices and payments of ``plan`` as copies of ORM-made templates.

    The ORM makes one confirmed order, invoiced and paid, and one invoice left open, for an
    archived template customer; every planned deal copies those rows with its own partner,
    dates, quantities and amounts, keeping all amounts consistent (one currency, no taxes:
    subtotal = total = residual), the reconciliation (partial + full) of paid invoices and the
    order line ↔ invoice line links. Names get their own sequence numbers (prefix/number
    from 1 000 000 + id) so later ORM documents keep numbering after them.
    """
    if not plan:
        return env["sale.order"], env["account.move"]
    template_partner = env["res.partner"].create(
        {"name": "Data generator template", "is_company": True}
    )
    product = goods[0]
    start = plan[0]["invoice_date"]
    order_tmpl = make_orders(
        env, [{"partner": template_partner, "date": start, "lines": [(product, 1, 1.0, 1)]}]
    )
    open_tmpl = make_orders(
        env, [{"partner": template_partner, "date": start, "lines": [(product, 1, 1.0, 1)]}]
    )
    paid_inv, open_inv = make_invoices(
        env,
        [{"orders": order_tmpl, "date": start}, {"orders": open_tmpl, "date": start}],
    ).sorted("id")
    if paid_inv.invoice_origin != order_tmpl.name:
        paid_inv, open_inv = open_inv, paid_inv
    pay(env, [(paid_inv, start)])
    payment = env["account.payment"].search([("partner_id", "=", template_partner.id)], limit=1)
    env.flush_all()
    tmpl = {
        "order": order_tmpl.id,
        "order_line": order_tmpl.order_line.id,
        "paid": paid_inv.id,
        "open": open_inv.id,
        "payment": payment.id,
        "payment_move": payment.move_id.id,
    }
    for key, move in (("paid", paid_inv), ("open", open_inv)):
        tmpl[key + "_product"] = move.line_ids.filtered(
            lambda aml: aml.display_type == "product"
        ).id
        tmpl[key + "_term"] = move.line_ids.filtered(
            lambda aml: aml.display_type == "payment_term"
        ).id
    receivable = paid_inv.line_ids.filtered(
        lambda aml: aml.display_type == "payment_term"
    ).account_id
    tmpl["liquidity"] = payment.move_id.line_ids.filtered(
        lambda aml: aml.account_id != receivable
    ).id
    tmpl["counterpart"] = payment.move_id.line_ids.filtered(
        lambda aml: aml.account_id == receivable
    ).id
    partial = env["account.partial.reconcile"].search(
        [("debit_move_id", "=", tmpl["paid_term"])], limit=1
    )
    template_partner.action_archive()

    count = len(plan)
    line_count = sum(len(deal["lines"]) for deal in plan)
    paid_count = sum(1 for deal in plan if deal["paid"])
    order_ids = _new_ids(env, "sale_order", count)
    order_line_ids = iter(_new_ids(env, "sale_order_line", line_count))
    move_ids = _new_ids(env, "account_move", count)
    aml_ids = iter(_new_ids(env, "account_move_line", line_count + count + 2 * paid_count))
    payment_ids = iter(_new_ids(env, "account_payment", paid_count))
    payment_move_ids = iter(_new_ids(env, "account_move", paid_count))
    full_ids = iter(_new_ids(env, "account_full_reconcile", paid_count))
    partial_ids = iter(_new_ids(env, "account_partial_reconcile", paid_count))

    orders, order_lines, moves = [], [], {"paid": [], "open": []}
    inv_lines, terms = {"paid": [], "open": []}, {"paid": [], "open": []}
    links, pay_rows, pay_moves, liquidity, counterparts, fulls, partials, pay_links = (
        [] for __ in range(8)
    )
    for deal, order_id, move_id in zip(plan, order_ids, move_ids, strict=True):
        partner = deal["partner"].id
        total = sum(qty * price for __, qty, price, __ in deal["lines"])
        order_name = f"S{1_000_000 + order_id}"
        orders.append(
            {
                "id": order_id,
                "name": order_name,
                "partner_id": partner,
                "partner_invoice_id": partner,
                "partner_shipping_id": partner,
                "date_order": datetime.combine(deal["date"], time(10, 0)),
                "amount_untaxed": total,
                "amount_total": total,
            }
        )
        kind = "paid" if deal["paid"] else "open"
        year = deal["invoice_date"].year
        number = 1_000_000 + move_id
        move_name = f"INV/{year}/{number}"
        full_id = next(full_ids) if deal["paid"] else None
        for sequence, (prod, qty, price, delivered) in enumerate(deal["lines"]):
            line_id = next(order_line_ids)
            subtotal = qty * price
            order_lines.append(
                {
                    "id": line_id,
                    "order_id": order_id,
                    "order_partner_id": partner,
                    "sequence": 10 + sequence,
                    "product_id": prod.id,
                    "name": prod.display_name,
                    "product_uom_qty": qty,
                    "qty_delivered": delivered,
                    "qty_invoiced": qty,
                    "price_unit": price,
                    "technical_price_unit": price,
                    "price_reduce_taxexcl": price,
                    "price_reduce_taxinc": price,
                    "price_subtotal": subtotal,
                    "price_total": subtotal,
                    "untaxed_amount_invoiced": subtotal,
                }
            )
            aml_id = next(aml_ids)
            inv_lines[kind].append(
                {
                    "id": aml_id,
                    "move_id": move_id,
                    "partner_id": partner,
                    "product_id": prod.id,
                    "name": prod.display_name,
                    "move_name": move_name,
                    "date": deal["invoice_date"],
                    "invoice_date": deal["invoice_date"],
                    "quantity": qty,
                    "price_unit": price,
                    "price_subtotal": subtotal,
                    "price_total": subtotal,
                    "credit": subtotal,
                    "balance": -subtotal,
                    "amount_currency": -subtotal,
                }
            )
            links.append((aml_id, line_id))
        term_id = next(aml_ids)
        terms[kind].append(
            {
                "id": term_id,
                "move_id": move_id,
                "partner_id": partner,
                "name": move_name,
                "move_name": move_name,
                "date": deal["invoice_date"],
                "invoice_date": deal["invoice_date"],
                "date_maturity": deal["due"],
                "debit": total,
                "balance": total,
                "amount_currency": total,
                "amount_residual": 0.0 if deal["paid"] else total,
                "amount_residual_currency": 0.0 if deal["paid"] else total,
                "full_reconcile_id": full_id,
                "matching_number": str(full_id) if full_id else None,
            }
        )
        moves[kind].append(
            {
                "id": move_id,
                "name": move_name,
                "sequence_prefix": f"INV/{year}/",
                "sequence_number": number,
                "partner_id": partner,
                "commercial_partner_id": partner,
                "partner_shipping_id": partner,
                "invoice_partner_display_name": deal["partner"].name,
                "payment_reference": move_name,
                "invoice_origin": order_name,
                "date": deal["invoice_date"],
                "invoice_date": deal["invoice_date"],
                "invoice_date_due": deal["due"],
                "amount_untaxed": total,
                "amount_total": total,
                "amount_residual": 0.0 if deal["paid"] else total,
                "amount_untaxed_signed": total,
                "amount_untaxed_in_currency_signed": total,
                "amount_total_signed": total,
                "amount_total_in_currency_signed": total,
                "amount_residual_signed": 0.0 if deal["paid"] else total,
            }
        )
        if not deal["paid"]:
            continue
        payment_id, pay_move_id = next(payment_ids), next(payment_move_ids)
        pay_number = 1_000_000 + pay_move_id
        pay_name = f"PBNK1/{deal['paid'].year}/{pay_number}"
        pay_rows.append(
            {
                "id": payment_id,
                "move_id": pay_move_id,
                "partner_id": partner,
                "name": pay_name,
                "memo": move_name,
                "date": deal["paid"],
                "amount": total,
                "amount_company_currency_signed": total,
            }
        )
        pay_moves.append(
            {
                "id": pay_move_id,
                "origin_payment_id": None,  # set once the payment exists
                "name": pay_name,
                "sequence_prefix": f"PBNK1/{deal['paid'].year}/",
                "sequence_number": pay_number,
                "partner_id": partner,
                "commercial_partner_id": partner,
                "invoice_partner_display_name": deal["partner"].name,
                "ref": move_name,
                "date": deal["paid"],
                "amount_total": total,
                "amount_total_signed": total,
                "amount_total_in_currency_signed": total,
            }
        )
        common = {
            "move_id": pay_move_id,
            "payment_id": payment_id,
            "partner_id": partner,
            "move_name": pay_name,
            "ref": move_name,
            "date": deal["paid"],
            "date_maturity": deal["paid"],
        }
        liquidity.append(
            {
                "id": next(aml_ids),
                **common,
                "debit": total,
                "balance": total,
                "amount_currency": total,
                "amount_residual": total,
                "amount_residual_currency": total,
                "price_subtotal": total,
                "price_total": total,
            }
        )
        counterpart_id = next(aml_ids)
        counterparts.append(
            {
                "id": counterpart_id,
                **common,
                "credit": total,
                "balance": -total,
                "amount_currency": -total,
                "price_subtotal": -total,
                "price_total": -total,
                "full_reconcile_id": full_id,
                "matching_number": str(full_id),
            }
        )
        fulls.append({"id": full_id})
        partials.append(
            {
                "id": next(partial_ids),
                "debit_move_id": term_id,
                "credit_move_id": counterpart_id,
                "full_reconcile_id": full_id,
                "max_date": max(deal["paid"], deal["invoice_date"]),
                "amount": total,
                "debit_amount_currency": total,
                "credit_amount_currency": total,
            }
        )
        pay_links.append((move_id, payment_id))

    env.flush_all()
    _copy_rows(env, "sale_order", tmpl["order"], orders)
    _copy_rows(env, "sale_order_line", tmpl["order_line"], order_lines)
    _copy_rows(env, "account_full_reconcile", partial.full_reconcile_id.id, fulls)
    for kind in ("paid", "open"):
        _copy_rows(env, "account_move", tmpl[kind], moves[kind])
        _copy_rows(env, "account_move_line", tmpl[kind + "_product"], inv_lines[kind])
        _copy_rows(env, "account_move_line", tmpl[kind + "_term"], terms[kind])
    _copy_rows(env, "account_move", tmpl["payment_move"], pay_moves)
    _copy_rows(env, "account_payment", tmpl["payment"], pay_rows)
    env.cr.execute(
        SQL(
            "UPDATE account_move m SET origin_payment_id = p.id FROM account_payment p "
            "WHERE p.move_id = m.id AND p.id = ANY(%s)",
            [row["id"] for row in pay_rows],
        )
    )
    _copy_rows(env, "account_move_line", tmpl["liquidity"], liquidity)
    _copy_rows(env, "account_move_line", tmpl["counterpart"], counterparts)
    _copy_rows(env, "account_partial_reconcile", partial.id, partials)
    _insert_pairs(env, "sale_order_line_invoice_rel", ("invoice_line_id", "order_line_id"), links)
    _insert_pairs(env, "account_move__account_payment", ("invoice_id", "payment_id"), pay_links)
    # fresh statistics, as autovacuum would give them after such a load: the planner
    # otherwise picks plans made for empty tables
    for table in (
        "res_partner",
        "sale_order",
        "sale_order_line",
        "account_move",
        "account_move_line",
        "account_payment",
        "account_partial_reconcile",
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.invalidate_all()
    return env["sale.order"].browse(order_ids), env["account.move"].browse(move_ids)
