from dateutil.relativedelta import relativedelta
from stdnum.cn import uscc

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.archive import completeness
from .res_partner_archive_customer import DEFER_CODES

USER_GROUP = "partner_credit_archive.group_archive_user"
KEEPER_GROUP = "partner_credit_archive.group_archive_keeper"
ARCHIVE_CODE = "partner.archive.code"
# fields only an archive keeper may change (专人负责)
KEEPER_FIELDS = {
    "archive_code",
    "archive_keeper_id",
    "archive_date_last_review",
    "archive_date_next_review",
    "archive_people_notes",
}
# profile fields: keepers, or the customer's own salesperson when an archive user
PROFILE_FIELDS = {
    "legal_representative",
    "registered_capital",
    "date_founded",
    "business_scope",
    "market_region",
    "main_products",
    "employee_count",
    "annual_revenue",
    "customer_nature",
    "relationship_stage",
    "relationship_date_start",
    "sales_capacity",
    "development_potential",
    "competitor_notes",
}
RATINGS = [("0", "Not Rated"), ("1", "Low"), ("2", "Medium"), ("3", "High")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # archive header
    archive_code = fields.Char(
        string="Archive Number", readonly=True, copy=False, index="btree_not_null", tracking=True
    )
    archive_keeper_id = fields.Many2one(
        "res.users",
        string="Archive Keeper",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person responsible for this customer's archive.",
    )
    archive_state = fields.Selection(
        [("draft", "Draft"), ("complete", "Complete"), ("review", "Needs Review")],
        string="Archive Status",
        compute="_compute_archive_state",
        store=True,
        tracking=True,
        help="Complete once the profile and every mandatory document are in; needs review "
        "when the next review date has come.",
    )
    archive_completeness = fields.Integer(
        compute="_compute_archive_completeness",
        store=True,
        aggregator="avg",
        help="Share (%) of the profile items and mandatory documents (verified, not expired) "
        "that are in the archive.",
    )
    archive_date_last_review = fields.Date(string="Last Archive Review", copy=False, tracking=True)
    archive_date_next_review = fields.Date(
        string="Next Archive Review",
        compute="_compute_archive_date_next_review",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
    )
    archive_document_ids = fields.One2many(
        "partner.archive.document",
        "partner_id",
        string="Archive Documents",
        groups=USER_GROUP,
    )
    archive_document_count = fields.Integer(
        string="Documents", compute="_compute_archive_document_count", groups=USER_GROUP
    )
    archive_document_expired_count = fields.Integer(
        string="Expired Documents", compute="_compute_archive_document_count", groups=USER_GROUP
    )
    archive_missing_type_ids = fields.Many2many(
        "partner.archive.document.type",
        string="Missing Mandatory Documents",
        compute="_compute_archive_problems",
        groups=USER_GROUP,
    )
    archive_expired_type_ids = fields.Many2many(
        "partner.archive.document.type",
        string="Expired Mandatory Documents",
        compute="_compute_archive_problems",
        groups=USER_GROUP,
    )
    archive_expiring_type_ids = fields.Many2many(
        "partner.archive.document.type",
        string="Expiring Mandatory Documents",
        compute="_compute_archive_problems",
        groups=USER_GROUP,
    )
    archive_can_edit = fields.Boolean(compute="_compute_archive_can_edit", groups=USER_GROUP)
    archive_missing_profile = fields.Char(
        string="Missing Profile Items", compute="_compute_archive_problems", groups=USER_GROUP
    )

    # profile (seed 000 §1, seed 001)
    legal_representative = fields.Char(tracking=True)
    registered_capital = fields.Monetary(currency_field="currency_id")
    date_founded = fields.Date(string="Founded On")
    business_scope = fields.Text()
    market_region = fields.Char()
    main_products = fields.Text()
    employee_count = fields.Integer(string="Employees")
    annual_revenue = fields.Monetary(currency_field="currency_id")
    customer_nature = fields.Selection(
        [
            ("government", "Government"),
            ("key_relationship", "Key Relationship Company"),
            ("ordinary", "Ordinary Company"),
            ("individual", "Individual"),
            ("trading_partner", "Trading Partner"),
        ],
        tracking=True,
        help="Decides which archive documents are mandatory. When empty, companies count as "
        "ordinary companies and persons as individuals.",
    )
    relationship_stage = fields.Selection(
        [
            ("prospective", "Prospective"),
            ("new", "New"),
            ("established", "Established"),
            ("lapsed", "Lapsed"),
        ],
        tracking=True,
    )
    relationship_date_start = fields.Date(string="Customer Since")
    sales_capacity = fields.Selection(RATINGS, help="The customer's own sales strength.")
    development_potential = fields.Selection(RATINGS)
    competitor_notes = fields.Text(
        help="The customer's relations with our competitors and how we compare."
    )
    archive_people_notes = fields.Text(
        string="Notes on People (Confidential)",
        copy=False,  # restricted: Odoo's copy would fail for users outside the group
        groups=KEEPER_GROUP,
        help="Character, interests, family and background of the customer's managers. Only "
        "archive keepers and credit managers can read these notes.",
    )

    @api.depends(lambda self: self._archive_next_review_depends())
    def _compute_archive_date_next_review(self):
        """Last review + the tier's interval; an archive never reviewed keeps the date it has
        (from its creation or the install) or gets today + the interval: every archive has a
        next review date (SPEC §3.H)."""
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.archive_date_last_review:
                partner.archive_date_next_review = partner.archive_date_last_review + (
                    relativedelta(months=partner._archive_review_interval_months())
                )
            elif partner.is_company or not partner.parent_id:
                partner.archive_date_next_review = partner.archive_date_next_review or (
                    today + relativedelta(months=partner._archive_review_interval_months())
                )
            else:
                partner.archive_date_next_review = False

    @api.depends(lambda self: self._archive_completeness_depends())
    def _compute_archive_completeness(self):
        values = self._archive_completeness_values()
        for partner in self:
            partner.archive_completeness = values[partner.id]

    @api.depends("archive_completeness", "archive_date_next_review")
    def _compute_archive_state(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.archive_date_next_review and partner.archive_date_next_review <= today:
                partner.archive_state = "review"
            elif partner.archive_completeness >= 100:
                partner.archive_state = "complete"
            else:
                partner.archive_state = "draft"

    @api.depends("archive_document_ids.state")
    def _compute_archive_document_count(self):
        partners = self._origin.filtered("id")
        counts = dict.fromkeys(partners.ids, 0)
        expired = dict.fromkeys(partners.ids, 0)
        if partners:
            groups = self.env["partner.archive.document"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id", "state"], ["__count"]
            )
            for partner, state, count in groups:
                counts[partner.id] += count
                if state == "expired":
                    expired[partner.id] += count
        for partner in self:
            partner.archive_document_count = counts.get(partner._origin.id, 0)
            partner.archive_document_expired_count = expired.get(partner._origin.id, 0)

    @api.depends(lambda self: self._archive_completeness_depends())
    def _compute_archive_problems(self):
        Type = self.env["partner.archive.document.type"]
        commercial = self._archive_commercial()
        problems = commercial._archive_mandatory_problems()
        for partner in self:
            found = problems.get(partner.id)
            partner.archive_missing_type_ids = found["missing"] if found else Type
            partner.archive_expired_type_ids = found["expired"] if found else Type
            partner.archive_expiring_type_ids = found["expiring"] if found else Type
            missing = [
                partner._fields[fname]._description_string(self.env)
                for fname in (partner._archive_profile_fields() if found else [])
                if not partner[fname]
            ]
            partner.archive_missing_profile = ", ".join(missing)

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_archive_can_edit(self):
        is_keeper = self.env.user.has_group(KEEPER_GROUP)
        for partner in self:
            partner.archive_can_edit = (
                is_keeper
                or not partner._origin.id
                or partner.commercial_partner_id.user_id == self.env.user
            )

    @api.constrains("company_registry", "country_id")
    def _check_company_registry_uscc(self):
        for partner in self:
            if (
                partner.company_registry
                and partner.country_id.code == "CN"
                and not uscc.is_valid(partner.company_registry)
            ):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not a valid unified social credit code (统一社会信用代码) "
                        "for %(partner)s: it must have 18 characters and a correct check "
                        "character.",
                        code=partner.company_registry,
                        partner=partner.name,
                    )
                )

    @api.onchange("company_registry", "country_id")
    def _onchange_company_registry_uscc(self):
        if (
            self.company_registry
            and self.country_id.code == "CN"
            and uscc.is_valid(self.company_registry)
        ):
            self.company_registry = uscc.compact(self.company_registry)

    @api.model_create_multi
    def create(self, vals_list):
        fnames = {fname for vals in vals_list for fname, value in vals.items() if value}
        self._archive_check_edit(fnames)
        # number new archives in the INSERT itself: no update per partner afterwards. A partner
        # created on its own is nobody's partner yet, so every commercial one is a customer
        # (_archive_customer_sql); users and companies number theirs after they exist.
        defer = self.env.context.get(DEFER_CODES)
        by_company = {}
        for vals in vals_list:
            if (
                not defer
                and not vals.get("archive_code")
                and (vals.get("is_company") or not vals.get("parent_id"))
            ):
                by_company.setdefault(vals.get("company_id") or self.env.company.id, []).append(
                    vals
                )
        for company_id, group in by_company.items():
            sequence = self._archive_code_sequence(self.env["res.company"].browse(company_id))
            codes = self._archive_next_codes(sequence, len(group))
            for vals, code in zip(group, codes, strict=True):
                vals["archive_code"] = code
        partners = super().create(vals_list)
        if not defer:
            partners._archive_assign_codes()  # e.g. made a company by a computed field
        return partners

    def write(self, vals):
        fnames = set(vals)
        self._archive_check_edit(fnames)
        if not self.env.su and fnames and fnames <= KEEPER_FIELDS | PROFILE_FIELDS:
            # the archive is the keepers' and the salesperson's even without the right to
            # edit contacts in general (_archive_check_edit allowed it just above)
            return super(ResPartner, self.sudo()).write(vals)
        res = super().write(vals)
        if "parent_id" in vals or "is_company" in vals:
            self._archive_assign_codes()
        return res

    def action_archive_mark_reviewed(self):
        if not self.env.user.has_group(KEEPER_GROUP):
            raise AccessError(self.env._("Only archive keepers can review customer archives."))
        self._archive_commercial().write(
            {"archive_date_last_review": fields.Date.context_today(self)}
        )
        return True

    def action_open_archive_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_archive_document_action"
        )
        partner = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", partner.id)]
        action["context"] = {
            "default_partner_id": partner.id,
            "search_default_group_by_category": 1,
        }
        return action

    # business methods

    def _archive_commercial(self):
        """The commercial partners of ``self``: companies and persons without a parent."""
        return self.filtered(lambda p: p.is_company or not p.parent_id)

    def _archive_effective_nature(self):
        self.ensure_one()
        if self.customer_nature:
            return self.customer_nature
        return "ordinary" if self.is_company else "individual"

    def _archive_review_interval_months(self):
        """Months between two reviews of this partner's archive: its tier's review interval
        (quarterly, half-yearly, yearly — seed 002), 12 without a tier."""
        self.ensure_one()
        return self.sudo().credit_tier_id.review_interval_months or 12

    def _archive_next_review_depends(self):
        return ["archive_date_last_review", "credit_tier_id"]

    def _archive_profile_fields(self):
        """Profile fields that count for completeness."""
        self.ensure_one()
        common = [
            "city",
            "phone",
            "customer_nature",
            "relationship_stage",
            "user_id",
            "archive_keeper_id",
        ]
        if not self.is_company:
            return common
        return common + [
            "company_registry",
            "legal_representative",
            "date_founded",
            "business_scope",
        ]

    def _archive_completeness_depends(self):
        return [
            "is_company",
            "parent_id",
            "city",
            "phone",
            "customer_nature",
            "relationship_stage",
            "user_id",
            "archive_keeper_id",
            "company_registry",
            "legal_representative",
            "date_founded",
            "business_scope",
            "archive_document_ids.state",
            "archive_document_ids.is_verified",
            "archive_document_ids.type_id",
            "archive_document_ids.active",
            "credit_tier_id",
        ]

    def _archive_completeness_values(self):
        """Set-based completeness: ``{partner id: 0-100}`` (0 for contacts)."""
        result = dict.fromkeys(self.ids, 0)
        commercial = self._archive_commercial()
        mandatory = commercial._archive_mandatory_types()
        problems = commercial._archive_mandatory_problems(mandatory)
        for partner in commercial:
            fnames = partner._archive_profile_fields()
            filled = sum(1 for fname in fnames if partner[fname])
            required = mandatory[partner.id]
            found = required - problems[partner.id]["missing"] - problems[partner.id]["expired"]
            result[partner.id] = completeness(filled, len(fnames), len(found), len(required))
        return result

    def _archive_mandatory_types(self):
        """{partner id: mandatory document types} (grading may add per-tier requirements)."""
        Type = self.env["partner.archive.document.type"]
        types = Type.sudo().search([("mandatory", "=", True)]).with_env(Type.env)
        cache = {}

        def mandatory_for(nature, tier):
            if (nature, tier) not in cache:
                cache[nature, tier] = types.filtered(lambda t: t._is_mandatory_for(nature, tier))
            return cache[nature, tier]

        commercial_ids = set(self._archive_commercial()._ids)
        tiers = self.sudo().mapped(lambda p: (p.id, p.credit_tier_id))
        tier_of = {pid: tier.with_env(Type.env) for pid, tier in tiers}
        return {
            partner.id: mandatory_for(partner._archive_effective_nature(), tier_of[partner.id])
            if partner.id in commercial_ids
            else Type
            for partner in self
        }

    def _archive_mandatory_problems(self, mandatory=None):
        """Set-based status of the mandatory documents of the partners in ``self``.

        Returns ``{partner id: {"missing": types, "expired": types, "expiring": types}}``.
        Only active, verified documents count; a type is expired (expiring) when its best
        verified document is.
        """
        Type = self.env["partner.archive.document.type"]
        if mandatory is None:
            mandatory = self._archive_mandatory_types()
        all_types = Type.union(*mandatory.values()) if mandatory else Type
        partner_ids = [pid for pid in self._origin.ids if pid]
        best = {}  # (partner id, type id) -> 0 expired, 1 expiring, 2 valid
        if all_types and partner_ids:
            rank = {"expired": 0, "expiring": 1, "valid": 2}
            groups = (
                self.env["partner.archive.document"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", partner_ids),
                        ("type_id", "in", all_types.ids),
                        ("is_verified", "=", True),
                    ],
                    ["partner_id", "type_id", "state"],
                    ["__count"],
                )
            )
            for partner, doc_type, state, _count in groups:
                key = (partner.id, doc_type.id)
                best[key] = max(best.get(key, 0), rank.get(state, 2))
        result = {}
        with_documents = {pid for pid, _type_id in best}
        for partner in self:
            pid = partner._origin.id
            types = mandatory.get(partner.id, Type)
            if pid not in with_documents:  # the common case at install: nothing filed yet
                result[partner.id] = {"missing": types, "expired": Type, "expiring": Type}
                continue
            status = [(type_id, best.get((pid, type_id))) for type_id in types._ids]
            result[partner.id] = {
                key: Type.browse(type_id for type_id, rank in status if rank == wanted)
                for key, wanted in (("missing", None), ("expired", 0), ("expiring", 1))
            }
        return result

    def _archive_check_edit(self, fnames):
        """Keepers edit every archive; archive users the profile of their own customers."""
        if self.env.su or not fnames & (KEEPER_FIELDS | PROFILE_FIELDS):
            return
        user = self.env.user
        if user.has_group(KEEPER_GROUP):
            return
        if fnames & KEEPER_FIELDS:
            raise AccessError(
                self.env._("Only archive keepers can assign keepers and review dates.")
            )
        if not user.has_group(USER_GROUP):
            raise AccessError(self.env._("Only archive users can edit customer archives."))
        others = self.commercial_partner_id.filtered(lambda p: p.user_id != user)
        if others:
            raise AccessError(
                self.env._(
                    "You can only edit the archives of your own customers, not %(partners)s.",
                    partners=", ".join(others.mapped("display_name")),
                )
            )

    @api.model
    def _archive_code_sequence(self, company):
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", ARCHIVE_CODE), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._("Customer Archive Number"),
                    "code": ARCHIVE_CODE,
                    "prefix": "KH-%(year)s-",
                    "padding": 5,
                    "company_id": company.id,
                }
            )
        return sequence

    @api.model
    def _archive_next_codes(self, sequence, count):
        """Draw ``count`` archive numbers from ``sequence`` in one query when it can."""
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _index in range(count)]
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(row[0]) for row in self.env.cr.fetchall()]

    def _archive_assign_codes(self):
        """Number the archives of the customers in ``self`` that have none."""
        partners = self._archive_commercial().filtered(lambda p: p.id and not p.archive_code)
        partners = partners._archive_customers()
        for company, group in partners.grouped(lambda p: p.company_id).items():
            codes = self._archive_next_codes(
                self._archive_code_sequence(company or self.env.company), len(group)
            )
            for partner, code in zip(group, codes, strict=True):
                partner.sudo().archive_code = code

    @api.model
    def _archive_init_codes(self):
        """At install: number every existing customer in set-based SQL."""
        cr = self.env.cr
        self._archive_flush_customer_sql()
        cr.execute(
            SQL(
                """
                SELECT COALESCE(p.company_id, %s), array_agg(p.id ORDER BY p.id)
                  FROM res_partner p
                 WHERE p.archive_code IS NULL AND %s
              GROUP BY 1
                """,
                self.env.company.id,
                self._archive_customer_sql("p"),
            )
        )
        for company_id, ids in cr.fetchall():
            sequence = self._archive_code_sequence(self.env["res.company"].browse(company_id))
            codes = self._archive_next_codes(sequence, len(ids))
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET archive_code = c.code
                      FROM unnest(%s::int[], %s::varchar[]) AS c(id, code)
                     WHERE p.id = c.id
                    """,
                    ids,
                    codes,
                )
            )
        self.invalidate_model(["archive_code"])

    @api.model
    def _archive_init_completeness(self, batch_size=5000):
        """At install: completeness and status of existing archives, batched, written in
        one UPDATE per distinct value (the columns were created empty by the pre-init hook
        so that the ORM does not compute and write them partner by partner)."""
        cr = self.env.cr
        cr.execute("SELECT id FROM res_partner WHERE is_company OR parent_id IS NULL ORDER BY id")
        ids = [row[0] for row in cr.fetchall()]
        Partner = self.with_context(active_test=False)
        for start in range(0, len(ids), batch_size):
            batch = Partner.browse(ids[start : start + batch_size])
            by_value = {}
            for partner_id, value in batch._archive_completeness_values().items():
                by_value.setdefault(value, []).append(partner_id)
            for value, partner_ids in by_value.items():
                cr.execute(
                    SQL(
                        """
                        UPDATE res_partner
                           SET archive_completeness = %s,
                               archive_state = %s
                         WHERE id = ANY(%s)
                        """,
                        value,
                        "complete" if value >= 100 else "draft",
                        partner_ids,
                    )
                )
            batch.invalidate_recordset()
        self.invalidate_model(["archive_completeness", "archive_state"])

    @api.model
    def _archive_update_review_state(self):
        """Daily: archives whose next review date has come need review."""
        today = fields.Date.context_today(self)
        partners = self.with_context(active_test=False).search(
            Domain("archive_date_next_review", "<=", today)
            & Domain("archive_state", "!=", "review")
        )
        self.env.add_to_compute(self._fields["archive_state"], partners)
        partners.flush_recordset(["archive_state"])

    @api.model
    def _archive_recompute_completeness_all(self):
        """Mandatory document types changed: recompute every archive's completeness."""
        partners = self.with_context(active_test=False).search([("archive_code", "!=", False)])
        self.env.add_to_compute(self._fields["archive_completeness"], partners)
        self.env.add_to_compute(self._fields["archive_state"], partners)

    def _get_company_registry_labels(self):
        labels = super()._get_company_registry_labels()
        labels.setdefault("CN", self.env._("Unified Social Credit Code"))
        return labels
