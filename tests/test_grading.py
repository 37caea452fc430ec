from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from . import datagen
from .common import CreditArchiveCase

TODAY = date(2026, 3, 20)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestGrading(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tiers = {
            code: cls.env.ref(f"partner_credit_archive.credit_tier_{code}")
            for code in ("strategic", "long_term", "market", "potential", "eliminated")
        }
        with freeze_time(TODAY):
            cls.data = datagen.generate(cls.env, customers=10, months=12, seed=4, date_ref=TODAY)
        cls.by_profile = {
            profile: cls.env["res.partner"].browse(partner_id)
            for partner_id, profile in cls.data["profile"].items()
        }

    def _grade(self, partners, user=None):
        return partners.with_user(user or self.keeper).action_credit_grade()

    def _logs(self, partner):
        return self.env["partner.credit.grade.log"].search([("partner_id", "=", partner.id)])

    def test_kpis_match_a_hand_computation(self):
        partner = self.env["res.partner"].create({"name": "Hand", "customer_rank": 1})
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": partner.id})
        coal = datagen.products(self.env, 1)
        orders = datagen.make_orders(
            self.env,
            [
                {"partner": partner, "date": date(2025, 12, 5), "lines": [(coal, 10, 100, 10)]},
                # ordered by a contact: rolls up to the company
                {"partner": contact, "date": date(2026, 1, 10), "lines": [(coal, 20, 100, 15)]},
                {"partner": partner, "date": date(2026, 2, 3), "lines": [(coal, 15, 100, 15)]},
                # this month: outside the KPI window, but the last order
                {"partner": partner, "date": date(2026, 3, 2), "lines": [(coal, 5, 100, 0)]},
            ],
        )
        quotation = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": coal.id, "product_uom_qty": 99})],
            }
        )
        invoices = datagen.make_invoices(
            self.env,
            [
                {"orders": orders[0], "date": date(2025, 12, 7)},  # due 6 Jan
                {"orders": orders[1], "date": date(2026, 1, 12)},  # due 11 Feb
                {"orders": orders[2], "date": date(2026, 2, 5)},  # due 7 Mar, unpaid
                {"orders": orders[3], "date": date(2026, 3, 4)},  # due 3 Apr, unpaid
            ],
        )
        datagen.pay(self.env, [(invoices[0], date(2026, 1, 1)), (invoices[1], date(2026, 2, 21))])
        self.assertEqual(quotation.state, "draft")
        kpis = partner._credit_kpis()[partner.id]
        # delivered 1000 + 1500 + 1500 of ordered 1000 + 2000 + 1500
        self.assertAlmostEqual(kpis["fulfilment_rate"], 4000 / 4500 * 100)
        # months Dec, Jan, Feb (the relationship began in December): 1000, 2000, 1500
        # mean 1500, population std sqrt((500² + 500² + 0) / 3) = 408.25 → 27.2 %
        self.assertAlmostEqual(kpis["volatility"], (500_000 / 3) ** 0.5 / 1500 * 100)
        self.assertEqual(kpis["annual_sales"], 4500)
        self.assertEqual(kpis["days_since_last_order"], 18)
        self.assertEqual(kpis["relationship_months"], 3)
        # invoices due by today or paid: Dec (on time), Jan (10 days late), Feb (13 days open)
        self.assertEqual(kpis["invoice_count"], 3)
        self.assertAlmostEqual(kpis["ontime_rate"], 100 / 3)
        self.assertAlmostEqual(kpis["avg_days_late"], (0 + 10 + 13) / 3)
        # open receivable 1500 (overdue since 7 Mar) + 500 (due 3 Apr)
        self.assertAlmostEqual(kpis["overdue_ratio"], 75.0)
        self.assertEqual(kpis["max_days_overdue"], 13)
        # the form shows the same, for the company and its contact
        for record in (partner, contact):
            self.assertAlmostEqual(record.credit_fulfilment_rate, 88.9, places=1)
            self.assertAlmostEqual(record.credit_overdue_ratio, 75.0)
            self.assertEqual(record.credit_days_since_order, 18)
        self.assertEqual(partner.credit_tier_proposed_id, self.tiers["potential"])
        self.assertEqual(
            partner.credit_grade_explanation,
            "Kept out of Market Customer: monthly volatility 27.2% is above 20.0%.",
        )

    def test_each_profile_lands_in_its_tier(self):
        self._grade(self.data["partners"])
        expected = {
            "steady": ("long_term", "promotion"),
            "good": ("long_term", "promotion"),
            "market": ("market", "promotion"),
            "weak": ("potential", "thresholds"),
            "erratic": ("eliminated", "erratic"),
            "inactive": ("potential", "inactive_30"),
            "lapsed": ("potential", "inactive_90"),
            "new": ("potential", "probation"),
            "late_payer": ("eliminated", "overdue"),
            "prospect": ("potential", "no_orders"),
        }
        for profile, (tier, rule) in expected.items():
            partner = self.by_profile[profile]
            self.assertEqual(partner.credit_tier_id.code, tier, profile)
            self.assertEqual(partner.credit_grade_rule, rule, profile)
            self.assertEqual(partner.credit_date_graded, TODAY)
            self.assertIn(partner.credit_abc_class, ("A", "B", "C"))
            self.assertIn(partner.credit_value_class, ("core", "ordinary"))
        # a log line and a chatter message per changed customer, with the KPIs seen
        steady = self.by_profile["steady"]
        log = self._logs(steady)
        self.assertEqual(len(log), 1)
        self.assertEqual((log.old_tier_id, log.new_tier_id), (self.tiers["potential"],
                         self.tiers["long_term"]))  # fmt: skip
        self.assertEqual((log.rule, log.mode, log.company_id), ("promotion", "automatic",
                         self.company))  # fmt: skip
        self.assertGreater(log.fulfilment_rate, 97)
        self.assertAlmostEqual(log.volatility, 5.0, places=0)
        self.assertIn("credit rating none does not reach A", log.explanation)
        self.assertFalse(self._logs(self.by_profile["weak"]))
        self.assertIn("Tier graded", steady.message_ids[0].body)
        # strategic needs a rating ≥ A; without that requirement steady customers qualify
        self.tiers["strategic"].min_rating = False
        self._grade(steady)
        self.assertEqual(steady.credit_tier_id, self.tiers["strategic"])
        self.assertEqual(steady.credit_tier_proposed_id, self.tiers["strategic"])
        self.assertEqual(steady.credit_grade_explanation, "Highest tier: nothing to reach above.")

    def test_grading_unchanged_data_twice_writes_nothing(self):
        partners = self.data["partners"]
        self._grade(partners)
        logs = self.env["partner.credit.grade.log"].search_count([])
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        self._grade(partners)
        self.assertEqual(self.env["partner.credit.grade.log"].search_count([]), logs)
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages
        )

    def test_inactivity_downgrades_one_tier_once(self):
        inactive = self.by_profile["inactive"]
        lapsed = self.by_profile["lapsed"]
        (inactive | lapsed).with_user(self.credit_manager).credit_tier_id = self.tiers["strategic"]
        self.assertEqual(self._logs(inactive).rule, "manual")
        self._grade(inactive | lapsed)
        self.assertEqual(inactive.credit_tier_id, self.tiers["long_term"])
        self.assertEqual(inactive.credit_grade_rule, "inactive_30")
        self.assertIn("days since the last order", inactive.credit_grade_explanation)
        self.assertEqual(lapsed.credit_tier_id, self.tiers["potential"])
        self._grade(inactive)  # the same spell: no second step down
        self.assertEqual(inactive.credit_tier_id, self.tiers["long_term"])
        self.assertEqual(len(self._logs(inactive)), 2)
        # a recorded pause reason suspends the 30-day rule
        inactive.credit_pause_reason = "Boiler overhaul until April"
        self._grade(inactive)
        self.assertEqual(inactive.credit_grade_rule, "thresholds")

    def test_pinned_tier_is_kept_until_its_end(self):
        steady = self.by_profile["steady"]
        wizard = Form(
            self.env["partner.credit.tier.pin.wizard"]
            .with_user(self.credit_manager)
            .with_context(active_model="res.partner", active_ids=steady.ids)
        )
        wizard.tier_id = self.tiers["market"]
        wizard.reason = "Under dispute"
        wizard.date_until = date(2026, 6, 30)
        wizard.save().action_pin()
        self.assertEqual(steady.credit_tier_id, self.tiers["market"])
        self.assertEqual(steady.credit_tier_pinned_until, date(2026, 6, 30))
        log = self._logs(steady)
        self.assertEqual((log.rule, log.mode, log.reason), ("pinned", "manual", "Under dispute"))
        self._grade(steady)
        self.assertEqual(steady.credit_tier_id, self.tiers["market"])
        with freeze_time(date(2026, 7, 2)):
            self._grade(steady)
            self.assertFalse(steady.credit_tier_pinned_until)
            self.assertNotEqual(steady.credit_tier_id, self.tiers["market"])

    def test_pin_needs_reason_future_date_and_a_credit_manager(self):
        steady = self.by_profile["steady"]
        wizard = self.env["partner.credit.tier.pin.wizard"].with_context(
            active_model="res.partner", active_ids=steady.ids
        )
        with self.assertRaises(ValidationError) as err:
            wizard.create({"tier_id": self.tiers["market"].id, "reason": "x", "date_until": TODAY})
        self.assertIn("future date", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            wizard.create(
                {"tier_id": self.tiers["market"].id, "reason": " ", "date_until": "2026-05-01"}
            )
        self.assertIn("reason", str(err.exception))
        with self.assertRaises(AccessError):
            steady.with_user(self.keeper).credit_tier_id = self.tiers["strategic"]
        with self.assertRaises(AccessError):
            steady.with_user(self.sales_rep).action_credit_grade()
        self.assertFalse(self._logs(steady))

    def test_tier_pricelist_is_applied(self):
        pricelist = self.env["product.pricelist"].create({"name": "Long-term discount"})
        self.tiers["long_term"].pricelist_id = pricelist
        good = self.by_profile["good"]
        self._grade(good)
        self.assertEqual(good.credit_tier_id, self.tiers["long_term"])
        # what the partner form's pricelist shows (when pricelists are enabled)
        self.assertEqual(good.specific_property_product_pricelist, pricelist)

    def test_query_count_does_not_grow_with_customers(self):
        """KPIs, Pareto classes and rules cost the same queries for 40 and 400 customers;
        storing the results too (the grade logs and the chatter notes of all the tier
        changes are one INSERT each)."""
        warm = datagen.generate(self.env, customers=10, months=7, seed=3, name="Warm")
        small = datagen.generate(self.env, customers=40, months=7, seed=1, name="Small")
        large = datagen.generate(self.env, customers=400, months=7, seed=2, name="Large")
        warm["partners"].sudo()._credit_grade()  # caches (ir.default, tiers' fields...)
        evaluate, grade, changes = [], [], []
        for data in (small, large):
            partners = data["partners"].sudo()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners._credit_grading_evaluate()
            evaluate.append(self.env.cr.sql_log_count - before)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            changes.append(partners._credit_grade())
            grade.append(self.env.cr.sql_log_count - before)
        self.assertEqual(evaluate[0], evaluate[1])
        self.assertGreater(changes[0], 10)
        self.assertGreater(changes[1], 100)
        self.assertEqual(grade[0], grade[1])

    def test_server_action_and_cron(self):
        action = self.env.ref("partner_credit_archive.res_partner_action_credit_grade")
        partners = self.data["partners"][:3]
        result = (
            action.with_user(self.credit_manager)
            .with_context(
                active_model="res.partner", active_ids=partners.ids, active_id=partners[0].id
            )
            .run()
        )
        self.assertEqual(result["tag"], "display_notification")
        self.assertTrue(all(partners.mapped("credit_date_graded")))
        cron = self.env.ref("partner_credit_archive.ir_cron_credit_grade")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()
        self.assertTrue(all(self.data["partners"].mapped("credit_date_graded")))
        self.assertEqual(self.by_profile["good"].credit_tier_id, self.tiers["long_term"])

    def test_a_failing_customer_is_skipped(self):
        partners = self.data["partners"]
        bad = self.by_profile["market"]
        original = type(self.env["res.partner"])._credit_grade_log_vals

        def failing(record, *args):
            if record == bad:
                raise ValueError("broken customer")
            return original(record, *args)

        with (
            patch.object(type(self.env["res.partner"]), "_credit_grade_log_vals", failing),
            mute_logger("odoo.addons.partner_credit_archive.models.res_partner_grading"),
        ):
            result = self._grade(partners, self.credit_manager)
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(self.by_profile["good"].credit_tier_id, self.tiers["long_term"])
        self.assertEqual(bad.credit_tier_id, self.tiers["potential"])
        self.assertEqual(bad.credit_date_graded, TODAY)

    def test_new_customers_start_potential(self):
        partner = self.env["res.partner"].create({"name": "Brand new"})
        self.assertEqual(partner.credit_tier_id, self.tiers["potential"])

    def test_settings_are_validated(self):
        with self.assertRaises(ValidationError) as err:
            self.company.credit_inactive_days = 120
        self.assertIn("before the inactivity to potential", str(err.exception))
        with self.assertRaises(ValidationError):
            self.company.credit_promotion_months = 30
