"""The rows of one deal in the fast mode of ``partner.credit.history`` (see
partner_credit_history_sql.py): dicts of the columns that differ from the template's.

A deal is a sale order with its lines, its invoice (product lines and the receivable line)
and, when paid, a payment whose move has a liquidity and a receivable counterpart line,
reconciled with the invoice's receivable line (partial + full). Ids come from ``ids``, fresh
ids per table reserved beforehand, taken in a fixed order; every amount is the deal's total
(one currency, no taxes).
"""

from datetime import datetime, time

from odoo import models


class PartnerCreditHistory(models.AbstractModel):
    _inherit = "partner.credit.history"

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
        """The invoice's move, product lines and receivable line; returns the latter's id,
        the full reconciliation's id (None while open) and the invoice's name."""
        kind = "paid" if deal["paid"] else "open"
        number = 1_000_000 + move_id
        move_name = f"INV/{deal['invoice_date'].year}/{number}"
        full_id = next(ids["full"]) if deal["paid"] else None
        for (product, qty, price, __), line_id in zip(deal["lines"], line_ids, strict=True):
            aml_id = next(ids["aml"])
            rows[kind + "_product"].append(
                self._sql_invoice_line_row(deal, aml_id, move_id, move_name, product, qty, price)
            )
            rows["links"].append((aml_id, line_id))
        term_id = next(ids["aml"])
        rows[kind + "_term"].append(
            self._sql_receivable_row(deal, term_id, move_id, move_name, full_id)
        )
        rows[kind].append(self._sql_invoice_move_row(deal, move_id, order_id, move_name, number))
        return term_id, full_id, move_name

    def _sql_invoice_line_row(self, deal, aml_id, move_id, move_name, product, qty, price):
        day, subtotal = deal["invoice_date"], qty * price
        return {
            "id": aml_id,
            "move_id": move_id,
            "partner_id": deal["partner"].id,
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

    def _sql_receivable_row(self, deal, term_id, move_id, move_name, full_id):
        total, day = deal["amount"], deal["invoice_date"]
        residual = 0.0 if deal["paid"] else total
        return {
            "id": term_id,
            "move_id": move_id,
            "partner_id": deal["partner"].id,
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

    def _sql_invoice_move_row(self, deal, move_id, order_id, move_name, number):
        partner, total, day = deal["partner"].id, deal["amount"], deal["invoice_date"]
        residual = 0.0 if deal["paid"] else total
        return {
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

    def _sql_payment_rows(self, deal, move_id, term_id, full_id, move_name, ids, rows):
        """The payment, its move and lines, and its reconciliation with the invoice."""
        total, day = deal["amount"], deal["paid"]
        payment_id, pay_move_id = next(ids["payment"]), next(ids["payment_move"])
        pay_number = 1_000_000 + pay_move_id
        pay_name = f"PBNK1/{day.year}/{pay_number}"
        rows["payment"].append(
            {
                "id": payment_id,
                "move_id": pay_move_id,
                "partner_id": deal["partner"].id,
                "name": pay_name,
                "memo": move_name,
                "date": day,
                "amount": total,
                "amount_company_currency_signed": total,
            }
        )
        rows["payment_move"].append(
            self._sql_payment_move_row(deal, pay_move_id, pay_name, pay_number, move_name)
        )
        common = {
            "move_id": pay_move_id,
            "payment_id": payment_id,
            "partner_id": deal["partner"].id,
            "move_name": pay_name,
            "ref": move_name,
            "date": day,
            "date_maturity": day,
        }
        counterpart_id = self._sql_payment_line_rows(deal, common, full_id, ids, rows)
        self._sql_reconcile_rows(deal, term_id, counterpart_id, full_id, ids, rows)
        rows["pay_links"].append((move_id, payment_id))

    def _sql_reconcile_rows(self, deal, term_id, counterpart_id, full_id, ids, rows):
        """The full reconciliation of the invoice's receivable line with the payment's."""
        total = deal["amount"]
        rows["full"].append({"id": full_id})
        rows["partial"].append(
            {
                "id": next(ids["partial"]),
                "debit_move_id": term_id,
                "credit_move_id": counterpart_id,
                "full_reconcile_id": full_id,
                "max_date": max(deal["paid"], deal["invoice_date"]),
                "amount": total,
                "debit_amount_currency": total,
                "credit_amount_currency": total,
            }
        )

    def _sql_payment_move_row(self, deal, pay_move_id, pay_name, pay_number, move_name):
        partner, total, day = deal["partner"].id, deal["amount"], deal["paid"]
        return {
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

    def _sql_payment_line_rows(self, deal, common, full_id, ids, rows):
        """The payment move's liquidity and receivable counterpart lines (``common``: their
        shared values); returns the counterpart's id."""
        total = deal["amount"]
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
        return counterpart_id
