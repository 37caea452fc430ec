"""Approval authority (授权审批) and four eyes (SPEC §3.L)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .credit_report_common import CreditReportCase
from .test_credit_control import CreditControlCommon

MANAGER = "partner_credit_archive.group_credit_manager"
DIRECTOR = "partner_credit_archive.group_credit_director"


class AuthorityCase(CreditControlCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director = new_test_user(
            cls.env, login="pca_director", groups=f"sales_team.group_sale_salesman,{DIRECTOR}"
        )
        cls.general = new_test_user(
            cls.env, login="pca_general", groups=f"base.group_system,{MANAGER}"
        )
        cls.other_manager = new_test_user(
            cls.env,
            login="pca_credit_manager_b",
            groups=f"sales_team.group_sale_salesman,{MANAGER}",
        )
        cls.levels = cls.env["partner.credit.authority"]
        cls.requests = cls.env["partner.credit.request"]

    def _limit(self, user, amount, partner=None, reason="Bigger orders", **vals):
        partner = partner or self.customer
        wizard = (
            self.env["partner.credit.limit.wizard"]
            .with_user(user)
            .create({"partner_id": partner.id, "new_limit": amount, "reason": reason, **vals})
        )
        return wizard.action_confirm()

    def _held(self, amount):
        order = self._order(amount=amount)
        order.action_confirm()
        self.assertEqual(order.credit_state, "hold")
        return order

    def _request(self, partner=None):
        return self.requests.search([("partner_id", "=", (partner or self.customer).id)], limit=1)

    def _decide(self, request, user, mode="approve", comment=""):
        wizard = (
            self.env["partner.credit.request.wizard"]
            .with_user(user)
            .create({"request_ids": [Command.set(request.ids)], "mode": mode, "comment": comment})
        )
        return wizard.action_confirm()


@tagged("post_install", "-at_install")
class TestAuthorityLevels(AuthorityCase):
    def test_shipped_levels(self):
        for kind in ("limit", "temp_limit", "release", "write_off"):
            levels = self.levels._credit_levels(kind, self.company)
            self.assertEqual(levels.mapped("amount_max"), [200_000.0, 2_000_000.0, 0.0])
            self.assertEqual(
                levels.group_id,
                self.env.ref(MANAGER) | self.env.ref(DIRECTOR) | self.env.ref("base.group_system"),
            )
        self.assertTrue(self.director.has_group(MANAGER))

    def test_boundary_exactly_at_amount_max_passes_one_cent_above_escalates(self):
        self.assertIs(self._limit(self.credit_manager, 200_000.0), True)
        self.assertEqual(self.customer.credit_limit, 200_000.0)
        self.assertFalse(self._request())
        action = self._limit(self.credit_manager, 200_000.01)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Finance Director", action["params"]["message"])
        self.assertEqual(self.customer.credit_limit, 200_000.0)  # nothing changed yet
        request = self._request()
        self.assertEqual(
            (request.state, request.kind, request.amount, request.new_limit),
            ("pending", "limit", 200_000.01, 200_000.01),
        )
        self.assertEqual(
            request.level_id,
            self.env.ref("partner_credit_archive.partner_credit_authority_limit_director"),
        )
        self.assertEqual(request.user_id, self.credit_manager)
        self.assertEqual(request.decision_ids.decision_type, "request")
        self.assertFalse(request.decision_ids.limit_change, "a step changes no limit")
        self.assertIn(self.director, request.activity_ids.user_id)
        self.assertNotIn(self.credit_manager, request.activity_ids.user_id)
        self.assertIn("200,000.01", str(request.activity_ids[:1].note))
        # the director decides up to 2 000 000 exactly
        self.assertIs(self._limit(self.director, 2_000_000.0), True)
        self.assertEqual(self.customer.credit_limit, 2_000_000.0)

    def test_escalation_through_two_levels(self):
        self._limit(self.credit_manager, 3_000_000.0, reason="New plant")
        request = self._request()
        with self.assertRaises(UserError) as err:
            self._decide(request, self.credit_manager)  # own request
        self.assertIn("someone else", str(err.exception))
        with self.assertRaises(UserError):
            self._decide(request, self.other_manager)  # below the level waited for
        self._decide(request, self.director, comment="Fine by me, above my level")
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.level_id.group_id, self.env.ref("base.group_system"))
        self.assertEqual(self.customer.credit_limit, 1000.0)
        self.assertIn(self.general, request.activity_ids.user_id)
        self.assertNotIn(self.director, request.activity_ids.user_id)
        self._decide(request, self.general, comment="Approved by the GM")
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.customer.credit_limit, 3_000_000.0)
        steps = request.decision_ids.sorted("id")
        self.assertEqual(
            steps.mapped("decision_type"),
            ["request", "request_escalated", "manual", "request_approved"],
        )
        self.assertEqual(steps[1].user_id, self.director)
        self.assertEqual(steps[1].reason, "Fine by me, above my level")
        self.assertEqual(steps[2].user_id, self.general)  # carried out as the approver
        self.assertEqual((steps[2].old_limit, steps[2].new_limit), (1000.0, 3_000_000.0))
        self.assertEqual(steps[3].authority_id.name, "General Manager")
        self.assertFalse(request.activity_ids)
        with self.assertRaises(UserError):
            self._decide(request, self.general)  # no longer pending

    def test_rejection_closes_and_changes_nothing(self):
        self._limit(self.credit_manager, 500_000.0)
        request = self._request()
        with self.assertRaises(UserError):
            self._decide(request, self.director, mode="reject", comment=" ")
        self._decide(request, self.director, mode="reject", comment="Too risky")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(self.customer.credit_limit, 1000.0)
        self.assertEqual(request.decision_ids.sorted("id")[-1].decision_type, "request_rejected")
        self.assertFalse(request.activity_ids)
        with self.assertRaises(UserError):
            request.with_user(self.credit_manager).action_cancel()

    def test_cancel_and_no_duplicate_requests(self):
        self._limit(self.credit_manager, 500_000.0)
        request = self._request()
        with self.assertRaises(UserError) as err:
            self._limit(self.credit_manager, 600_000.0)
        self.assertIn(request.name, str(err.exception))
        request.with_user(self.credit_manager).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self._limit(self.credit_manager, 600_000.0)
        self.assertEqual(self._request().amount, 600_000.0)

    def test_lowering_or_removing_a_limit(self):
        self.customer.sudo().credit_limit = 3_000_000.0
        # lowering grants nothing: a credit manager decides it
        self.assertIs(self._limit(self.credit_manager, 1_000_000.0), True)
        self.assertEqual(self.customer.credit_limit, 1_000_000.0)
        # removing the limit (0: exposure no longer checked) needs a level of any amount
        self._limit(self.director, 0.0, reason="Trusted")
        request = self._request()
        self.assertTrue(request.amount_unlimited)
        self.assertEqual(request.level_id.group_id, self.env.ref("base.group_system"))
        self._decide(request, self.general)
        self.assertEqual(self.customer.credit_limit, 0.0)

    def test_direct_writes_cannot_bypass_authority(self):
        with self.assertRaises(UserError) as err:
            self.customer.with_user(self.credit_manager).write({"credit_limit": 250_000.0})
        self.assertIn("above your approval authority", str(err.exception))
        with self.assertRaises(UserError):
            self.customer.with_user(self.credit_manager).credit_limit_granted = 250_000.0
        with self.assertRaises(UserError):
            self.customer.with_user(self.credit_manager)._credit_set_limit(250_000.0, "Hm")
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.credit_manager).create(
                {"name": "New", "is_company": True, "credit_limit": 250_000.0}
            )
        self.assertEqual(self.customer.credit_limit, 1000.0)
        self.customer.with_user(self.director).write({"credit_limit": 250_000.0})
        self.assertEqual(self.customer.credit_limit, 250_000.0)
        self.assertFalse(self._request())

    def test_temporary_limit(self):
        today = fields.Date.context_today(self.env.user)
        vals = {"mode": "temporary", "date_start": today, "date_end": today + timedelta(days=30)}
        action = self._limit(self.credit_manager, 300_000.0, reason="Season", **vals)
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(self.customer.credit_temp_limit_ids)
        with self.assertRaises(UserError):
            self.env["partner.credit.temp.limit"].with_user(self.credit_manager).create(
                {
                    "partner_id": self.customer.id,
                    "amount": 300_000.0,
                    "date_end": vals["date_end"],
                    "reason": "Again",
                }
            )
        request = self._request()
        self.assertEqual((request.kind, request.date_end), ("temp_limit", vals["date_end"]))
        self._decide(request, self.director)
        temp = self.customer.credit_temp_limit_ids
        self.assertEqual(
            (temp.state, temp.amount, temp.user_id), ("active", 300_000.0, self.director)
        )
        self.assertEqual(self.customer.credit_limit, 300_000.0)
        # within the level: created at once
        self.customer.credit_temp_limit_ids.action_cancel()
        self.assertIs(self._limit(self.credit_manager, 150_000.0, reason="Season", **vals), True)
        # a request approved after its period is refused
        self.customer.credit_temp_limit_ids.action_cancel()
        past = {"date_start": today - timedelta(days=10), "date_end": today - timedelta(days=1)}
        self._limit(self.credit_manager, 400_000.0, reason="Late", **dict(vals, **past))
        late = self.requests.search([("new_limit", "=", 400_000.0)])
        with self.assertRaises(UserError) as err:
            self._decide(late, self.director)
        self.assertIn("reject the request", str(err.exception))
        self.assertEqual(late.state, "pending")
        backwards = {"date_start": today + timedelta(days=5), "date_end": today}
        with self.assertRaises(ValidationError):
            self._limit(self.other_manager, 500_000.0, reason="Oops", **dict(vals, **backwards))
        self.assertFalse(self.requests.search([("new_limit", "=", 500_000.0)]))

    def test_no_level_for_a_kind_means_no_amount_check(self):
        self.levels._credit_levels("limit", self.company).unlink()
        self.assertIs(self._limit(self.credit_manager, 9_000_000.0), True)
        self.assertEqual(self.customer.credit_limit, 9_000_000.0)


@tagged("post_install", "-at_install")
class TestAuthorityRelease(AuthorityCase):
    def test_release_amount_is_over_the_available_credit(self):
        # limit 1000, nothing owed: an order of 201 000 goes 200 000 over
        order = self._held(amount=201_000.0)
        self._wizard(order, self.credit_manager).action_release()
        self.assertEqual(order.state, "sale")
        order2 = self._held(amount=200_000.02)
        action = self._wizard(order2, self.credit_manager, reason="Big one").action_release()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual((order2.state, order2.credit_state), ("draft", "hold"))
        request = self.requests.search([("order_ids", "in", order2.ids)])
        # the first order is confirmed now: exposure 201 000 + 200 000.02 - 1000
        self.assertEqual((request.kind, request.amount), ("release", 400_000.02))
        self._decide(request, self.director, comment="Known customer")
        self.assertEqual((order2.state, order2.credit_state), ("sale", "released"))
        release = self.env["partner.credit.decision"].search(
            [("order_id", "=", order2.id), ("decision_type", "=", "release")]
        )
        self.assertEqual((release.user_id, release.request_id), (self.director, request))

    def test_release_of_an_order_no_longer_held_fails(self):
        order = self._held(amount=300_000.0)
        self._wizard(order, self.credit_manager).action_release()
        request = self.requests.search([("order_ids", "in", order.ids)])
        order._action_cancel()
        with self.assertRaises(UserError):
            self._decide(request, self.director)
        self.assertEqual(request.state, "pending")


@tagged("post_install", "-at_install")
class TestAuthorityFourEyes(AuthorityCase):
    def test_salesperson_decides_nothing_on_own_customer(self):
        self.customer.user_id = self.credit_manager
        for call in (
            lambda: self._limit(self.credit_manager, 500.0),  # even lowering
            lambda: self.customer.with_user(self.credit_manager).write({"credit_limit": 1200.0}),
        ):
            with self.assertRaises(UserError) as err:
                call()
            self.assertIn("segregation of duties", str(err.exception))
        order = self._held(amount=1500.0)
        with self.assertRaises(UserError):
            self._wizard(order, self.credit_manager).action_release()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.customer.credit_limit, 1000.0)

    def test_salesperson_cannot_approve_a_request(self):
        self._limit(self.credit_manager, 500_000.0)
        request = self._request()
        self.customer.user_id = self.director
        with self.assertRaises(UserError):
            self._decide(request, self.director)
        self.assertFalse(request.with_user(self.director).can_decide)
        self.assertTrue(request.with_user(self.general).can_decide)
        self.assertEqual(request.state, "pending")


@tagged("post_install", "-at_install")
class TestAuthorityReports(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second = new_test_user(cls.env, login="pca_second_manager", groups=MANAGER)
        cls.director = new_test_user(cls.env, login="pca_director_r", groups=DIRECTOR)

    def test_author_and_submitter_cannot_approve(self):
        report = self._report(user=self.credit_manager)
        report.with_user(self.second).action_submit()
        self.assertEqual(report.submitted_by_id, self.second)
        for user in (self.credit_manager, self.second):
            with self.assertRaises(UserError) as err:
                report.with_user(user).action_approve()
            self.assertIn("four eyes", str(err.exception))
        self.assertEqual(report.state, "submitted")
        report.with_user(self.director).action_approve()
        self.assertEqual((report.state, report.approved_by_id), ("approved", self.director))

    def test_apply_above_level_waits_for_approval(self):
        report = self._report(user=self.second, recommended_limit=500_000.0)
        report.with_user(self.second).action_submit()
        action = report.with_user(self.credit_manager).action_approve()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.credit_manager)
            .with_context(**action["context"])
            .create({})
        )
        result = wizard.action_apply()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(self.own.credit_limit, 0.0)
        request = self.env["partner.credit.request"].search([("report_id", "=", report.id)])
        self.assertEqual((request.res_model, request.res_id), (report._name, report.id))
        request.with_user(self.director)._credit_approve("OK")
        self.assertEqual(self.own.credit_limit, 500_000.0)
        decision = request.decision_ids.filtered(lambda d: d.decision_type == "report")
        self.assertEqual((decision.report_id, decision.user_id), (report, self.director))


@tagged("post_install", "-at_install")
class TestAuthorityMultiCompany(AuthorityCase):
    def test_company_levels_in_company_currency(self):
        usd = self.env.ref("base.USD")
        if self.company.currency_id == usd:
            usd = self.env.ref("base.EUR")
        usd.active = True
        other = self.env["res.company"].create({"name": "US Branch", "currency_id": usd.id})
        for user in (self.credit_manager, self.director):
            user.write({"company_ids": [Command.link(other.id)]})
        self.levels.create(
            [
                {
                    "name": "US credit desk",
                    "kind": "limit",
                    "sequence": 1,
                    "group_id": self.env.ref(MANAGER).id,
                    "amount_max": 1000.0,
                    "company_id": other.id,
                },
                {
                    "name": "US director",
                    "kind": "limit",
                    "sequence": 2,
                    "group_id": self.env.ref(DIRECTOR).id,
                    "amount_max": 0.0,
                    "company_id": other.id,
                },
            ]
        )
        partner = self.customer.with_company(other)
        self._limit(self.credit_manager, 1000.0, company_id=other.id)
        self.assertEqual(partner.credit_limit, 1000.0)
        self._limit(self.credit_manager, 1000.01, company_id=other.id)
        request = self._request()
        self.assertEqual((request.company_id, request.currency_id), (other, usd))
        self.assertEqual(request.level_id.name, "US director")
        self.assertEqual(partner.credit_limit, 1000.0)
        # the main company keeps the shipped levels
        self.assertIs(self._limit(self.credit_manager, 150_000.0), True)
        # amounts in another currency are compared in company currency
        authority = self.levels.with_company(other)
        converted = authority._credit_amount_in(
            100.0, other, currency=self.company.currency_id, date=fields.Date.today()
        )
        self.assertEqual(
            converted,
            self.company.currency_id._convert(100.0, usd, other, fields.Date.today()),
        )
        self.assertEqual(request.with_user(self.director).with_company(other).state, "pending")


@tagged("post_install", "-at_install")
class TestAuthorityBadInput(AuthorityCase):
    def _vals(self, **vals):
        return {
            "name": "Level",
            "kind": "write_off",
            "sequence": 5,
            "group_id": self.env.ref(MANAGER).id,
            "amount_max": 100.0,
            **vals,
        }

    def test_bad_levels_are_refused_and_nothing_changes(self):
        before = self.levels.search_count([])
        bad = [
            ({"amount_max": -1.0}, "cannot be negative"),
            ({"group_id": False}, "needs a group or users"),
            ({"sequence": 10}, "overlap"),  # same sequence as the shipped Credit Manager
            ({"sequence": 15, "amount_max": 100.0}, "out of order"),  # after 200 000, less
            ({"sequence": 40, "amount_max": 5_000_000.0}, "out of order"),  # after "any"
        ]
        for vals, message in bad:
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as err:
                self.levels.create(self._vals(**vals))
            self.assertIn(message, str(err.exception))
        level = self.env.ref("partner_credit_archive.partner_credit_authority_write_off_director")
        with self.assertRaises(ValidationError):
            level.amount_max = 100.0  # below the credit managers'
        self.assertEqual(level.amount_max, 2_000_000.0)
        self.assertEqual(self.levels.search_count([]), before)
        # a level of users only is fine
        self.levels.create(
            self._vals(sequence=1, group_id=False, user_ids=[Command.set(self.director.ids)])
        )

    def test_requests_change_only_through_their_buttons(self):
        self._limit(self.credit_manager, 500_000.0)
        request = self._request()
        with self.assertRaises(UserError):
            request.with_user(self.director).write({"state": "approved"})
        with self.assertRaises(UserError):
            self._limit(self.credit_manager, 500_001.0, reason=" ")
        with self.assertRaises(UserError):
            request.unlink()
        self.assertEqual(request.state, "pending")
