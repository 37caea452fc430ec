"""The open items one by one, for the customer portal's account page (SPEC §3.N).

The same open items as every other figure (``_items_sql``), listed instead of summed: the
customer sees the invoices, credit notes and unmatched payments that make up its receivable
and its aging, one page at a time.
"""

from odoo import api, models
from odoo.tools import SQL


class PartnerCreditLedger(models.AbstractModel):
    _inherit = "partner.credit.ledger"

    @api.model
    def _open_item_rows(self, partner_ids, company, limit=None, offset=0):
        """The open items of the commercial partners ``partner_ids`` now, oldest due first.

        :return: (number of items, [{"line_id", "move_id", "date", "date_due", "amount",
            "days_overdue"}] of the page ``offset``/``limit``); amounts in company currency,
            ``days_overdue`` negative while not due.
        """
        if not partner_ids:
            return 0, []
        self._flush()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT i.line_id, i.move_id, i.date, i.date_due, i.amount,
                       %(today)s::date - i.date_due AS days_overdue,
                       COUNT(*) OVER () AS full_count
                  FROM %(items)s i
              ORDER BY i.date_due, i.line_id
                 LIMIT %(limit)s OFFSET %(offset)s
                """,
                today=self._today(),
                items=self._items_sql(company, partner_ids),
                limit=limit,
                offset=offset,
            )
        )
        count = rows[0]["full_count"] if rows else 0
        for row in rows:
            row.pop("full_count")
        if not rows and offset:
            # a page past the end: the number of items is still wanted for the pager
            count = self._open_item_count(partner_ids, company)
        return count, rows

    @api.model
    def _open_item_count(self, partner_ids, company, invoices_only=False):
        """How many open items the commercial partners ``partner_ids`` have now; only the
        amounts they owe (invoices, not credits) when ``invoices_only``."""
        if not partner_ids:
            return 0
        self._flush()
        [(count,)] = self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM %s i WHERE %s",
                self._items_sql(company, partner_ids),
                SQL("i.amount > 0") if invoices_only else SQL("TRUE"),
            )
        )
        return count
