"""The ledger's movements of a period: what a customer statement (对账单) lists.

A statement shows, for a period, the receivable as of the day before it starts (opening
balance, ``_figures`` at ``date_from − 1``), every journal item that moved the receivable in
the period, and the receivable as of its last day (closing balance, ``_figures`` at
``date_to``). The movements are the journal items of the ledger's scope — receivable account,
posted, the company's tree, the customer's contacts rolled up (see
partner_credit_ledger.py) — dated in the period, open or not. As of a date the receivable is
the sum of the balances of the items dated on or before it (a reconciliation moves nothing
between two items of the same account: its date is the later of the two), so
opening + movements = closing, exactly; the tests prove it on every kind of movement.

Each movement has a kind: an invoice (customer invoices and receipts), a credit note, a
payment (entries of a payment or of a bank statement line), or another entry (miscellaneous
entries, exchange differences, write-offs).
"""

from odoo import api, fields, models
from odoo.tools import SQL

MOVEMENT_KINDS = ("invoice", "refund", "payment", "other")


class PartnerCreditLedger(models.AbstractModel):
    _inherit = "partner.credit.ledger"

    @api.model
    def _receivable_lines_sql(self, company, partner_ids):
        """SQL condition on ``aml``: a journal item of the customers' receivable in the ledger's
        scope (the same items ``_items_sql`` reads), whatever its open amount."""
        return SQL(
            """aml.account_id = ANY(ARRAY(
                   SELECT id FROM account_account WHERE account_type = 'asset_receivable'))
               AND aml.parent_state = 'posted'
               AND %s AND %s""",
            self._company_sql(SQL("aml.company_id"), company),
            self._partner_sql(SQL("aml.partner_id"), partner_ids),
        )

    @api.model
    def _statement_movements(self, partner_ids, company, date_from, date_to):
        """The journal items that moved the receivable of the commercial partners
        ``partner_ids`` from ``date_from`` to ``date_to`` (both included), in date order.

        :return: [{"partner_id", "line_id", "move_id", "date", "date_due", "kind",
            "document", "description", "balance"}] — ``kind`` one of ``MOVEMENT_KINDS``,
            ``balance`` in company currency (positive: the customer owes more).
        """
        if not partner_ids:
            return []
        self._flush()
        self.env["account.move"].flush_model(
            ["invoice_origin", "name", "ref", "origin_payment_id", "statement_line_id"]
        )
        self.env["account.move.line"].flush_model(["name"])
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT p.commercial_partner_id AS partner_id, aml.id AS line_id, aml.move_id,
                       aml.date, COALESCE(aml.date_maturity, aml.date) AS date_due,
                       CASE WHEN m.move_type IN ('out_invoice', 'out_receipt') THEN 'invoice'
                            WHEN m.move_type = 'out_refund' THEN 'refund'
                            WHEN m.origin_payment_id IS NOT NULL
                              OR m.statement_line_id IS NOT NULL THEN 'payment'
                            ELSE 'other' END AS kind,
                       m.name AS document,
                       COALESCE(NULLIF(m.ref, ''), NULLIF(NULLIF(aml.name, ''), m.name),
                                NULLIF(m.invoice_origin, ''), '') AS description,
                       aml.balance
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE %(lines)s
                   AND aml.date BETWEEN %(date_from)s AND %(date_to)s
              ORDER BY p.commercial_partner_id, aml.date, aml.move_id, aml.id
                """,
                lines=self._receivable_lines_sql(company, partner_ids),
                date_from=date_from,
                date_to=date_to,
            )
        )

    @api.model
    def _statement_partners(self, company, date_from, date_to, partner_ids=None):
        """The commercial partners (of ``partner_ids``, None: any) with something to state for
        the period: a receivable open on the day before it, or a movement in it."""
        self._flush()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT i.partner_id FROM %(items)s i
                 UNION
                SELECT DISTINCT p.commercial_partner_id
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE %(lines)s AND aml.date BETWEEN %(date_from)s AND %(date_to)s
                """,
                items=self._items_sql(
                    company, partner_ids, self._statement_opening_date(date_from)
                ),
                lines=self._receivable_lines_sql(company, partner_ids),
                date_from=date_from,
                date_to=date_to,
            )
        )
        return sorted(pid for (pid,) in rows)

    @api.model
    def _statement_opening_date(self, date_from):
        """The date of a statement's opening balance: the day before its period."""
        return fields.Date.add(date_from, days=-1)
