import json

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.aging import BUCKET_KEYS


class PartnerCreditExposureReport(models.Model):
    """Each customer's credit position now, in the current company: limit, exposure, use of
    the limit and the aging of its receivable — what the Credit dashboard (Dashboards app)
    and its pivots group and add up.

    Exposure is not a stored column (it moves with every order, invoice and payment), and a
    pivot only aggregates what SQL can read. So the table is built when it is read, from the
    one definition of every figure: ``res.partner._credit_figures_get`` (exposure, secured
    cover), ``_credit_limit_get`` and the receivables ledger's aging, each one set-based
    query for all customers, handed to PostgreSQL as one JSON document. Exact, never stale,
    and it costs what the customer list's exposure column costs for the same customers.
    Readable by archive keepers and credit managers, who see every customer's figures.
    """

    _name = "partner.credit.exposure.report"
    _description = "Credit Exposure Analysis"
    _auto = False
    _order = "limit_use desc nulls last, exposure desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    credit_tier_id = fields.Many2one("partner.credit.tier", string="Customer Tier", readonly=True)
    credit_limit = fields.Monetary(readonly=True)
    exposure = fields.Monetary(readonly=True)
    available = fields.Monetary(
        string="Available Credit", readonly=True, help="Empty when the customer has no limit."
    )
    limit_use = fields.Float(
        string="Limit Used (%)",
        aggregator="max",
        readonly=True,
        help="Exposure as a share of the limit plus securities; empty without a limit.",
    )
    over_limit = fields.Boolean(readonly=True)
    over_limit_amount = fields.Monetary(string="Over the Limit by", readonly=True)
    receivable = fields.Monetary(string="Open Receivable", readonly=True)
    not_due = fields.Monetary(readonly=True)
    days_0_30 = fields.Monetary(string="0-30 Days", readonly=True)
    days_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    days_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    days_91_180 = fields.Monetary(string="91-180 Days", readonly=True)
    days_over_180 = fields.Monetary(string="Over 180 Days", readonly=True)
    overdue = fields.Monetary(readonly=True)

    _COLUMNS = (
        ("id", "int"),
        ("partner_id", "int"),
        ("company_id", "int"),
        ("currency_id", "int"),
        ("user_id", "int"),
        ("credit_tier_id", "int"),
        ("credit_limit", "numeric"),
        ("exposure", "numeric"),
        ("available", "numeric"),
        ("limit_use", "float"),
        ("over_limit", "boolean"),
        ("over_limit_amount", "numeric"),
        ("receivable", "numeric"),
        *((key, "numeric") for key in BUCKET_KEYS),
        ("overdue", "numeric"),
    )

    @property
    def _table_query(self):
        columns = SQL(", ").join(
            SQL("%s %s", SQL.identifier(name), SQL(kind)) for name, kind in self._COLUMNS
        )
        return SQL(
            "SELECT * FROM jsonb_to_recordset(%s::jsonb) AS r(%s)",
            json.dumps(self._credit_rows()),
            columns,
        )

    def _credit_customers(self, company):
        """The commercial partners to report: customers, and whoever has a limit."""
        Partner = self.env["res.partner"].sudo().with_company(company)
        domain = Domain("parent_id", "=", False) & (
            Domain("customer_rank", ">", 0) | Domain("credit_limit", ">", 0)
        )
        return Partner.search(domain, order="id")

    def _credit_rows(self):
        company = self.env.company
        partners = self._credit_customers(company)
        if not partners:
            return []
        figures = partners._credit_figures_get(company)
        limits = partners._credit_limit_get(company)
        aging = partners.with_company(company)._credit_aging()
        partners.fetch(["user_id", "credit_tier_id"])
        rows = []
        for partner in partners:
            values = figures.get(partner.id, {})
            buckets = aging.get(partner.id, {})
            exposure = values.get("exposure", 0.0)
            limit = limits.get(partner.id, 0.0)
            if not (exposure or limit or buckets.get("total")):
                continue
            cover = limit + values.get("secured", 0.0) if limit else 0.0
            available = cover - exposure if limit else None
            row = {
                "id": partner.id,
                "partner_id": partner.id,
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "user_id": partner.user_id.id or None,
                "credit_tier_id": partner.credit_tier_id.id or None,
                "credit_limit": limit,
                "exposure": exposure,
                "available": available,
                "limit_use": round(100.0 * exposure / cover, 2) if cover > 0 else None,
                "over_limit": bool(limit) and available < 0,
                "over_limit_amount": -available if limit and available < 0 else 0.0,
                "receivable": values.get("receivable", 0.0),
            }
            for key in BUCKET_KEYS:
                row[key] = float(buckets.get(key) or 0.0)
            row["overdue"] = float(buckets.get("total") or 0.0) - row["not_due"]
            rows.append(row)
        return rows
