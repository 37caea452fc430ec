"""The archive as its own record (SPEC §3.M): one per customer and company."""

import psycopg2.errors

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CreditArchiveCase

# real companies' unified social credit codes, each passing python-stdnum's cn.uscc checksum
HUAWEI = "914403001922038216"  # Huawei Technologies Co., Ltd.
ALIBABA = "91330100799655058B"  # Alibaba (China) Co., Ltd.
TENCENT = "9144030071526726XG"  # Shenzhen Tencent Computer Systems Co., Ltd.


@tagged("post_install", "-at_install")
class TestPartnerArchive(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Archive = cls.env["partner.archive"]
        cls.other_company = cls.env["res.company"].create({"name": "Archive Branch Co."})
        cls.licence = cls.env.ref("partner_credit_archive.archive_type_business_licence")
        cls.keeper.company_ids |= cls.other_company
        cls.shared = cls.env["res.partner"].create(
            {"name": "Shared Textiles", "is_company": True, "user_id": cls.sales_rep.id}
        )
        cls.other_rep = cls.env["res.users"].create(
            {
                "name": "Other Rep",
                "login": "pca_other_rep",
                "group_ids": [
                    (4, cls.env.ref("partner_credit_archive.group_archive_user").id),
                    (4, cls.env.ref("sales_team.group_sale_salesman").id),
                ],
            }
        )
        cls.foreign = cls.env["res.partner"].create(
            {"name": "Not Yours Ltd.", "is_company": True, "user_id": cls.other_rep.id}
        )

    def test_one_numbered_archive_per_customer_and_company(self):
        archive = self.shared.archive_ids
        self.assertEqual(len(archive), 1, "a customer gets its archive with its number")
        self.assertEqual(archive.company_id, self.company)
        self.assertEqual(archive.code, self.shared.archive_code)
        self.assertRegex(archive.code, r"^KH-\d{4}-\d{5}$")
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation):
            with self.env.cr.savepoint():
                self.Archive.create({"partner_id": self.shared.id, "company_id": self.company.id})
        contact = self.env["res.partner"].create({"name": "Li", "parent_id": self.shared.id})
        self.assertFalse(contact.archive_ids, "contacts have no archive of their own")

    def test_shared_customer_has_an_archive_per_company(self):
        in_branch = self.shared.with_company(self.other_company)
        self.assertFalse(in_branch.archive_code, "no archive in the branch yet")
        in_branch.with_user(self.keeper).legal_representative = "Wang Wu"
        self.assertEqual(len(self.shared.archive_ids), 2, "opened on first need")
        self.assertEqual(in_branch.legal_representative, "Wang Wu")
        self.assertFalse(self.shared.legal_representative, "the main company's is its own")
        self.assertTrue(in_branch.archive_code)
        self.assertNotEqual(in_branch.archive_code, self.shared.archive_code)
        # documents, catalogue and completeness are per company
        Document = self.env["partner.archive.document"]
        main_doc = Document.create(
            {"name": "Licence", "partner_id": self.shared.id, "type_id": self.licence.id}
        )
        branch_doc = Document.with_company(self.other_company).create(
            {"name": "Licence", "partner_id": self.shared.id, "type_id": self.licence.id}
        )
        self.assertEqual(main_doc.catalogue_number, "1-001")
        self.assertEqual(branch_doc.catalogue_number, "1-001")
        self.assertNotEqual(main_doc.archive_id, branch_doc.archive_id)
        self.assertEqual(branch_doc.company_id, self.other_company)
        self.assertEqual(branch_doc.partner_id, self.shared)
        self.assertEqual(self.shared.archive_document_ids, main_doc)
        self.assertEqual(main_doc.archive_id.document_ids, main_doc)
        self.assertNotEqual(
            self.shared.archive_completeness, in_branch.archive_completeness, "per company"
        )
        self.assertEqual(self.shared.archive_completeness, main_doc.archive_id.completeness)

    def test_public_names_search_and_list_reads_in_bounded_queries(self):
        self.shared.with_user(self.keeper).archive_keeper_id = self.keeper
        Partner = self.env["res.partner"]
        self.assertIn(self.shared, Partner.search([("archive_keeper_id", "=", self.keeper.id)]))
        code = self.shared.archive_code
        self.assertIn(self.shared, Partner.search([("archive_code", "=", code)]))
        unkept = Partner.search([("archive_keeper_id", "=", False), ("id", "=", self.shared.id)])
        self.assertFalse(unkept)
        self.assertIn(
            self.shared,
            Partner.with_company(self.other_company).search(
                [("archive_keeper_id", "=", False), ("id", "=", self.shared.id)]
            ),
            "no archive in the branch: an empty archive matches",
        )
        partners = Partner.create([{"name": f"Bulk {i}", "is_company": True} for i in range(30)])
        partners.invalidate_recordset()
        with self.assertQueryCount(__system__=4):
            partners.mapped("archive_code")
            partners.mapped("archive_completeness")
            partners.mapped("legal_representative")

    def test_rep_reads_only_own_customers_archives(self):
        rep = self.sales_rep
        own = self.shared.archive_ids.with_user(rep)
        self.assertTrue(own.code)
        theirs = self.foreign.archive_ids
        with self.assertRaises(AccessError):
            theirs.with_user(rep).code  # noqa: B018
        self.assertFalse(self.Archive.with_user(rep).search([("id", "=", theirs.id)]))
        # the contact itself still opens, without the archive's values
        foreign = self.foreign.with_user(rep)
        self.assertEqual(foreign.name, "Not Yours Ltd.")
        self.assertFalse(foreign.archive_code)
        self.env["res.partner"].with_user(rep).search_read(
            [("id", "in", (self.foreign | self.shared).ids)], ["name", "archive_code"]
        )
        # keepers read every archive
        self.assertEqual(theirs.with_user(self.keeper).code, self.foreign.archive_code)
        self.assertEqual(self.foreign.with_user(self.keeper).archive_code, theirs.code)

    def test_people_notes_are_for_keepers_and_credit_managers(self):
        self.shared.with_user(self.keeper).archive_people_notes = "Likes tea"
        archive = self.shared.archive_ids
        self.assertEqual(archive.with_user(self.credit_manager).people_notes, "Likes tea")
        with self.assertRaises(AccessError):
            archive.with_user(self.sales_rep).people_notes  # noqa: B018

    def test_documents_belong_to_an_archive(self):
        document = self.env["partner.archive.document"].create(
            {"name": "Licence", "partner_id": self.shared.id, "type_id": self.licence.id}
        )
        self.assertEqual(document.archive_id, self.shared.archive_ids)
        with self.assertRaises(AccessError):
            self.env["partner.archive.document"].with_user(self.sales_rep).create(
                {"name": "Licence", "partner_id": self.foreign.id, "type_id": self.licence.id}
            )

    def test_unified_social_credit_code_normalised_and_unique(self):
        Partner = self.env["res.partner"]
        china = self.env.ref("base.cn").id
        typed = {
            HUAWEI: "9144 0300 1922 0382 16",
            ALIBABA: "91330100-7996-5505-8b",
            TENCENT: " 9144030071526726xg ",
        }
        for code, text in typed.items():
            partner = Partner.create(
                {
                    "name": f"USCC {code}",
                    "is_company": True,
                    "country_id": china,
                    "company_registry": text,
                }
            )
            self.assertEqual(partner.company_registry, code)
        huawei = Partner.search([("company_registry", "=", HUAWEI)])
        with self.assertRaises(ValidationError) as error:
            Partner.create(
                {"name": "Huawei again", "is_company": True, "company_registry": HUAWEI.lower()}
            )
        self.assertIn(huawei.display_name, str(error.exception))
        # another company's own customer may carry it: it is that company's archive
        huawei.company_id = self.company
        in_branch = Partner.create(
            {
                "name": "Huawei (branch's customer)",
                "is_company": True,
                "company_id": self.other_company.id,
                "country_id": china,
                "company_registry": "9144-0300-1922-0382-16",
            }
        )
        self.assertEqual(in_branch.company_registry, HUAWEI)
        with self.assertRaises(ValidationError):
            in_branch.company_id = self.company
