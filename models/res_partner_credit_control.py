from odoo import api, fields, models
from odoo.tools import SQL, float_round

from .partner_credit_ledger import FIGURES_COLUMNS


class ResPartner(models.Model):
    """Credit control on the customer: exposure, available credit, credit hold, credit group.

    Exposure (SPEC §3.D) is what the customer owes or will owe the company, in company
    currency: Odoo's open receivable (``credit``) plus confirmed orders not yet invoiced
    (``credit_to_invoice`` semantics, computed here in SQL), optionally plus draft invoices.
    Contacts roll up to their commercial partner. Everything is set-based: one call computes
    the exposure of any number of customers with a fixed number of queries.
    """

    _inherit = "res.partner"

    credit_hold = fields.Boolean(
        company_dependent=True,
        tracking=True,
        groups="partner_credit_archive.group_archive_user",
        help="A credit manager put this customer on hold: new orders are held for credit "
        "review (per company).",
    )
    credit_group_id = fields.Many2one(
        "partner.credit.group",
        string="Credit Group",
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,  # restricted: Odoo's copy would fail for users outside the group
        groups="partner_credit_archive.group_archive_user",
        help="Group customers share the group's credit limit: an order must fit both the "
        "customer's and the group's available credit.",
    )
    credit_currency_id = fields.Many2one(
        "res.currency", compute="_compute_credit_currency_id", string="Credit Currency"
    )
    credit_exposure = fields.Monetary(
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        groups="partner_credit_archive.group_archive_user",
        help="Open receivables plus confirmed orders not invoiced yet (and draft invoices if "
        "set so in Settings), in company currency, for the company and its contacts.",
    )
    credit_available = fields.Monetary(
        compute="_compute_credit_exposure",
        currency_field="credit_currency_id",
        groups="partner_credit_archive.group_archive_user",
        help="Credit limit minus exposure (negative when over the limit; 0 when no limit).",
    )

    @api.depends_context("company")
    def _compute_credit_currency_id(self):
        self.credit_currency_id = self.env.company.currency_id

    # not compute_sudo: the figures are confidential (res_partner_credit_confidential.py), so
    # the value depends on who reads; they are computed in superuser mode for those shown
    @api.depends_context("uid", "company")
    def _compute_credit_exposure(self):
        company = self.env.company
        visible = self._credit_figures_visible()
        shown = self.filtered(lambda partner: partner.id in visible)
        # only the commercial partner: a plain read would load every column of the page's
        # customers (each company-dependent many-to-one with an existence sub-select)
        shown.sudo().fetch(["commercial_partner_id"])
        commercial_of = {partner.id: partner.commercial_partner_id.id for partner in shown.sudo()}
        commercial = self.browse(set(commercial_of.values())).sudo()
        figures = commercial._credit_figures_get(company, overdue=False)
        limits = commercial._credit_limit_get(company)
        rounding = company.currency_id.rounding
        exposure, available = {}, {}
        for partner_id, pid in commercial_of.items():
            values = figures.get(pid) or {"exposure": 0.0, "secured": 0.0}
            exposure[partner_id] = values["exposure"]
            limit = limits.get(pid, 0.0)
            available[partner_id] = (
                float_round(
                    limit + values["secured"] - values["exposure"], precision_rounding=rounding
                )
                if limit
                else 0.0
            )
        # (already rounded: the fields' currency is the company's)
        self._cache_computed({"credit_exposure": exposure, "credit_available": available})

    # ------------------------------------------------------------------
    # Set-based credit figures (self = commercial partners)
    # ------------------------------------------------------------------
    def _credit_limit_get(self, company):
        """Credit limit of each partner in ``company`` ({partner_id: limit}); 0 = no limit."""
        partners = self.sudo().with_company(company)
        # only the limit: a plain read would prefetch every stored column of res.partner
        partners.fetch(["credit_limit"])
        return {partner.id: partner.credit_limit for partner in partners}

    @api.model
    def _credit_company_sql(self, column, company):
        """SQL condition: ``column`` is a company whose documents count for ``company``
        (the ledger's company scope)."""
        return self.env["partner.credit.ledger"]._company_sql(column, company)

    def _credit_exposure_get(self, company):
        """Exposure of each partner of ``self`` (commercial partners) for ``company``.

        :return: {partner_id: amount in company currency}
        """
        return {
            pid: figures["exposure"]
            for pid, figures in self._credit_figures_get(company, overdue=False).items()
        }

    def _credit_figures_get(self, company, overdue=True):
        """The credit figures of the commercial partners ``self`` in ``company``, set-based.

        :return: {partner_id: {"receivable", "to_invoice", "draft_invoices", "exposure",
            "overdue", "max_days_overdue", "overdue_count", "overdue_amount",
            "overdue_oldest", "bills", "secured"}} (amounts in company currency; receivable
            and overdue from the receivables ledger; ``overdue_*``: invoices due more than the
            company's tolerance ago, what the overdue check looks at; ``bills``: bills of
            acceptance not safe yet, part of the exposure; ``secured``: the cover of active
            securities, added to the available credit — res_partner_credit_bill.py)

        ``overdue=False``: without the overdue figures (``overdue``, ``max_days_overdue``,
        ``overdue_*`` left out), for what shows the exposure alone: the lists' columns.
        """
        self.fetch(["commercial_partner_id"])
        partners = self.commercial_partner_id
        if not partners:
            return {}
        # the company's settings read here, alone: its first plain read in a request loads
        # every column of res_company (5 ms, as much as the figures' statement)
        company.fetch(
            [
                "credit_include_draft_invoices",
                "credit_overdue_days",
                "credit_dispute_exclude_overdue",
                "credit_bill_count_bank",
                "currency_id",
            ]
        )
        include_draft = company.credit_include_draft_invoices
        # each figure's own query, joined in one statement (one round trip)
        parts = {
            "ledger": self.env["partner.credit.ledger"]._figures_sql(
                partners.ids, company, tolerance_days=company.credit_overdue_days, overdue=overdue
            ),
            "to_invoice": partners._credit_to_invoice_sql(company, include_draft),
            "bills": partners._credit_bill_exposure_sql(company),
            "secured": partners._credit_secured_sql(company),
        }
        if include_draft:
            parts["drafts"] = partners._credit_draft_invoices_sql(company)
        names = list(parts)
        ledger_columns = SQL(", ").join(SQL.identifier(name) for name in FIGURES_COLUMNS)
        joins = SQL(" ").join(
            SQL(
                "LEFT JOIN (%s) AS %s(partner_id, %s) ON %s = p.id",
                query,
                SQL.identifier(name),
                ledger_columns if name == "ledger" else SQL("amount"),
                SQL.identifier(name, "partner_id"),
            )
            for name, query in parts.items()
        )
        selected = SQL(", ").join(
            [
                SQL("ledger.partner_id IS NOT NULL"),
                *(SQL.identifier("ledger", column) for column in FIGURES_COLUMNS),
                *(SQL.identifier(name, "amount") for name in names[1:]),
            ]
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT p.id, %s FROM unnest(%s::int[]) AS p(id) %s",
                selected,
                partners.ids,
                joins,
            )
        )
        ledger = self.env["partner.credit.ledger"]
        no_items = ledger._figures_values((0.0, 0.0, 0, 0.0, 0, None))
        # the currency's rounding applied directly: ``res.currency.round`` costs a field access
        # per call, four calls a customer
        rounding = company.currency_id.rounding

        def rounded(amount):
            return float_round(amount, precision_rounding=rounding)

        result = {}
        for pid, has_items, *values in rows:
            items = (
                ledger._figures_values(values[: len(FIGURES_COLUMNS)]) if has_items else no_items
            )
            amounts = dict(zip(names[1:], values[len(FIGURES_COLUMNS) :], strict=True))
            figures = {
                "receivable": items["receivable"],
                "to_invoice": rounded(amounts["to_invoice"] or 0.0),
                "draft_invoices": amounts.get("drafts") or 0.0,
                "bills": rounded(amounts["bills"] or 0.0),
                "secured": rounded(amounts["secured"] or 0.0),
            }
            if overdue:
                figures.update(
                    overdue=items["overdue"],
                    max_days_overdue=items["max_days_overdue"],
                    overdue_count=items["late_count"],
                    overdue_amount=items["late_amount"],
                    overdue_oldest=items["late_oldest"],
                )
            figures["exposure"] = rounded(
                figures["receivable"]
                + figures["to_invoice"]
                + figures["draft_invoices"]
                + figures["bills"]
            )
            result[pid] = figures
        return result

    def _credit_late_get(self, company):
        """The ``overdue_*`` figures of ``_credit_figures_get`` alone (what the overdue check
        reads), by one look-up of the late invoices instead of every open item:
        {partner id: {"overdue_count", "overdue_amount", "overdue_oldest"}}, only for the
        commercial partners ``self`` with a late invoice."""
        late = self.env["partner.credit.ledger"]._late(
            self.commercial_partner_id.ids, company, tolerance_days=company.credit_overdue_days
        )
        return {
            pid: {
                "overdue_count": items["late_count"],
                "overdue_amount": items["late_amount"],
                "overdue_oldest": items["late_oldest"],
            }
            for pid, items in late.items()
        }

    def _credit_to_invoice_get(self, company, include_draft):
        """{commercial partner id: confirmed order lines not invoiced yet} (see
        ``_credit_to_invoice_sql``)."""
        if not self:
            return {}
        rows = self.env.execute_query(self._credit_to_invoice_sql(company, include_draft))
        return {pid: company.currency_id.round(amount or 0.0) for pid, amount in rows}

    def _credit_to_invoice_sql(self, company, include_draft):
        """Confirmed order lines not invoiced yet, per commercial partner of the invoice address.

        Odoo's own quantity to invoice (``qty_to_invoice``: ordered, or delivered for the
        'delivered quantities' policy, minus invoiced), valued at the line's total price;
        orders in another currency are converted at the order's rate (its date). Odoo counts
        draft invoices as invoiced: unless draft invoices are part of the exposure, the
        quantity on draft invoices is added back to the customer of the draft, so an order is
        never counted twice nor forgotten: on its own customer for its own drafts, on the
        other customer for a draft made out to another one (who will owe it, and counts it
        among its drafts when drafts are part of the exposure). Over-invoiced lines count
        zero. One row per commercial partner: its id, the amount.

        Not only a query to run: whether the customers have draft invoices is looked up
        first (one indexed look-up), and the drafts' part left out when they have none.
        """
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_invoice_id", "currency_rate"]
        )
        self.env["sale.order.line"].flush_model(
            [
                "order_id",
                "product_uom_id",
                "product_uom_qty",
                "qty_to_invoice",
                "price_total",
                "invoice_lines",
                "display_type",
            ]
        )
        self.env["account.move.line"].flush_model(["move_id", "quantity", "product_uom_id"])
        self.env["account.move"].flush_model(["state", "move_type", "commercial_partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        # the customers' partners as a small table (the ledger's): their orders are read by
        # index, never a scan of every partner for a batch of 1 000 customers
        partners = self.env["partner.credit.ledger"]._partners_table_sql(self.ids)
        # a confirmed order's real line, in the companies of the figures
        line_sql = SQL(
            """so.state = 'sale'
               AND %s
               AND sol.product_uom_qty != 0
               AND sol.display_type IS NULL""",
            self._credit_company_sql(SQL("so.company_id"), company),
        )

        def worth(quantity):
            """What ``quantity`` of the line is worth, in company currency at the order's
            rate; nothing for a negative quantity (over-invoiced)."""
            return SQL(
                "GREATEST(sol.price_total / sol.product_uom_qty * (%s), 0)"
                " / COALESCE(NULLIF(so.currency_rate, 0), 1)",
                quantity,
            )

        def lines(quantity, drafts_join=None):
            """The customers' order lines that Odoo has left to invoice (``qty_to_invoice``
            not zero: read from the index of those lines, sale_order_line.py) with
            ``quantity`` still to invoice: (partner, what that quantity is worth)."""
            return SQL(
                """
                SELECT p.commercial_partner_id AS partner_id, %(worth)s AS amount
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN %(partners)s p ON p.id = so.partner_invoice_id
                       %(drafts_join)s
                 WHERE %(line)s
                   AND sol.qty_to_invoice <> 0
                   AND %(quantity)s > 0
                """,
                worth=worth(quantity),
                partners=partners,
                drafts_join=drafts_join or SQL(),
                line=line_sql,
                quantity=quantity,
            )

        if include_draft or not self.env.execute_query(
            SQL("SELECT 1 FROM account_move am WHERE %s LIMIT 1", self._credit_drafts_sql("am"))
        ):
            # Odoo's quantity to invoice alone: drafts are counted as drafts, or the
            # customers have none. Most of the time, looked up first from the index of
            # drafts by customer (half a millisecond): the drafts' part below takes
            # PostgreSQL 2 to 4 ms to plan (a customers' list page, a confirmation).
            return SQL(
                "SELECT partner_id, SUM(amount) FROM (%s) amounts GROUP BY partner_id",
                lines(SQL("sol.qty_to_invoice")),
            )
        # The quantity on the customers' draft invoices (less draft credit notes) per order
        # line, read from the index of draft invoices by customer: reading every draft of
        # the company, as before, cost each confirmation 17 ms more with 5 000 drafts of
        # other customers in the database. Joined by hash: a correlated sub-select per line
        # made PostgreSQL estimate the query so expensive that it JIT-compiled it, which took
        # seconds on a customer list. The drafts' lines are a query of their own
        # (MATERIALIZED): PostgreSQL plans two joins of four and five tables faster than one
        # of eight.
        draft_lines = SQL(
            """
            SELECT am.commercial_partner_id AS partner_id, rel.order_line_id,
                   CASE am.move_type WHEN 'out_refund' THEN -aml.quantity
                   ELSE aml.quantity END * COALESCE(aml_uom.factor, 1) AS quantity
              FROM account_move am
              JOIN account_move_line aml ON aml.move_id = am.id
              JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
         LEFT JOIN uom_uom aml_uom ON aml_uom.id = aml.product_uom_id
             WHERE %s
            """,
            self._credit_drafts_sql("am"),
        )
        draft_qty = SQL("SUM(dl.quantity / COALESCE(NULLIF(sol_uom.factor, 0), 1))")
        drafts = SQL(
            """
            SELECT dl.partner_id, sol.id AS order_line_id,
                   -- a draft of another customer's order line (made out to this one)
                   ordered.commercial_partner_id <> dl.partner_id AS foreign_line,
                   -- a line Odoo counts as invoiced in full (the drafts included): not
                   -- among the lines left to invoice, its drafts' quantity is all there is
                   sol.qty_to_invoice = 0 AS line_invoiced,
                   %(qty)s AS qty,
                   -- what it is worth, for the drafts of other customers' lines
                   %(worth)s AS amount
              FROM draft_lines dl
              JOIN sale_order_line sol ON sol.id = dl.order_line_id
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_partner ordered ON ordered.id = so.partner_invoice_id
         LEFT JOIN uom_uom sol_uom ON sol_uom.id = sol.product_uom_id
             WHERE %(line)s
          GROUP BY dl.partner_id, sol.id, so.id, ordered.commercial_partner_id
            """,
            qty=draft_qty,
            worth=worth(draft_qty),
            line=line_sql,
        )
        return SQL(
            """
            WITH draft_lines AS MATERIALIZED (%(draft_lines)s),
                 drafts AS (%(drafts)s)
            SELECT partner_id, SUM(amount) FROM (
                -- the customers' order lines left to invoice, with the quantity on their
                -- own drafts
                %(own)s
                 UNION ALL
                -- their drafts of other customers' order lines (theirs to pay), and of
                -- their own lines that are invoiced but for the drafts
                SELECT partner_id, amount FROM drafts WHERE foreign_line OR line_invoiced
            ) amounts
          GROUP BY partner_id
            """,
            draft_lines=draft_lines,
            drafts=drafts,
            own=lines(
                SQL("sol.qty_to_invoice + COALESCE(d.qty, 0)"),
                SQL("LEFT JOIN drafts d ON d.order_line_id = sol.id AND NOT d.foreign_line"),
            ),
        )

    def _credit_draft_invoices_get(self, company):
        """Draft customer invoices minus draft credit notes, per commercial partner."""
        if not self:
            return {}
        return dict(self.env.execute_query(self._credit_draft_invoices_sql(company)))

    def _credit_draft_invoices_sql(self, company):
        """The query of ``_credit_draft_invoices_get`` (flushed): partner id, amount."""
        self.env["account.move"].flush_model(
            ["state", "move_type", "company_id", "commercial_partner_id", "amount_total_signed"]
        )
        return SQL(
            """
            SELECT am.commercial_partner_id, SUM(am.amount_total_signed)
              FROM account_move am
             WHERE %s AND %s
          GROUP BY am.commercial_partner_id
            """,
            self._credit_drafts_sql("am"),
            self._credit_company_sql(SQL("am.company_id"), company),
        )

    def _credit_drafts_sql(self, alias):
        """SQL: the ``account_move`` row ``alias`` is a draft customer invoice or credit note
        of the commercial partners ``self``, in any company: what the index of drafts by
        customer holds (account_move.py)."""
        return SQL(
            "%s = 'draft' AND %s IN ('out_invoice', 'out_refund') AND %s = ANY(%s)",
            SQL.identifier(alias, "state"),
            SQL.identifier(alias, "move_type"),
            SQL.identifier(alias, "commercial_partner_id"),
            list(self.ids),
        )

    # ------------------------------------------------------------------
    # Hooks filled by other capabilities (reports, archive documents)
    # ------------------------------------------------------------------
    def _credit_control_has_valid_report(self):
        """{partner_id: bool}: whether the customer has a valid approved credit report.

        A report past its validity date counts as expired even before the daily job marks it.
        """
        today = fields.Date.context_today(self)
        self.sudo().credit_report_id.fetch(["valid_until"])  # not every column of the report
        return {
            partner.id: bool(
                partner.sudo().credit_report_id
                and (
                    not partner.sudo().credit_report_id.valid_until
                    or partner.sudo().credit_report_id.valid_until >= today
                )
            )
            for partner in self
        }

    def _credit_control_expired_documents(self):
        """{partner_id: [names of expired mandatory document types]}; empty lists = fine."""
        # Only a customer with an expired verified document can have an expired mandatory
        # type: one indexed query settles the usual case (nothing expired) at confirmation.
        with_expired = (
            self.sudo()
            .env["partner.archive.document"]
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "expired"),
                    ("is_verified", "=", True),
                ],
                ["partner_id"],
            )
        )
        candidates = self.browse(partner.id for (partner,) in with_expired)
        problems = candidates.sudo()._archive_mandatory_problems() if candidates else {}
        return {
            partner.id: (problems.get(partner.id) or {})
            .get("expired", self.env["partner.archive.document.type"])
            .sudo()
            .mapped("display_name")
            for partner in self
        }
