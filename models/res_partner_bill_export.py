from odoo import fields, models

from ..reports.credit_xlsx import XlsxBook

BATCH = 1000


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _credit_bill_register_xlsx(self, date_ref=None):
        """The bills register (bytes): every bill of these customers in the current company,
        maturity first, with whether it still counts in the exposure on ``date_ref``."""
        date_ref = date_ref or fields.Date.context_today(self)
        kinds = self._credit_selection_labels("partner.credit.bill", "kind")
        states = self._credit_selection_labels("partner.credit.bill", "state")
        yes, no = self.env._("Yes"), self.env._("No")
        columns = [
            (self.env._("Bill Number"), "text", 34),
            (self.env._("Kind"), "text", 22),
            (self.env._("Customer"), "text", 30),
            (self.env._("Acceptor"), "text", 26),
            (self.env._("Drawer"), "text", 26),
            (self.env._("Amount"), "money", 14),
            (self.env._("Issue Date"), "date", 12),
            (self.env._("Maturity Date"), "date", 12),
            (self.env._("Received On"), "date", 12),
            (self.env._("Status"), "text", 12),
            (self.env._("With Recourse"), "text", 10),
            (self.env._("Endorsed To"), "text", 26),
            (self.env._("Settled On"), "date", 12),
            (self.env._("Counts in Exposure"), "text", 12),
            (self.env._("Days to Maturity"), "integer", 12),
        ]
        xbook = XlsxBook()
        sheet = xbook.sheet(
            self.env._("Bills"),
            columns,
            title=self.env._(
                "Bills of acceptance — %(company)s — %(date)s",
                company=self.env.company.name,
                date=fields.Date.to_string(date_ref),
            ),
        )
        Bill = self.env["partner.credit.bill"]
        ids = Bill.search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ],
            order="date_maturity, id",
        ).ids
        for start in range(0, len(ids), BATCH):
            bills = Bill.browse(ids[start : start + BATCH])
            for bill in bills:
                sheet.write_row(
                    [
                        bill.number,
                        kinds.get(bill.kind),
                        bill.partner_id.name,
                        bill.acceptor,
                        bill.drawer,
                        bill.amount,
                        bill.date_issue,
                        bill.date_maturity,
                        bill.date_received,
                        states.get(bill.state),
                        yes if bill.with_recourse else no,
                        bill.endorsee_id.name,
                        bill.date_done,
                        yes if bill._credit_counts(date_ref) else no,
                        (bill.date_maturity - date_ref).days,
                    ]
                )
            bills.invalidate_recordset()
        sheet.finish(total_label=self.env._("Total"))
        return xbook.close()
