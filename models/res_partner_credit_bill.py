"""Bills of acceptance and credit securities on the customer (SPEC §3.J), set-based.

- ``credit_bill_exposure``: the customer's bills not safe yet — held, or endorsed / discounted
  with recourse until their maturity; commercial bills always, bank bills when the company
  counts them. Part of the exposure (``_credit_figures_get``), so a payment in such bills lowers
  the receivable and raises the bill exposure by the same amount: the exposure tells the truth.
- ``credit_secured_amount``: Σ amount × coverage of the customer's active securities (valid on
  the day, computed from their dates: an expired security's cover is gone at once, whether or
  not a job ran). Added to the available credit and to what the limit check allows.
- ``credit_bill_share``: the share of the customer payments in the KPI window received in bills
  (付款质量, seed 004), in %.
"""

from odoo import api, fields, models
from odoo.tools import SQL

FIGURES_GROUP = "partner_credit_archive.group_archive_user"


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_bill_exposure = fields.Monetary(
        string="Bill Exposure",
        compute="_compute_credit_bill_figures",
        currency_field="credit_currency_id",
        groups=FIGURES_GROUP,
        help="Bills of acceptance the customer paid with that are not safe yet: held, or "
        "endorsed or discounted with recourse until maturity (commercial bills always, bank "
        "bills per setting). Part of the exposure.",
    )
    credit_secured_amount = fields.Monetary(
        string="Secured Credit",
        compute="_compute_credit_bill_figures",
        currency_field="credit_currency_id",
        groups=FIGURES_GROUP,
        help="Covered amount (amount × coverage) of the customer's securities valid today: "
        "added to the available credit.",
    )
    credit_bill_share = fields.Float(
        string="Paid in Bills (%)",
        compute="_compute_credit_bill_figures",
        groups=FIGURES_GROUP,
        help="Share of the customer's payments in the KPI window received as bills of "
        "acceptance (payment quality, seed 004).",
    )
    credit_bill_ids = fields.One2many("partner.credit.bill", "partner_id", string="Bills")
    credit_bill_count = fields.Integer(
        compute="_compute_credit_bill_count",
        string="Bills Count",
        groups="partner_credit_archive.group_archive_user,account.group_account_invoice",
    )
    credit_security_ids = fields.One2many(
        "partner.credit.security", "partner_id", string="Credit Securities"
    )
    credit_security_count = fields.Integer(
        compute="_compute_credit_bill_count", string="Securities Count", groups=FIGURES_GROUP
    )

    @api.depends_context("uid", "company")
    def _compute_credit_bill_figures(self):
        company = self.env.company
        visible = self._credit_figures_visible()
        commercial = self.filtered(lambda p: p.id in visible).sudo().commercial_partner_id
        bills = commercial._credit_bill_exposure_get(company)
        secured = commercial._credit_secured_get(company)
        shares = commercial._credit_bill_share_get(company)
        for partner in self:
            pid = partner.sudo().commercial_partner_id.id if partner.id in visible else None
            partner.credit_bill_exposure = bills.get(pid, 0.0)
            partner.credit_secured_amount = secured.get(pid, 0.0)
            partner.credit_bill_share = shares.get(pid) or 0.0

    @api.depends_context("company")
    def _compute_credit_bill_count(self):
        commercial = self.commercial_partner_id
        if not self.env.user.has_group(FIGURES_GROUP):
            # accountants outside the archive groups see bills, not securities
            bills = dict(
                self.env["partner.credit.bill"]._read_group(
                    [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
                )
            )
            for partner in self:
                partner.credit_bill_count = bills.get(partner.commercial_partner_id, 0)
                partner.credit_security_count = 0
            return
        bills = dict(
            self.env["partner.credit.bill"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        securities = dict(
            self.env["partner.credit.security"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.credit_bill_count = bills.get(partner.commercial_partner_id, 0)
            partner.credit_security_count = securities.get(partner.commercial_partner_id, 0)

    # ------------------------------------------------------------------ set-based figures
    def _credit_bill_exposure_get(self, company, date=None):
        """{commercial partner id: bills not safe yet} in ``company`` (its tree), one query."""
        if not self:
            return {}
        rows = self.env.execute_query(self._credit_bill_exposure_sql(company, date))
        return {pid: company.currency_id.round(amount) for pid, amount in rows}

    def _credit_bill_exposure_sql(self, company, date=None):
        """The query of ``_credit_bill_exposure_get`` (flushed): partner id, amount."""
        today = date or fields.Date.context_today(self)
        Bill = self.env["partner.credit.bill"]
        Bill.flush_model(
            [
                "partner_id",
                "company_id",
                "kind",
                "state",
                "with_recourse",
                "date_maturity",
                "amount",
            ]
        )
        return SQL(
            """
            SELECT partner_id, SUM(amount)
              FROM partner_credit_bill
             WHERE partner_id = ANY(%(partners)s)
               AND state IN ('held', 'endorsed', 'discounted')
               AND %(company)s
               AND (kind = 'commercial' OR %(count_bank)s)
               AND (state = 'held' OR (with_recourse AND date_maturity >= %(today)s))
          GROUP BY partner_id
            """,
            partners=list(self.ids),
            company=self._credit_company_sql(SQL("company_id"), company),
            count_bank=bool(company.credit_bill_count_bank),
            today=today,
        )

    def _credit_secured_get(self, company, date=None):
        """{commercial partner id: covered amount of the securities valid on ``date``}."""
        if not self:
            return {}
        rows = self.env.execute_query(self._credit_secured_sql(company, date))
        return {pid: company.currency_id.round(amount) for pid, amount in rows}

    def _credit_secured_sql(self, company, date=None):
        """The query of ``_credit_secured_get`` (flushed): partner id, covered amount."""
        today = date or fields.Date.context_today(self)
        Security = self.env["partner.credit.security"]
        Security.flush_model(
            ["partner_id", "company_id", "active", "amount", "coverage", "date_start", "date_end"]
        )
        return SQL(
            """
            SELECT partner_id, SUM(amount * coverage / 100.0)
              FROM partner_credit_security
             WHERE partner_id = ANY(%(partners)s)
               AND active
               AND company_id = %(company)s
               AND date_start <= %(today)s
               AND (date_end IS NULL OR date_end >= %(today)s)
          GROUP BY partner_id
            """,
            partners=list(self.ids),
            company=company.id,
            today=today,
        )

    def _credit_bill_share_get(self, company, date_ref=None):
        """{commercial partner id: % of customer payments received in bills} over the KPI
        window (its complete months before ``date_ref``, to ``date_ref``); no payments: no
        entry."""
        if not self:
            return {}
        date_ref = date_ref or fields.Date.context_today(self)
        window_start, __ = self.env["partner.credit.kpi"].with_company(company)._windows(date_ref)
        self.env["account.payment"].flush_model(
            [
                "partner_id",
                "journal_id",
                "state",
                "payment_type",
                "partner_type",
                "date",
                "amount_company_currency_signed",
                "company_id",
            ]
        )
        journals = (
            self.env["res.company"]
            .sudo()
            .search([("credit_bill_journal_id", "!=", False)])
            .credit_bill_journal_id
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       SUM(pay.amount_company_currency_signed)
                           FILTER (WHERE pay.journal_id = ANY(%(journals)s)),
                       SUM(pay.amount_company_currency_signed)
                  FROM account_payment pay
                  JOIN res_partner p ON p.id = pay.partner_id
                 WHERE %(partners)s
                   AND pay.state IN ('in_process', 'paid')
                   AND pay.payment_type = 'inbound'
                   AND pay.partner_type = 'customer'
                   AND pay.date >= %(start)s AND pay.date <= %(end)s
                   AND %(company)s
              GROUP BY p.commercial_partner_id
                """,
                journals=journals.ids,
                # the customers' partners first (by index), then their payments: on the
                # commercial partner alone PostgreSQL scanned every partner (44 of 77 ms for
                # 1 000 of 100 000 customers)
                partners=self.env["partner.credit.ledger"]._partner_sql(
                    SQL("pay.partner_id"), self.ids
                ),
                start=window_start,
                end=date_ref,
                company=self._credit_company_sql(SQL("pay.company_id"), company),
            )
        )
        return {
            pid: round(100.0 * (in_bills or 0.0) / total, 1)
            for pid, in_bills, total in rows
            if total and total > 0
        }

    # ------------------------------------------------------------------ actions
    def action_view_credit_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_bill_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_view_credit_securities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_security_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "active_test": False,
        }
        return action

    # ------------------------------------------------------------------ register (XLSX)
    def _credit_register_columns(self):
        columns = super()._credit_register_columns()

        def figure(key):
            def getter(partner, data):
                if partner.id not in data["visible"]:
                    return None
                return data["figures"].get(partner.id, {}).get(key, 0.0)

            return getter

        def share(partner, data):
            # the grading KPI (partner_credit_kpi_bill.py), computed with the register's KPIs
            if partner.id not in data["visible"]:
                return None
            return data["kpis"].get(partner.id, {}).get("bill_share")

        return columns + [
            (self.env._("Bill Exposure"), "money", 14, figure("bills")),
            (self.env._("Secured Credit"), "money", 14, figure("secured")),
            (self.env._("Paid in Bills %"), "percent", 12, share),
        ]
