"""Customer histories made of real documents, for the demo data, the tests and the benchmarks.

``tools/history.py`` plans what each customer buys, is invoiced and pays; this model makes
it: products, confirmed sale orders (dated in the past, their delivered quantities set as a
delivery would, without delivery orders: history is not shipped again), posted invoices
linked to the order lines and payments reconciled with them, all through the ORM, in
batches. Two SQL updates set what the ORM would write one query per record for (order
dates, delivered quantities); the ORM then recomputes what depends on them. ``_generate``
also makes the customers; its ``fast`` mode copies ORM-made documents in SQL
(``partner_credit_history_sql*.py``) for benchmark sizes.

Nothing here runs in production: it is called by the demo data, ``tests/datagen.py`` and
``scripts/bench_*.py``.
"""

from collections import defaultdict
from datetime import datetime, time

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..tools.history import PROFILES, plan_history

CHUNK = 500
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
}


class PartnerCreditHistory(models.AbstractModel):
    _name = "partner.credit.history"
    _description = "Customer History Generator"

    def _quiet(self):
        return self.with_context(**QUIET)

    @api.model
    def _products(self, goods):
        """Goods invoiced on ordered quantities, without taxes: ``[(name, price)]``."""
        return (
            self._quiet()
            .env["product.product"]
            .create(
                [
                    {
                        "name": name,
                        "type": "consu",
                        "invoice_policy": "order",
                        "list_price": price,
                        "taxes_id": [Command.clear()],
                    }
                    for name, price in goods
                ]
            )
        )

    @api.model
    def _make_orders(self, specs):
        """Confirmed orders from ``specs``: dicts with ``partner`` (record), ``date`` (date or
        datetime), ``lines``: ``[(product, qty, price, delivered qty)]``. Returns the orders in
        the order of ``specs``. History orders were confirmed when they were made: today's
        credit checks do not apply to them."""
        env = self._quiet().env
        orders = env["sale.order"]
        for start in range(0, len(specs), CHUNK):
            batch = env["sale.order"].create(
                [
                    {
                        "partner_id": spec["partner"].id,
                        "order_line": [
                            Command.create(
                                {"product_id": p.id, "product_uom_qty": q, "price_unit": price}
                            )
                            for p, q, price, __ in spec["lines"]
                        ],
                    }
                    for spec in specs[start : start + CHUNK]
                ]
            )
            # "released" skips the checks at confirmation; the state is set back just after
            batch.sudo().write({"credit_state": "released"})
            # history was delivered when it was made: no delivery to make today (the
            # delivered quantities are set below)
            batch.with_context(skip_procurement=True).action_confirm()
            batch.sudo().write({"credit_state": "ok"})
            orders |= batch
        dates, delivered = [], []
        for order, spec in zip(orders, specs, strict=True):
            when = spec["date"]
            if not isinstance(when, datetime):
                when = datetime.combine(when, time(10, 0))
            dates.append((order.id, when))
            for line, (__, __, __, qty) in zip(order.order_line, spec["lines"], strict=True):
                delivered.append((line.id, qty))
        env.flush_all()
        self._update_column("sale_order", "date_order", dates)
        self._update_column("sale_order_line", "qty_delivered", delivered)
        lines = orders.order_line
        env.invalidate_all()
        orders.modified(["date_order"])
        lines.modified(["qty_delivered"])
        env.flush_all()
        return orders

    def _update_column(self, table, column, rows):
        """``UPDATE table SET column`` to the value of each ``(id, value)`` of ``rows``."""
        for start in range(0, len(rows), 5000):
            values = SQL(", ").join(SQL("(%s, %s)", *row) for row in rows[start : start + 5000])
            self.env.cr.execute(
                SQL(
                    "UPDATE %s t SET %s = v.value FROM (VALUES %s) AS v(id, value) "
                    "WHERE t.id = v.id",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    values,
                )
            )

    @api.model
    def _make_invoices(self, specs):
        """Posted customer invoices from ``specs``: dicts with ``orders`` (same partner) and
        ``date``, oldest first; each invoices the ordered quantities of its orders, linked to
        their lines, on 30-day terms."""
        env = self._quiet().env
        term = env.ref("account.account_payment_term_30days", raise_if_not_found=False)
        moves = env["account.move"]
        specs = sorted(specs, key=lambda spec: spec["date"])
        for start in range(0, len(specs), CHUNK):
            batch = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": spec["orders"][:1].partner_id.id,
                        "invoice_date": spec["date"],
                        "invoice_payment_term_id": term.id if term else False,
                        "invoice_origin": ", ".join(spec["orders"].mapped("name")),
                        "invoice_user_id": spec["orders"][:1].user_id.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": line.product_id.id,
                                    "quantity": line.product_uom_qty,
                                    "price_unit": line.price_unit,
                                    "tax_ids": [Command.clear()],
                                    "sale_line_ids": [Command.set(line.ids)],
                                }
                            )
                            for line in spec["orders"].order_line
                        ],
                    }
                    for spec in specs[start : start + CHUNK]
                ]
            )
            batch.action_post()
            moves |= batch
        return moves

    @api.model
    def _pay(self, payments):
        """Full payments ``[(invoice, payment date)]``, one per invoice, each reconciled with
        its invoice and linked to it, as Odoo's *Register Payment* does (without one wizard
        per payment date)."""
        env = self._quiet().env
        journals = env["account.journal"]
        by_company = defaultdict(list)
        for invoice, when in payments:
            by_company[invoice.company_id].append((invoice, when))
        for company, pairs in by_company.items():
            journal = journals.search(
                [*journals._check_company_domain(company), ("type", "=", "bank")], limit=1
            )
            for start in range(0, len(pairs), CHUNK):
                chunk = pairs[start : start + CHUNK]
                records = env["account.payment"].create(
                    [
                        {
                            "payment_type": "inbound",
                            "partner_type": "customer",
                            "partner_id": invoice.commercial_partner_id.id,
                            "amount": invoice.amount_residual,
                            "currency_id": invoice.currency_id.id,
                            "date": when,
                            "journal_id": journal.id,
                            "memo": invoice.payment_reference or invoice.name,
                            "invoice_ids": [Command.set(invoice.ids)],
                        }
                        for invoice, when in chunk
                    ]
                )
                records.action_post()
                for (invoice, __), payment in zip(chunk, records, strict=True):
                    (invoice.line_ids | payment.move_id.line_ids).filtered(
                        lambda line: line.account_type == "asset_receivable" and not line.reconciled
                    ).reconcile()

    @api.model
    def _build(self, plan, partners, products, fast=False):
        """Orders, invoices and payments of ``plan`` (``tools.history.plan_history``) for
        ``partners`` (in the plan's customer order) selling ``products`` (in the order of the
        plan's prices). ``fast`` copies ORM-made documents in SQL instead (same data).

        :return: (orders, invoices), in the order of ``plan``
        """
        deals = [
            {
                **deal,
                "partner": partners[deal["customer"]],
                "lines": [(products[p], qty, price, done) for p, qty, price, done in deal["lines"]],
            }
            for deal in plan
        ]
        if fast:
            return self._build_sql(deals)
        orders = self._make_orders(deals)
        # invoices numbered by date, then by their orders' dates
        pairs = sorted(
            zip(orders, deals, strict=True),
            key=lambda pair: (pair[1]["invoice_date"], pair[1]["date"]),
        )
        invoices = self._make_invoices(
            [{"orders": order, "date": deal["invoice_date"]} for order, deal in pairs]
        )
        # _make_invoices keeps this order (it sorts by invoice date, stably): pay in it too
        self._pay(
            [
                (invoice, deal["paid"])
                for invoice, (__, deal) in zip(invoices, pairs, strict=True)
                if deal["paid"]
            ]
        )
        by_order = {invoice.invoice_origin: invoice for invoice in invoices}
        invoices = invoices.browse([by_order[order.name].id for order in orders])
        return orders, invoices

    @api.model
    def _generate(self, customers=50, months=12, seed=0, date_ref=None, lines_per_order=1,
                  profiles=None, payments=True, name="Customer", fast=True):  # fmt: skip
        """``customers`` new customers with ``months`` months of history up to ``date_ref``
        (default today), their profiles cycled in order (``tools/history.py``), so that any
        run of consecutive customers has the same mix.

        ``fast`` writes orders, invoices and payments as SQL copies of one order, invoice and
        payment made by the ORM; ``fast=False`` makes every record with the ORM (slow). Both
        give the same data.

        :return: dict with ``partners`` (recordset), ``profile`` ({partner id: profile name}),
            ``orders`` and ``invoices`` (recordsets)
        """
        env = self._quiet().env
        date_ref = date_ref or fields.Date.context_today(env.user)
        profiles = profiles or list(PROFILES)
        goods = self._products(
            [(f"Coal grade {index + 1}", 100.0 * (index + 1)) for index in range(3)]
        )
        names = [profiles[index % len(profiles)] for index in range(customers)]
        partners = env["res.partner"].create(
            [
                {
                    "name": f"{name} {index + 1:05d} ({profile})",
                    "is_company": True,
                    "customer_rank": 1,
                }
                for index, profile in enumerate(names)
            ]
        )
        plan = plan_history(
            [{"profile": profile} for profile in names],
            months,
            seed,
            date_ref,
            goods.mapped("list_price"),
            lines_per_order=lines_per_order,
        )
        if not payments:
            for deal in plan:
                deal["paid"] = None
        orders, invoices = self._build(plan, partners, goods, fast=fast)
        return {
            "partners": partners,
            "profile": dict(zip(partners.ids, names, strict=True)),
            "orders": orders,
            "invoices": invoices,
        }
