from odoo import fields, models

from ..reports.credit_xlsx import XlsxBook
from ..tools.aging import BUCKET_KEYS
from . import partner_credit_ledger

AGING_PAGE = 1000


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_open_items(self, date=None):
        """Open receivable of ``self``'s commercial partners at ``date`` (now by default):
        {commercial partner id: amount in company currency}; see the receivables ledger."""
        ledger = self.env["partner.credit.ledger"]
        date = ledger._check_date(date)
        figures = ledger._figures(self.commercial_partner_id.ids, self.env.company, date)
        return {pid: row["receivable"] for pid, row in figures.items()}

    def _credit_aging(self, date_ref=None):
        """Aging of ``self``'s commercial partners as of ``date_ref`` (today by default), as
        the books stood that day: {partner_id: {bucket: amount, "total"}}."""
        ledger = self.env["partner.credit.ledger"]
        date_ref = date_ref or fields.Date.context_today(self)
        ledger._check_date(date_ref)
        ledger._flush()
        rows = self.env.execute_query_dict(
            ledger._aging_sql(self.env.company, date_ref, self.commercial_partner_id.ids)
        )
        return {row.pop("partner_id"): row for row in rows}

    def _credit_aging_pages(self, date_ref):
        """Yield ``(page, aging)`` for consecutive pages of ``AGING_PAGE`` of ``self``
        (commercial partners in id order), ``aging`` as ``_credit_aging`` gives it for the
        page. A large selection as of a past date is aged in one pass read row by row
        (``partner.credit.ledger._aging_pass``) instead of one query per page: the same
        figures, in memory that stays bounded."""
        ledger = self.env["partner.credit.ledger"]
        if len(self) <= partner_credit_ledger.ONE_PASS_MIN or not ledger._check_date(date_ref):
            for start in range(0, len(self), AGING_PAGE):
                page = self[start : start + AGING_PAGE]
                yield page, page._credit_aging(date_ref)
            return
        rows = ledger._aging_pass(self.env.company, date_ref, self.ids, AGING_PAGE)
        row = next(rows, None)
        for start in range(0, len(self), AGING_PAGE):
            page = self[start : start + AGING_PAGE]
            aging, last = {}, page[-1].id
            while row and row["partner_id"] <= last:
                aging[row.pop("partner_id")] = row
                row = next(rows, None)
            yield page, aging

    def _credit_aging_labels(self):
        """{bucket key: its label} (tools/aging.py), for the export and the portal."""
        return {
            "not_due": self.env._("Not Due"),
            "days_0_30": self.env._("0-30 Days"),
            "days_31_60": self.env._("31-60 Days"),
            "days_61_90": self.env._("61-90 Days"),
            "days_91_180": self.env._("91-180 Days"),
            "days_over_180": self.env._("Over 180 Days"),
        }

    def _credit_aging_columns(self):
        labels = self._credit_aging_labels()
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
        for page, aging in partners._credit_aging_pages(date_ref):
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
