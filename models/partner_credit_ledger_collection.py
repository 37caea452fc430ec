"""The receivables ledger for collections (SPEC §3.I): dunning figures, disputes, payments.

Built on the ledger's one definition of open items (``_items_sql``):

- a **disputed** item belongs to an entry with a dispute reason
  (``account.move.credit_dispute_reason``); it stays in the receivable, the exposure and the
  aging (the customer still owes it), but it leaves **dunning**: the collection level is given
  by the oldest *undisputed* overdue invoice item; and, when the company says so
  (``credit_dispute_exclude_overdue``), it leaves the **overdue check** at order confirmation
  (``_late_sql``, the ledger's hook for that check);
- a **payment** (the one definition of money received, also the collection plans') is the
  customer's receivable in the entry of a payment or of a bank statement line, dated in the
  period asked, in the ledger's company scope, net of refunds paid to the customer; credit
  notes, write-offs and other entries are no money received;
- **overdue at the month start** is what the books said at the end of the previous month for
  the items due by then (the ledger as of that date); **collected this month** the payments
  dated since the first of the month (seed 003: 月初余额、本月发生额).
"""

from odoo import api, models
from odoo.tools import SQL

DISPUTED = SQL(
    "EXISTS (SELECT 1 FROM account_move dm WHERE dm.id = i.move_id "
    "AND dm.credit_dispute_reason IS NOT NULL)"
)


class PartnerCreditLedger(models.AbstractModel):
    _inherit = "partner.credit.ledger"

    @api.model
    def _flush(self):
        res = super()._flush()
        self.env["account.move"].flush_model(
            ["credit_dispute_reason", "origin_payment_id", "statement_line_id"]
        )
        return res

    @api.model
    def _late_sql(self, company, late_before):
        late = super()._late_sql(company, late_before)
        if not company.credit_dispute_exclude_overdue:
            return late
        return SQL("%s AND NOT %s", late, DISPUTED)

    @api.model
    def _collection_figures(self, partner_ids, company, date_ref):
        """Dunning figures of the commercial partners ``partner_ids`` (None: every customer
        with an overdue item) on ``date_ref`` (today: the books now).

        :return: {partner id: {"receivable", "overdue" (undisputed overdue invoices),
            "disputed" (disputed overdue invoices), "date_oldest" (due date of the oldest
            undisputed overdue invoice item, or None)}}; customers without an overdue invoice
            item are left out.
        """
        self._flush()
        overdue = SQL("i.amount > 0 AND i.date_due < %s", date_ref)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT i.partner_id,
                       SUM(i.amount),
                       COALESCE(SUM(i.amount) FILTER (WHERE %(overdue)s AND NOT %(disputed)s), 0),
                       COALESCE(SUM(i.amount) FILTER (WHERE %(overdue)s AND %(disputed)s), 0),
                       MIN(i.date_due) FILTER (WHERE %(overdue)s AND NOT %(disputed)s)
                  FROM %(items)s i
              GROUP BY i.partner_id
                HAVING bool_or(%(overdue)s)
                """,
                overdue=overdue,
                disputed=DISPUTED,
                items=self._items_sql(company, partner_ids),
            )
        )
        return {
            pid: {
                "receivable": receivable,
                "overdue": amount,
                "disputed": disputed,
                "date_oldest": oldest,
            }
            for pid, receivable, amount, disputed, oldest in rows
        }

    @api.model
    def _overdue_at(self, partner_ids, company, date):
        """{partner id: overdue invoice items as the books stood at the end of ``date``, for
        the items due on or before it} (a past date)."""
        if not partner_ids:
            return {}
        self._flush()
        return dict(
            self.env.execute_query(
                SQL(
                    """SELECT i.partner_id, SUM(i.amount) FROM %s i
                        WHERE i.amount > 0 AND i.date_due <= %s
                     GROUP BY i.partner_id""",
                    self._items_sql(company, partner_ids, date),
                    date,
                )
            )
        )

    @api.model
    def _payments_sql(self, company, partner_ids=None):
        """Sub-query of the payments (see the module docstring) with the columns
        ``partner_id`` (commercial partner), ``date``, ``amount`` (positive)."""
        return SQL(
            """(SELECT p.commercial_partner_id AS partner_id, aml.date, -aml.balance AS amount
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE aml.account_id = ANY(ARRAY(
                           SELECT id FROM account_account WHERE account_type = 'asset_receivable'))
                   AND aml.parent_state = 'posted'
                   AND (m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL)
                   AND %s AND %s)""",
            self._company_sql(SQL("aml.company_id"), company),
            self._partner_sql(SQL("aml.partner_id"), partner_ids),
        )

    @api.model
    def _payments(self, company, periods):
        """Payments received in periods: ``periods`` is a list of ``(key, partner id,
        date_from, date_to)`` (dates included); returns {key: amount} (keys without payments
        are left out). One query whatever the number of periods."""
        if not periods:
            return {}
        self._flush()
        values = SQL(", ").join(
            SQL("(%s, %s, %s::date, %s::date)", key, pid, date_from, date_to)
            for key, pid, date_from, date_to in periods
        )
        return dict(
            self.env.execute_query(
                SQL(
                    """SELECT q.key, SUM(pay.amount)
                         FROM (VALUES %s) AS q(key, partner_id, date_from, date_to)
                         JOIN %s pay ON pay.partner_id = q.partner_id
                                    AND pay.date BETWEEN q.date_from AND q.date_to
                     GROUP BY q.key""",
                    values,
                    self._payments_sql(company, {period[1] for period in periods}),
                )
            )
        )
