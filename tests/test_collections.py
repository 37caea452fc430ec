"""Collections (SPEC §3.I): levels, actions once per escalation, promises, disputes."""

from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import CreditArchiveCase

TODAY = date(2026, 7, 15)


@tagged("post_install", "-at_install")
@freeze_time("2026-07-15")
class CollectionCase(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.levels = {
            code: cls.env.ref(f"partner_credit_archive.collection_level_{code}")
            for code in ("call", "letter", "hold", "legal")
        }
        cls.customer = cls._customer("Collections Customer Ltd", cls.sales_rep)

    @classmethod
    def _customer(cls, name, user=None):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "customer_rank": 1,
                "email": "ap@example.com",
                "user_id": user.id if user else False,
            }
        )

    def _invoice(self, days_overdue, amount=1000.0, partner=None, company=None):
        due = TODAY - timedelta(days=days_overdue)
        move = (
            self.env["account.move"]
            .with_company(company or self.company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": (partner or self.customer).id,
                    "invoice_date": due - timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Goods", "quantity": 1, "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _pay(self, moves, payment_date=TODAY, **values):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"payment_date": payment_date, **values})._create_payments()

    def _sync(self, partners=None, company=None):
        partners = partners or self.customer
        partners.sudo().with_company(company or self.company)._credit_collections_sync()

    def _file(self, partner=None, company=None):
        return self.env["partner.credit.collection"].search(
            [
                ("partner_id", "=", (partner or self.customer).id),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def _activities(self, partner=None):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [("res_model", "=", "res.partner"), ("res_id", "=", (partner or self.customer).id)]
            )
        )


