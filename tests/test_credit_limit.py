from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .credit_report_common import CreditReportCase


@tagged("post_install", "-at_install")
class TestCreditLimit(CreditReportCase):
    def _decisions(self, partner):
        return self.env["partner.credit.decision"].search(
            [("partner_id", "=", partner.id)], order="id"
        )

    @freeze_time("2026-03-01")
    def test_set_limit_records_a_decision(self):
        partner = self.own.with_user(self.credit_manager)
        decisions = partner._credit_set_limit(5000, "Opening limit")
        self.assertEqual(self.own.credit_limit, 5000)
        self.assertEqual(decisions.decision_type, "manual")
        self.assertEqual((decisions.old_limit, decisions.new_limit), (0, 5000))
        self.assertEqual(decisions.user_id, self.credit_manager)
        self.assertEqual(str(decisions.date_review), "2027-03-01")
        self.assertEqual(str(self.own.date_credit_review), "2027-03-01")
        partner._credit_set_limit(7000, "Bigger orders", date_review="2026-09-01")
        last = self._decisions(self.own)[-1]
        self.assertEqual((last.old_limit, last.new_limit), (5000, 7000))
        self.assertEqual(str(self.own.date_credit_review), "2026-09-01")

    def test_only_credit_managers_change_limits(self):
        for user in (self.sales_rep, self.keeper):
            with self.assertRaises(AccessError):
                self.own.with_user(user)._credit_set_limit(100, "Please")
        accountant = self.env["res.users"].create(
            {
                "name": "Accountant",
                "login": "pca_accountant",
                "group_ids": [(6, 0, [self.env.ref("account.group_account_invoice").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.own.with_user(accountant).write({"credit_limit": 100})
        self.assertEqual(self.own.credit_limit, 0)
        self.assertFalse(self._decisions(self.own))

    def test_negative_limit_refused(self):
        with self.assertRaises(ValidationError) as err:
            self.own.with_user(self.credit_manager)._credit_set_limit(-1, "Oops")
        self.assertIn("cannot be negative", str(err.exception))
        with self.assertRaises(ValidationError):
            self.own.with_user(self.credit_manager).credit_limit = -5
        self.assertEqual(self.own.credit_limit, 0)
        self.assertFalse(self._decisions(self.own))
        with self.assertRaises(UserError):
            self.own.with_user(self.credit_manager)._credit_set_limit(10, "")

    def test_native_field_and_form_are_audited(self):
        # editing contacts at all needs Odoo's contact-creation right
        self.credit_manager.group_ids = [(4, self.env.ref("base.group_partner_manager").id)]
        self.own.with_user(self.credit_manager).credit_limit = 3000
        decision = self._decisions(self.own)
        self.assertEqual((decision.decision_type, decision.new_limit), ("manual", 3000))
        with Form(self.own.with_user(self.credit_manager)) as form:
            form.credit_limit_granted = 4000
        self.assertEqual(self.own.credit_limit, 4000)
        self.assertEqual(self._decisions(self.own)[-1].old_limit, 3000)
        # the field is read-only for a sales rep
        form = Form(self.own.with_user(self.sales_rep))
        self.assertEqual(form.credit_limit_granted, 4000)
        with self.assertRaises(AssertionError):
            form.credit_limit_granted = 1

    def test_contacts_mirror_without_decisions(self):
        self.own.with_user(self.credit_manager)._credit_set_limit(2500, "Opening limit")
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.own.id})
        self.assertEqual(contact.sudo().credit_limit, 2500)
        self.own.with_user(self.credit_manager)._credit_set_limit(3500, "More")
        self.assertEqual(contact.sudo().credit_limit, 3500)
        self.assertEqual(len(self._decisions(self.own)), 2)
        self.assertEqual(contact.credit_limit_granted, 3500)

    def test_change_wizard_and_review(self):
        wizard_model = self.env["partner.credit.limit.wizard"].with_user(self.credit_manager)
        with Form(wizard_model.with_context(default_partner_id=self.own.id)) as form:
            form.new_limit = 6000
            form.reason = "Yearly review: more volume"
        form.save().action_confirm()
        with Form(wizard_model.with_context(default_partner_id=self.own.id)) as form:
            self.assertEqual(form.current_limit, 6000)
            form.new_limit = 6000
            form.reason = "Yearly review: unchanged"
        form.save().action_confirm()
        self.assertEqual(self._decisions(self.own).mapped("decision_type"), ["manual", "review"])

    def test_temporary_limit_returns(self):
        manager_partner = self.own.with_user(self.credit_manager)
        temp_limits = self.env["partner.credit.temp.limit"].with_user(self.credit_manager)
        with freeze_time("2026-03-01"):
            manager_partner._credit_set_limit(1000, "Opening limit")
            with self.assertRaises(ValidationError) as err:
                temp_limits.create(
                    {
                        "partner_id": self.own.id,
                        "amount": 5000,
                        "date_start": "2026-03-10",
                        "date_end": "2026-03-05",
                        "reason": "Backwards",
                    }
                )
            self.assertIn("before it starts", str(err.exception))
            with self.assertRaises(AccessError):
                temp_limits.with_user(self.keeper).create(
                    {
                        "partner_id": self.own.id,
                        "amount": 5000,
                        "date_start": "2026-03-01",
                        "date_end": "2026-03-31",
                        "reason": "Not mine to give",
                    }
                )
            wizard = (
                self.env["partner.credit.limit.wizard"]
                .with_user(self.credit_manager)
                .create(
                    {
                        "partner_id": self.own.id,
                        "mode": "temporary",
                        "new_limit": 5000,
                        "date_start": "2026-03-01",
                        "date_end": "2026-03-31",
                        "reason": "Spring stocking-up",
                    }
                )
            )
            wizard.action_confirm()
            temp = self.own.credit_temp_limit_ids
            self.assertEqual(temp.state, "active")
            self.assertEqual(self.own.credit_limit, 5000)
            self.assertEqual(self.own.credit_temp_limit_id, temp)
            # a later one, scheduled
            later = temp_limits.create(
                {
                    "partner_id": self.own.id,
                    "amount": 3000,
                    "date_start": "2026-06-01",
                    "date_end": "2026-06-30",
                    "reason": "Summer promotion",
                }
            )
            self.assertEqual(later.state, "scheduled")
            with self.assertRaises(ValidationError):
                temp_limits.create(
                    {
                        "partner_id": self.own.id,
                        "amount": 3000,
                        "date_start": "2026-03-20",
                        "date_end": "2026-04-10",
                        "reason": "Overlapping",
                    }
                )
        with freeze_time("2026-03-31"):
            self._run_cron()
            self.assertEqual(self.own.credit_limit, 5000)
        with freeze_time("2026-04-01"):
            self._run_cron()
            self.assertEqual(temp.state, "ended")
            self.assertEqual(self.own.credit_limit, 1000)
        with freeze_time("2026-06-01"):
            self._run_cron()
            self.assertEqual(later.state, "active")
            self.assertEqual(self.own.credit_limit, 3000)
            later.with_user(self.credit_manager).action_cancel()
            self.assertEqual(later.state, "cancelled")
            self.assertEqual(self.own.credit_limit, 1000)
        decisions = self._decisions(self.own)
        self.assertEqual(
            decisions.mapped("decision_type"),
            ["manual", "temporary", "temporary_end", "temporary", "temporary_end"],
        )
        self.assertEqual(
            [(d.old_limit, d.new_limit) for d in decisions],
            [(0, 1000), (1000, 5000), (5000, 1000), (1000, 3000), (3000, 1000)],
        )
        self.assertEqual(str(decisions[1].date_valid_until), "2026-03-31")

    def test_temporary_limit_state_is_not_written_by_hand(self):
        """Ending a temporary limit by writing its state would skip restoring the previous
        limit and the decision: only start, end and cancel move it."""
        temp_limits = self.env["partner.credit.temp.limit"].with_user(self.credit_manager)
        self.own.with_user(self.credit_manager)._credit_set_limit(1000, "Opening limit")
        vals = {
            "partner_id": self.own.id,
            "amount": 5000,
            "date_start": "2026-03-01",
            "date_end": "2026-03-31",
            "reason": "Spring stocking-up",
        }
        with self.assertRaises(AccessError) as err:
            temp_limits.create(dict(vals, state="active", previous_limit=0))
        self.assertIn("cancel it", str(err.exception))
        with freeze_time("2026-03-01"):
            limit = temp_limits.create(vals)
        self.assertEqual(limit.state, "active")
        self.assertEqual(self.own.credit_limit, 5000)
        for forged in ({"state": "ended"}, {"previous_limit": 9000}):
            with self.assertRaises(AccessError):
                limit.write(forged)
        self.assertEqual((limit.state, limit.previous_limit), ("active", 1000))
        limit.action_cancel()
        self.assertEqual(limit.state, "cancelled")
        self.assertEqual(self.own.credit_limit, 1000)

    def test_temporary_limit_changed_meanwhile_is_kept(self):
        with freeze_time("2026-03-01"):
            temp = (
                self.env["partner.credit.temp.limit"]
                .with_user(self.credit_manager)
                .create(
                    {
                        "partner_id": self.own.id,
                        "amount": 5000,
                        "date_start": "2026-03-01",
                        "date_end": "2026-03-31",
                        "reason": "Fair",
                    }
                )
            )
            self.own.with_user(self.credit_manager)._credit_set_limit(8000, "Promoted")
        with freeze_time("2026-04-01"):
            self._run_cron()
        self.assertEqual(temp.state, "ended")
        self.assertEqual(self.own.credit_limit, 8000)

    def test_proposed_limit(self):
        self.own.credit_tier_id = self.tiers["market"]  # max 100 000
        self.assertFalse(self.own.credit_limit_proposal_pending)
        report = self._report(recommended_limit=150000)
        self._approve(report)
        self.own.invalidate_recordset()
        self.assertEqual(self.own.credit_limit_proposed, 100000)
        self.assertTrue(self.own.credit_limit_proposal_pending)
        with self.assertRaises(AccessError):
            self.own.with_user(self.sales_rep).action_credit_accept_proposal()
        self.assertEqual(self.own.credit_limit, 0)
        self.own.with_user(self.credit_manager).action_credit_accept_proposal()
        self.assertEqual(self.own.credit_limit, 100000)
        decision = self._decisions(self.own)
        self.assertEqual(decision.decision_type, "proposal")
        self.assertEqual(decision.report_id, report)
        self.own.invalidate_recordset()
        self.assertFalse(self.own.credit_limit_proposal_pending)
        # without a recommendation: score × 10 % of revenue (1200 × 61.5 % × 10 % → 0 after
        # rounding to hundreds), capped by the tier
        self.other.credit_tier_id = self.tiers["strategic"]  # max 1 000 000: no cap
        other = self._report(self.other, figures=False, answer=True)
        other.financial_ids = [
            (
                0,
                0,
                {
                    "year": 2025,
                    "total_assets": 1000000,
                    "total_liabilities": 400000,
                    "current_assets": 500000,
                    "current_liabilities": 200000,
                    "revenue": 2000000,
                    "ebit": 100000,
                    "retained_earnings": 200000,
                },
            )
        ]
        self._approve(other)
        self.assertEqual(self.other.credit_rating, "A")
        self.assertAlmostEqual(self.other.credit_limit_proposed, round(2000000 * 0.715 * 0.1, -2))

    def test_decisions_are_immutable(self):
        decisions = self.own.with_user(self.credit_manager)._credit_set_limit(100, "Opening")
        for user in (self.credit_manager, self.env.ref("base.user_admin")):
            with self.assertRaises(UserError):
                decisions.with_user(user).write({"new_limit": 1})
            with self.assertRaises(UserError):
                decisions.with_user(user).sudo().unlink()
        self.assertEqual(decisions.new_limit, 100)
