"""The fast mode of ``partner.credit.history``: documents as SQL copies of ORM-made ones.

The ORM makes one confirmed order, invoiced and paid, and one invoice left open, for an
archived template customer; every planned deal copies those rows with its own partner,
dates, quantities and amounts, keeping all amounts consistent (one currency, no taxes:
subtotal = total = residual), the reconciliation (partial + full) of paid invoices and the
order line ↔ invoice line links. Names get their own sequence numbers (prefix/number from
1 000 000 + id) so later ORM documents keep numbering after them. Benchmarks make 20 000
customers' years this way in minutes; the ORM would take hours.

This file holds the machinery: the generic SQL copy, the templates, the fresh ids and the
build; the rows of one deal (order, invoice, payment) are in partner_credit_history_sql_rows.py.
"""

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
        self._sql_template_lines(tmpl, paid_inv, open_inv, payment)
        template_partner.action_archive()
        return tmpl

    def _sql_template_lines(self, tmpl, paid_inv, open_inv, payment):
        """Add to ``tmpl`` the template journal items and reconciliation rows."""
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
        partial = self.env["account.partial.reconcile"].search(
            [("debit_move_id", "=", tmpl["paid_term"])], limit=1
        )
        tmpl["partial"] = partial.id
        tmpl["full"] = partial.full_reconcile_id.id

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
