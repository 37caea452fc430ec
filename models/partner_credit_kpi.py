"""The KPIs of tier grading (SPEC §3.C), set-based: a fixed number of queries per batch of
customers, whatever its size.

- Inactivity (``days_since_last_order``) counts from the last day of business: the last
  delivery of goods (done moves to a customer), or the order date of what is not delivered
  through stock (services) — ``_last_business_dates``. Fulfilment is Odoo's delivered
  quantity, which for goods is what done deliveries (less returns) delivered.
- Sales, fulfilment and volatility come from confirmed order lines of orders dated (in the
  user's time zone) in the KPI window, valued in company currency: line subtotals divided by
  their order's ``currency_rate`` (the rate of the order date Odoo stores on the order).
- Receivable, overdue and payment behaviour come from the receivables ledger
  (``partner.credit.ledger``, the one definition of open items): the invoices that fell due from
  the window's start to the day graded; receivable and overdue as of that day.
- The arithmetic per customer is pure Python (``tools/kpi.py``: ``customer_kpis``).

The orders and invoices that count are those of the ledger's company scope.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import kpi as kpi_tools

# the confirmed, real order lines of orders dated from %(start)s to before %(end)s
SALES_LINES = """
      FROM sale_order_line sol
      JOIN sale_order so ON so.id = sol.order_id
      JOIN res_partner p ON p.id = so.partner_id
     WHERE so.company_id = ANY(%(company_ids)s)
       AND so.state = 'sale'
       AND sol.display_type IS NULL
       AND sol.is_downpayment IS NOT TRUE
       AND %(local_date)s >= %(start)s
       AND %(local_date)s < %(end)s