class TestCollectionLevels(CollectionCase):
    def test_level_boundaries(self):
        expected = {
            0: None,
            1: "call",
            30: "call",
            31: "letter",
            60: "letter",
            61: "hold",
            90: "hold",
            91: "legal",
        }
        customers = {}
        for days in expected:
            customers[days] = self._customer(f"Boundary {days} days", self.sales_rep)
            self._invoice(days, partner=customers[days])
        partners = self.env["res.partner"].union(*customers.values())
        self._sync(partners)
        for days, code in expected.items():
            collection = self._file(customers[days])
            level = self.levels[code] if code else self.env["partner.credit.collection.level"]
            self.assertEqual(collection.level_id, level, f"{days} days overdue")
            self.assertEqual(
                customers[days].with_company(self.company).credit_collection_level_id, level
            )
        self.assertFalse(self._file(customers[0]).open, "due today is not overdue")
        self.assertEqual(self._file(customers[91]).oldest_days, 91)
        # searchable, for the customer list
        found = self.env["res.partner"].search(
            [("credit_collection_level_id", "=", self.levels["hold"].id)]
        )
        self.assertEqual(found, customers[61] | customers[90])

    def test_actions_of_each_level(self):
        self._invoice(5)
        self._sync()
        call = self._activities()
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.sales_rep, "the salesperson collects")
        self.assertEqual(
            call.activity_type_id,
            self.env.ref("partner_credit_archive.mail_activity_type_collection_call"),
        )
        # 40 days: the letter, by e-mail with the PDF, the call closed as superseded
        self._invoice(40, amount=500.0)
        self._sync()
        collection = self._file()
        self.assertEqual(collection.level_id, self.levels["letter"])
        self.assertFalse(call.active, "the reminder call is done")
        letter = collection.action_ids.filtered(lambda a: a.action == "letter")
        self.assertTrue(letter.message_id)
        self.assertTrue(letter.message_id.attachment_ids, "the letter PDF is attached")
        self.assertIn("Collections Customer Ltd", letter.message_id.attachment_ids.name)
        self.assertIn(self.customer, letter.message_id.partner_ids, "sent to the customer")
        # 70 days: stop supply, through the guarded hold with a decision
        self._invoice(70, amount=200.0)
        self._sync()
        self.assertTrue(self.customer.with_company(self.company).credit_hold)
        decision = self.env["partner.credit.decision"].search(
            [("partner_id", "=", self.customer.id), ("decision_type", "=", "collection_hold")]
        )
        self.assertEqual(len(decision), 1)
        # 95 days: legal, the hold stays
        self._invoice(95, amount=100.0)
        self._sync()
        self.assertEqual(collection.level_id, self.levels["legal"])
        self.assertTrue(self.customer.with_company(self.company).credit_litigation)
        self.assertTrue(self.customer.with_company(self.company).credit_hold)
        legal = self._activities().filtered(
            lambda a: a.activity_type_id
            == self.env.ref("partner_credit_archive.mail_activity_type_collection_legal")
        )
        self.assertEqual(len(legal), 1)
        self.assertEqual(collection.last_action_id.action, "legal")
        self.assertEqual(collection.overdue_amount, 1800.0)

    def test_straight_to_legal_keeps_the_hold(self):
        """A customer found 100 days late gets the legal action and the credit hold of the
        level below, but no call nor letter of the levels passed over."""
        self._invoice(100)
        self._sync()
        actions = self._file().action_ids
        self.assertEqual(set(actions.mapped("action")), {"hold", "legal"})
        self.assertTrue(self.customer.with_company(self.company).credit_hold)

    def test_idempotent(self):
        self._invoice(95)
        self._invoice(40)
        partners = self.customer
        for _run in range(2):
            self._sync(partners)
        collection = self._file()
        self.assertEqual(len(collection.action_ids), 2)
        self.assertEqual(len(self._activities()), 1)
        self.assertEqual(
            self.env["partner.credit.decision"].search_count(
                [("partner_id", "=", self.customer.id), ("decision_type", "like", "collection")]
            ),
            1,
        )
        messages = collection.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertFalse(messages, "no letter: the level passed over sends none")

    def test_idempotent_through_the_cron(self):
        self._invoice(45)
        cron = self.env.ref("partner_credit_archive.ir_cron_credit_collections")
        for _run in range(2):
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
        collection = self._file()
        self.assertEqual(collection.level_id, self.levels["letter"])
        self.assertEqual(len(collection.action_ids), 1)
        letters = collection.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(letters), 1)

    def test_payment_closes(self):
        invoice = self._invoice(70)
        self._sync()
        self.assertTrue(self.customer.with_company(self.company).credit_hold)
        self.assertEqual(len(self._file().action_ids), 1)  # the hold (no call at 70 days)
        self._pay(invoice)
        collection = self._file()
        self.assertFalse(collection.open, "the customer leaves the worklist")
        self.assertFalse(collection.level_id)
        self.assertTrue(all(collection.action_ids.mapped("closed")))
        self.assertEqual(collection.action_ids.close_reason, "paid")
        self.assertFalse(self.customer.with_company(self.company).credit_hold, "supply resumes")
        release = self.env["partner.credit.decision"].search(
            [("partner_id", "=", self.customer.id), ("decision_type", "=", "collection_release")]
        )
        self.assertEqual(len(release), 1)
        self.assertEqual(collection.collected_month, 1000.0)

    def test_payment_marks_activities_done_with_a_note(self):
        invoice = self._invoice(10)
        self._sync()
        activity = self._activities()
        self.assertTrue(activity.active)
        self._pay(invoice)
        self.assertFalse(activity.active)
        feedback = self.customer.message_ids.filtered(
            lambda m: m.mail_activity_type_id == activity.activity_type_id
        )
        self.assertIn("Closed automatically", feedback[:1].body)

    def test_hold_set_by_hand_is_not_lifted(self):
        invoice = self._invoice(70)
        self.customer.with_user(self.credit_manager).with_company(self.company).credit_hold = True
        self._sync()
        self._pay(invoice)
        self.assertTrue(self.customer.with_company(self.company).credit_hold)

    def test_collector_without_salesperson(self):
        customer = self._customer("No Salesperson Ltd")
        self._invoice(5, partner=customer)
        self.company.credit_collector_id = self.keeper
        self._sync(customer)
        self.assertEqual(self._file(customer).user_id, self.keeper)
        self.assertEqual(self._activities(customer).user_id, self.keeper)

    def test_month_figures(self):
        old = self._invoice(60, amount=800.0)  # due in May: overdue at the month start
        self._invoice(5, amount=300.0)  # due this month
        self._pay(old, amount=500.0)
        self._sync()
        collection = self._file()
        self.assertEqual(collection.overdue_month_start, 800.0)
        self.assertEqual(collection.collected_month, 500.0)
        self.assertEqual(collection.month_date, date(2026, 7, 1))

    def test_rep_can_clear_no_litigation(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.sales_rep).write({"credit_litigation": True})
        self.assertFalse(self.customer.with_company(self.company).credit_litigation)
        self.customer.with_user(self.credit_manager).write({"credit_litigation": True})
        self.assertTrue(self.customer.with_company(self.company).credit_litigation)


