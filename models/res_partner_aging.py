from odoo import api, fields, models
from odoo.tools import SQL

from ..reports.credit_xlsx import XlsxBook
from ..tools.aging import BUCKET_KEYS, BUCKETS

AGING_PAGE = 1000


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _credit_aging_sql(self, date_ref, partner_ids=None):
        """One aggregate over open receivable lines: buckets per commercial partner.

        Open receivable as Odoo's ``credit`` counts it (posted, not reconciled, receivable
        accounts, the company and its branches) of entries dated up to ``date_ref``, aged by
        due date at ``date_ref``, in company currency. Residuals are today's: a payment made
        after ``date_ref`` already reduces it. ``partner_ids`` restricts to those commercial
        partners.
        """
        company = self.env.company
        columns = []
        due = SQL("COALESCE(aml.date_maturity, aml.date)")
        for key, first, last in BUCKETS:
            days = SQL("(%s::date - %s)", date_ref, due)
            if first is None:
                cond = SQL("%s <= %s", days, last)
            elif last is None:
                cond = SQL("%s >= %s", days, first)
            else:
                cond = SQL("%s BETWEEN %s AND %s", days, first, last)
            columns.append(
                SQL(
                    "COALESCE(SUM(aml.amount_residual) FILTER (WHERE %s), 0) AS %s",
                    cond,
                    SQL.identifier(key),
                )
            )
        partner_filter = (
            SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, %(columns)s,
                   SUM(aml.amount_residual) AS total
              FROM account_move_line aml
              JOIN account_account a ON a.id = aml.account_id
              JOIN res_partner p ON p.id = aml.partner_id
             WHERE a.account_type = 'asset_receivable'
               AND aml.amount_residual <> 0
               AND aml.parent_state = 'posted'
               AND aml.reconciled IS NOT TRUE
               AND aml.date <= %(date_ref)s
               AND aml.company_id IN (SELECT id FROM res_company WHERE parent_path LIKE %(path)s)
               %(partner_filter)s
             GROUP BY p.commercial_partner_id
            """,
            columns=SQL(", ").join(columns),
            path=company.root_id.parent_path + "%",
            date_ref=date_ref,
            partner_filter=partner_filter,
        )

    def _credit_aging(self, date_ref=None):
        """Aging of ``self``'s commercial partners: {partner_id: {bucket: amount, "total"}}."""
        date_ref = date_ref or fields.Date.context_today(self)
        self.env["account.move.line"].flush_model(
            ["account_id", "amount_residual", "company_id", "parent_state", "partner_id"]
        )
        rows = self.env.execute_query_dict(
            self._credit_aging_sql(date_ref, self.commercial_partner_id.ids)
        )
        return {row.pop("partner_id"): row for row in rows}

    def _credit_aging_columns(self):
        labels = {
            "not_due": self.env._("Not Due"),
            "days_0_30": self.env._("0-30 Days"),
            "days_31_60": self.env._("31-60 Days"),
            "days_61_90": self.env._("61-90 Days"),
            "days_91_180": self.env._("91-180 Days"),
            "days_over_180": self.env._("Over 180 Days"),
        }
        return [(labels[key], "money", 14) for key in BUCKET_KEYS]

    def _credit_aging_xlsx(self, date_ref=None):
        """The AR aging workbook (bytes) for the partners ``self`` is called on."""
        date_ref = date_ref or fields.Date.context_today(self)

        partners = self._credit_commercial_by_id()
        book = XlsxBook()
        company = self.env.company
        sheet = book.sheet(
            self.env._("AR Aging"),
            [
                (self.env._("Customer"), "text", 36),
                (self.env._("Reference"), "text", 14),
                (self.env._("Salesperson"), "text", 18),
                *self._credit_aging_columns(),
                (self.env._("Total Receivable"), "money", 16),
                (self.env._("Overdue"), "money", 14),
                (self.env._("Overdue %"), "percent", 11),
            ],
            title=self.env._(
                "AR aging at %(date)s — %(company)s (%(currency)s)",
                date=fields.Date.to_string(date_ref),
                company=company.name,
                currency=company.currency_id.name,
            ),
        )
        # page by page (aging, names): memory stays flat on very large selections
        for start in range(0, len(partners), AGING_PAGE):
            page = partners[start : start + AGING_PAGE]
            aging = page._credit_aging(date_ref)
            page = page.filtered(lambda p, aging=aging: p.id in aging)
            page.fetch(["name", "ref", "user_id"])
            for partner in page:
                row = aging[partner.id]
                overdue = row["total"] - row["not_due"]
                sheet.write_row(
                    [
                        partner.name,
                        partner.ref,
                        partner.user_id.name,
                        *(row[key] for key in BUCKET_KEYS),
                        row["total"],
                        overdue,
                        round(100.0 * overdue / row["total"], 1) if row["total"] else 0.0,
                    ]
                )
            page.invalidate_recordset()
        sheet.finish(total_label=self.env._("Total"))
        return book.close()
