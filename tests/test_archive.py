import threading
import time
from datetime import date

import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, Form, freeze_time, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from .common import CreditArchiveCase

VALID_USCC = "91110000600037341L"


@tagged("post_install", "-at_install")
class TestArchive(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.cat_basic = ref("partner_credit_archive.archive_category_basic")
        cls.cat_contracts = ref("partner_credit_archive.archive_category_contracts")
        cls.cat_credit = ref("partner_credit_archive.archive_category_credit")
        cls.licence = ref("partner_credit_archive.archive_type_business_licence")
        cls.attorney = ref("partner_credit_archive.archive_type_power_of_attorney")
        cls.background = ref("partner_credit_archive.archive_type_background_report")
        cls.contract = ref("partner_credit_archive.archive_type_contract")
        cls.china = ref("base.cn")
        cls.Document = cls.env["partner.archive.document"]
        cls.rep_customer = cls.env["res.partner"].create(
            {
                "name": "Fujian Textiles Co.",
                "is_company": True,
                "user_id": cls.sales_rep.id,
                "archive_keeper_id": cls.keeper.id,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Xiamen Ceramics Ltd.", "is_company": True, "user_id": cls.keeper.id}
        )

    def _file(self, partner, doc_type, user=None, **values):
        env = self.env(user=user) if user else self.env
        # with its scan: a keeper verifies a document against its file
        values.setdefault("attachment_ids", [Command.create({"name": "scan.pdf", "raw": b"%PDF"})])
        return (
            env["partner.archive.document"]
            .create(
                {
                    "name": values.pop("name", doc_type.name),
                    "partner_id": partner.id,
                    "type_id": doc_type.id,
                    **values,
                }
            )
            .with_env(self.env)
        )

    def _daily(self):
        """What the daily job does, in the test transaction (the job itself commits)."""
        self.Document._update_stale_states()
        self.env["res.partner"]._archive_update_review_state()

    # archive number

    def test_archive_code_on_commercial_partners_only(self):
        year = date.today().year
        company = self.env["res.partner"].create({"name": "Quanzhou Shoes", "is_company": True})
        person = self.env["res.partner"].create({"name": "Li Lei"})
        contact = self.env["res.partner"].create({"name": "Han Meimei", "parent_id": company.id})
        self.assertRegex(company.archive_code, rf"^KH-{year}-\d{{5}}$")
        self.assertRegex(person.archive_code, rf"^KH-{year}-\d{{5}}$")
        self.assertNotEqual(company.archive_code, person.archive_code)
        self.assertFalse(contact.archive_code)
        copy = company.copy()
        self.assertTrue(copy.archive_code)
        self.assertNotEqual(copy.archive_code, company.archive_code)
        contact.parent_id = False
        self.assertTrue(contact.archive_code, "a contact that leaves its company gets an archive")

    def test_archive_codes_at_install_are_set_based(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Existing {index}", "is_company": True} for index in range(5)]
        )
        contact = self.env["res.partner"].create({"name": "Contact", "parent_id": partners[0].id})
        self.env.cr.execute(
            # since 19.0.2 the number is the archive's (partner.archive, per company)
            "DELETE FROM partner_archive WHERE partner_id = ANY(%s)",
            [(partners + contact).ids],
        )
        self.env.invalidate_all()
        self.env["res.partner"]._archive_init_codes()
        codes = partners.mapped("archive_code")
        self.assertTrue(all(codes))
        self.assertEqual(len(set(codes)), 5)
        self.assertEqual(codes, sorted(codes), "numbered in the order the partners were created")
        self.assertFalse(contact.archive_code)
        later = self.env["res.partner"].create({"name": "Later", "is_company": True})
        self.assertGreater(later.archive_code, codes[-1], "the sequence continues after them")

    def test_completeness_at_install_matches_the_computation(self):
        partners = self.rep_customer + self.other_customer
        self._complete_profile(self.rep_customer)
        for doc_type in (self.licence, self.attorney, self.background):
            self._file(self.rep_customer, doc_type)
        expected = {p.id: (p.archive_completeness, p.archive_state) for p in partners}
        self.assertEqual(expected[self.rep_customer.id], (100, "complete"))
        self.env.cr.execute(
            "UPDATE partner_archive SET completeness = 0, state = 'draft' "
            "WHERE partner_id = ANY(%s)",
            [partners.ids],
        )
        self.env.invalidate_all()
        self.env["res.partner"]._archive_init_completeness()
        self.assertEqual(
            {p.id: (p.archive_completeness, p.archive_state) for p in partners}, expected
        )

    # catalogue numbers

    def test_catalogue_numbers_per_customer_and_category(self):
        first = self._file(self.rep_customer, self.licence)
        second = self._file(self.rep_customer, self.attorney)
        contract = self._file(self.rep_customer, self.contract)
        other = self._file(self.other_customer, self.licence)
        self.assertEqual(first.catalogue_number, "1-001")
        self.assertEqual(second.catalogue_number, "1-002")
        self.assertEqual(contract.catalogue_number, "2-001")
        self.assertEqual(other.catalogue_number, "1-001")
        self.assertEqual(second.display_name, "[1-002] Power of Attorney")
        batch = self.Document.create(
            [
                {"name": f"Contract {i}", "partner_id": self.rep_customer.id, "type_id": t.id}
                for i, t in enumerate([self.contract, self.contract, self.licence])
            ]
        )
        self.assertEqual(batch.mapped("catalogue_number"), ["2-002", "2-003", "1-003"])

    def test_catalogue_numbers_are_never_reused(self):
        self._file(self.rep_customer, self.licence)
        last = self._file(self.rep_customer, self.attorney)
        self.assertEqual(last.catalogue_number, "1-002")
        last.unlink()
        self.assertEqual(self._file(self.rep_customer, self.licence).catalogue_number, "1-003")
        moved = self._file(self.rep_customer, self.contract)
        self.assertEqual(moved.catalogue_number, "2-001")
        moved.type_id = self.attorney
        self.assertEqual(moved.category_id, self.cat_basic)
        self.assertEqual(moved.catalogue_number, "1-004", "filed at the end of its new category")
        self.assertEqual(self._file(self.rep_customer, self.contract).catalogue_number, "2-002")

    def test_contact_documents_are_filed_in_the_company_archive(self):
        contact = self.env["res.partner"].create(
            {"name": "Zhang San", "parent_id": self.rep_customer.id}
        )
        document = self._file(contact, self.licence)
        self.assertEqual(document.partner_id, self.rep_customer)

    # document form, dates and states

    @freeze_time("2026-03-10")
    def test_document_form_defaults(self):
        with Form(self.Document.with_user(self.sales_rep)) as form:
            form.partner_id = self.rep_customer
            form.type_id = self.attorney
            self.assertEqual(form.category_id, self.cat_basic)
            form.name = "Power of attorney for Mr Wang"
            form.issue_date = date(2026, 2, 1)
            self.assertEqual(form.expiry_date, date(2027, 2, 1), "12 months default validity")
            self.assertEqual(form.volume_year, 2026)
        document = form.record
        self.assertEqual(document.state, "valid")
        self.assertEqual(document.catalogue_number, "1-001")
        self.assertFalse(document.is_verified, "a sales rep's filing waits for the keeper")
        self.assertEqual(document.filed_by_id, self.sales_rep)

    def test_bad_document_input_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self._file(
                self.rep_customer,
                self.licence,
                issue_date=date(2026, 5, 1),
                expiry_date=date(2026, 4, 1),
            )
        self.assertIn("cannot be before its issue date", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.Document.create({"name": "Loose paper", "partner_id": self.rep_customer.id})
        self.assertIn("Choose the archive category", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.Document.create(
                {
                    "name": "Mismatch",
                    "partner_id": self.rep_customer.id,
                    "category_id": self.cat_credit.id,
                    "type_id": self.licence.id,
                }
            )
        self.assertIn("belongs to the category", str(error.exception))
        self.assertFalse(self.Document.search([("partner_id", "=", self.rep_customer.id)]))

    def test_document_state_follows_time(self):
        with freeze_time("2026-05-01"):
            document = self._file(
                self.rep_customer,
                self.licence,
                issue_date=date(2025, 7, 1),
                expiry_date=date(2026, 6, 30),
            )
            never = self._file(self.rep_customer, self.contract, issue_date=date(2025, 1, 1))
            self.assertEqual(document.state, "valid")
            self.assertFalse(never.expiry_date)
        with freeze_time("2026-06-05"):
            self._daily()
            self.assertEqual(document.state, "expiring")
            self.assertIn(document, self.Document.search([("state", "=", "expiring")]))
        with freeze_time("2026-06-30"):
            self._daily()
            self.assertEqual(document.state, "expiring", "still valid on its expiry date")
        with freeze_time("2026-07-01"):
            self._daily()
            self.assertEqual(document.state, "expired")
            self.assertEqual(never.state, "valid")
            self.assertEqual(self.rep_customer.archive_document_expired_count, 1)
            self.assertEqual(self.rep_customer.archive_document_count, 2)
        with freeze_time("2026-05-01"):
            document.expiry_date = date(2026, 7, 15)
            self.assertEqual(document.state, "valid")
            self.company.archive_expiry_lead_days = 90
            self.assertEqual(document.state, "expiring", "the lead time is the company's")

    # completeness and mandatory documents

    def _complete_profile(self, partner):
        partner.write(
            {
                "city": "Quanzhou",
                "phone": "+86 595 1234 5678",
                "customer_nature": "ordinary",
                "relationship_stage": "established",
                "company_registry": VALID_USCC,
                "legal_representative": "Wang Wu",
                "date_founded": date(2001, 6, 1),
                "business_scope": "Dyeing and finishing of textiles",
            }
        )

    @freeze_time("2026-03-10")
    def test_completeness_counts_verified_unexpired_mandatory_documents(self):
        partner = self.rep_customer
        problems = partner._archive_mandatory_problems()[partner.id]
        self.assertEqual(problems["missing"], self.licence + self.attorney + self.background)
        self.assertEqual(partner.archive_missing_type_ids, problems["missing"])
        self.assertIn("Legal Representative", partner.archive_missing_profile)
        # user_id and archive keeper of 10 profile items, none of 3 documents
        self.assertEqual(partner.archive_completeness, 15)
        self.assertEqual(partner.archive_state, "draft")
        self._complete_profile(partner)
        self.assertEqual(partner.archive_completeness, 77)
        self.assertFalse(partner.archive_missing_profile)
        filed = self._file(partner, self.licence, user=self.sales_rep)
        self.assertEqual(partner.archive_completeness, 77, "unverified documents do not count")
        filed.with_user(self.keeper).action_verify()
        self.assertEqual(partner.archive_completeness, 85)
        for doc_type in (self.attorney, self.background):
            self._file(partner, doc_type, issue_date=date(2026, 1, 5))
        self.assertEqual(partner.archive_completeness, 100)
        self.assertEqual(partner.archive_state, "complete")
        self.assertFalse(partner.archive_missing_type_ids)
        with freeze_time("2027-01-20"):
            self._daily()
            problems = partner._archive_mandatory_problems()[partner.id]
            self.assertEqual(problems["expired"], self.attorney + self.background)
            self.assertFalse(problems["missing"])
            self.assertEqual(partner.archive_completeness, 85)
            self.assertEqual(partner.archive_state, "draft")
            self.assertEqual(partner.archive_expired_type_ids, self.attorney + self.background)
            # a newer verified document makes the type good again
            self._file(partner, self.attorney, issue_date=date(2027, 1, 10))
            problems = partner._archive_mandatory_problems()[partner.id]
            self.assertEqual(problems["expired"], self.background)

    def test_mandatory_types_depend_on_customer_nature(self):
        person = self.env["res.partner"].create({"name": "Chen Jie"})
        identity = self.env.ref("partner_credit_archive.archive_type_identity_document")
        self.assertEqual(person.archive_missing_type_ids, identity)
        self.rep_customer.customer_nature = "government"
        self.assertEqual(self.rep_customer.archive_missing_type_ids, self.attorney)
        self.contract.mandatory = True  # no nature ticked: everyone needs it
        (person + self.rep_customer).invalidate_recordset()
        self.assertEqual(
            self.rep_customer._archive_mandatory_problems()[self.rep_customer.id]["missing"],
            self.attorney + self.contract,
        )
        self.assertIn(self.contract, person.archive_missing_type_ids)

    @freeze_time("2026-03-10")
    def test_review_dates_and_state(self):
        partner = self.rep_customer
        # a new customer is a potential customer, reviewed quarterly (its tier's interval)
        self.assertEqual(partner.credit_tier_id.code, "potential")
        self.assertEqual(partner._archive_review_interval_months(), 3)
        with self.assertRaises(AccessError):
            partner.with_user(self.sales_rep).action_archive_mark_reviewed()
        partner.with_user(self.keeper).action_archive_mark_reviewed()
        self.assertEqual(partner.archive_date_last_review, date(2026, 3, 10))
        self.assertEqual(partner.archive_date_next_review, date(2026, 6, 10))
        self.assertEqual(partner.archive_state, "draft")
        with freeze_time("2026-06-10"):
            self._daily()
            self.assertEqual(partner.archive_state, "review")
            partner.with_user(self.keeper).action_archive_mark_reviewed()
            self.assertEqual(partner.archive_state, "draft")
            self.assertEqual(partner.archive_date_next_review, date(2026, 9, 10))

    # unified social credit code

    def test_unified_social_credit_code_is_checked_for_chinese_partners(self):
        with Form(self.env["res.partner"]) as form:
            form.company_type = "company"
            form.name = "Jinjiang Dyeing Works"
            form.country_id = self.china
            form.company_registry = "9111 0000-6000 3734 1l"
            self.assertEqual(form.company_registry, VALID_USCC)
        partner = form.record
        with self.assertRaises(ValidationError) as error:
            partner.company_registry = "91110000600037341M"
        self.assertIn("not a valid unified social credit code", str(error.exception))
        self.assertEqual(partner.company_registry, VALID_USCC)
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "Bad", "country_id": self.china.id, "company_registry": "12345"}
            )
        foreign = self.env["res.partner"].create(
            {"name": "Antwerp NV", "country_id": self.env.ref("base.be").id}
        )
        foreign.company_registry = "0477.472.701"
        self.assertEqual(foreign.company_registry, "0477.472.701")
        self.assertEqual(partner.company_registry_label, "Unified Social Credit Code")

    # information flow and access

    def test_keeper_verifies_what_the_sales_rep_files(self):
        document = self._file(self.rep_customer, self.licence, user=self.sales_rep)
        self.assertFalse(document.is_verified)
        activity = document.activity_ids
        self.assertEqual(activity.user_id, self.keeper, "the archive keeper is asked to verify")
        with self.assertRaises(AccessError):
            document.with_user(self.sales_rep).action_verify()
        with self.assertRaises(AccessError):
            document.with_user(self.sales_rep).write({"is_verified": True})
        document.with_user(self.keeper).action_verify()
        self.assertTrue(document.is_verified)
        self.assertEqual(document.verified_by_id, self.keeper)
        self.assertFalse(document.activity_ids)
        document.with_user(self.sales_rep).expiry_date = date(2030, 1, 1)
        self.assertFalse(document.is_verified, "a rep's change goes back to the keeper")
        keeper_filed = self._file(self.other_customer, self.licence, user=self.keeper)
        self.assertTrue(keeper_filed.is_verified, "a keeper's filing is verified at once")

    def test_sales_rep_sees_own_customers_archives_only(self):
        own = self._file(self.rep_customer, self.licence)
        other = self._file(self.other_customer, self.licence)
        Document = self.Document.with_user(self.sales_rep)
        self.assertEqual(Document.search([]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.sales_rep).read(["name"])
        with self.assertRaises(AccessError):
            self._file(self.other_customer, self.contract, user=self.sales_rep)
        self._file(self.rep_customer, self.contract, user=self.sales_rep)
        with self.assertRaises(AccessError):
            own.with_user(self.sales_rep).unlink()
        # profile: own customer yes, other customer no; keeper fields never
        self.rep_customer.with_user(self.sales_rep).legal_representative = "Wang Wu"
        self.assertTrue(self.rep_customer.with_user(self.sales_rep).archive_can_edit)
        self.assertFalse(self.other_customer.with_user(self.sales_rep).archive_can_edit)
        with self.assertRaises(AccessError) as error:
            self.other_customer.with_user(self.sales_rep).legal_representative = "Zhao Liu"
        self.assertIn("your own customers", str(error.exception))
        with self.assertRaises(AccessError):
            self.rep_customer.with_user(self.sales_rep).archive_keeper_id = self.sales_rep
        with self.assertRaises(AccessError):
            self.rep_customer.with_user(self.sales_rep).read(["archive_people_notes"])

    def test_keeper_sees_every_archive(self):
        documents = self._file(self.rep_customer, self.licence) + self._file(
            self.other_customer, self.licence
        )
        Document = self.Document.with_user(self.keeper)
        self.assertEqual(Document.search([("id", "in", documents.ids)]), documents)
        self.other_customer.with_user(self.keeper).write(
            {"archive_people_notes": "Mr Xu likes tea", "legal_representative": "Xu"}
        )
        self.assertEqual(
            self.other_customer.with_user(self.keeper).archive_people_notes, "Mr Xu likes tea"
        )
        self.assertEqual(
            self.other_customer.with_user(self.credit_manager).archive_people_notes,
            "Mr Xu likes tea",
        )
        documents.with_user(self.keeper).unlink()

    def test_plain_employee_reads_no_archive(self):
        self._file(self.rep_customer, self.licence)
        partner = self.rep_customer.with_user(self.employee)
        self.assertEqual(partner.name, "Fujian Textiles Co.")
        with self.assertRaises(AccessError):
            partner.read(["archive_people_notes"])
        with self.assertRaises(AccessError):
            partner.read(["archive_document_ids"])
        with self.assertRaises(AccessError):
            self.Document.with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            partner.legal_representative = "Someone"

    def test_partner_form_shows_each_role_what_it_may_see(self):
        def arch(user):
            views = self.env["res.partner"].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        employee, rep, keeper = arch(self.employee), arch(self.sales_rep), arch(self.keeper)
        self.assertNotIn('name="credit_archive"', employee)
        self.assertNotIn("archive_document_count", employee)
        self.assertIn('name="credit_archive"', rep)
        self.assertIn("archive_document_count", rep)
        self.assertNotIn("archive_people_notes", rep)
        self.assertNotIn("action_archive_mark_reviewed", rep)
        self.assertIn("archive_people_notes", keeper)
        self.assertIn("action_archive_mark_reviewed", keeper)
        # editing in the form takes the (usual) right to edit contacts
        self.sales_rep.group_ids += self.env.ref("base.group_partner_manager")
        with Form(self.rep_customer.with_user(self.sales_rep)) as form:
            form.legal_representative = "Wang Wu"
            self.assertEqual(form.archive_code, self.rep_customer.archive_code)
        self.assertEqual(self.rep_customer.legal_representative, "Wang Wu")

    def test_documents_follow_company_rules(self):
        other_company = self.env["res.company"].create({"name": "Fujian Branch"})
        document = self._file(self.other_customer, self.licence, company_id=other_company.id)
        self.keeper.company_ids = self.company
        self.assertFalse(
            self.Document.with_user(self.keeper).search([("id", "=", document.id)]),
            "documents of a company the keeper has no access to stay hidden",
        )
        foreign_customer = self.env["res.partner"].create(
            {"name": "Branch customer", "is_company": True, "company_id": other_company.id}
        )
        # since 19.0.2 the archive is per company: numbered in the customer's company
        self.assertFalse(foreign_customer.archive_code, "no archive in the current company")
        self.assertTrue(foreign_customer.with_company(other_company).archive_code.startswith("KH-"))


@tagged("post_install", "-at_install")
class TestArchiveConcurrency(BaseCase):
    """Two users file into the same category at the same moment, each in its own transaction.

    Not a CreditArchiveCase: the test needs committed data and real, separate cursors.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.partner_id = env["res.partner"].create({"name": "Concurrent Co."}).id
            cls.type_id = env.ref("partner_credit_archive.archive_type_contract").id

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            documents = env["partner.archive.document"].with_context(active_test=False)
            documents.search([("partner_id", "=", cls.partner_id)]).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()

    @mute_logger("odoo.sql_db")
    def test_concurrent_filings_get_distinct_numbers(self):
        barrier = threading.Barrier(2)
        numbers, failures = [], []

        def file(title):
            for attempt in range(5):  # Odoo retries a request on a serialization failure
                try:
                    with self.registry.cursor() as cr:
                        env = api.Environment(cr, SUPERUSER_ID, {})
                        env["res.partner"].browse(self.partner_id).read(["name"])
                        if not attempt:
                            barrier.wait(timeout=10)
                        document = env["partner.archive.document"].create(
                            {"name": title, "partner_id": self.partner_id, "type_id": self.type_id}
                        )
                        number = document.catalogue_number
                        time.sleep(0.3)  # keep the transaction open while the other one waits
                    numbers.append(number)
                    return
                except psycopg2.errors.SerializationFailure:
                    failures.append(title)
            numbers.append(None)

        threads = [threading.Thread(target=file, args=(f"Contract {n}",)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(sorted(numbers), ["2-001", "2-002"])
        self.assertLessEqual(len(failures), 1, "only the second filing had to wait and retry")

    def test_daily_job_updates_stale_states(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            document = env["partner.archive.document"].create(
                {
                    "name": "Old licence",
                    "partner_id": self.partner_id,
                    "type_id": env.ref("partner_credit_archive.archive_type_business_licence").id,
                    "issue_date": "2020-01-01",
                    "expiry_date": "2021-01-01",
                }
            )
            self.assertEqual(document.state, "expired")
            # as if the document had been filed while it was still valid
            cr.execute(
                "UPDATE partner_archive_document SET state = 'valid' WHERE id = %s", [document.id]
            )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["partner.archive.document"]._cron_update_state()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["partner.archive.document"].browse(document.id).state, "expired")