class TestCollectionLevelSetup(CollectionCase):
    def test_bad_levels(self):
        Level = self.env["partner.credit.collection.level"]
        count = Level.search_count([])
        for vals in (
            {"name": "Zero", "days_overdue": 0, "sequence": 1},
            {"name": "Same days", "days_overdue": 31, "sequence": 25},
            {"name": "Out of order", "days_overdue": 20, "sequence": 35},
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                Level.create(vals)
        self.assertEqual(Level.search_count([]), count)
        Level.create({"name": "Final notice", "days_overdue": 120, "sequence": 50})

    def test_company_levels_replace_shared_ones(self):
        other = self.env["res.company"].create({"name": "Collections Levels Co."})
        own = self.env["partner.credit.collection.level"].create(
            {"name": "Call at 10", "days_overdue": 10, "company_id": other.id}
        )
        Level = self.env["partner.credit.collection.level"]
        self.assertEqual(Level._levels_for(other), own)
        self.assertEqual(len(Level._levels_for(self.company)), 4)


class TestPromises(CollectionCase):
    def _promise(self, amount, promised, user=None, **values):
        return (
            self.env["partner.credit.promise"]
            .with_user(user or self.sales_rep)
            .create({"partner_id": self.customer.id, "amount": amount, "date": promised, **values})
        )

    def test_bad_input(self):
        self._invoice(20, amount=1000.0)
        Promise = self.env["partner.credit.promise"]
        for amount, promised in (
            (500.0, TODAY - timedelta(days=1)),  # in the past
            (1500.0, TODAY + timedelta(days=5)),  # more than owed
            (0.0, TODAY + timedelta(days=5)),
            (-10.0, TODAY + timedelta(days=5)),
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self._promise(amount, promised)
        self.assertFalse(Promise.search([("partner_id", "=", self.customer.id)]))
        self.assertFalse(self._file(), "nothing changed: no collection file either")

    def test_kept(self):
        invoice = self._invoice(20, amount=1000.0)
        self._sync()
        promise = self._promise(600.0, TODAY + timedelta(days=7), contact="Ms Li")
        self.assertEqual(self._file().promise_id, promise)
        with freeze_time(TODAY + timedelta(days=3)):
            self._pay(invoice, payment_date=TODAY + timedelta(days=3), amount=600.0)
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.amount_paid, 600.0)
        self.assertFalse(self._file().promise_id)

    def test_broken_goes_to_next_level_at_once(self):
        invoice = self._invoice(20, amount=1000.0)
        self._sync()
        self.assertEqual(self._file().level_id, self.levels["call"])
        promise = self._promise(600.0, TODAY + timedelta(days=5))
        with freeze_time(TODAY + timedelta(days=4)):
            self._pay(invoice, payment_date=TODAY + timedelta(days=4), amount=100.0)
        with freeze_time(TODAY + timedelta(days=6)):
            self._sync()
        self.assertEqual(promise.state, "broken")
        self.assertEqual(promise.amount_paid, 100.0)
        collection = self._file()
        self.assertEqual(collection.level_id, self.levels["letter"], "26 days, yet the letter")
        self.assertTrue(collection.action_ids.filtered(lambda a: a.action == "letter"))

    def test_pending_promise_pauses_escalation(self):
        self._invoice(28, amount=1000.0)
        self._sync()
        self._promise(1000.0, TODAY + timedelta(days=10))
        with freeze_time(TODAY + timedelta(days=5)):  # 33 days: would be the letter
            self._sync()
            self.assertEqual(self._file().level_id, self.levels["call"])
            self.assertEqual(len(self._file().action_ids), 1)
        with freeze_time(TODAY + timedelta(days=11)):  # promise broken: letter, then hold
            self._sync()
            self.assertEqual(self._file().level_id, self.levels["hold"])

    def test_log_promise_from_the_worklist(self):
        self._invoice(20, amount=1000.0)
        self._sync()
        collection = self._file().with_user(self.sales_rep)
        action = collection.action_log_promise()
        form = Form(
            self.env["partner.credit.promise"]
            .with_user(self.sales_rep)
            .with_context(**action["context"])
        )
        form.date = TODAY + timedelta(days=3)
        form.amount = 400.0
        promise = form.save()
        self.assertEqual(promise.partner_id, self.customer)
        self.assertEqual(collection.promise_id, promise)


class TestDisputes(CollectionCase):
    def test_disputed_invoice_leaves_dunning(self):
        old = self._invoice(70, amount=700.0)
        self._invoice(10, amount=300.0)
        self.env.cr.precommit.run()  # a record created in the transaction is not tracked
        old.with_context(tracking_disable=False, mail_notrack=False).write(
            {"credit_dispute_reason": "quality", "credit_dispute_note": "Cracked coils"}
        )
        self._sync()
        collection = self._file()
        self.assertEqual(collection.level_id, self.levels["call"], "the 10-day invoice")
        self.assertEqual(collection.overdue_amount, 300.0)
        self.assertEqual(collection.disputed_amount, 700.0)
        self.assertFalse(self.customer.with_company(self.company).credit_hold)
        self.env.cr.precommit.run()  # tracking is written at commit
        old.invalidate_recordset(["message_ids"])
        tracked = old.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "credit_dispute_reason"
        )
        self.assertTrue(tracked, "the dispute is in the invoice's chatter")
        # only a disputed invoice overdue: still on the worklist, shown apart, no level
        other = self._customer("Only Disputed Ltd", self.sales_rep)
        move = self._invoice(40, partner=other)
        move.credit_dispute_reason = "price"
        self._sync(other)
        self.assertTrue(self._file(other).open)
        self.assertFalse(self._file(other).level_id)
        # the dispute settled: dunned again
        old.credit_dispute_reason = False
        self._sync()
        self.assertEqual(collection.level_id, self.levels["hold"])

    def test_dispute_out_of_the_overdue_check_per_setting(self):
        invoice = self._invoice(45, amount=700.0)
        invoice.credit_dispute_reason = "delivery"

        def overdue_count():
            figures = self.customer._credit_figures_get(self.company)[self.customer.id]
            return figures["overdue_count"]

        self.assertTrue(self.company.credit_dispute_exclude_overdue, "default: out")
        self.assertEqual(overdue_count(), 0)
        figures = self.customer._credit_figures_get(self.company)[self.customer.id]
        self.assertEqual(figures["receivable"], 700.0, "still owed")
        self.company.credit_dispute_exclude_overdue = False
        self.assertEqual(overdue_count(), 1)


