"""The customer archive (客户档案) as its own record: one per commercial partner and company.

The header (number, keeper, status, completeness, reviews), the profile and the confidential
notes on the customer's people live here, so that record rules decide who reads an archive
(a sales rep: their own customers' only) and each company keeps its own archive, catalogue and
reviews of a customer it shares with others (SPEC §3.M). ``res.partner`` shows the current
company's archive under the public names of SPEC §4 (res_partner_archive.py).

What stays on the partner because it belongs to the legal entity, not to a company's file:
name, address, phone, salesperson and the unified social credit code (``company_registry``).
The rest of the profile is what one company learnt about the customer and may differ between
the companies of a group (a relationship stage, a competitor note, a keeper).
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.archive import completeness

KEEPER_GROUP = "partner_credit_archive.group_archive_keeper"
RATINGS = [("0", "Not Rated"), ("1", "Low"), ("2", "Medium"), ("3", "High")]
NATURES = [
    ("government", "Government"),
    ("key_relationship", "Key Relationship Company"),
    ("ordinary", "Ordinary Company"),
    ("individual", "Individual"),
    ("trading_partner", "Trading Partner"),
]
STAGES = [
    ("prospective", "Prospective"),
    ("new", "New"),
    ("established", "Established"),
    ("lapsed", "Lapsed"),
]
STATES = [("draft", "Incomplete"), ("complete", "Complete"), ("review", "Needs Review")]
# profile items of the partner (the legal entity) that count for completeness
PARTNER_PROFILE = ("city", "phone", "user_id")
PARTNER_PROFILE_COMPANY = ("company_registry",)


class PartnerArchive(models.Model):
    _name = "partner.archive"
    _description = "Customer Archive"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "code, id"
    _rec_name = "code"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_company = fields.Boolean(related="partner_id.is_company")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    # header
    code = fields.Char(
        string="Archive Number", readonly=True, copy=False, index="btree_not_null", tracking=True
    )
    keeper_id = fields.Many2one(
        "res.users",
        string="Archive Keeper",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person responsible for this customer's archive.",
    )
    state = fields.Selection(
        STATES,
        string="Archive Status",
        compute="_compute_state",
        store=True,
        tracking=True,
        help="Complete once the profile and every mandatory document are in; needs review "
        "when the next review date has come.",
    )
    completeness = fields.Integer(
        compute="_compute_completeness",
        store=True,
        aggregator="avg",
        help="Share (%) of the profile items and mandatory documents (verified, not expired) "
        "that are in the archive.",
    )
    date_last_review = fields.Date(string="Last Archive Review", copy=False, tracking=True)
    date_next_review = fields.Date(
        string="Next Archive Review",
        compute="_compute_date_next_review",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
    )
    document_ids = fields.One2many("partner.archive.document", "archive_id")
    document_count = fields.Integer(compute="_compute_document_count")
    # profile (seed 000 §1, seed 001)
    legal_representative = fields.Char(tracking=True)
    registered_capital = fields.Monetary()
    date_founded = fields.Date(string="Founded On")
    business_scope = fields.Text()
    market_region = fields.Char()
    main_products = fields.Text()
    employee_count = fields.Integer(string="Employees")
    annual_revenue = fields.Monetary()
    customer_nature = fields.Selection(
        NATURES,
        tracking=True,
        help="Decides which archive documents are mandatory. When empty, companies count as "
        "ordinary companies and persons as individuals.",
    )
    relationship_stage = fields.Selection(STAGES, tracking=True)
    relationship_date_start = fields.Date(string="Customer Since")
    sales_capacity = fields.Selection(RATINGS, help="The customer's own sales strength.")
    development_potential = fields.Selection(RATINGS)
    competitor_notes = fields.Text(
        help="The customer's relations with our competitors and how we compare."
    )
    people_notes = fields.Text(
        string="Notes on People (Confidential)",
        copy=False,
        groups=KEEPER_GROUP,
        help="Character, interests, family and background of the customer's managers. Only "
        "archive keepers and credit managers can read these notes.",
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)",
        "A customer has one archive per company.",
    )

    @api.depends("date_last_review", "partner_id.credit_tier_id")
    def _compute_date_next_review(self):
        """Last review + the tier's interval (the tier of the archive's company); an archive
        never reviewed keeps the date it has or gets today + the interval."""
        today = fields.Date.context_today(self)
        intervals = self._review_interval_months()
        for archive in self:
            months = relativedelta(months=intervals.get(archive.id, 12))
            if archive.date_last_review:
                archive.date_next_review = archive.date_last_review + months
            else:
                archive.date_next_review = archive.date_next_review or today + months

    @api.depends(lambda self: self._completeness_depends())
    def _compute_completeness(self):
        values = self._completeness_values()
        for archive in self:
            archive.completeness = values.get(archive.id, 0)

    @api.depends("completeness", "date_next_review")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for archive in self:
            if archive.date_next_review and archive.date_next_review <= today:
                archive.state = "review"
            elif archive.completeness >= 100:
                archive.state = "complete"
            else:
                archive.state = "draft"

    @api.depends("document_ids")
    def _compute_document_count(self):
        counts = dict(
            self.env["partner.archive.document"]._read_group(
                [("archive_id", "in", self._origin.ids)], ["archive_id"], ["__count"]
            )
        )
        for archive in self:
            archive.document_count = counts.get(archive._origin, 0)

    @api.depends("code", "partner_id", "company_id")
    @api.depends_context("allowed_company_ids")
    def _compute_display_name(self):
        several = len(self.env.companies) > 1
        for archive in self:
            name = " ".join(filter(None, [archive.code, archive.partner_id.name]))
            if several and archive.company_id:
                name = f"{name} ({archive.company_id.name})"
            archive.display_name = name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        archives = super().create(vals_list)
        archives._number()
        return archives

    def write(self, vals):
        if not self.env.su:
            self.partner_id._archive_check_edit(set(vals), fields_of="partner.archive")
            # the archive is the keepers' and the salesperson's even without the right to
            # edit partners in general (_archive_check_edit allowed it just above)
            return super(PartnerArchive, self.sudo()).write(vals)
        return super().write(vals)

    def action_mark_reviewed(self):
        self.env["partner.credit.rights"]._require(
            KEEPER_GROUP, self.env._("Only archive keepers can review customer archives.")
        )
        for archive in self:
            # the partner's action: reminders follow the review (res_partner_reminder.py)
            archive.partner_id.with_company(archive.company_id).action_archive_mark_reviewed()
        return True

    def action_open_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_archive_document_action"
        )
        action["domain"] = [("archive_id", "=", self.id)]
        action["context"] = {
            "default_archive_id": self.id,
            "search_default_group_by_category": 1,
        }
        return action

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "context": {"allowed_company_ids": [self.company_id.id]},
        }

    # business methods

    @api.model
    def _update_review_state(self):
        """Daily: archives whose next review date has come need review."""
        today = fields.Date.context_today(self)
        archives = self.sudo().search(
            [("date_next_review", "<=", today), ("state", "!=", "review")]
        )
        # only time changed: what depends on the date (the status, the partners' public
        # names) follows
        archives.modified(["date_next_review"])
        archives.flush_recordset(["state"])

    def _number(self):
        """Give the archives of customers (res_partner_archive_customer.py) that have none a
        number from their company's sequence, drawn in one query per company."""
        todo = self.filtered(lambda a: not a.code)
        customers = set(todo.partner_id._archive_customers()._ids)
        todo = todo.filtered(lambda a: a.partner_id.id in customers)
        Partner = self.env["res.partner"]
        for company, group in todo.grouped("company_id").items():
            codes = Partner._archive_next_codes(Partner._archive_code_sequence(company), len(group))
            for archive, code in zip(group, codes, strict=True):
                archive.sudo().code = code

    def _review_interval_months(self):
        """{archive id: months between two reviews}: the tier of the archive's company
        (quarterly, half-yearly, yearly — seed 002), 12 without a tier."""
        result = {}
        for company, group in self.grouped("company_id").items():
            partners = group.partner_id.sudo().with_company(company)
            tiers = {p.id: p.credit_tier_id.review_interval_months for p in partners}
            for archive in group:
                result[archive.id] = tiers.get(archive.partner_id.id) or 12
        return result

    @api.model
    def _grading_skip_recompute(self, tier_changes):
        """After grading changed tiers (``tier_changes``: {partner id: (old tier, new tier)}
        in the current company) and marked what depends on them: take off the ORM's to-do
        list what cannot change — every field of the archives of other companies (the tier is
        per company); the completeness where the mandatory documents are the same under both
        tiers; the next review where the interval is the same, or where the archive was never
        reviewed and has its date already (``_compute_date_next_review`` keeps it); the
        status where neither changes. The ORM would otherwise recompute every archive of
        every graded customer (a third of a first grading run). The archives' pending
        recomputations were flushed before the change, so nothing else is dropped."""
        if not tier_changes:
            return
        self.env["res.partner"].flush_model(["is_company"])
        # plain fields only: flushing date_next_review would recompute what was just marked;
        # its stored value is the one before the tier change (flushed by the caller)
        self.flush_model(["partner_id", "company_id", "customer_nature", "date_last_review"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.id, a.partner_id, a.company_id = %(company)s,
                       COALESCE(a.customer_nature,
                                CASE WHEN p.is_company THEN 'ordinary' ELSE 'individual' END),
                       a.date_last_review IS NULL AND a.date_next_review IS NOT NULL
                  FROM partner_archive a
                  JOIN res_partner p ON p.id = a.partner_id
                 WHERE a.partner_id = ANY(%(partners)s)
                """,
                company=self.env.company.id,
                partners=list(tier_changes),
            )
        )
        # the mandatory documents of each (nature, tier) met, compared once per combination
        mandatory = self.env["partner.archive.document.type"]._mandatory_for_pairs(
            {
                (nature, tier.id): (nature, tier)
                for __, partner_id, __, nature, __ in rows
                for tier in tier_changes[partner_id]
            }
        )
        others, same_documents, same_review = set(), set(), set()
        for archive_id, partner_id, own_company, nature, keeps_date in rows:
            if not own_company:
                others.add(archive_id)
                continue
            old, new = tier_changes[partner_id]
            if mandatory[nature, old.id] == mandatory[nature, new.id]:
                same_documents.add(archive_id)
            if keeps_date or (old.review_interval_months or 12) == (
                new.review_interval_months or 12
            ):
                same_review.add(archive_id)
        for fname, ids in (
            ("completeness", others | same_documents),
            ("date_next_review", others | same_review),
            ("state", others | (same_documents & same_review)),
        ):
            self.env.remove_to_compute(self._fields[fname], self.browse(ids))

    def _tiers(self):
        """{archive id: the partner's tier in the archive's company}."""
        Tier = self.env["partner.credit.tier"]
        result = {}
        for company, group in self.grouped("company_id").items():
            partners = group.partner_id.sudo().with_company(company)
            tiers = {p.id: p.credit_tier_id.id for p in partners}
            for archive in group:
                result[archive.id] = Tier.browse(tiers.get(archive.partner_id.id))
        return result

    def _effective_nature(self):
        self.ensure_one()
        if self.customer_nature:
            return self.customer_nature
        return "ordinary" if self.partner_id.is_company else "individual"

    def _profile_fields(self):
        """[(record, field name)] of the profile items that count for completeness."""
        self.ensure_one()
        partner = self.partner_id
        items = [(partner, fname) for fname in PARTNER_PROFILE] + [
            (self, fname) for fname in ("customer_nature", "relationship_stage", "keeper_id")
        ]
        if partner.is_company:
            items += [(partner, fname) for fname in PARTNER_PROFILE_COMPANY] + [
                (self, fname)
                for fname in ("legal_representative", "date_founded", "business_scope")
            ]
        return items

    def _completeness_depends(self):
        return [
            "partner_id.is_company",
            "partner_id.credit_tier_id",
            *(f"partner_id.{fname}" for fname in PARTNER_PROFILE + PARTNER_PROFILE_COMPANY),
            "customer_nature",
            "relationship_stage",
            "keeper_id",
            "legal_representative",
            "date_founded",
            "business_scope",
            "document_ids.state",
            "document_ids.is_verified",
            "document_ids.type_id",
            "document_ids.active",
        ]

    def _completeness_values(self):
        """Set-based completeness: ``{archive id: 0-100}``."""
        mandatory = self._mandatory_types()
        problems = self._mandatory_problems(mandatory)
        result = {}
        for archive in self:
            items = archive._profile_fields()
            filled = sum(1 for record, fname in items if record[fname])
            required = mandatory[archive.id]
            found = required - problems[archive.id]["missing"] - problems[archive.id]["expired"]
            result[archive.id] = completeness(filled, len(items), len(found), len(required))
        return result

    def _missing_profile(self):
        """Labels of the profile items still empty."""
        self.ensure_one()
        return [
            record._fields[fname]._description_string(self.env)
            for record, fname in self._profile_fields()
            if not record[fname]
        ]

    def _mandatory_types(self):
        """{archive id: mandatory document types} for its nature and its company's tier."""
        tiers = self._tiers()
        return self.env["partner.archive.document.type"]._mandatory_for_pairs(
            {archive.id: (archive._effective_nature(), tiers[archive.id]) for archive in self}
        )

    def _mandatory_problems(self, mandatory=None):
        """Set-based status of the mandatory documents of these archives.

        Returns ``{archive id: {"missing": types, "expired": types, "expiring": types}}``.
        Only active, verified documents count; a type is expired (expiring) when its best
        verified document is.
        """
        if mandatory is None:
            mandatory = self._mandatory_types()
        return self.env["partner.archive.document"]._mandatory_status(
            "archive_id", self._origin.ids, mandatory, {a.id: a._origin.id for a in self}
        )
