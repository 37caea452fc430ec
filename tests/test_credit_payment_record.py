from odoo import Command, fields
from odoo.tests import freeze_time, tagged

from .credit_report_common import CreditReportCase


@tagged("post_install", "-at_install")
class TestCreditPaymentRecord(CreditReportCase):
    def _invoice(self, amount, date, due):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.own.id,
                "invoice_date": date,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _pay(self, invoice, date):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date})._create_payments()

    @freeze_time("2026-07-10")
    def test_payment_record_from_ledger_at_report_date(self):
        on_time = self._invoice(1000, "2026-01-10", "2026-02-09")
        self._pay(on_time, "2026-02-05")
        late = self._invoice(2000, "2026-03-01", "2026-03-31")
        self._pay(late, "2026-04-10")  # 10 days late
        unpaid = self._invoice(500, "2026-05-01", "2026-05-31")  # 30 days late at 30 June
        self._pay(unpaid, "2026-07-05")  # after the report date: does not count
        self._invoice(800, "2026-06-20", "2026-07-20")  # not due yet
        self._invoice(999, "2026-07-02", "2026-08-01")  # after the report date
        report = self._report(report_date=fields.Date.to_date("2026-06-30"), answer=False)
        self.assertEqual(report.pay_due_count, 3)
        self.assertAlmostEqual(report.pay_on_time_rate, 33.3)
        self.assertAlmostEqual(report.pay_avg_days_late, 13.3)  # (0 + 10 + 30) / 3
        self.assertAlmostEqual(report.pay_overdue_amount, 500)
        self.assertAlmostEqual(report.pay_receivable, 1300)
        self.assertAlmostEqual(report.pay_sales_12m, 4300)
        self.assertAlmostEqual(report.pay_dso, 110.3)  # 1300 / 4300 × 365
        # the payment criterion is scored from the ledger: 33 % on time → "below 70 %"
        payment_line = report.score_line_ids.filtered(lambda line: line.source == "on_time_rate")
        self.assertTrue(payment_line.value_known)
        self.assertEqual(payment_line.option_id, self._ref("score_option_payment_1"))
        # moving the report date re-reads the ledger: by 6 July everything due is paid
        report.report_date = fields.Date.to_date("2026-07-06")
        self.assertEqual(report.pay_overdue_amount, 0)
        self.assertAlmostEqual(report.pay_receivable, 800 + 999)
        self.assertAlmostEqual(report.pay_avg_days_late, 15.0)  # (0 + 10 + 35) / 3
        # a later invoice of the same day shows after "Refresh from Ledger"
        self._invoice(100, "2026-07-06", "2026-07-06")
        self.assertAlmostEqual(report.pay_receivable, 800 + 999)
        report.action_refresh()
        self.assertAlmostEqual(report.pay_receivable, 800 + 999 + 100)
        self.assertEqual(report.pay_due_count, 4)
        # reading several reports of one date costs what reading one costs
        other = self._report(self.other, answer=False, report_date=report.report_date)

        def queries(reports):
            reports._payment_record_rows()  # warm: flushes and metadata
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            rows = reports._payment_record_rows()
            return self.env.cr.sql_log_count - before, rows

        queries(report | other)  # the first measure also loads what the ORM caches once
        one, _rows = queries(report)
        two, rows = queries(report | other)
        self.assertEqual(two, one)
        self.assertEqual(rows[other.id][0], 0)
