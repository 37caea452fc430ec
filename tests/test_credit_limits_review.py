"""Cash only, review dates, lapse at review, comparable limits, the Credit Manager role
(SPEC §3.H)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .credit_report_common import CreditReportCase
from .test_credit_control import CreditControlCommon

LIMIT_DECIDED = {"credit_limit_decided": True}


def _decisions(partner_or_group, **domain):
    env = partner_or_group.env
    field = "credit_group_id" if partner_or_group._name == "partner.credit.group" else "partner_id"
    return env["partner.credit.decision"].search(
        [(field, "=", partner_or_group.id)] + [(k, "=", v) for k, v in domain.items()],
        order="id",
    )


@tagged("post_install", "-at_install")
class TestCashOnly(CreditControlCommon):
    def test_cash_only_holds_credit_orders_whatever_the_limit(self):
        self.customer.sudo().credit_limit = 1_000_000.0
        self.customer.with_user(self.credit_manager).credit_cash_only = True
        on_credit = self._order(payment_term_id=self.term_30.id)
        self.assertEqual(on_credit.credit_state, "would_hold")
        self.assertIn("cash only", on_credit.credit_check_message)
        self.assertTrue(on_credit.credit_partner_cash_only)
        on_credit.action_confirm()
        self.assertEqual((on_credit.state, on_credit.credit_state), ("draft", "hold"))
        cash = self._order(payment_term_id=self.term_immediate.id)
        cash.action_confirm()
        self.assertEqual((cash.state, cash.credit_state), ("sale", "ok"))
        no_term = self._order()
        no_term.action_confirm()
        self.assertEqual(no_term.state, "sale")

    def test_only_credit_managers_set_cash_only_and_it_is_recorded(self):
        for user in (self.sales_rep, self.keeper):
            with self.assertRaises(AccessError) as err:
                self.customer.with_user(user).write({"credit_cash_only": True})
            self.assertIn("Only credit managers", str(err.exception))
            with self.assertRaises(AccessError):
                self.customer.with_user(user)._credit_set_cash_only(True, "Please")
        self.assertFalse(self.customer.credit_cash_only)
        self.assertFalse(_decisions(self.customer, decision_type="cash_only"))
        self.customer.with_user(self.credit_manager).credit_cash_only = True
        decision = _decisions(self.customer)[-1]
        self.assertEqual(decision.decision_type, "cash_only")
        self.assertTrue(decision.cash_only)
        self.assertEqual((decision.old_limit, decision.new_limit), (1000.0, 1000.0))
        self.assertEqual(decision.user_id, self.credit_manager)
        self.customer.with_user(self.credit_manager).credit_cash_only = False
        self.assertEqual(_decisions(self.customer)[-1].decision_type, "cash_only_lifted")
        # superuser code paths write it (the decision is recorded all the same)
        self.customer.sudo().credit_cash_only = True
        self.assertTrue(self.customer.credit_cash_only)

    def test_limit_and_cash_only_saved_together_stay_cash_only(self):
        self.customer.with_user(self.credit_manager).write(
            {"credit_limit_granted": 5000.0, "credit_cash_only": True}
        )
        self.assertEqual(self.customer.credit_limit, 5000.0)
        self.assertTrue(self.customer.credit_cash_only)

    def test_banner_words(self):
        order = self._order(payment_term_id=self.term_immediate.id)
        self.assertEqual(order.credit_partner_limit, 1000.0)
        self.customer.sudo().credit_limit = 0.0
        self.customer.with_user(self.credit_manager).credit_cash_only = True
        order = self._order(payment_term_id=self.term_30.id)
        self.assertTrue(order.credit_partner_cash_only)
        self.assertEqual(order.credit_check_level, "block")


@tagged("post_install", "-at_install")
class TestCashOnlyProposal(CreditReportCase):
    def _rated_c(self):
        self.own.with_user(self.credit_manager)._credit_set_limit(8000, "Opening limit")
        report = self._report(is_dishonest_debtor=True, recommended_limit=5000)
        self.assertEqual(report.rating, "C")
        return report

    def test_rating_c_proposal_sets_cash_only_and_keeps_the_limit(self):
        self._approve(self._rated_c())
        self.own.invalidate_recordset()
        self.assertTrue(self.own.credit_limit_proposal_pending)
        self.assertTrue(self.own.credit_limit_proposal_cash_only)
        self.own.with_user(self.credit_manager).action_credit_accept_proposal()
        self.assertEqual(self.own.credit_limit, 8000, "accepting never removes a limit")
        self.assertTrue(self.own.credit_cash_only)
        decision = _decisions(self.own)[-1]
        self.assertEqual((decision.decision_type, decision.cash_only), ("proposal", True))
        self.assertEqual((decision.old_limit, decision.new_limit), (8000, 8000))
        self.own.invalidate_recordset()
        self.assertFalse(self.own.credit_limit_proposal_pending)

    def test_report_dialog_follows_the_same_rule(self):
        report = self._rated_c()
        action = self._approve(report)
        wizard = Form(
            self.env["partner.credit.report.apply.wizard"]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
        )
        self.assertTrue(wizard.apply_cash_only)
        self.assertFalse(wizard.apply_limit)
        wizard.save().action_apply()
        self.assertEqual(self.own.credit_limit, 8000)
        self.assertTrue(self.own.credit_cash_only)
        self.assertEqual(_decisions(self.own)[-1].decision_type, "report")
        # a limit of 0 would mean "no limit": refused, nothing changed
        with self.assertRaises(UserError):
            report.with_user(self.credit_manager)._apply_recommendation(limit=0.0)
        self.assertEqual(self.own.credit_limit, 8000)


@tagged("post_install", "-at_install")
class TestReviewDates(CreditReportCase):
    @freeze_time("2026-03-01")
    def test_install_hook_dates_existing_limits_and_archives(self):
        partners = self.env["res.partner"].with_context(**LIMIT_DECIDED).sudo()
        plain, decided, none = partners.create(
            [
                {"name": "Plain Limit", "is_company": True, "credit_limit": 4000},
                {"name": "Decided Limit", "is_company": True, "credit_limit": 6000},
                {"name": "No Limit", "is_company": True},
            ]
        )
        other_company = self.env["res.company"].create({"name": "Branch B"})
        plain.with_company(other_company).credit_limit = 900
        self.env["partner.credit.decision"].sudo().create(
            {
                "partner_id": decided.id,
                "decision_type": "manual",
                "old_limit": 0,
                "new_limit": 6000,
                "reason": "Before the install",
                "date": "2025-06-15 10:00:00",
            }
        )
        everyone = plain | decided | none
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET date_credit_review = NULL WHERE id IN %s",
            [tuple(everyone.ids)],
        )
        # since 19.0.2 the archive's dates are partner.archive's
        self.env.cr.execute(
            "UPDATE partner_archive SET date_next_review = NULL WHERE partner_id IN %s",
            [tuple(everyone.ids)],
        )
        self.env.invalidate_all()
        self.env["res.partner"]._credit_init_review_dates()
        self.env["res.partner"]._archive_init_review_dates()
        self.assertEqual(str(plain.date_credit_review), "2027-03-01")
        self.assertEqual(str(plain.with_company(other_company).date_credit_review), "2027-03-01")
        self.assertEqual(str(decided.date_credit_review), "2026-06-15")
        self.assertFalse(none.date_credit_review)
        # the default tier (potential) reviews its archives every 6 months
        months = none.credit_tier_id.review_interval_months
        self.assertEqual(months, self.tiers["potential"].review_interval_months)
        for partner in everyone:
            self.assertTrue(partner.archive_date_next_review)
        self.assertEqual(
            none.archive_date_next_review, date(2026, 3, 1) + relativedelta(months=months)
        )
        # dates already set are kept
        self.env["res.partner"]._credit_init_review_dates()
        self.assertEqual(str(decided.date_credit_review), "2026-06-15")

    @freeze_time("2026-03-01")
    def test_new_customers_get_their_dates_on_creation(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.credit_manager)
            .sudo()
            .create({"name": "New One", "is_company": True, "credit_limit": 3000})
        )
        self.assertEqual(str(partner.date_credit_review), "2027-03-01")
        self.assertTrue(partner.archive_date_next_review)
        contact = self.env["res.partner"].create({"name": "Mr Wu", "parent_id": partner.id})
        self.assertFalse(contact.archive_date_next_review)

    def test_lapse_at_review(self):
        with freeze_time("2026-03-01"):
            self.own.with_user(self.credit_manager)._credit_set_limit(5000, "Opening limit")
        self.assertEqual(str(self.own.date_credit_review), "2027-03-01")
        cron = self.env.ref("partner_credit_archive.ir_cron_credit_limits_lapse")
        with freeze_time("2027-03-05"):
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
            self.own.invalidate_recordset()
            self.assertFalse(self.own.credit_cash_only, "the setting is off by default")
            self.company.credit_limits_lapse = True
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
        self.own.invalidate_recordset()
        self.assertTrue(self.own.credit_cash_only)
        self.assertEqual(self.own.credit_limit, 5000, "the limit is kept")
        lapse = _decisions(self.own)[-1]
        self.assertEqual(lapse.decision_type, "lapse")
        self.assertEqual((lapse.old_limit, lapse.new_limit, lapse.cash_only), (5000, 5000, True))
        # renewal: one click in the limit dialog (same limit = review) lifts cash only
        with freeze_time("2027-03-06"):
            wizard = Form(
                self.env["partner.credit.limit.wizard"]
                .with_user(self.credit_manager)
                .with_context(default_partner_id=self.own.id)
            )
            wizard.new_limit = 5000
            wizard.reason = "Reviewed: paid on time all year."
            wizard.save().action_confirm()
        self.assertFalse(self.own.credit_cash_only)
        self.assertEqual(
            _decisions(self.own)[-2:].mapped("decision_type"), ["review", "cash_only_lifted"]
        )
        self.assertEqual(str(self.own.date_credit_review), "2028-03-06")


@tagged("post_install", "-at_install")
class TestComparableLimits(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.foreign = (
            cls.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", cls.company.currency_id.id)], limit=1)
        )
        cls.foreign.active = True
        # 1 company unit = 0.5 foreign units: 1 000 foreign = 2 000 in company currency
        cls.env["res.currency.rate"].search([("currency_id", "=", cls.foreign.id)]).unlink()
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.foreign.id, "rate": 0.5, "name": "2020-01-01"}
        )
        cls.tier = cls.tiers["market"]
        cls.tier.write({"currency_id": cls.foreign.id, "max_credit_limit": 1000})

    def test_tier_max_in_another_currency(self):
        self.assertAlmostEqual(self.tier._credit_max_limit_in(self.company), 2000)
        self.own.credit_tier_id = self.tier
        self.own.with_user(self.credit_manager)._credit_set_limit(1500, "Opening limit")
        self.own._credit_cap_limits_to_tier()
        self.assertEqual(self.own.credit_limit, 1500, "1 500 < 1 000 foreign = 2 000")
        self.own.with_user(self.credit_manager)._credit_set_limit(3000, "More")
        self.own._credit_cap_limits_to_tier()
        self.assertAlmostEqual(self.own.credit_limit, 2000)
        self.assertEqual(_decisions(self.own)[-1].decision_type, "grading")
        self._approve(self._report(recommended_limit=5000))
        self.own.invalidate_recordset()
        self.assertAlmostEqual(self.own.credit_limit_proposed, 2000)

    def test_group_limit_change_is_a_decision(self):
        group = (
            self.env["partner.credit.group"]
            .with_user(self.credit_manager)
            .create({"name": "Huaxin Group", "credit_limit": 10000})
        )
        group.credit_limit = 15000
        decisions = _decisions(group)
        self.assertEqual(decisions.mapped("decision_type"), ["group_limit", "group_limit"])
        self.assertEqual((decisions[-1].old_limit, decisions[-1].new_limit), (10000, 15000))
        self.assertFalse(decisions.partner_id)
        self.assertEqual(decisions[-1].display_name, "Huaxin Group")
        with self.assertRaises(UserError):
            decisions[-1].reason = "Edited"
        with self.assertRaises(AccessError):
            group.with_user(self.sales_rep).credit_limit = 1
        with self.assertRaises(ValidationError) as err:
            group.credit_limit = -5
        self.assertIn("cannot be negative", str(err.exception))
        self.assertEqual(group.credit_limit, 15000)
        self.assertEqual(len(_decisions(group)), 2)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["partner.credit.decision"].create(
                    {"decision_type": "manual", "reason": "About nobody"}
                )
                self.env.flush_all()


@tagged("post_install", "-at_install")
class TestCreditManagerRoleAlone(CreditControlCommon, CreditReportCase):
    """A user with only the Credit Manager role (and internal user): no accounting, no sales
    group, no right to edit contacts in general."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_only = new_test_user(
            cls.env,
            login="pca_manager_only",
            groups="base.group_user,partner_credit_archive.group_credit_manager",
        )

    def test_sees_and_changes_limits(self):
        partner = self.customer.with_user(self.manager_only)
        self.assertEqual(partner.credit_limit_granted, 1000.0)
        with Form(partner, view="base.view_partner_form") as form:
            self.assertEqual(form.credit_limit_granted, 1000.0)
            form.credit_limit_granted = 2500.0
            form.credit_cash_only = True
        self.assertEqual(self.customer.credit_limit, 2500.0)
        self.assertTrue(self.customer.credit_cash_only)
        self.assertEqual(_decisions(self.customer)[-1].user_id, self.manager_only)
        wizard = Form(
            self.env["partner.credit.limit.wizard"]
            .with_user(self.manager_only)
            .with_context(default_partner_id=self.customer.id)
        )
        self.assertEqual(wizard.current_limit, 2500.0)
        wizard.new_limit = 4000.0
        wizard.reason = "Bigger orders"
        wizard.save().action_confirm()
        self.assertEqual(self.customer.credit_limit, 4000.0)
        self.assertFalse(self.customer.credit_cash_only, "a renewed limit lifts cash only")
        partner._credit_set_cash_only(True, "Rated C by the agency")
        self.assertTrue(self.customer.credit_cash_only)

    def test_releases_held_orders(self):
        order = self._order(amount=5000.0)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        action = order.with_user(self.manager_only).action_credit_release_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager_only)
            .with_context(**action["context"])
        )
        wizard.reason = "Bank guarantee received."
        wizard.save().action_release()
        self.assertEqual((order.state, order.credit_state), ("sale", "released"))

    def test_approves_reports(self):
        env = self.env(user=self.manager_only)
        # written by the keeper: nobody approves their own report (four eyes)
        report = self._report(self.customer, user=self.keeper, recommended_limit=3000)
        report.action_submit()
        action = report.with_user(self.manager_only).action_approve()
        self.assertEqual(report.state, "approved")
        wizard = Form(
            env["partner.credit.report.apply.wizard"].with_context(**action["context"])
        ).save()
        wizard.action_apply()
        self.assertEqual(self.customer.credit_limit, 3000.0)
        group = env["partner.credit.group"].create({"name": "G", "credit_limit": 100})
        self.assertEqual(_decisions(group).user_id, self.manager_only)
