"""Section 5 of a credit report, the payment record: filled from the receivables ledger.

The invoices due in the year up to the report date, how they were paid, the receivable and the
overdue amount as the books stood that day come from ``partner.credit.ledger`` (the one
definition of open items); the year's invoicing is read here. Filled when a report is created
or its customer, company or date change, and by *Refresh*.
"""

from collections import defaultdict

from odoo import fields, models

from ..tools.scoring import days_sales_outstanding
from . import partner_credit_report

PAYMENT_WINDOW_DAYS = 365


class PartnerCreditReport(models.Model):
    _inherit = "partner.credit.report"

    pay_due_count = fields.Integer(
        string="Invoices Due",
        readonly=True,
        help="Customer invoices that fell due in the 12 months before the report date.",
    )
    pay_on_time_rate = fields.Float(
        string="On-time Payment Rate (%)",
        readonly=True,
        digits=(16, 1),
        help="Share of the invoices due in the 12 months before the report date that were "
        "paid in full by their due date.",
    )
    pay_avg_days_late = fields.Float(
        string="Average Days Late",
        readonly=True,
        digits=(16, 1),
        help="Average over the same invoices of the days between due date and full payment "
        "(or the report date when still unpaid); invoices paid on time count as 0.",
    )
    pay_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        readonly=True,
        help="Unpaid amount of invoices past their due date at the report date.",
    )
    pay_receivable = fields.Monetary(
        string="Receivable", readonly=True, help="Receivable balance at the report date."
    )
    pay_sales_12m = fields.Monetary(
        string="Invoiced (12 months)",
        readonly=True,
        help="Invoiced to the customer, refunds deducted, in the 12 months before the report "
        "date (taxes included).",
    )
    pay_dso = fields.Float(
        string="DSO (days)",
        readonly=True,
        digits=(16, 1),
        help="Days sales outstanding: receivable ÷ 12 months' invoicing × 365.",
    )
    payment_notes = fields.Html(string="Payment Record Notes")

    def _payment_record_rows(self):
        """Payment record per report at its report date, from the receivables ledger: the
        invoices due in the year up to the report date and the receivable, as the books
        stood that day. A fixed number of queries per report date, whatever the number of
        reports.

        :return: {report id: (due count, on time count, days late, overdue, receivable,
            sales of the year)}
        """
        reports = self.filtered(lambda r: r.partner_id and r.report_date and r.id)
        if not reports:
            return {}
        ledger = self.env["partner.credit.ledger"]
        groups = defaultdict(lambda: self.browse())
        for report in reports:
            groups[report.company_id, report.report_date] |= report
        result = {}
        for (company, report_date), group in groups.items():
            partner_ids = group.partner_id.commercial_partner_id.ids
            sales = ledger._sales(partner_ids, company, report_date, PAYMENT_WINDOW_DAYS)
            behaviour = ledger._payment_behaviour(
                partner_ids,
                company,
                fields.Date.add(report_date, days=1 - PAYMENT_WINDOW_DAYS),
                report_date,
            )
            figures = ledger._figures(partner_ids, company, ledger._check_date(report_date))
            for report in group:
                pid = report.partner_id.commercial_partner_id.id
                count, on_time, days_late = behaviour.get(pid, (0, 0, 0))
                row = figures.get(pid, {})
                result[report.id] = (
                    count,
                    on_time,
                    days_late,
                    row.get("overdue", 0.0),
                    row.get("receivable", 0.0),
                    sales.get(pid, 0.0),
                )
        return result

    def _fill_payment_record(self):
        rows = self._payment_record_rows()
        for report in self:
            due, on_time, days_late, overdue, receivable, sales = rows.get(
                report.id, (0, 0, 0, 0.0, 0.0, 0.0)
            )
            # past the report's own write (its guards, and the refill it triggers)
            super(partner_credit_report.PartnerCreditReport, report).write(
                {
                    "pay_due_count": due,
                    "pay_on_time_rate": on_time * 100.0 / due if due else 0.0,
                    "pay_avg_days_late": days_late / due if due else 0.0,
                    "pay_overdue_amount": overdue,
                    "pay_receivable": receivable,
                    "pay_sales_12m": sales,
                    "pay_dso": days_sales_outstanding(receivable, sales) or 0.0,
                }
            )
        return True