"""


class PartnerCreditKpi(models.AbstractModel):
    _name = "partner.credit.kpi"
    _description = "Credit Grading KPIs"

    @api.model
    def _company_ids(self):
        """The companies whose orders and invoices count: the receivables ledger's scope."""
        return self.env["partner.credit.ledger"]._company_ids(self.env.company)

    @api.model
    def _windows(self, date_ref):
        """(start of the KPI window, start of the promotion history months); both end at the
        start of ``date_ref``'s month."""
        company = self.env.company
        window_end = kpi_tools.month_start(date_ref)
        return (
            kpi_tools.add_months(window_end, -company.credit_kpi_window_months),
            kpi_tools.add_months(window_end, -company.credit_promotion_months),
        )

    @api.model
    def _local_order_date(self):
        """SQL: the order's date in the user's time zone (orders flushed first)."""
        self.env["sale.order.line"].flush_model()
        self.env["sale.order"].flush_model()
        return SQL(
            "(timezone(%s, timezone('UTC', so.date_order)))::date", self.env.user.tz or "UTC"
        )

    @api.model
    def _sales_sql(self, ids, company_ids, date_ref):
        """The common table expressions of the sales KPIs (flushed), one definition for
        ``_monthly_sales``, ``_order_dates``, ``_last_business_dates`` and ``_sales_history``
        (all three in one pass):

        - ``orders``: confirmed orders of the commercial partners ``ids`` in the companies
          ``company_ids``, dated (local date ``day``) up to ``date_ref``;
        - ``lines``: their real lines (no sections, notes or down payments), with
          ``not_stock``: not delivered through stock (not goods, or goods without a move);
        - ``deliveries``: done moves to a customer location of the order lines of the
          customers' orders in those companies, local date up to ``date_ref``.
        """
        self.env["stock.move"].flush_model(["state", "date", "sale_line_id", "location_dest_id"])
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["type"])
        tz = self.env.user.tz or "UTC"
        return SQL(
            """
            orders AS (
                SELECT p.commercial_partner_id AS partner_id, so.id, %(local_date)s AS day,
                       COALESCE(NULLIF(so.currency_rate, 0), 1) AS rate
                  FROM sale_order so
                  JOIN %(partners)s p ON p.id = so.partner_id
                 WHERE so.company_id = ANY(%(company_ids)s)
                   AND so.state = 'sale'
                   AND %(local_date)s <= %(date_ref)s
            ), lines AS (
                SELECT o.partner_id, o.id AS order_id, o.day, o.rate, sol.price_subtotal,
                       sol.qty_delivered, sol.product_uom_qty,
                       (pt.type IS DISTINCT FROM 'consu'
                        OR NOT EXISTS (SELECT 1 FROM stock_move sm
                                        WHERE sm.sale_line_id = sol.id)) AS not_stock
                  FROM orders o
                  JOIN sale_order_line sol ON sol.order_id = o.id
             LEFT JOIN product_product pp ON pp.id = sol.product_id
             LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE sol.display_type IS NULL
                   AND sol.is_downpayment IS NOT TRUE
            ), deliveries AS (
                SELECT p.commercial_partner_id AS partner_id,
                       (timezone(%(tz)s, timezone('UTC', sm.date)))::date AS day
                  FROM stock_move sm
                  JOIN stock_location dest ON dest.id = sm.location_dest_id
                  JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN %(partners)s p ON p.id = so.partner_id
                 WHERE so.company_id = ANY(%(company_ids)s)
                   AND sm.state = 'done'
                   AND dest.usage = 'customer'
                   AND (timezone(%(tz)s, timezone('UTC', sm.date)))::date <= %(date_ref)s
            )
            """,
            local_date=self._local_order_date(),
            # the customers' partners as a small table: PostgreSQL reads their orders by index
            # (asked for the commercial partners directly, it scanned every partner)
            partners=self.env["partner.credit.ledger"]._partners_table_sql(ids),
            company_ids=company_ids,
            date_ref=date_ref,
            tz=tz,
        )

    @api.model
    def _monthly_sql(self, start, end):
        """SELECT over ``lines``: (partner, month, ordered, delivered) from ``start`` to
        before ``end``, in company currency (subtotals ÷ the order's rate)."""
        return SQL(
            """
            SELECT partner_id, date_trunc('month', day)::date AS month,
                   SUM(price_subtotal / rate) AS ordered,
                   SUM(CASE WHEN product_uom_qty > 0
                            THEN price_subtotal * qty_delivered / product_uom_qty
                            ELSE 0 END / rate) AS delivered
              FROM lines
             WHERE day >= %(start)s AND day < %(end)s
          GROUP BY 1, 2
            """,
            start=start,
            end=end,
        )

    # the last day of business: the last delivery of goods, or the order date of what is not
    # delivered through stock (services, goods confirmed without a stock move)
    BUSINESS_SQL = """
        SELECT partner_id, MAX(day) AS day FROM (
            SELECT DISTINCT partner_id, order_id, day FROM lines WHERE not_stock
            UNION ALL
            SELECT partner_id, NULL, day FROM deliveries
        ) days
      GROUP BY partner_id
    """

    @api.model
    def _monthly_sales(self, ids, company_ids, start, end):
        """{commercial partner id: {month: (ordered, delivered)}} from ``start`` to ``end``."""
        rows = self.env.execute_query(
            SQL(
                "WITH %s %s",
                self._sales_sql(ids, company_ids, end),
                self._monthly_sql(start, end),
            )
        )
        monthly = defaultdict(dict)
        for partner_id, month, ordered, delivered in rows:
            monthly[partner_id][month] = (ordered or 0.0, delivered or 0.0)
        return monthly

    @api.model
    def _order_dates(self, ids, company_ids, date_ref):
        """{commercial partner id: (first, last)}: local dates of its confirmed orders up to
        ``date_ref``."""
        rows = self.env.execute_query(
            SQL(
                "WITH %s SELECT partner_id, MIN(day), MAX(day) FROM orders GROUP BY partner_id",
                self._sales_sql(ids, company_ids, date_ref),
            )
        )
        return {partner_id: (first, last) for partner_id, first, last in rows}

    @api.model
    def _last_business_dates(self, ids, company_ids, date_ref):
        """{commercial partner id: last local day of business up to ``date_ref``}: the day
        goods were delivered (done moves of its order lines to a customer location, SPEC
        §3.K, seed 004: 无故中断一个月不发运), and for what is not delivered through stock —
        services, down payments aside, and goods confirmed without a stock move (history,
        orders from before stock) — the order's date, as before."""
        rows = self.env.execute_query(
            SQL(
                "WITH %s %s",
                self._sales_sql(ids, company_ids, date_ref),
                SQL(self.BUSINESS_SQL),
            )
        )
        return dict(rows)

    @api.model
    def _sales_history(self, ids, company_ids, start, date_ref):
        """``_monthly_sales`` from ``start`` to the start of ``date_ref``'s month,
        ``_order_dates`` and ``_last_business_dates`` up to ``date_ref``, in one statement
        (the orders and lines of the customers read once, not three times):
        (monthly, orders, business) as those methods return them."""
        rows = self.env.execute_query(
            SQL(
                """
                WITH %(ctes)s
                SELECT 'month', partner_id, month, NULL::date, ordered, delivered
                  FROM (%(monthly)s) monthly
                 UNION ALL
                SELECT 'orders', partner_id, MIN(day), MAX(day), NULL, NULL
                  FROM orders GROUP BY partner_id
                 UNION ALL
                SELECT 'business', partner_id, day, NULL, NULL, NULL
                  FROM (%(business)s) business
                """,
                ctes=self._sales_sql(ids, company_ids, date_ref),
                monthly=self._monthly_sql(start, kpi_tools.month_start(date_ref)),
                business=SQL(self.BUSINESS_SQL),
            )
        )
        monthly, orders, business = defaultdict(dict), {}, {}
        for kind, partner_id, day, last, ordered, delivered in rows:
            if kind == "month":
                monthly[partner_id][day] = (ordered or 0.0, delivered or 0.0)
            elif kind == "orders":
                orders[partner_id] = (day, last)
            else:
                business[partner_id] = day
        return monthly, orders, business

    @api.model
    def _relationship_starts(self, ids):
        """{partner id: relationship start date} recorded in the current company's archive."""
        rows = (
            self.env["partner.archive"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", ids),
                    ("company_id", "=", self.env.company.id),
                    ("relationship_date_start", "!=", False),
                ],
                ["partner_id"],
                ["relationship_date_start:min"],
            )
        )
        return {partner.id: start for partner, start in rows}

    @api.model
    def _kpis(self, partners, date_ref=None, receivables=None):
        """KPIs of SPEC §3.C for the commercial partners ``partners``, in the current company.

        ``receivables``: {partner id: the receivables ledger's figures (``_figures``: at least
        ``receivable``, ``overdue``, ``max_days_overdue``)} of these customers as of
        ``date_ref``, when the caller has read them already — the register reads them for its
        own columns; they are then not read a second time.

        :return: {partner id: dict} with ``fulfilment_rate``, ``volatility`` (None when there
            is nothing to compute them from), ``annual_sales``, ``recent_fulfilment_rate``,
            ``recent_volatility`` (over the promotion history months), ``ontime_rate``,
            ``avg_days_late``, ``overdue_ratio``, ``max_days_overdue``, ``receivable``,
            ``overdue``, ``date_first_order``, ``date_last_order``,
            ``days_since_last_order``, ``relationship_months``
        """
        company = self.env.company
        date_ref = date_ref or fields.Date.context_today(self)
        window_start, recent_start = self._windows(date_ref)
        ids = list(partners.ids)
        company_ids = self._company_ids()
        for model in ("sale.order.line", "sale.order", "account.move", "account.move.line"):
            self.env[model].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        partners.flush_model(["commercial_partner_id"])
        monthly, orders, business = self._sales_history(
            ids, company_ids, min(window_start, recent_start), date_ref
        )
        ledger = self.env["partner.credit.ledger"]
        payments = ledger._payment_behaviour(ids, company, window_start, date_ref)
        if receivables is None:
            receivables = ledger._figures(ids, company, ledger._check_date(date_ref))
        starts = self._relationship_starts(ids)
        return {
            partner_id: kpi_tools.customer_kpis(
                date_ref,
                window_start,
                recent_start,
                monthly[partner_id],
                (orders.get(partner_id, (None,))[0], business.get(partner_id)),
                starts.get(partner_id),
                payments.get(partner_id, (0, 0, 0)),
                receivables.get(partner_id, {}),
            )
            for partner_id in ids
        }

    @api.model
    def _abc_cutoffs(self, date_ref=None):
        """Pareto cut-offs of the current company's customers by sales in the KPI window."""
        date_ref = date_ref or fields.Date.context_today(self)
        window_start, __ = self._windows(date_ref)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1))
                %(lines)s
              GROUP BY p.commercial_partner_id
                """,
                lines=SQL(
                    SALES_LINES,
                    company_ids=self._company_ids(),
                    local_date=self._local_order_date(),
                    start=window_start,
                    end=kpi_tools.month_start(date_ref),
                ),
            )
        )
        return kpi_tools.pareto_cutoffs([row[0] or 0.0 for row in rows])
