"""The receivables ledger: the one definition of a customer's open items (SPEC §3.H).

Every figure of the addon that speaks of what a customer owes — exposure and the banner, the
overdue check, grading KPIs, the credit report's payment record, aging, monthly snapshots,
exports — is built on the SQL of this model, so that they never disagree:

- an **open item** is a journal item on a receivable account (``asset_receivable``) of a
  posted entry, of a company of the current company's tree (the root company and its
  branches, as Odoo's ``credit`` counts), whose partner's commercial partner is the customer
  (contacts roll up), in company currency;
- its **due date** is ``date_maturity``, else the entry's date;
- its **open amount** now is its ``amount_residual``; **as of a past date D** it is that
  residual plus every partial reconciliation dated after D (``max_date`` > D, the date at
  which Odoo's own aged receivable shows a reconciliation), and entries dated after D do
  not exist yet. This is what the books said on D, whatever was paid since;
- a customer's **receivable** is the sum of its open items (credits — payments not matched
  yet, open credit notes — reduce it), the same number as Odoo's ``credit``;
- **overdue** is the sum of the open items due before the reference date; the overdue
  *check* counts invoices (items with a positive open amount) due more than the company's
  tolerance ago;
- **payment behaviour** (on-time rate, days late) looks at the customer invoices' items that
  fell due in a period: on time when paid in full on or before the due date, days late from
  the due date to the day of full payment (or to the end of the period when still open).
"""

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.aging import BUCKET_KEYS, BUCKETS

# the flush before any ledger query: what the SQL below reads
LINE_FIELDS = [
    "account_id",
    "amount_residual",
    "balance",
    "company_id",
    "date",
    "date_maturity",
    "move_id",
    "parent_state",
    "partner_id",
    "reconciled",
]
# as of a past date, a selection of more customers than this is aged in one pass
# (``_items_as_of_pass_sql``) rather than by looking up each of its lines
ONE_PASS_MIN = 5000
SETTLED_TOLERANCE = 0.005  # an item whose open amount is below half a cent is paid
# beyond this many customers, their partners are looked up by id (``_partners_table_sql``)
PARTNERS_BY_ID_MIN = 200
# the columns of ``_figures_sql`` after the customer's id
FIGURES_COLUMNS = (
    "receivable",
    "overdue",
    "max_days_overdue",
    "late_amount",
    "late_count",
    "late_oldest",
)


