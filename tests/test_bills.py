from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import read_sheets
from .test_credit_control import CreditControlCommon

NUMBER = "1" * 29  # + one digit: a 30-digit electronic bill number


@tagged("post_install", "-at_install")
class BillCommon(CreditControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.journal = cls.company._credit_bill_journal_ensure()
        cls.customer.sudo().credit_limit = 5000.0
        cls.supplier = cls.env["res.partner"].create({"name": "Shanxi Coal Supply"})
        cls.Bill = cls.env["partner.credit.bill"]

    def _bill_vals(self, number="1", kind="commercial", amount=1000.0, **vals):
        return {
            "number": NUMBER + number,
            "kind": kind,
            "partner_id": self.customer.id,
            "amount": amount,
            "acceptor": "Huaxin Trading" if kind == "commercial" else "ICBC Taiyuan",
            "drawer": "Huaxin Trading",
            "date_issue": self.today,
            "date_maturity": self.today + relativedelta(months=3),
            **vals,
        }

    def _pay_in_bill(self, invoice, number="1", kind="commercial", **vals):
        """Register a payment of ``invoice`` in the bills journal: its bill comes with it."""
        bill_vals = self._bill_vals(number, kind)
        wizard_vals = {
            "journal_id": self.journal.id,
            "credit_bill_kind": kind,
            "credit_bill_number": bill_vals["number"],
            "credit_bill_acceptor": bill_vals["acceptor"],
            "credit_bill_drawer": bill_vals["drawer"],
            "credit_bill_date_issue": bill_vals["date_issue"],
            "credit_bill_date_maturity": bill_vals["date_maturity"],
            **vals,
        }
        return (
            self.env["account.payment.register"]
            .with_user(self.credit_manager)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(wizard_vals)
            ._create_payments()
            .with_env(self.env)
        )

    def _figures(self, partner=None):
        partner = (partner or self.customer).sudo()
        return partner._credit_figures_get(self.company)[partner.id]

    def _counts(self):
        payments = self.env["account.payment"].search_count([("journal_id", "=", self.journal.id)])
        return self.Bill.search_count([]), payments


@tagged("post_install", "-at_install")
class TestBills(BillCommon):
    def test_bill_against_invoice_endorsed_then_dishonoured(self):
        invoice = self._invoice(amount=1000.0)
        self.assertEqual(self._figures()["exposure"], 1000.0)
        payment = self._pay_in_bill(invoice)
        bill = payment.credit_bill_ids
        self.assertEqual(len(bill), 1, "one payment, one bill")
        self.assertEqual(bill.payment_id, payment)
        self.assertEqual((bill.state, bill.amount, bill.kind), ("held", 1000.0, "commercial"))
        self.assertIn(invoice.payment_state, ("in_payment", "paid"), "reconciled like any payment")
        figures = self._figures()
        self.assertEqual(figures["receivable"], 0.0)
        self.assertEqual(figures["bills"], 1000.0)
        self.assertEqual(figures["exposure"], 1000.0, "the bill is not money yet")
        self.assertEqual(self.customer.with_user(self.credit_manager).credit_bill_exposure, 1000.0)

        wizard = (
            self.env["partner.credit.bill.wizard"]
            .with_user(self.credit_manager)
            .create(
                {
                    "mode": "endorse",
                    "bill_ids": [Command.set(bill.ids)],
                    "endorsee_id": self.supplier.id,
                }
            )
        )
        wizard.action_apply()
        self.assertEqual((bill.state, bill.endorsee_id), ("endorsed", self.supplier))
        endorsement = bill.move_ids
        self.assertEqual(endorsement.state, "posted")
        payable = endorsement.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(payable.account_id, self.supplier.property_account_payable_id)
        self.assertEqual(payable.partner_id, self.supplier)
        self.assertEqual(self._figures()["bills"], 1000.0, "with recourse: counts until maturity")

        self.assertFalse(self.customer.credit_hold)
        bill.with_user(self.credit_manager).action_dishonour()
        self.assertEqual(bill.state, "dishonoured")
        self.assertEqual(len(bill.move_ids), 2)
        dishonour = bill.move_ids - endorsement
        self.assertEqual(dishonour.state, "posted", "an entry, not an edit")
        self.assertIn(invoice.payment_state, ("in_payment", "paid"), "the invoice is left as is")
        figures = self._figures()
        self.assertEqual(figures["receivable"], 1000.0, "the receivable is restored")
        self.assertEqual(figures["bills"], 0.0)
        self.assertEqual(figures["exposure"], 1000.0)
        self.assertEqual(self.customer.sudo()._credit_open_items()[self.customer.id], 1000.0)
        recourse = dishonour.line_ids.filtered(lambda line: line.credit)
        self.assertEqual(recourse.partner_id, self.supplier, "the endorsee turns back to us")
        self.assertTrue(self.customer.sudo().credit_hold)
        activity_type = self.env.ref(
            "partner_credit_archive.mail_activity_type_credit_bill_dishonour"
        )
        activities = self.customer.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertIn(self.credit_manager, activities.user_id)
        decision = self.env["partner.credit.decision"].search(
            [("partner_id", "=", self.customer.id), ("decision_type", "=", "bill_dishonour")]
        )
        self.assertEqual(decision.bill_id, bill)
        self.assertEqual(decision.user_id, self.credit_manager)

    def test_branch_shares_its_root_companys_bills_journal(self):
        """A branch shares its root's accounts and journals (Odoo's branches): its chart
        brings no bills journal nor account of its own."""
        accounts = self.env["account.account"].search_count([])
        branch = self.env["res.company"].create(
            {"name": "Bills Branch", "parent_id": self.company.id}
        )
        self.env.cr.precommit.run()  # Odoo loads the branch's chart here
        self.assertEqual(branch.credit_bill_journal_id, self.journal)
        self.assertEqual(branch._credit_bill_journal_ensure(), self.journal)
        self.assertEqual(self.env["account.account"].search_count([]), accounts)

    def test_bill_creates_its_payment_and_payment_its_bill(self):
        bill = self.Bill.with_user(self.credit_manager).create(self._bill_vals())
        payment = bill.payment_id
        self.assertEqual(payment.journal_id, self.journal)
        self.assertEqual(payment.state, "in_process")
        self.assertEqual(payment.amount, 1000.0)
        self.assertEqual(payment.credit_bill_ids, bill, "no second bill from the payment")
        self.assertEqual(payment.outstanding_account_id, self.journal.default_account_id)
        self.assertEqual(self._counts(), (1, 1))

        payment2 = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 500.0,
                "journal_id": self.journal.id,
                "credit_bill_kind": "bank",
                "credit_bill_number": NUMBER + "2",
                "credit_bill_acceptor": "Bank of China",
                "credit_bill_date_issue": self.today,
                "credit_bill_date_maturity": self.today + timedelta(days=90),
            }
        )
        payment2.action_post()
        self.assertEqual(payment2.credit_bill_ids.amount, 500.0)
        self.assertEqual(payment2.credit_bill_ids.kind, "bank")
        self.assertEqual(self._counts(), (2, 2))

    def test_payment_in_bills_journal_needs_its_bill(self):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 500.0,
                "journal_id": self.journal.id,
            }
        )
        with self.assertRaisesRegex(UserError, "payment in bills"):
            payment.action_post()
        self.assertEqual(payment.state, "draft")

    def test_bank_bill_counts_per_setting(self):
        bill = self.Bill.create(self._bill_vals(kind="bank"))
        self.assertEqual(self._figures()["bills"], 0.0, "bank bills are safe by default")
        self.assertFalse(bill.counts_in_exposure)
        self.company.credit_bill_count_bank = True
        bill.invalidate_recordset(["counts_in_exposure"])
        self.assertEqual(self._figures()["bills"], 1000.0)
        self.assertTrue(bill.counts_in_exposure)

    def test_held_order_not_released_by_bill_payment_that_counts(self):
        invoice = self._invoice(amount=400.0, days_ago=60, due_days_ago=45)
        order = self._order(amount=100.0)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        self._pay_in_bill(invoice)
        self.assertEqual(order.credit_state, "hold", "the bill is not money yet")
        self.assertNotEqual(order.state, "sale")

        # the same payment in a bank bill, which the company takes as safe, releases it
        invoice2 = self._invoice(amount=400.0, days_ago=60, due_days_ago=45)
        self._pay_in_bill(invoice2, number="2", kind="bank")
        self.assertEqual(order.credit_state, "released")
        self.assertEqual(order.state, "sale")

    def test_collect_at_maturity(self):
        bill = self.Bill.create(self._bill_vals())
        with self.assertRaisesRegex(UserError, "collected at maturity"):
            bill.action_collect()
        self.assertEqual(bill.state, "held")
        bank = self.company._credit_bill_bank_journal()
        with freeze_time(bill.date_maturity):
            bill.action_collect()
        self.assertEqual(bill.state, "collected")
        collection = bill.move_ids
        self.assertEqual(collection.journal_id, bank)
        debit = collection.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(debit.account_id, bank.default_account_id)
        credit = collection.line_ids.filtered(lambda line: line.credit)
        self.assertEqual(credit.account_id, self.journal.default_account_id)
        self.assertEqual(bill.payment_id.state, "paid")
        self.assertEqual(self._figures()["bills"], 0.0)

    def test_discount_with_recourse_counts_until_maturity(self):
        bill = self.Bill.create(self._bill_vals())
        bank = self.company._credit_bill_bank_journal()
        expense = self.env["account.account"].search(
            [("account_type", "=", "expense"), ("company_ids", "in", self.company.id)], limit=1
        )
        bill._credit_discount(bank, self.today, 20.0, expense)
        self.assertEqual(bill.state, "discounted")
        amounts = sorted(bill.move_ids.line_ids.mapped("debit"))
        self.assertEqual(amounts, [0.0, 20.0, 980.0])
        self.assertEqual(self._figures()["bills"], 1000.0)
        day_after = bill.date_maturity + timedelta(days=1)
        self.assertEqual(
            self.customer.sudo()._credit_bill_exposure_get(self.company, day_after), {}
        )

    def test_impossible_transitions(self):
        bill = self.Bill.create(self._bill_vals())
        bill._credit_endorse(self.supplier)
        with self.assertRaisesRegex(UserError, "cannot be collected"):
            bill.action_collect(date=bill.date_maturity)
        with self.assertRaisesRegex(UserError, "cannot be endorsed"):
            bill._credit_endorse(self.supplier)
        with self.assertRaisesRegex(UserError, "endorsed back"):
            self.Bill.create(self._bill_vals("2"))._credit_endorse(self.customer)
        free = self.Bill.create(self._bill_vals("3"))
        free._credit_endorse(self.supplier, with_recourse=False)
        with self.assertRaisesRegex(UserError, "without recourse"):
            free.action_dishonour()
        self.assertEqual(free.state, "endorsed")
        collected = self.Bill.create(self._bill_vals("4"))
        collected.action_collect(date=collected.date_maturity)
        with self.assertRaisesRegex(UserError, "cannot be dishonoured"):
            collected.action_dishonour()
        with self.assertRaises(UserError):
            collected.write({"amount": 5.0})
        with self.assertRaises(UserError):
            collected.unlink()

    def test_bad_input_changes_nothing(self):
        self.Bill.create(self._bill_vals())
        before = self._counts()
        cases = [
            (self._bill_vals(), "already registered"),
            (self._bill_vals("12"), "30 digits"),
            (self._bill_vals("x"), "30 digits"),
            (
                self._bill_vals("2", date_maturity=self.today - timedelta(days=1)),
                "before it is issued",
            ),
            (
                self._bill_vals("3", date_maturity=self.today + relativedelta(months=6, days=1)),
                "at most 6 months",
            ),
        ]
        for vals, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    self.Bill.create(vals)
            self.assertEqual(self._counts(), before)
        with self.assertRaisesRegex(ValidationError, "positive"), self.env.cr.savepoint():
            self.Bill.create(self._bill_vals("4", amount=0.0))
        self.assertEqual(self._counts(), before)
        paper = self.Bill.create(self._bill_vals(is_electronic=False, number="P"))
        self.assertEqual(paper.number, NUMBER + "P")

    def test_bad_input_in_register_wizard(self):
        invoice = self._invoice(amount=300.0)
        self.Bill.create(self._bill_vals())
        before = self._counts()
        with self.assertRaisesRegex(ValidationError, "already registered"), self.env.cr.savepoint():
            self._pay_in_bill(invoice)
        self.assertEqual(self._counts(), before)
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_access_rights(self):
        bill = self.Bill.create(self._bill_vals())
        other = self.env["res.partner"].create({"name": "Other", "user_id": self.keeper.id})
        other_bill = self.Bill.create(self._bill_vals("2", partner_id=other.id))
        as_rep = self.Bill.with_user(self.sales_rep)
        self.assertEqual(as_rep.search([]), bill, "a rep sees the bills of own customers")
        with self.assertRaises(AccessError):
            as_rep.create(self._bill_vals("3"))
        with self.assertRaises(AccessError):
            bill.with_user(self.sales_rep).action_collect(date=bill.date_maturity)
        with self.assertRaises(AccessError):
            self.Bill.with_user(self.employee).search([])
        self.assertEqual(
            self.Bill.with_user(self.keeper).search([("id", "in", (bill | other_bill).ids)]),
            bill | other_bill,
        )
        with self.assertRaises(UserError):
            other_bill.with_user(self.keeper).action_dishonour()
        self.assertEqual(other_bill.state, "held")

    def test_bill_share_register_and_tier_threshold(self):
        invoice = self._invoice(amount=1000.0, days_ago=5)
        self._pay(invoice)
        invoice2 = self._invoice(amount=1000.0, days_ago=5)
        self._pay_in_bill(invoice2)
        self.assertEqual(self.customer.with_user(self.credit_manager).credit_bill_share, 50.0)
        kpis = self.customer.sudo()._credit_kpis()
        self.assertEqual(kpis[self.customer.id]["bill_share"], 50.0)
        sheets = read_sheets(self.customer.with_user(self.credit_manager)._credit_archive_xlsx())
        row = next(iter(sheets.values()))[0]
        self.assertEqual(row["Paid in Bills %"], 50.0)
        self.assertEqual(row["Bill Exposure"], 1000.0)

        sheets = read_sheets(
            self.customer.with_user(self.credit_manager)._credit_bill_register_xlsx()
        )
        rows = sheets["Bills"]
        self.assertEqual(rows[0]["Bill Number"], NUMBER + "1")
        self.assertEqual(rows[0]["Counts in Exposure"], "Yes")

        market = self.tiers["market"].sudo()
        rules = self.customer.sudo()._credit_grading_rules()[1]
        self.assertEqual(next(r for r in rules if r.code == "market").max_bill_share, 0.0)
        market.max_bill_share = 40.0
        rules = self.customer.sudo()._credit_grading_rules()[1]
        self.assertEqual(next(r for r in rules if r.code == "market").max_bill_share, 40.0)

    def test_maturity_reminder(self):
        bill = self.Bill.create(self._bill_vals(date_maturity=self.today + timedelta(days=40)))
        key = "bill:%"

        def reminders(done=False):
            return (
                self.env["mail.activity"]
                .with_context(active_test=False)
                .search(
                    [
                        ("res_model", "=", "res.partner"),
                        ("res_id", "=", self.customer.id),
                        ("credit_reminder_key", "=like", key),
                        ("active", "=", not done),
                    ]
                )
            )

        self.customer.sudo()._credit_reminders_sync({"bill"})
        self.assertFalse(reminders(), "40 days away: not yet")
        with freeze_time(bill.date_maturity - timedelta(days=10)):
            self.customer.sudo()._credit_reminders_sync({"bill"})
            self.customer.sudo()._credit_reminders_sync({"bill"})
            self.assertEqual(len(reminders()), 1, "once")
            self.assertEqual(
                reminders().activity_type_id,
                self.env.ref("partner_credit_archive.mail_activity_type_credit_bill_maturity"),
            )
        with freeze_time(bill.date_maturity):
            bill.action_collect()
            self.customer.sudo()._credit_reminders_sync({"bill"})
            self.assertFalse(reminders())
            self.assertEqual(len(reminders(done=True)), 1)


@tagged("post_install", "-at_install")
class TestBillsMultiCompany(BillCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Bills Company B"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", cls.company_b, install_demo=False
        )
        cls.env.user.company_ids |= cls.company_b

    def test_journal_per_company_and_figures_per_company(self):
        journal_b = self.company_b.credit_bill_journal_id
        self.assertTrue(journal_b, "a new company's chart brings its bills journal")
        self.assertNotEqual(journal_b, self.journal)
        self.assertEqual(journal_b.company_id, self.company_b)
        bill_b = self.Bill.with_company(self.company_b).create(
            self._bill_vals(company_id=self.company_b.id)
        )
        self.assertEqual(bill_b.payment_id.journal_id, journal_b)
        self.assertEqual(self._figures()["bills"], 0.0, "company B's bill is not A's exposure")
        figures_b = self.customer.sudo()._credit_figures_get(self.company_b)[self.customer.id]
        self.assertEqual(figures_b["bills"], 1000.0)
        # the same number in another company is another bill
        bill_a = self.Bill.create(self._bill_vals())
        self.assertEqual(bill_a.number, bill_b.number)
