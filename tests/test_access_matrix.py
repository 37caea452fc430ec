"""The access matrix of SPEC §3.G, role by role, for every model of the addon.

Two tables: what the access rights (ir.model.access) allow on each model, and what each role
can really do with the records of its own customer (``o``: the role's user is the salesperson)
and of a customer it only follows (``f``: following gives nothing, a deliberate choice).
Every attempt runs in a savepoint that is rolled back, so the cells do not depend on each other.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CreditArchiveCase

ROLES = ("portal", "employee", "rep", "keeper", "manager", "admin")

# model: rights of (portal, employee, rep, keeper, manager, admin); r c w u = read create
# write unlink
MODEL_ACCESS = {
    "partner.archive": ("", "", "rcw", "rcw", "rcwu", "rcwu"),
    "partner.archive.category": ("", "", "r", "r", "rcwu", "rcwu"),
    # portal: read (record rules: their own online submissions only; the types by name)
    "partner.archive.document.type": ("r", "", "r", "r", "rcwu", "rcwu"),
    "partner.archive.document": ("r", "", "rcw", "rcwu", "rcwu", "rcwu"),
    "partner.archive.catalogue.counter": ("", "", "", "r", "r", "r"),
    "partner.credit.tier": ("", "r", "r", "r", "rcwu", "rcwu"),
    "partner.credit.grade.log": ("", "", "r", "r", "r", "r"),
    "partner.credit.decision": ("", "", "r", "r", "r", "r"),
    "partner.credit.group": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.holiday": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.scorecard": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.score.criterion": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.score.option": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.rating.band": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.report": ("", "", "rcwu", "rcwu", "rcwu", "rcwu"),
    "partner.credit.report.financial": ("", "", "rcwu", "rcwu", "rcwu", "rcwu"),
    "partner.credit.report.score": ("", "", "rcwu", "rcwu", "rcwu", "rcwu"),
    "partner.credit.temp.limit": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.aging.snapshot": ("", "", "r", "r", "r", "r"),
    # the Credit Analysis (computed when read): credit managers only, read only
    "partner.credit.exposure.report": ("", "", "", "", "r", "r"),
    # collections (the job writes the files and actions; reps log promises)
    "partner.credit.collection.level": ("", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.collection": ("", "", "r", "r", "rw", "rw"),
    "partner.credit.collection.action": ("", "", "r", "r", "r", "r"),
    "partner.credit.promise": ("", "", "rcw", "rcw", "rcw", "rcw"),
    # wizards
    "partner.credit.export.wizard": ("", "", "", "rcw", "rcw", "rcw"),
    "partner.credit.release.wizard": ("", "", "rcw", "rcw", "rcw", "rcw"),
    "partner.credit.tier.pin.wizard": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.limit.wizard": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.report.apply.wizard": ("", "", "", "", "rcwu", "rcwu"),
    # bills of acceptance and credit securities (SPEC §3.J): accountants and credit managers
    # record bills; never deleted
    "partner.credit.bill": ("", "", "r", "r", "rcw", "rcw"),
    "partner.credit.bill.wizard": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.security": ("", "", "r", "r", "rcw", "rcw"),
    # year-end review, bad-debt provision and write-offs (accountants: see test_provision)
    "partner.credit.collection.plan": ("", "", "r", "r", "rcw", "rcw"),
    "partner.credit.collection.plan.wizard": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.collection.plan.wizard.line": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.provision.wizard": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.provision.line": ("", "", "", "", "rcwu", "rcwu"),
    "partner.credit.writeoff": ("", "", "rcw", "rcw", "rcw", "rcw"),
    "partner.credit.writeoff.recovery.wizard": ("", "", "", "", "rcwu", "rcwu"),
    # approval authority (SPEC §3.L): levels set by administrators, requests made by code
    "partner.credit.authority": ("", "", "", "", "r", "rcwu"),
    "partner.credit.request": ("", "", "", "", "r", "r"),
    "partner.credit.request.wizard": ("", "", "", "", "rcw", "rcw"),
    # statements (SPEC §3.I): credit managers and accountants make them; portal users read
    # their own once sent (record rules) and answer through the portal's controller
    "partner.credit.statement": ("r", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.statement.line": ("r", "", "r", "r", "rcwu", "rcwu"),
    "partner.credit.statement.wizard": ("", "", "", "", "rcwu", "rcwu"),
}

# model: per role, the customers whose record it can (read, create, write, unlink):
# "o" its own customer's, "f" the record of a customer it merely follows
RECORD_ACCESS = {
    "partner.archive.document": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "o", "o", ""),
        "keeper": ("of", "of", "of", "of"),
        "manager": ("of", "of", "of", "of"),
        "admin": ("of", "of", "of", "of"),
    },
    "partner.credit.report": {  # draft reports
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "o", "o", "o"),
        "keeper": ("of", "of", "of", "of"),
        "manager": ("of", "of", "of", "of"),
        "admin": ("of", "of", "of", "of"),
    },
    "partner.credit.report.financial": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "o", "o", "o"),
        "keeper": ("of", "of", "of", "of"),
        "manager": ("of", "of", "of", "of"),
        "admin": ("of", "of", "of", "of"),
    },
    "partner.credit.report.score": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "o", "o", "o"),
        "keeper": ("of", "of", "of", "of"),
        "manager": ("of", "of", "of", "of"),
        "admin": ("of", "of", "of", "of"),
    },
    # immutable: nobody writes or deletes, not even the administrator; created by code only
    "partner.credit.decision": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "", "", ""),
        "keeper": ("of", "", "", ""),
        "manager": ("of", "", "", ""),
        "admin": ("of", "", "", ""),
    },
    "partner.credit.grade.log": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "", "", ""),
        "keeper": ("of", "", "", ""),
        "manager": ("of", "", "", ""),
        "admin": ("of", "", "", ""),
    },
    # scheduled (not started) limits; nobody grants one on a customer where they are the
    # salesperson (four eyes, SPEC §3.L)
    "partner.credit.temp.limit": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "", "", ""),
        "keeper": ("of", "", "", ""),
        "manager": ("of", "f", "of", "of"),
        "admin": ("of", "f", "of", "of"),
    },
    "partner.credit.aging.snapshot": {
        "portal": ("", "", "", ""),
        "employee": ("", "", "", ""),
        "rep": ("o", "", "", ""),
        "keeper": ("of", "", "", ""),
        "manager": ("of", "", "", ""),
        "admin": ("of", "", "", ""),
    },
}

# res.partner fields that are confidential or credit data, and the roles that may read them
PARTNER_FIELDS = {
    "archive_people_notes": ("keeper", "manager", "admin"),
    "archive_document_ids": ("rep", "keeper", "manager", "admin"),
    # internal users create partners and the tier comes with them (ir.default fallback)
    "credit_tier_id": ("employee", "rep", "keeper", "manager", "admin"),
    "credit_report_id": ("rep", "keeper", "manager", "admin"),
    "credit_rating": ("rep", "keeper", "manager", "admin"),
    "credit_exposure": ("rep", "keeper", "manager", "admin"),
    "credit_hold": ("rep", "keeper", "manager", "admin"),
    "credit_decision_ids": ("rep", "keeper", "manager", "admin"),
    "credit_grade_log_ids": ("rep", "keeper", "manager", "admin"),
}
OPERATIONS = ("read", "create", "write", "unlink")


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestAccessMatrix(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="pca_portal", groups="base.group_portal")
        cls.admin = cls.env.ref("base.user_admin")
        cls.users = {
            "portal": cls.portal,
            "employee": cls.employee,
            "rep": cls.sales_rep,
            "keeper": cls.keeper,
            "manager": cls.credit_manager,
            "admin": cls.admin,
        }
        cls.licence = cls.env.ref("partner_credit_archive.archive_type_business_licence")
        cls.criterion = cls.env.ref("partner_credit_archive.score_criterion_integrity")
        cls.tier = cls.env.ref("partner_credit_archive.credit_tier_market")
        # "o": each role's own customer; "f": a customer everyone follows, of another salesperson
        cls.customers = {}
        for role, user in cls.users.items():
            cls.customers[role, "o"] = cls.env["res.partner"].create(
                {"name": f"Own of {role}", "is_company": True, "user_id": user.id}
            )
        cls.followed = cls.env["res.partner"].create({"name": "Followed", "is_company": True})
        cls.followed.message_subscribe(partner_ids=[u.partner_id.id for u in cls.users.values()])
        followed_records = cls._make_records(cls.followed)
        cls.records = {}
        for role in ROLES:
            cls.records[role, "o"] = cls._make_records(cls.customers[role, "o"])
            cls.records[role, "f"] = followed_records

    @classmethod
    def _make_records(cls, partner):
        env = cls.env
        today = fields.Date.context_today(env.user)
        report = env["partner.credit.report"].create(
            {"partner_id": partner.id, "financial_ids": [Command.create({"year": 2024})]}
        )
        tier_from = partner.credit_tier_id
        partner.credit_tier_id = cls.tier
        return {
            "partner.archive.document": env["partner.archive.document"].create(
                {
                    "name": "Licence",
                    "partner_id": partner.id,
                    "type_id": cls.licence.id,
                    # with its scan: verifying needs a file
                    "attachment_ids": [Command.create({"name": "scan.pdf", "raw": b"%PDF"})],
                }
            ),
            "partner.credit.report": report,
            "partner.credit.report.financial": report.financial_ids,
            "partner.credit.report.score": report.score_line_ids[:1],
            "partner.credit.decision": partner._credit_set_limit(1000.0, "Opening limit"),
            "partner.credit.grade.log": env["partner.credit.grade.log"].search(
                [
                    ("partner_id", "=", partner.id),
                    ("old_tier_id", "=", tier_from.id),
                    ("new_tier_id", "=", cls.tier.id),
                ]
            ),
            "partner.credit.temp.limit": env["partner.credit.temp.limit"].create(
                {
                    "partner_id": partner.id,
                    "amount": 2000.0,
                    "date_start": today + timedelta(days=10),
                    "date_end": today + timedelta(days=20),
                    "reason": "Season",
                }
            ),
            "partner.credit.aging.snapshot": env["partner.credit.aging.snapshot"].create(
                {"partner_id": partner.id, "company_id": env.company.id, "date": today}
            ),
        }

    def _attempt(self, function, *args):
        """Whether ``function(*args)`` is allowed; its effects are rolled back either way."""
        try:
            with self.env.cr.savepoint():
                function(*args)
                self.env.flush_all()
                raise _Rollback
        except _Rollback:
            allowed = True
        except (AccessError, UserError):
            allowed = False
        self.env.invalidate_all()
        return allowed

    def _operate(self, operation, model, role, key):
        user = self.users[role]
        record = self.records[role, key][model].with_user(user)
        if operation == "read":
            record.read(["display_name"])
        elif operation == "create":
            self.env[model].with_user(user).create(self._create_vals(model, key, role))
        elif operation == "write":
            record.write(self.WRITE_VALS[model])
        else:
            record.unlink()

    def _create_vals(self, model, key, role):
        """Values to create a new record like the one of customer ``key``."""
        records = self.records[role, key]
        partner = records["partner.credit.report"].partner_id
        today = fields.Date.context_today(self.env.user)
        report = records["partner.credit.report"]
        return {
            "partner.archive.document": {
                "name": "Contract",
                "partner_id": partner.id,
                "type_id": self.licence.id,
            },
            "partner.credit.report": {"partner_id": partner.id},
            "partner.credit.report.financial": {"report_id": report.id, "year": 2023},
            "partner.credit.report.score": {
                "report_id": report.id,
                "criterion_id": self.criterion.id,
            },
            "partner.credit.decision": {
                "partner_id": partner.id,
                "decision_type": "manual",
                "new_limit": 9999.0,
                "reason": "Typed in",
            },
            "partner.credit.grade.log": {
                "partner_id": partner.id,
                "new_tier_id": self.tier.id,
                "rule": "manual",
            },
            "partner.credit.temp.limit": {
                "partner_id": partner.id,
                "amount": 3000.0,
                "date_start": today + timedelta(days=30),
                "date_end": today + timedelta(days=40),
                "reason": "Fair",
            },
            "partner.credit.aging.snapshot": {
                "partner_id": partner.id,
                "company_id": self.env.company.id,
                "date": today - timedelta(days=40),
            },
        }[model]

    WRITE_VALS = {
        "partner.archive.document": {"notes": "checked"},
        "partner.credit.report": {"evaluation": "<p>Sound</p>"},
        "partner.credit.report.financial": {"revenue": 500.0},
        "partner.credit.report.score": {"note": "Seen the books"},
        "partner.credit.decision": {"reason": "Rewritten"},
        "partner.credit.grade.log": {"reason": "Rewritten"},
        "partner.credit.temp.limit": {"reason": "Rewritten"},
        "partner.credit.aging.snapshot": {"total": 1.0},
    }

    def test_model_access_rights(self):
        addon_models = self.env["ir.model"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "partner_credit_archive"), ("model", "=", "ir.model")])
            .mapped("res_id")
        )
        self.assertEqual(
            set(MODEL_ACCESS),
            set(
                addon_models.filtered(
                    lambda m: m.model.startswith("partner.") and not m.abstract
                ).mapped("model")
            ),
            "every model of the addon is in the matrix",
        )
        letters = dict(zip(OPERATIONS, "rcwu", strict=True))
        for model, expected in MODEL_ACCESS.items():
            for role, rights in zip(ROLES, expected, strict=True):
                Model = self.env[model].with_user(self.users[role])
                for operation in OPERATIONS:
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(Model.has_access(operation), letters[operation] in rights)

    def test_record_access(self):
        for model, by_role in RECORD_ACCESS.items():
            for role, expected in by_role.items():
                for operation, allowed in zip(OPERATIONS, expected, strict=True):
                    for key in "of":
                        with self.subTest(model=model, role=role, op=operation, customer=key):
                            self.assertTrue(self.records[role, key][model])
                            self.assertEqual(
                                self._attempt(self._operate, operation, model, role, key),
                                key in allowed,
                            )
                if expected[0]:
                    # search finds exactly the readable ones
                    both = self.records[role, "o"][model] | self.records[role, "f"][model]
                    readable = self.env[model].browse()
                    for key in expected[0]:
                        readable |= self.records[role, key][model]
                    found = (
                        self.env[model].with_user(self.users[role]).search([("id", "in", both.ids)])
                    )
                    self.assertEqual(found.sudo(), readable, f"{model} searched by {role}")

    def test_immutable_records_even_for_superuser(self):
        records = self.records["manager", "o"]
        for model in ("partner.credit.decision", "partner.credit.grade.log"):
            record = records[model].sudo()
            with self.assertRaises(UserError):
                record.write(self.WRITE_VALS[model])
            with self.assertRaises(UserError) as err:
                record.unlink()
            self.assertIn("cannot be deleted", str(err.exception))
            self.assertTrue(record.exists())

    def _read_partner_field(self, partner, user, fname):
        partner.with_user(user).read([fname])

    def test_partner_fields_by_role(self):
        partner = self.customers["rep", "o"]
        partner.archive_people_notes = "Mr Chen collects tea"
        for role, user in self.users.items():
            Partner = self.env["res.partner"].with_user(user)
            fields_get = Partner.fields_get()
            arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
            for fname, readers in PARTNER_FIELDS.items():
                with self.subTest(role=role, field=fname):
                    allowed = role in readers
                    self.assertEqual(fname in fields_get, allowed)
                    if role != "portal":  # portal users do not see this customer at all
                        self.assertEqual(
                            self._attempt(self._read_partner_field, partner, user, fname),
                            allowed,
                        )
                    if not allowed:
                        self.assertNotIn(f'name="{fname}"', arch)
        self.assertEqual(
            partner.with_user(self.keeper).archive_people_notes, "Mr Chen collects tea"
        )

    def test_duplicate_customer_in_every_internal_role(self):
        """Odoo's copy reads every copied field: a field restricted to a group must not be
        copied, or users outside the group could not duplicate a contact (found by Odoo's
        own account tests). The credit group, pause reason and people notes stay behind."""
        restricted = [
            name
            for name, field in self.env["res.partner"]._fields.items()
            if field.groups and field.copy and field._module == "partner_credit_archive"
        ]
        self.assertEqual(restricted, [])
        partner = self.customers["rep", "o"]
        group = self.env["partner.credit.group"].create({"name": "Copy Group"})
        partner.write(
            {
                "archive_people_notes": "Mr Chen collects tea",
                "credit_group_id": group.id,
                "credit_pause_reason": "Plant maintenance",
            }
        )
        contact_creation = self.env.ref("base.group_partner_manager")
        for role in ("employee", "rep", "keeper", "manager", "admin"):
            with self.subTest(role=role):
                self.users[role].group_ids += contact_creation
                copy = partner.with_user(self.users[role]).copy()
                self.assertEqual(copy.sudo().name, f"{partner.name} (copy)")
                self.assertFalse(copy.sudo().archive_people_notes)
                self.assertFalse(copy.sudo().credit_group_id)
                self.assertFalse(copy.sudo().credit_pause_reason)

    def test_context_keys_open_no_door(self):
        """Internal steps mark their writes with context keys; a client can send any context
        over RPC, so the keys count only in superuser mode."""
        partner = self.customers["rep", "o"]
        rep = self.users["rep"]
        limit = partner.credit_limit
        with self.assertRaises(AccessError):
            partner.with_user(rep).with_context(credit_limit_decided=True).write(
                {"credit_limit": 999999.0}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(rep).with_context(credit_limit_decided=True).create(
                {"name": "Forged", "credit_limit": 999999.0}
            )
        strategic = self.env.ref("partner_credit_archive.credit_tier_strategic")
        with self.assertRaises(AccessError):
            partner.with_user(rep).with_context(credit_grading=True).write(
                {"credit_tier_id": strategic.id}
            )
        report = self.records["rep", "o"]["partner.credit.report"]
        with self.assertRaises(UserError):
            report.with_user(rep).with_context(credit_report_workflow=True).write(
                {"state": "approved"}
            )
        self.assertEqual(partner.credit_limit, limit)
        self.assertNotEqual(partner.credit_tier_id, strategic)
        self.assertEqual(report.state, "draft")

    def test_merge_carries_the_archive_and_records_the_limit(self):
        """Odoo's contact merge by a contact manager outside our groups works (it used to
        fail on the keeper fields, found by Odoo's own account tests); what was filed on the
        merged customer is kept, and the limit it hands over is a recorded credit decision."""
        kept = self.env["res.partner"].create({"name": "Kept Customer", "is_company": True})
        merged = self.env["res.partner"].create(
            {"name": "Merged Customer", "is_company": True, "archive_keeper_id": self.keeper.id}
        )
        merged.credit_limit = 50000.0
        user = self.users["employee"]  # none of our groups
        # what Odoo's merge itself needs (it reads signup fields of the Access Rights group)
        user.group_ids += self.env.ref("base.group_partner_manager")
        user.group_ids += self.env.ref("base.group_erp_manager")
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(user)
        wizard._merge([kept.id, merged.id], kept.with_user(user))
        self.assertFalse(merged.exists())
        self.assertEqual(kept.archive_keeper_id, self.keeper)
        self.assertEqual(kept.credit_limit, 50000.0)
        decisions = self.env["partner.credit.decision"].search(
            [("partner_id", "=", kept.id)], order="id"
        )
        self.assertEqual(decisions.mapped("new_limit"), [50000.0, 50000.0])
        self.assertIn("Merged Customer", decisions[-1].reason)
        self.assertEqual(decisions[-1].old_limit, 0.0)

    def test_report_state_changes_only_by_buttons(self):
        report = self.records["rep", "o"]["partner.credit.report"]
        for role in ("rep", "keeper", "manager", "admin"):
            with self.subTest(role=role):
                with self.assertRaises(UserError) as err:
                    report.with_user(self.users[role]).write({"state": "approved"})
                self.assertIn("only through its buttons", str(err.exception))
                with self.assertRaises(UserError) as err:
                    self.env["partner.credit.report"].with_user(self.users[role]).create(
                        {"partner_id": report.partner_id.id, "state": "approved"}
                    )
                self.assertIn("starts as a draft", str(err.exception))
        report.invalidate_recordset()
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.valid_until)
        # the buttons still work, the rep's too
        report.with_user(self.sales_rep).action_submit()
        self.assertEqual(report.state, "submitted")
        with self.assertRaises(AccessError):
            report.with_user(self.sales_rep).action_approve()
        report.with_user(self.sales_rep).invalidate_recordset()
        self.assertEqual(report.state, "submitted")

    def _role_action(self, action, user):
        partner = self.customers["rep", "o"].with_user(user)
        if action == "grade":
            partner.action_credit_grade()
        elif action == "hold":
            partner.write({"credit_hold": True})
        elif action == "limit":
            partner.write({"credit_limit": 5.0})
        elif action == "tier":
            partner.write(
                {"credit_tier_id": self.env.ref("partner_credit_archive.credit_tier_potential").id}
            )
        elif action == "verify":
            self.records["rep", "o"]["partner.archive.document"].with_user(user).action_verify()
        elif action == "review":
            partner.action_archive_mark_reviewed()
        elif action == "keeper":
            partner.write({"archive_keeper_id": user.id})

    def test_role_actions(self):
        """What is guarded in code rather than by access rights."""
        allowed_roles = {
            "grade": ("keeper", "manager", "admin"),
            "hold": ("manager", "admin"),
            "limit": ("manager", "admin"),
            "tier": ("manager", "admin"),
            "verify": ("keeper", "manager", "admin"),
            "review": ("keeper", "manager", "admin"),
            "keeper": ("keeper", "manager", "admin"),
        }
        self.records["rep", "o"]["partner.archive.document"].sudo().write({"is_verified": False})
        for role in ("employee", "rep", "keeper", "manager", "admin"):
            for action, roles in allowed_roles.items():
                with self.subTest(role=role, action=action):
                    self.assertEqual(
                        self._attempt(self._role_action, action, self.users[role]),
                        role in roles,
                    )