class TestCollectionAccess(CollectionCase):
    def test_rep_sees_own_customers_only(self):
        other_rep = new_test_user(
            self.env,
            login="pca_coll_other_rep",
            groups="sales_team.group_sale_salesman,partner_credit_archive.group_archive_user",
        )
        theirs = self._customer("Colleague's Customer Ltd", other_rep)
        self._invoice(20)
        self._invoice(20, partner=theirs)
        self._sync(self.customer | theirs)
        Collection = self.env["partner.credit.collection"]
        seen = Collection.with_user(self.sales_rep).search([("open", "=", True)])
        self.assertIn(self.customer, seen.partner_id)
        self.assertNotIn(theirs, seen.partner_id)
        everyone = Collection.with_user(self.credit_manager).search([("open", "=", True)])
        self.assertIn(theirs, everyone.partner_id)
        groups = Collection.with_user(self.sales_rep)._read_group(
            [("open", "=", True)], ["user_id"], ["overdue_amount:sum"]
        )
        self.assertEqual([user for user, _amount in groups], [self.sales_rep])
        # the level is a confidential credit figure on the customer too
        Partner = self.env["res.partner"].with_user(self.sales_rep)
        self.assertEqual(Partner.browse(theirs.id).credit_collection_level_id.id, False)
        self.assertEqual(
            Partner.browse(self.customer.id).credit_collection_level_id, self.levels["call"]
        )
        self.assertFalse(
            Partner.search(
                [
                    ("credit_collection_level_id", "=", self.levels["call"].id),
                    ("id", "=", theirs.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            self.env["partner.credit.promise"].with_user(self.sales_rep).create(
                {"partner_id": theirs.id, "amount": 10.0, "date": TODAY}
            )

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "Collections Company B"})
        self.env.user.company_ids |= company_b
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=company_b, install_demo=False
        )
        self.sales_rep.company_ids |= company_b
        self._invoice(70, company=company_b)
        self._invoice(10)
        self._sync(company=self.company)
        self._sync(company=company_b)
        file_a, file_b = self._file(company=self.company), self._file(company=company_b)
        self.assertEqual(file_a.level_id, self.levels["call"])
        self.assertEqual(file_b.level_id, self.levels["hold"])
        self.assertTrue(self.customer.with_company(company_b).credit_hold)
        self.assertFalse(self.customer.with_company(self.company).credit_hold)
        seen = (
            self.env["partner.credit.collection"]
            .with_user(self.sales_rep)
            .with_context(allowed_company_ids=self.company.ids)
            .search([])
        )
        self.assertEqual(seen, file_a)
