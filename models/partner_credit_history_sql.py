"""The fast mode of ``partner.credit.history``: documents as SQL copies of ORM-made ones.

The ORM makes one confirmed order, invoiced and paid, and one invoice left open, for an
archived template customer; every planned deal copies those rows with its own partner,
dates, quantities and amounts, keeping all amounts consistent (one currency, no taxes:
subtotal = total = residual), the reconciliation (partial + full) of paid invoices and the
order line ↔ invoice line links. Names get their own sequence numbers (prefix/number from
1 000 000 + id) so later ORM documents keep numbering after them. Benchmarks make 20 000
customers' years this way in minutes; the ORM would take hours.
"""

from datetime import datetime, time

from odoo import models
from odoo.tools import SQL

ANALYZED = (
    "res_partner",
    "sale_order",
    "sale_order_line",
    "account_move",
    "account_move_line",
    "account_payment",
    "account_partial_reconcile",
)


class PartnerCreditHistory(models.AbstractModel):
    _inherit = "partner.credit.history"

    # ------------------------------------------------------------------ SQL helpers

    def _sql_columns(self, table):
        self.env.cr.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id'",
            [table],
        )
        return dict(self.env.cr.fetchall())

    def _sql_new_ids(self, table, count):
        self.env.cr.execute(
            SQL(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                table,
                count,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _sql_copy_rows(self, table, template_id, rows):
        """Insert a copy of row ``template_id`` of ``table`` per dict of ``rows`` (all with
        the same keys, ``id`` included), the dict's values replacing the template's."""
        if not rows:
            return
        columns = self._sql_columns(table)
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
                SQL("(%s)", SQL(", ").join(SQL("%s::%s", row[key], casts[key]) for key in keys))
                for row in rows[start : start + 2000]
            )
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s) SELECT %s FROM (VALUES %s) AS v(%s) "
                    "JOIN %s t ON t.id = %s",
                    SQL.identifier(table),
                    SQL(", ").join(SQL.identifier(column) for column in ["id", *columns]),
                    select,
                    values,
                    SQL(", ").join(SQL.identifier(key) for key in keys),
                    SQL.identifier(table),
                    template_id,
                )
            )

    def _sql_insert_pairs(self, table, columns, rows):
        for start in range(0, len(rows), 5000):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s) VALUES %s",
                    SQL.identifier(table),
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    SQL(", ").join(SQL("(%s, %s)", *row) for row in rows[start : start + 5000]),
                )
            )

    # ------------------------------------------------------------------ templates

    def _sql_templates(self, product, start):
        """The ORM-made documents every copy starts from: {kind: row id}."""
        env = self._quiet().env
        template_partner = env["res.partner"].create(
            {"name": "Data generator template", "is_company": True}
        )
        spec = {"partner": template_partner, "date": start, "lines": [(product, 1, 1.0, 1)]}
        order_tmpl = self._make_orders([spec])
        open_tmpl = self._make_orders([spec])
        paid_inv, open_inv = self._make_invoices(
            [{"orders": order_tmpl, "date": start}, {"orders": open_tmpl, "date": start}]
        ).sorted("id")
        if paid_inv.invoice_origin != order_tmpl.name:
            paid_inv, open_inv = open_inv, paid_inv
        self._pay([(paid_inv, start)])
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
            lines = move.line_ids
            tmpl[key + "_product"] = lines.filtered(lambda aml: aml.display_type == "product").id
            tmpl[key + "_term"] = lines.filtered(lambda aml: aml.display_type == "payment_term").id
        receivable = paid_inv.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).account_id
        pay_lines = payment.move_id.line_ids
        tmpl["liquidity"] = pay_lines.filtered(lambda aml: aml.account_id != receivable).id
        tmpl["counterpart"] = pay_lines.filtered(lambda aml: aml.account_id == receivable).id
        partial = env["account.partial.reconcile"].search(
            [("debit_move_id", "=", tmpl["paid_term"])], limit=1
        )
        tmpl["partial"] = partial.id
        tmpl["full"] = partial.full_reconcile_id.id
        template_partner.action_archive()
        return tmpl

    def _sql_ids(self, deals):
        """Fresh ids of every row to insert, as iterators by table (or lists)."""
        count = len(deals)
        lines = sum(len(deal["lines"]) for deal in deals)
        paid = sum(1 for deal in deals if deal["paid"])
        new = self._sql_new_ids
        return {
            "order": new("sale_order", count),
            "move": new("account_move", count),
            "order_line": iter(new("sale_order_line", lines)),
            "aml": iter(new("account_move_line", lines + count + 2 * paid)),
            "payment": iter(new("account_payment", paid)),
            "payment_move": iter(new("account_move", paid)),
            "full": iter(new("account_full_reconcile", paid)),
            "partial": iter(new("account_partial_reconcile", paid)),
        }

    # ------------------------------------------------------------------ rows of one deal

    def _sql_order_rows(self, deal, order_id, ids, rows):
        partner, total = deal["partner"].id, deal["amount"]
        rows["sale_order"].append(
            {
                "id": order_id,
                "name": f"S{1_000_000 + order_id}",
                "partner_id": partner,
                "partner_invoice_id": partner,
                "partner_shipping_id": partner,
                "date_order": datetime.combine(deal["date"], time(10, 0)),
                "amount_untaxed": total,
                "amount_total": total,
            }
        )
        line_ids = []
        for sequence, (product, qty, price, delivered) in enumerate(deal["lines"]):
            line_ids.append(next(ids["order_line"]))
            subtotal = qty * price
            rows["sale_order_line"].append(
                {
                    "id": line_ids[-1],
                    "order_id": order_id,
                    "order_partner_id": partner,
                    "sequence": 10 + sequence,
                    "product_id": product.id,
                    "name": product.display_name,
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
        return line_ids

    def _sql_invoice_rows(self, deal, move_id, order_id, line_ids, ids, rows):
        """The invoice's move, product lines and receivable line; returns the latter's id
        and the full reconciliation's id (None while open)."""
        partner, total, day = deal["partner"].id, deal["amount"], deal["invoice_date"]
        kind = "paid" if deal["paid"] else "open"
        residual = 0.0 if deal["paid"] else total
        number = 1_000_000 + move_id
        move_name = f"INV/{day.year}/{number}"
        full_id = next(ids["full"]) if deal["paid"] else None
        for (product, qty, price, __), line_id in zip(deal["lines"], line_ids, strict=True):
            aml_id = next(ids["aml"])
            subtotal = qty * price
            rows[kind + "_product"].append(
                {
                    "id": aml_id,
                    "move_id": move_id,
                    "partner_id": partner,
                    "product_id": product.id,
                    "name": product.display_name,
                    "move_name": move_name,
                    "date": day,
                    "invoice_date": day,
                    "quantity": qty,
                    "price_unit": price,
                    "price_subtotal": subtotal,
                    "price_total": subtotal,
                    "credit": subtotal,
                    "balance": -subtotal,
                    "amount_currency": -subtotal,
                }
            )
            rows["links"].append((aml_id, line_id))
        term_id = next(ids["aml"])
        rows[kind + "_term"].append(
            {
                "id": term_id,
                "move_id": move_id,
                "partner_id": partner,
                "name": move_name,
                "move_name": move_name,
                "date": day,
                "invoice_date": day,
                "date_maturity": deal["due"],
                "debit": total,
                "balance": total,
                "amount_currency": total,
                "amount_residual": residual,
                "amount_residual_currency": residual,
                "full_reconcile_id": full_id,
                "matching_number": str(full_id) if full_id else None,
            }
        )
        rows[kind].append(
            {
                "id": move_id,
                "name": move_name,
                "sequence_prefix": f"INV/{day.year}/",
                "sequence_number": number,
                "partner_id": partner,
                "commercial_partner_id": partner,
                "partner_shipping_id": partner,
                "invoice_partner_display_name": deal["partner"].name,
                "payment_reference": move_name,
                "invoice_origin": f"S{1_000_000 + order_id}",
                "date": day,
                "invoice_date": day,
                "invoice_date_due": deal["due"],
                "amount_untaxed": total,
                "amount_total": total,
                "amount_residual": residual,
                "amount_untaxed_signed": total,
                "amount_untaxed_in_currency_signed": total,
                "amount_total_signed": total,
                "amount_total_in_currency_signed": total,
                "amount_residual_signed": residual,
            }
        )
        return term_id, full_id, move_name

    def _sql_payment_rows(self, deal, move_id, term_id, full_id, move_name, ids, rows):
        partner, total, day = deal["partner"].id, deal["amount"], deal["paid"]
        payment_id, pay_move_id = next(ids["payment"]), next(ids["payment_move"])
        pay_number = 1_000_000 + pay_move_id
        pay_name = f"PBNK1/{day.year}/{pay_number}"
        rows["payment"].append(
            {
                "id": payment_id,
                "move_id": pay_move_id,
                "partner_id": partner,
                "name": pay_name,
                "memo": move_name,
                "date": day,
                "amount": total,
                "amount_company_currency_signed": total,
            }
        )
        rows["payment_move"].append(
            {
                "id": pay_move_id,
                "origin_payment_id": None,  # set once the payment exists
                "name": pay_name,
                "sequence_prefix": f"PBNK1/{day.year}/",
                "sequence_number": pay_number,
                "partner_id": partner,
                "commercial_partner_id": partner,
                "invoice_partner_display_name": deal["partner"].name,
                "ref": move_name,
                "date": day,
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
            "date": day,
            "date_maturity": day,
        }
        rows["liquidity"].append(
            {
                "id": next(ids["aml"]),
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
        counterpart_id = next(ids["aml"])
        rows["counterpart"].append(
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
        rows["full"].append({"id": full_id})
        rows["partial"].append(
            {
                "id": next(ids["partial"]),
                "debit_move_id": term_id,
                "credit_move_id": counterpart_id,
                "full_reconcile_id": full_id,
                "max_date": max(day, deal["invoice_date"]),
                "amount": total,
                "debit_amount_currency": total,
                "credit_amount_currency": total,
            }
        )
        rows["pay_links"].append((move_id, payment_id))

    # ------------------------------------------------------------------ the build

    def _build_sql(self, deals):
        """Orders, invoices and payments of ``deals`` (see ``_build``) as SQL copies."""
        env = self._quiet().env
        if not deals:
            return env["sale.order"], env["account.move"]
        tmpl = self._sql_templates(deals[0]["lines"][0][0], deals[0]["invoice_date"])
        ids = self._sql_ids(deals)
        rows = {key: [] for key in (*tmpl, "links", "pay_links", "sale_order", "sale_order_line")}
        for deal, order_id, move_id in zip(deals, ids["order"], ids["move"], strict=True):
            line_ids = self._sql_order_rows(deal, order_id, ids, rows)
            term_id, full_id, move_name = self._sql_invoice_rows(
                deal, move_id, order_id, line_ids, ids, rows
            )
            if deal["paid"]:
                self._sql_payment_rows(deal, move_id, term_id, full_id, move_name, ids, rows)
        env.flush_all()
        self._sql_insert(tmpl, rows)
        # fresh statistics, as autovacuum would give them after such a load: the planner
        # otherwise picks plans made for empty tables
        for table in ANALYZED:
            env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        env.invalidate_all()
        return env["sale.order"].browse(ids["order"]), env["account.move"].browse(ids["move"])

    def _sql_insert(self, tmpl, rows):
        copy = self._sql_copy_rows
        copy("sale_order", tmpl["order"], rows["sale_order"])
        copy("sale_order_line", tmpl["order_line"], rows["sale_order_line"])
        copy("account_full_reconcile", tmpl["full"], rows["full"])
        for kind in ("paid", "open"):
            copy("account_move", tmpl[kind], rows[kind])
            copy("account_move_line", tmpl[kind + "_product"], rows[kind + "_product"])
            copy("account_move_line", tmpl[kind + "_term"], rows[kind + "_term"])
        copy("account_move", tmpl["payment_move"], rows["payment_move"])
        copy("account_payment", tmpl["payment"], rows["payment"])
        self.env.cr.execute(
            SQL(
                "UPDATE account_move m SET origin_payment_id = p.id FROM account_payment p "
                "WHERE p.move_id = m.id AND p.id = ANY(%s)",
                [row["id"] for row in rows["payment"]],
            )
        )
        copy("account_move_line", tmpl["liquidity"], rows["liquidity"])
        copy("account_move_line", tmpl["counterpart"], rows["counterpart"])
        copy("account_partial_reconcile", tmpl["partial"], rows["partial"])
        self._sql_insert_pairs(
            "sale_order_line_invoice_rel", ("invoice_line_id", "order_line_id"), rows["links"]
        )
        self._sql_insert_pairs(
            "account_move__account_payment", ("invoice_id", "payment_id"), rows["pay_links"]
        )
