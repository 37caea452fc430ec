"""The ledger's figures for the year-end review and the bad-debt provision (SPEC §3.I).

- **Collectable** (year-end review, 年末清收): the open items as of a date that are overdue
  (due before it) or old (dated more than N days before it, even if their terms are long);
  credits in the same classes reduce them, and never more than the receivable is proposed.
- **Customer payments** (collection plans' progress): what the receivable lines of payment
  entries (``account.payment`` entries and bank statement lines) credited the customer in a
  window, less what payments to the customer debited. Credit notes, write-offs and other
  entries are no payment.
- **Provision bands** (坏账准备): the open items as of a date put in the age bands of
  ``tools/provision.py`` by their **due date**. Open credits (payments not matched yet, open
  credit notes) are set against the customer's oldest open items first — what a payment
  usually settles — so that the bands add up to the receivable and never exceed it.
"""

from odoo import api, models
from odoo.tools import SQL

from ..tools.provision import BAND_KEYS, band_cutoffs


class PartnerCreditLedger(models.AbstractModel):
    _inherit = "partner.credit.ledger"

    @api.model
    def _collectable(self, company, date, old_days, partner_ids=None):
        """{partner id: {"receivable", "overdue", "old", "oldest_due"}} of the customers
        (commercial partners ``partner_ids``, None: all) with open items as of ``date``: the
        overdue amount, the old amount (items not yet due but dated more than ``old_days``
        days before ``date``) and the oldest due date of those items."""
        self._flush()
        date_ref = date or self._today()
        old_before = SQL("%s::date - %s", date_ref, old_days)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT i.partner_id, SUM(i.amount),
                       COALESCE(SUM(i.amount) FILTER (WHERE i.date_due < %(date)s), 0),
                       COALESCE(SUM(i.amount) FILTER (
                           WHERE i.date_due >= %(date)s AND i.date < %(old)s), 0),
                       MIN(i.date_due) FILTER (
                           WHERE i.amount > 0 AND (i.date_due < %(date)s OR i.date < %(old)s))
                  FROM %(items)s i
              GROUP BY i.partner_id
                """,
                date=date_ref,
                old=old_before,
                items=self._items_sql(company, partner_ids, date),
            )
        )
        return {
            pid: {"receivable": total, "overdue": overdue, "old": old, "oldest_due": oldest}
            for pid, total, overdue, old, oldest in rows
        }

    @api.model
    def _customer_payments(self, company, windows):
        """What each customer paid in a window: ``windows`` is a list of ``(key, commercial
        partner id, date from, date to)`` (dates included); returns {key: amount} (keys
        without payments left out). The ledger's one definition of a payment (``_payments``,
        partner_credit_ledger_collection.py)."""
        return self._payments(company, windows)

    @api.model
    def _provision_sql(self, company, date_ref, partner_ids=None):
        """The open items as of ``date_ref`` by provision band (see the module docstring),
        one row per commercial partner with a positive receivable: ``partner_id``, one
        column per band of ``tools/provision.py``, ``total``."""
        cutoffs = band_cutoffs(date_ref)
        columns = []
        younger = None
        for key in BAND_KEYS:
            # the first band whose cutoff is before the due date
            cond = SQL("r.date_due > %s", cutoffs[key]) if cutoffs[key] else SQL("TRUE")
            if younger:
                cond = SQL("%s AND r.date_due <= %s", cond, cutoffs[younger])
            younger = key
            columns.append(
                SQL(
                    "COALESCE(SUM(r.amount) FILTER (WHERE %s), 0) AS %s",
                    cond,
                    SQL.identifier(key),
                )
            )
        return SQL(
            """
            WITH items AS %(items)s,
            credits AS (
                SELECT partner_id, -SUM(amount) AS amount
                  FROM items WHERE amount < 0 GROUP BY partner_id
            ),
            debits AS (
                SELECT partner_id, date_due, amount,
                       COALESCE(SUM(amount) OVER (
                           PARTITION BY partner_id ORDER BY date_due, line_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
                  FROM items WHERE amount > 0
            ),
            remaining AS (
                SELECT d.partner_id, d.date_due,
                       d.amount - LEAST(d.amount,
                                        GREATEST(COALESCE(c.amount, 0) - d.before, 0)) AS amount
                  FROM debits d
             LEFT JOIN credits c ON c.partner_id = d.partner_id
            )
            SELECT r.partner_id, %(columns)s, SUM(r.amount) AS total
              FROM remaining r
          GROUP BY r.partner_id
            HAVING SUM(r.amount) > 0
            """,
            items=self._items_sql(company, partner_ids, date_ref),
            columns=SQL(", ").join(columns),
        )

    @api.model
    def _provision_bands(self, company, date_ref, partner_ids=None):
        """{partner id: {band key: amount, "total": amount}} (see ``_provision_sql``)."""
        self._flush()
        rows = self.env.execute_query(self._provision_sql(company, date_ref, partner_ids))
        return {row[0]: dict(zip((*BAND_KEYS, "total"), row[1:], strict=True)) for row in rows}