class PartnerCreditLedger(models.AbstractModel):
    _name = "partner.credit.ledger"
    _description = "Receivables Ledger"

    # ------------------------------------------------------------------
    # scope
    # ------------------------------------------------------------------
    @api.model
    def _company_sql(self, column, company):
        """SQL condition: ``column`` is a company whose documents count for ``company``: the
        tree of its root company, as in Odoo's ``credit``.

        The companies' ids written in the query (``_company_ids``), not a sub-select: the
        planner uses them as an index condition and estimates by them (a customer list's
        figures statement, with three such conditions, plans and runs a millisecond
        faster)."""
        return SQL("%s = ANY(%s)", column, self._company_ids(company))

    @api.model
    def _root_path(self, company):
        """The ``parent_path`` of ``company``'s root company ("1/"), from the company's own
        path: reading ``root_id`` would load every column of res_company first (5 ms, on every
        list page showing credit figures)."""
        company = company.sudo()
        company.fetch(["parent_path"])
        return company.parent_path.split("/", 1)[0] + "/"

    @api.model
    def _company_ids(self, company):
        """The ids of the companies of ``company``'s tree (see ``_company_sql``)."""
        return list(self._company_tree(self._root_path(company)))

    @api.model
    @tools.ormcache("root_path")
    def _company_tree(self, root_path):
        """The ids of the companies (archived ones too) whose path starts with ``root_path``.

        Cached in the registry: a company's place in the hierarchy never changes (Odoo
        refuses to write a new parent), and creating or deleting a company clears the
        registry's caches, in every worker."""
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        return tuple(companies.search([("parent_path", "=like", f"{root_path}%")]).ids)

    @api.model
    def _partner_sql(self, column, partner_ids):
        """SQL condition: ``column`` (a partner) belongs to one of the commercial partners
        ``partner_ids`` (None: any partner)."""
        if partner_ids is None:
            return SQL("TRUE")
        return SQL(
            "%s = ANY(ARRAY(SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%s)))",
            column,
            list(partner_ids),
        )

    @api.model
    def _partners_table_sql(self, partner_ids):
        """SQL: the partners the open items are joined with for their commercial partner:
        every partner, or only those of the commercial partners ``partner_ids``. The latter
        lets PostgreSQL start from the customers and read their items by index, instead of
        looking each item's partner up (5 000 look-ups, 10 of a confirmation check's 12 ms
        for a customer with 5 000 open invoices)."""
        if partner_ids is None:
            return SQL("res_partner")
        partner_ids = list(partner_ids)
        if len(partner_ids) > PARTNERS_BY_ID_MIN:
            # the partners' ids looked up first (``_partner_sql``): asked for the contacts of
            # a batch of 1 000 customers directly, PostgreSQL scans every partner (a parallel
            # sequential scan, 18 ms at 100 000 customers)
            return SQL(
                "(SELECT id, commercial_partner_id FROM res_partner WHERE %s)",
                self._partner_sql(SQL("id"), partner_ids),
            )
        # a few customers (a page, a confirmation): the index on the commercial partner, which
        # plans and runs faster than the look-up above
        return SQL(
            "(SELECT id, commercial_partner_id FROM res_partner"
            " WHERE commercial_partner_id = ANY(%s))",
            partner_ids,
        )

    @api.model
    def _today(self):
        return fields.Date.context_today(self)

    @api.model
    def _check_date(self, date):
        """``date`` (a date, or None for now) as the ledger reads it; a future date is refused:
        the books of tomorrow are not known."""
        if date and date > self._today():
            raise UserError(
                self.env._(
                    "The receivables cannot be shown as of %(date)s: that date is in the future.",
                    date=fields.Date.to_string(date),
                )
            )
        return None if not date or date >= self._today() else date

    @api.model
    def _flush(self):
        self.env["account.move.line"].flush_model(LINE_FIELDS)
        self.env["account.move"].flush_model(["move_type", "payment_state", "state"])
        self.env["account.account"].flush_model(["account_type"])
        self.env["account.partial.reconcile"].flush_model(
            ["amount", "credit_move_id", "debit_move_id", "max_date"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])

    # ------------------------------------------------------------------
    # open items
    # ------------------------------------------------------------------
    @api.model
    def _items_sql(self, company, partner_ids=None, date=None, due_before=None):
        """The open items (see the module docstring) as a sub-query with the columns
        ``partner_id`` (commercial partner), ``line_id``, ``move_id``, ``date``,
        ``date_due``, ``amount`` (open amount, company currency).

        ``date``: None or today = the books now (Odoo's residuals; what the partial index
        ``account_move_line_credit_open_items_idx`` answers alone); a past date = exactly as
        of that date. Call ``_check_date`` first for a date a user gave. ``due_before`` (the
        books now only): only the items due before that date, written so that the index's
        due-date column bounds the scan.
        """
        base = SQL(
            """aml.account_id = ANY(ARRAY(
                   SELECT id FROM account_account WHERE account_type = 'asset_receivable'))
               AND aml.parent_state = 'posted'
               AND %s AND %s""",
            self._company_sql(SQL("aml.company_id"), company),
            self._partner_sql(SQL("aml.partner_id"), partner_ids),
        )
        columns = SQL(
            """p.commercial_partner_id AS partner_id, aml.id AS line_id, aml.move_id,
               aml.date, COALESCE(aml.date_maturity, aml.date) AS date_due"""
        )
        if date is None or date >= self._today():
            now = SQL(
                """SELECT %(columns)s, aml.amount_residual AS amount
                     FROM account_move_line aml
                     JOIN %(partners)s p ON p.id = aml.partner_id
                    WHERE %(base)s
                      AND aml.amount_residual <> 0
                      AND aml.reconciled IS NOT TRUE""",
                columns=columns,
                partners=self._partners_table_sql(partner_ids),
                base=base,
            )
            if not due_before:
                return SQL("(%s)", now)
            # COALESCE(date_maturity, date) < due_before as two scans of the open items'
            # index, each bounded by its due-date column: under one OR, PostgreSQL reads every
            # open item of the customer and filters them (the overdue check of a customer
            # with 5 000 open invoices, none late: 0.97 → 0.79 ms in process, with planning)
            return SQL(
                "(%s AND aml.date_maturity < %s UNION ALL %s AND aml.date_maturity IS NULL"
                " AND aml.date < %s)",
                now,
                due_before,
                now,
                due_before,
            )
        if due_before:
            raise ValueError("due_before is for the books now")
        # As of a past date: today's residual plus what was reconciled after that date.
        if partner_ids is None or len(partner_ids) > ONE_PASS_MIN:
            return self._items_as_of_pass_sql(company, partner_ids, columns, date)
        # some customers: their lines' later reconciliations, looked up by index line by line
        # (the pass over every later reconciliation of the company cost more per page)
        return SQL(
            """(SELECT %(columns)s,
                       aml.amount_residual + COALESCE(dr.amount, 0) - COALESCE(cr.amount, 0)
                       AS amount
                  FROM account_move_line aml
                  JOIN %(partners)s p ON p.id = aml.partner_id
                  LEFT JOIN LATERAL (
                        SELECT SUM(pr.amount) AS amount FROM account_partial_reconcile pr
                         WHERE pr.debit_move_id = aml.id AND pr.max_date > %(date)s
                       ) dr ON TRUE
                  LEFT JOIN LATERAL (
                        SELECT SUM(pr.amount) AS amount FROM account_partial_reconcile pr
                         WHERE pr.credit_move_id = aml.id AND pr.max_date > %(date)s
                       ) cr ON TRUE
                 WHERE %(base)s
                   AND aml.date <= %(date)s
                   AND aml.amount_residual + COALESCE(dr.amount, 0) - COALESCE(cr.amount, 0)
                       <> 0)""",
            columns=columns,
            partners=self._partners_table_sql(partner_ids),
            base=base,
            date=date,
        )

    @api.model
    def _items_as_of_pass_sql(self, company, partner_ids, columns, date):
        """The open items as of the past ``date`` of every customer (``partner_ids`` None)
        or of a large selection, in one pass: the items that can be open at ``date`` are
        exactly the items open now (the partial index of open items) and those reconciled
        after ``date`` (the index of reconciliations by date), so neither the receivable
        lines paid since long nor a page's lookups of each line are read. Each item's open
        amount is its residual (when open now, as in the books now) plus its later
        reconciliations, summed by item.

        A selection is joined by its customers' commercial partner (a hash of the array)
        rather than an array of all their contacts the planner cannot estimate."""
        base = SQL(
            """aml.account_id = ANY(ARRAY(
                   SELECT id FROM account_account WHERE account_type = 'asset_receivable'))
               AND aml.parent_state = 'posted'
               AND aml.date <= %s AND %s AND %s""",
            date,
            self._company_sql(SQL("aml.company_id"), company),
            SQL("TRUE")
            if partner_ids is None
            else SQL("p.commercial_partner_id = ANY(%s)", list(partner_ids)),
        )
        return SQL(
            """(SELECT partner_id, line_id, move_id, date, date_due, SUM(amount) AS amount
                  FROM (SELECT %(columns)s, aml.amount_residual AS amount
                          FROM account_move_line aml
                          JOIN res_partner p ON p.id = aml.partner_id
                         WHERE %(base)s
                           AND aml.amount_residual <> 0
                           AND aml.reconciled IS NOT TRUE
                     UNION ALL
                        SELECT %(columns)s, late.amount
                          FROM (SELECT debit_move_id AS line_id, amount
                                  FROM account_partial_reconcile WHERE max_date > %(date)s
                             UNION ALL
                                SELECT credit_move_id, -amount
                                  FROM account_partial_reconcile WHERE max_date > %(date)s
                               ) late
                          JOIN account_move_line aml ON aml.id = late.line_id
                          JOIN res_partner p ON p.id = aml.partner_id
                         WHERE %(base)s
                       ) parts
              GROUP BY partner_id, line_id, move_id, date, date_due
                HAVING SUM(amount) <> 0)""",
            columns=columns,
            base=base,
            date=date,
        )

    @api.model
    def _aging_pass(self, company, date_ref, partner_ids, size=1000):
        """Yield the aging rows of ``_aging_sql`` (dicts: ``partner_id``, the buckets,
        ``total``) in customer id order, read through a server-side cursor ``size`` rows at
        a time: one query for a whole selection, in memory that does not grow with it
        (``DECLARE`` is allowed in the read-only transactions the exports run in)."""
        self._flush()
        query = SQL("%s ORDER BY i.partner_id", self._aging_sql(company, date_ref, partner_ids))
        keys = ("partner_id", *BUCKET_KEYS, "total")
        # a named (server-side) cursor of psycopg2 on the transaction's connection
        with self.env.cr._cnx.cursor(name="partner_credit_aging_pass") as cursor:
            cursor.execute(query.code, query.params)
            while rows := cursor.fetchmany(size):
                for row in rows:
                    yield dict(zip(keys, row, strict=True))

    @api.model
    def _figures(self, partner_ids, company, date=None, tolerance_days=0):
        """Receivable and overdue figures of the commercial partners ``partner_ids``.

        :return: {partner id: {"receivable", "overdue", "max_days_overdue",
            "late_amount", "late_count", "late_oldest"}} — overdue: items due before the
            reference date (``date``, today by default); late: invoices (positive items) due
            more than ``tolerance_days`` ago, their number and oldest due date. Customers
            without open items are left out.
        """
        if not partner_ids:
            return {}
        rows = self.env.execute_query(self._figures_sql(partner_ids, company, date, tolerance_days))
        return {row[0]: self._figures_values(row[1:]) for row in rows}

    @api.model
    def _figures_sql(self, partner_ids, company, date=None, tolerance_days=0, overdue=True):
        """The query of ``_figures`` (flushed): one row per customer with open items, its id
        then the columns ``_figures_values`` reads (``FIGURES_COLUMNS``), so that other
        queries can embed it.

        ``overdue=False``: the receivable alone, the other columns NULL — what a list's
        exposure column needs: the overdue and late figures' filters (the late one with a
        look-up of disputes per item) are neither planned nor run."""
        self._flush()
        if not overdue:
            return SQL(
                """
                SELECT i.partner_id, SUM(i.amount), NULL::numeric, NULL::int, NULL::numeric,
                       NULL::bigint, NULL::date
                  FROM %s i
              GROUP BY i.partner_id
                """,
                self._items_sql(company, partner_ids, date),
            )
        date_ref = date or self._today()
        late_before = fields.Date.add(date_ref, days=-tolerance_days)
        late = self._late_sql(company, late_before)
        return SQL(
            """
            SELECT i.partner_id,
                   SUM(i.amount),
                   COALESCE(SUM(i.amount) FILTER (WHERE i.date_due < %(date_ref)s), 0),
                   MAX(%(date_ref)s::date - i.date_due) FILTER (WHERE i.amount > 0),
                   COALESCE(SUM(i.amount) FILTER (WHERE %(late)s), 0),
                   COUNT(DISTINCT i.move_id) FILTER (WHERE %(late)s),
                   MIN(i.date_due) FILTER (WHERE %(late)s)
              FROM %(items)s i
          GROUP BY i.partner_id
            """,
            date_ref=date_ref,
            late=late,
            items=self._items_sql(company, partner_ids, date),
        )

    @api.model
    def _figures_values(self, row):
        """The figures of one customer from the columns of ``_figures_sql`` after its id."""
        receivable, overdue, max_days, late_amount, late_count, late_oldest = row
        return {
            "receivable": receivable,
            "overdue": overdue,
            "max_days_overdue": max(max_days or 0, 0),
            "late_amount": late_amount,
            "late_count": late_count,
            "late_oldest": late_oldest,
        }

    @api.model
    def _late(self, partner_ids, company, tolerance_days=0, check=True):
        """The late invoices of ``_figures`` alone, now, looked up by due date instead of
        summing every open item: {partner id: {"late_amount", "late_count",
        "late_oldest"}}, only for the customers with some.

        ``check=False``: every positive item due more than ``tolerance_days`` ago, whether or
        not the overdue check counts it (``_late_sql``'s extensions leave out disputed
        ones): the customers whose ``max_days_overdue`` is above ``tolerance_days``.
        """
        if not partner_ids:
            return {}
        self._flush()
        late_before = fields.Date.add(self._today(), days=-tolerance_days)
        if check:
            late = self._late_sql(company, late_before)
        else:
            late = SQL("i.amount > 0 AND i.date_due < %s", late_before)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT i.partner_id, SUM(i.amount), COUNT(DISTINCT i.move_id), MIN(i.date_due)
                  FROM %(items)s i
                 WHERE %(late)s
              GROUP BY i.partner_id
                """,
                late=late,
                items=self._items_sql(company, partner_ids, due_before=late_before),
            )
        )
        return {
            pid: {"late_amount": amount, "late_count": count, "late_oldest": oldest}
            for pid, amount, count, oldest in rows
        }

    @api.model
    def _late_sql(self, company, late_before):
        """SQL condition on an open item ``i``: an invoice late for the overdue check (a
        positive item due before ``late_before``). Extensions narrow it (disputes)."""
        return SQL("i.amount > 0 AND i.date_due < %s", late_before)

    @api.model
    def _aging_sql(self, company, date_ref, partner_ids=None):
        """Aging buckets (tools/aging.py) of the open items as of ``date_ref``, one row per
        commercial partner: ``partner_id``, one column per bucket, ``total``. Items are aged
        by due date, credits included (as Odoo's aged receivable), so the buckets add up to
        the receivable."""
        columns = []
        days = SQL("(%s::date - i.date_due)", date_ref)
        for key, first, last in BUCKETS:
            if first is None:
                cond = SQL("%s <= %s", days, last)
            elif last is None:
                cond = SQL("%s >= %s", days, first)
            else:
                cond = SQL("%s BETWEEN %s AND %s", days, first, last)
            columns.append(
                SQL(
                    "COALESCE(SUM(i.amount) FILTER (WHERE %s), 0) AS %s",
                    cond,
                    SQL.identifier(key),
                )
            )
        return SQL(
            """
            SELECT i.partner_id, %(columns)s, SUM(i.amount) AS total
              FROM %(items)s i
          GROUP BY i.partner_id
            """,
            columns=SQL(", ").join(columns),
            items=self._items_sql(company, partner_ids, date_ref),
        )

    # ------------------------------------------------------------------
    # payment behaviour
    # ------------------------------------------------------------------
    @api.model
    def _payment_behaviour(self, partner_ids, company, date_from, date_to):
        """How the customers paid the invoices that fell due from ``date_from`` to
        ``date_to`` (both included), as the books stood on ``date_to``.

        :return: {partner id: (items due, items paid on time, total days late)}
        """
        if not partner_ids:
            return {}
        self._flush()
        rows = self.env.execute_query(
            SQL(
                """
                WITH items AS (
                    -- by the item's own partner: the commercial partner is looked up once
                    -- per partner at the end, not once per item (7 900 look-ups a batch)
                    SELECT aml.partner_id, aml.id, aml.balance,
                           COALESCE(aml.date_maturity, aml.date) AS due
                      FROM account_move_line aml
                      JOIN account_move m ON m.id = aml.move_id
                     WHERE aml.account_id = ANY(ARRAY(SELECT id FROM account_account
                                                      WHERE account_type = 'asset_receivable'))
                       AND aml.parent_state = 'posted'
                       AND %(company)s AND %(partners)s
                       AND m.move_type IN ('out_invoice', 'out_receipt')
                       AND m.payment_state IS DISTINCT FROM 'reversed'
                       AND aml.balance > 0
                       AND aml.date <= %(date_to)s
                       AND COALESCE(aml.date_maturity, aml.date) BETWEEN %(date_from)s
                                                                      AND %(date_to)s
                ), settled AS (
                    -- each item's payments looked up by index: PostgreSQL underestimates the
                    -- items (date ranges on COALESCE) and joined a per-item aggregate of all
                    -- of them in a nested loop (75 s for 1 000 customers)
                    SELECT items.partner_id, items.due,
                           COALESCE(paid.amount, 0) >= items.balance - %(tolerance)s AS paid,
                           paid.date_paid
                      FROM items
                 LEFT JOIN LATERAL (
                        SELECT SUM(pr.amount) AS amount, MAX(pr.max_date) AS date_paid
                          FROM account_partial_reconcile pr
                         WHERE pr.debit_move_id = items.id AND pr.max_date <= %(date_to)s
                       ) paid ON TRUE
                )
                SELECT p.commercial_partner_id, SUM(g.due), SUM(g.on_time), SUM(g.days_late)
                  FROM (
                    SELECT partner_id,
                           COUNT(*) AS due,
                           COUNT(*) FILTER (WHERE paid AND date_paid <= due) AS on_time,
                           SUM(GREATEST(0, CASE WHEN paid THEN date_paid
                                                ELSE %(date_to)s::date END - due)) AS days_late
                      FROM settled
                  GROUP BY partner_id
                       ) g
                  JOIN res_partner p ON p.id = g.partner_id
              GROUP BY p.commercial_partner_id
                """,
                company=self._company_sql(SQL("aml.company_id"), company),
                partners=self._partner_sql(SQL("aml.partner_id"), partner_ids),
                date_from=date_from,
                date_to=date_to,
                tolerance=SETTLED_TOLERANCE,
            )
        )
        return {pid: (count, on_time, days_late or 0) for pid, count, on_time, days_late in rows}

    # ------------------------------------------------------------------
    # sales (for DSO)
    # ------------------------------------------------------------------
    @api.model
    def _sales(self, partner_ids, company, date_to, days):
        """Posted customer invoices less credit notes of the ``days`` days up to ``date_to``
        (invoice dates), per commercial partner, in company currency, in the ledger's company
        scope: {partner id: amount}."""
        if not partner_ids:
            return {}
        self.env["account.move"].flush_model(
            ["amount_total_signed", "commercial_partner_id", "company_id", "invoice_date"]
        )
        return dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT am.commercial_partner_id, SUM(am.amount_total_signed)
                      FROM account_move am
                     WHERE am.state = 'posted'
                       AND am.move_type IN ('out_invoice', 'out_refund')
                       AND am.commercial_partner_id = ANY(%(partners)s)
                       AND am.invoice_date > %(date_to)s::date - %(days)s
                       AND am.invoice_date <= %(date_to)s
                       AND %(company)s
                  GROUP BY am.commercial_partner_id
                    """,
                    partners=list(partner_ids),
                    date_to=date_to,
                    days=days,
                    company=self._company_sql(SQL("am.company_id"), company),
                )
            )
        )
