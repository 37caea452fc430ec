"""Bad input sweep (SPEC §3.G): each validation through the ORM and through a form.

Each bad input must be refused with a clear message, and nothing of the refused save may
remain: the record is read again from the database and compared with what it was before.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .credit_report_common import CreditReportCase

BAD_USCC = "91110000600037341X"  # wrong check character
VALID_USCC = "91110000600037341L"


@tagged("post_install", "-at_install")
class TestBadInput(CreditReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Fuzhou Paper Co.",
                "is_company": True,
                "country_id": cls.china.id,
                "company_registry": VALID_USCC,
                "user_id": cls.sales_rep.id,
            }
        )
        cls.customer.with_user(cls.credit_manager)._credit_set_limit(1000.0, "Opening")
        cls.licence = cls.env.ref("partner_credit_archive.archive_type_business_licence")
        cls.document = cls.env["partner.archive.document"].create(
            {
                "name": "Licence",
                "partner_id": cls.customer.id,
                "type_id": cls.licence.id,
                "issue_date": "2025-01-10",
                "expiry_date": "2027-01-10",
            }
        )
        cls.today = fields.Date.context_today(cls.env.user)

    def _snapshot(self, records, fnames):
        records.env.invalidate_all()
        return records.sudo().read(fnames)

    def assertRefused(self, exception, message, function, records, fnames):
        """``function()`` raises ``exception`` with ``message``; ``records`` keep ``fnames``."""
        before = self._snapshot(records, fnames)
        with self.assertRaises(exception) as err:
            function()
        self.assertIn(message, str(err.exception))
        self.assertEqual(self._snapshot(records, fnames), before, "nothing half-saved")

    def assertNoneCreated(self, model, exception, message, function):
        before = self.env[model].sudo().with_context(active_test=False).search([])
        with self.assertRaises(exception) as err:
            function()
        self.assertIn(message, str(err.exception))
        self.env.invalidate_all()
        self.assertEqual(self.env[model].sudo().with_context(active_test=False).search([]), before)

    # ---------------------------------------------------------------- customer

    def test_invalid_unified_social_credit_code(self):
        fnames = ["name", "company_registry", "phone"]
        message = "is not a valid unified social credit code"
        self.assertRefused(
            ValidationError,
            message,
            lambda: self.customer.write(
                {"name": "Renamed", "phone": "123", "company_registry": BAD_USCC}
            ),
            self.customer,
            fnames,
        )
        self.assertRefused(ValidationError, message, self._form_uscc, self.customer, fnames)
        self.assertNoneCreated(
            "res.partner",
            ValidationError,
            message,
            lambda: self.env["res.partner"].create(
                {"name": "New", "country_id": self.china.id, "company_registry": "123"}
            ),
        )
        # the same code is fine outside China
        self.customer.write({"country_id": self.env.ref("base.fr").id})
        self.customer.company_registry = "123"

    def _form_uscc(self):
        with Form(self.customer) as form:
            form.name = "Renamed"
            form.phone = "123"
            form.company_registry = BAD_USCC

    def test_negative_limits(self):
        message = "cannot be negative"
        customer = self.customer.with_user(self.credit_manager)
        fnames = ["name", "credit_limit", "date_credit_review"]
        decisions = self.env["partner.credit.decision"].search([])
        self.assertRefused(
            ValidationError,
            message,
            lambda: customer.write({"name": "Renamed", "credit_limit": -1.0}),
            self.customer,
            fnames,
        )
        self.assertRefused(ValidationError, message, self._form_limit, self.customer, fnames)
        self.assertEqual(self.env["partner.credit.decision"].search([]), decisions)
        # the limit wizard
        self.assertRefused(ValidationError, message, self._wizard_limit, self.customer, fnames)
        # a group limit, a tier maximum, a recommendation, a temporary limit
        group = self.env["partner.credit.group"].create({"name": "Group", "credit_limit": 10})
        self.assertRefused(
            ValidationError,
            message,
            lambda: group.write({"name": "Renamed", "credit_limit": -5}),
            group,
            ["name", "credit_limit"],
        )
        tier = self.tiers["market"]
        self.assertRefused(
            ValidationError,
            message,
            lambda: tier.write({"max_credit_limit": -5, "review_interval_months": 3}),
            tier,
            ["max_credit_limit", "review_interval_months"],
        )
        report = self._report(answer=False)
        self.assertRefused(
            ValidationError,
            message,
            lambda: report.write({"recommended_limit": -5, "evaluation": "<p>x</p>"}),
            report,
            ["recommended_limit", "evaluation"],
        )
        self.assertNoneCreated(
            "partner.credit.temp.limit",
            ValidationError,
            message,
            lambda: self.env["partner.credit.temp.limit"].create(
                {
                    "partner_id": self.customer.id,
                    "amount": -10,
                    "date_end": self.today + timedelta(days=3),
                    "reason": "x",
                }
            ),
        )

    def _form_limit(self):
        with Form(self.customer.with_user(self.credit_manager)) as form:
            form.name = "Renamed"
            form.credit_limit_granted = -1.0

    def _wizard_limit(self, **values):
        wizard = Form(
            self.env["partner.credit.limit.wizard"]
            .with_user(self.credit_manager)
            .with_context(default_partner_id=self.customer.id)
        )
        wizard.new_limit = values.get("new_limit", -1.0)
        wizard.reason = "Because"
        if "mode" in values:
            wizard.mode = values["mode"]
            wizard.date_start = values["date_start"]
            wizard.date_end = values["date_end"]
        wizard.save().action_confirm()

    def test_temporary_limit_ending_before_it_starts(self):
        message = "cannot end"
        fnames = ["credit_limit", "date_credit_review"]
        self.assertNoneCreated(
            "partner.credit.temp.limit",
            ValidationError,
            message,
            lambda: self.env["partner.credit.temp.limit"].create(
                {
                    "partner_id": self.customer.id,
                    "amount": 5000,
                    "date_start": self.today,
                    "date_end": self.today - timedelta(days=1),
                    "reason": "Season",
                }
            ),
        )
        # through the wizard: no temporary limit, the limit is still 1000
        self.assertNoneCreated(
            "partner.credit.temp.limit",
            ValidationError,
            message,
            lambda: self._wizard_limit(
                new_limit=5000.0,
                mode="temporary",
                date_start=self.today,
                date_end=self.today - timedelta(days=1),
            ),
        )
        self.assertEqual(self._snapshot(self.customer, fnames)[0]["credit_limit"], 1000.0)
        scheduled = self.env["partner.credit.temp.limit"].create(
            {
                "partner_id": self.customer.id,
                "amount": 5000,
                "date_start": self.today + timedelta(days=10),
                "date_end": self.today + timedelta(days=20),
                "reason": "Season",
            }
        )
        self.assertRefused(
            ValidationError,
            message,
            lambda: scheduled.write(
                {"reason": "Longer", "date_end": self.today + timedelta(days=5)}
            ),
            scheduled,
            ["reason", "date_end"],
        )

    # ---------------------------------------------------------------- documents

    def test_document_expiry_before_issue(self):
        message = "cannot be before its issue date"
        fnames = ["name", "issue_date", "expiry_date", "notes"]
        self.assertRefused(
            ValidationError,
            message,
            lambda: self.document.write(
                {"name": "Renamed", "notes": "x", "expiry_date": "2024-01-01"}
            ),
            self.document,
            fnames,
        )
        self.assertRefused(ValidationError, message, self._form_document, self.document, fnames)
        self.assertNoneCreated(
            "partner.archive.document",
            ValidationError,
            message,
            self._form_new_document,
        )

    def _form_document(self):
        with Form(self.document.with_user(self.keeper)) as form:
            form.name = "Renamed"
            form.notes = "x"
            form.expiry_date = fields.Date.to_date("2024-01-01")

    def _form_new_document(self):
        with Form(self.env["partner.archive.document"].with_user(self.sales_rep)) as form:
            form.partner_id = self.customer
            form.type_id = self.licence
            form.name = "Licence 2"
            form.issue_date = fields.Date.to_date("2025-06-01")
            form.expiry_date = fields.Date.to_date("2025-05-01")

    # ---------------------------------------------------------------- reports

    def test_report_dated_in_the_future(self):
        message = "cannot be dated in the future"
        report = self._report(answer=False)
        fnames = ["report_date", "evaluation", "pay_due_count"]
        tomorrow = self.today + timedelta(days=1)
        self.assertRefused(
            ValidationError,
            message,
            lambda: report.write({"evaluation": "<p>Good</p>", "report_date": tomorrow}),
            report,
            fnames,
        )
        self.assertRefused(
            ValidationError, message, lambda: self._form_report(report, tomorrow), report, fnames
        )
        self.assertNoneCreated(
            "partner.credit.report",
            ValidationError,
            message,
            lambda: self._form_report(self.env["partner.credit.report"], tomorrow),
        )

    def _form_report(self, report, report_date):
        with Form(report.with_user(self.sales_rep)) as form:
            if not report:
                form.partner_id = self.own
            form.report_date = report_date

    def test_approving_a_report_without_rating(self):
        report = self._report(answer=False)
        report.with_user(self.credit_manager).action_submit()
        fnames = ["state", "valid_until", "approved_by_id"]
        self.assertRefused(
            UserError,
            "has no rating yet",
            report.with_user(self.credit_manager).action_approve,
            report,
            fnames,
        )
        self.assertEqual(report.state, "submitted")
        self.own.invalidate_recordset()
        self.assertFalse(self.own.credit_report_id)

    # ---------------------------------------------------------------- configuration

    def test_tier_intervals_outside_1_to_24_months(self):
        tier = self.tiers["long_term"]
        fnames = ["name", "review_interval_months", "report_validity_months"]
        message = "between 1 and 24 months"
        for fname in ("review_interval_months", "report_validity_months"):
            for value in (0, 25, -3):
                with self.subTest(field=fname, value=value):
                    self.assertRefused(
                        ValidationError,
                        message,
                        lambda f=fname, v=value: tier.write({"name": "Renamed", f: v}),
                        tier,
                        fnames,
                    )
        self.assertRefused(ValidationError, message, self._form_tier_months, tier, fnames)
        tier.write({"review_interval_months": 1, "report_validity_months": 24})

    def _form_tier_months(self):
        with Form(self.tiers["long_term"].with_user(self.credit_manager)) as form:
            form.name = "Renamed"
            form.review_interval_months = 36

    def test_thresholds_out_of_order_between_tiers(self):
        tiers = self.tiers["strategic"] | self.tiers["long_term"] | self.tiers["market"]
        fnames = ["name", "min_fulfilment_rate", "max_volatility", "min_rating"]
        message = "out of order"
        self.assertRefused(
            ValidationError,
            message,
            lambda: self.tiers["market"].write({"name": "Renamed", "min_fulfilment_rate": 99}),
            tiers,
            fnames,
        )
        self.assertRefused(ValidationError, message, self._form_thresholds, tiers, fnames)

    def _form_thresholds(self):
        with Form(self.tiers["strategic"].with_user(self.credit_manager)) as form:
            form.name = "Renamed"
            form.max_volatility = 50

    def test_scorecard_weights_not_summing_to_100(self):
        criteria = self.scorecard.criterion_ids
        fnames = ["name", "weight"]
        message = "they must sum to 100"
        self.assertRefused(
            ValidationError,
            message,
            lambda: criteria[0].write({"name": "Renamed", "weight": criteria[0].weight + 5}),
            criteria,
            fnames,
        )
        self.assertRefused(
            ValidationError,
            message,
            lambda: self.scorecard.write(
                {
                    "name": "Renamed",
                    "criterion_ids": [Command.update(criteria[0].id, {"weight": 1})],
                }
            ),
            criteria,
            fnames,
        )
        self.assertEqual(self._snapshot(self.scorecard, ["name"])[0]["name"], "5C Scorecard")
        self.assertRefused(ValidationError, message, self._form_weights, criteria, fnames)
        self.assertNoneCreated(
            "partner.credit.scorecard",
            ValidationError,
            message,
            lambda: self.env["partner.credit.scorecard"].create(
                {
                    "name": "Lopsided",
                    "criterion_ids": [
                        Command.create({"name": "Only", "weight": 60}),
                        Command.create({"name": "Other", "weight": 30}),
                    ],
                }
            ),
        )
        # rebalancing two weights in one save is fine
        with Form(self.scorecard.with_user(self.credit_manager)) as form:
            with form.criterion_ids.edit(0) as line:
                line.weight = criteria[0].weight + 5
            with form.criterion_ids.edit(1) as line:
                line.weight = criteria[1].weight - 5

    def _form_weights(self):
        with Form(self.scorecard.with_user(self.credit_manager)) as form:
            form.name = "Renamed"
            with form.criterion_ids.edit(0) as line:
                line.name = "Renamed"
                line.weight = 1
