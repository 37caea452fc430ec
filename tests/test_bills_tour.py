from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBillTour(HttpCase):
    def test_dishonour_tour(self):
        """A credit manager records the dishonour of a held bill from the Bills menu: the
        customer goes on credit hold."""
        manager = new_test_user(
            self.env,
            login="tour_bill_credit",
            password="tour_bill_credit",
            groups="sales_team.group_sale_salesman_all_leads,account.group_account_invoice,"
            "partner_credit_archive.group_credit_manager",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Bill Customer Ltd", "is_company": True, "customer_rank": 1}
        )
        today = fields.Date.context_today(self.env.user)
        bill = self.env["partner.credit.bill"].create(
            {
                "number": "3" * 30,
                "kind": "commercial",
                "partner_id": customer.id,
                "amount": 8000.0,
                "acceptor": "Tour Bill Customer Ltd",
                "date_issue": today,
                "date_maturity": today + relativedelta(months=2),
            }
        )
        self.start_tour("/odoo", "partner_credit_archive_bill_tour", login=manager.login)
        self.assertEqual(bill.state, "dishonoured")
        self.assertTrue(customer.sudo().credit_hold)
