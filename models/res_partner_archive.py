"""The current company's archive under the partner's public names (SPEC §3.M, §4).

The archive is its own record, ``partner.archive`` (partner_archive.py), one per commercial
partner and company. ``res.partner`` keeps the names imports, integrations, views and
exports use (``archive_code``, ``archive_keeper_id``, ``legal_representative``…) as the
values of the archive of the current company (``env.company``): computed for a whole
recordset with one search (lists stay bounded in queries), written through to the archive
(created on first need), searchable. A partner without an archive in the current company
shows empty values; so does one whose archive the user may not read (a rep, another rep's
customer: the record rules of partner.archive decide, the contact itself still opens).

This file holds the public names: the fields, their compute, inverse (write-through) and
search, and create / write. The form's buttons, the lookups (``_archive_current``,
``_archive_get``), who may edit and the mandatory documents are in
res_partner_archive_rules.py.
"""

from odoo import api, fields, models
from odoo.fields import Domain

from .partner_archive import NATURES, RATINGS, STAGES, STATES
from .res_partner_archive_customer import DEFER_CODES

USER_GROUP = "partner_credit_archive.group_archive_user"
KEEPER_GROUP = "partner_credit_archive.group_archive_keeper"
# public name on res.partner -> field of partner.archive
PUBLIC = {
    "archive_code": "code",
    "archive_keeper_id": "keeper_id",
    "archive_state": "state",
    "archive_completeness": "completeness",
    "archive_date_last_review": "date_last_review",
    "archive_date_next_review": "date_next_review",
    "legal_representative": "legal_representative",
    "registered_capital": "registered_capital",
    "date_founded": "date_founded",
    "business_scope": "business_scope",
    "market_region": "market_region",
    "main_products": "main_products",
    "employee_count": "employee_count",
    "annual_revenue": "annual_revenue",
    "customer_nature": "customer_nature",
    "relationship_stage": "relationship_stage",
    "relationship_date_start": "relationship_date_start",
    "sales_capacity": "sales_capacity",
    "development_potential": "development_potential",
    "competitor_notes": "competitor_notes",
    "archive_people_notes": "people_notes",
}
COMPUTED_ONLY = {"archive_state", "archive_completeness"}
# the archive's header: what the lists show, computed apart from the profile so that a page
# of customers assigns these six fields, not the twenty of the whole archive
HEADER = {
    "archive_code",
    "archive_keeper_id",
    "archive_state",
    "archive_completeness",
    "archive_date_last_review",
    "archive_date_next_review",
}
# fields only an archive keeper may change (专人负责)
KEEPER_FIELDS = {
    "archive_code",
    "archive_keeper_id",
    "archive_date_last_review",
    "archive_date_next_review",
    "archive_people_notes",
}
# profile fields: keepers, or the customer's own salesperson when an archive user
PROFILE_FIELDS = set(PUBLIC) - KEEPER_FIELDS - COMPUTED_ONLY
ARCHIVE_NAMES = {archive: public for public, archive in PUBLIC.items()}


def _public(field_type, *args, **kwargs):
    """A public name of the current company's archive (compute, inverse, search)."""
    name = kwargs.pop("_name")
    kwargs.setdefault(
        "compute", "_compute_archive_header" if name in HEADER else "_compute_archive_public"
    )
    if name not in COMPUTED_ONLY:
        kwargs.setdefault("inverse", f"_inverse_{name}")
    kwargs.setdefault("search", f"_search_{name}")
    return field_type(*args, **kwargs)


class ResPartner(models.Model):
    _inherit = "res.partner"

    archive_ids = fields.One2many("partner.archive", "partner_id", groups=USER_GROUP)
    archive_count = fields.Integer(compute="_compute_archive_count", groups=USER_GROUP)
    # archive header
    archive_code = _public(
        fields.Char, string="Archive Number", readonly=True, _name="archive_code"
    )
    archive_keeper_id = _public(
        fields.Many2one,
        "res.users",
        string="Archive Keeper",
        domain="[('share', '=', False)]",
        help="The person responsible for this customer's archive (in the current company).",
        _name="archive_keeper_id",
    )
    archive_state = _public(
        fields.Selection, STATES, string="Archive Status", _name="archive_state"
    )
    archive_completeness = _public(
        fields.Integer,
        help="Share (%) of the profile items and mandatory documents (verified, not expired) "
        "that are in the current company's archive.",
        _name="archive_completeness",
    )
    archive_date_last_review = _public(
        fields.Date, string="Last Archive Review", _name="archive_date_last_review"
    )
    archive_date_next_review = _public(
        fields.Date, string="Next Archive Review", _name="archive_date_next_review"
    )
    # documents of the current company's archive (create files them there)
    archive_document_ids = fields.One2many(
        "partner.archive.document",
        "partner_id",
        string="Archive Documents",
        groups=USER_GROUP,
        domain=lambda self: [("company_id", "=", self.env.company.id)],
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
    archive_submitted_type_ids = fields.Many2many(
        "partner.archive.document.type",
        string="Mandatory Documents Awaiting Verification",
        compute="_compute_archive_problems",
        groups=USER_GROUP,
        help="Filed, but not verified by an archive keeper yet: they count once verified.",
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
    # profile (seed 000 §1, seed 001), per company
    legal_representative = _public(fields.Char, _name="legal_representative")
    registered_capital = _public(
        fields.Monetary, currency_field="currency_id", _name="registered_capital"
    )
    date_founded = _public(fields.Date, string="Founded On", _name="date_founded")
    business_scope = _public(fields.Text, _name="business_scope")
    market_region = _public(fields.Char, _name="market_region")
    main_products = _public(fields.Text, _name="main_products")
    employee_count = _public(fields.Integer, string="Employees", _name="employee_count")
    annual_revenue = _public(fields.Monetary, currency_field="currency_id", _name="annual_revenue")
    customer_nature = _public(
        fields.Selection,
        NATURES,
        help="Decides which archive documents are mandatory. When empty, companies count as "
        "ordinary companies and persons as individuals.",
        _name="customer_nature",
    )
    relationship_stage = _public(fields.Selection, STAGES, _name="relationship_stage")
    relationship_date_start = _public(
        fields.Date, string="Customer Since", _name="relationship_date_start"
    )
    sales_capacity = _public(
        fields.Selection,
        RATINGS,
        help="The customer's own sales strength.",
        _name="sales_capacity",
    )
    development_potential = _public(fields.Selection, RATINGS, _name="development_potential")
    competitor_notes = _public(
        fields.Text,
        help="The customer's relations with our competitors and how we compare.",
        _name="competitor_notes",
    )
    archive_people_notes = _public(
        fields.Text,
        string="Notes on People (Confidential)",
        compute="_compute_archive_people_notes",
        groups=KEEPER_GROUP,
        help="Character, interests, family and background of the customer's managers. Only "
        "archive keepers and credit managers can read these notes.",
        _name="archive_people_notes",
    )

    @api.depends_context("company", "uid")
    @api.depends(*(f"archive_ids.{PUBLIC[public]}" for public in sorted(HEADER)))
    def _compute_archive_header(self):
        self._archive_assign(sorted(HEADER))

    @api.depends_context("company", "uid")
    @api.depends(
        *(
            f"archive_ids.{name}"
            for public, name in PUBLIC.items()
            if public not in HEADER and name != "people_notes"
        )
    )
    def _compute_archive_public(self):
        self._archive_assign(
            [name for name in PUBLIC if name not in HEADER and name != "archive_people_notes"]
        )

    def _archive_assign(self, publics):
        """Give the public fields ``publics`` of these partners their current company's
        archive's values (empty without an archive the user may read)."""
        names = [PUBLIC[public] for public in publics]
        # the archives' values read with the archives themselves: one query a list page
        archives = self._archive_current(names)
        values = {public: {} for public in publics}
        for partner in self:
            if archive := archives.get(partner._origin.id):
                for public, name in zip(publics, names, strict=True):
                    values[public][partner.id] = archive[name]
        self._cache_computed(values)

    def _cache_computed(self, values):
        """Give the fields being computed on ``self`` their values: ``{field name: {record id:
        value}}``, records left out empty (False, 0).

        What a compute method's assignments do (the records are protected: the cache only),
        at the cost of a dictionary update: an assignment checks the value against the cache
        and converts it (a monetary field looks its currency up in two new environments),
        a third of the time of a list page's archive and exposure columns. Only for values
        already in the field's format (amounts rounded in their currency)."""
        for fname, by_id in values.items():
            field = self._fields[fname]
            self.env.remove_to_compute(field, self)
            cache = field._get_cache(self.env)
            for record in self:
                cache[record.id] = field.convert_to_cache(
                    by_id.get(record.id, False), record, validate=False
                )

    @api.depends_context("company")
    @api.depends("archive_ids.people_notes")
    def _compute_archive_people_notes(self):
        # the field's groups (keepers) guard it; the archive is read in sudo
        archives = self.sudo()._archive_current()
        for partner in self:
            archive = archives.get(partner._origin.id)
            partner.archive_people_notes = archive.people_notes if archive else False

    @api.depends("archive_ids")
    def _compute_archive_count(self):
        for partner in self:
            partner.archive_count = len(partner.archive_ids)

    @api.depends_context("company")
    @api.depends("archive_document_ids.state")
    def _compute_archive_document_count(self):
        partners = self._origin.filtered("id")
        counts = dict.fromkeys(partners.ids, 0)
        expired = dict.fromkeys(partners.ids, 0)
        if partners:
            groups = self.env["partner.archive.document"]._read_group(
                [("partner_id", "in", partners.ids), ("company_id", "=", self.env.company.id)],
                ["partner_id", "state"],
                ["__count"],
            )
            for partner, state, count in groups:
                counts[partner.id] += count
                if state == "expired":
                    expired[partner.id] += count
        for partner in self:
            partner.archive_document_count = counts.get(partner._origin.id, 0)
            partner.archive_document_expired_count = expired.get(partner._origin.id, 0)

    @api.depends_context("company")
    @api.depends("archive_ids.completeness", "archive_ids.document_ids.status")
    def _compute_archive_problems(self):
        Type = self.env["partner.archive.document.type"]
        problems = self._archive_commercial()._archive_mandatory_problems()
        archives = self.sudo()._archive_current()
        # what the archive misses (or holds expired) but a rep has filed is awaiting the
        # keeper's verification, not missing: shown apart, so the form never says "missing"
        # above the document itself
        to_check = Type.union(*(p["missing"] | p["expired"] for p in problems.values()))
        awaiting = self.env["partner.archive.document"]._awaiting_verification_types(
            [archive.id for archive in archives.values()], to_check
        )
        for partner in self:
            found = problems.get(partner.id)
            archive = archives.get(partner._origin.id)
            submitted = Type.browse(sorted(awaiting.get(archive.id, ()))) if archive else Type
            missing = found["missing"] if found else Type
            expired = found["expired"] if found else Type
            partner.archive_submitted_type_ids = (missing | expired) & submitted
            partner.archive_missing_type_ids = missing - submitted
            partner.archive_expired_type_ids = expired - submitted
            partner.archive_expiring_type_ids = found["expiring"] if found else Type
            profile = archive.with_env(self.env)._missing_profile() if archive else []
            partner.archive_missing_profile = ", ".join(profile)

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

    def _archive_write_public(self, public):
        """Inverse of a public name: write it to the current company's archive, created on
        first need. A contact's value goes to its commercial partner's archive (contacts
        have none of their own), and only when it holds something."""
        name = PUBLIC[public]
        Archive = self.env["partner.archive"].sudo()  # rights: _archive_check_edit
        current = self.commercial_partner_id.sudo()._archive_current()
        to_create = {}
        for partner in self:
            value = partner[public]
            value = value.id if isinstance(value, models.BaseModel) else value
            target = partner.commercial_partner_id
            archive = current.get(target.id)
            if archive:
                stored = archive[name]
                stored = stored.id if isinstance(stored, models.BaseModel) else stored
                if stored != value:
                    archive.write({name: value})
            elif value:
                to_create.setdefault(target.id, {})[name] = value
        if to_create:
            Archive.create(
                [
                    {"partner_id": pid, "company_id": self.env.company.id, **vals}
                    for pid, vals in to_create.items()
                ]
            )

    def _archive_search_public(self, public, operator, value):
        """Domain on the current company's archive; partners without one match when an
        empty archive would."""
        name = PUBLIC[public]
        in_company = Domain("company_id", "=", self.env.company.id)
        condition = Domain(name, operator, value)
        domain = Domain("archive_ids", "any", in_company & condition)
        Archive = self.env["partner.archive"]
        if Archive.new({}).filtered_domain(condition):
            domain |= Domain("archive_ids", "not any", in_company)
        return domain

    @api.model_create_multi
    def create(self, vals_list):
        fnames = {fname for vals in vals_list for fname, value in vals.items() if value}
        self._archive_check_edit(fnames)
        # archive values are written through to the archive in sudo (_archive_write_public)
        # once _archive_check_edit allowed them
        partners = super().create(vals_list)
        if fnames & set(PUBLIC):
            partners._archive_invalidate_public()
        if not self.env.context.get(DEFER_CODES):
            partners._archive_assign_codes()
        return partners

    def write(self, vals):
        fnames = set(vals)
        self._archive_check_edit(fnames)
        if not self.env.su and fnames and fnames <= KEEPER_FIELDS | PROFILE_FIELDS:
            # the archive is the keepers' and the salesperson's even without the right to
            # edit contacts in general (_archive_check_edit allowed it just above)
            res = super(ResPartner, self.sudo()).write(vals)
            self._archive_invalidate_public()
            return res
        res = super().write(vals)
        if fnames & set(PUBLIC):
            self._archive_invalidate_public()
        if "parent_id" in vals or "is_company" in vals:
            self._archive_assign_codes()
        return res

    def _archive_invalidate_public(self):
        """The ORM protects every field of a compute method while one of them is written
        through its inverse: the others (completeness, status…) would keep their cached
        values after the archive changed."""
        self.commercial_partner_id.invalidate_recordset(list(PUBLIC))
        self.invalidate_recordset(list(PUBLIC))


def _make_inverse(public):
    def inverse(self):
        self._archive_write_public(public)

    inverse.__name__ = f"_inverse_{public}"
    return inverse


def _make_search(public):
    def search(self, operator, value):
        return self._archive_search_public(public, operator, value)

    search.__name__ = f"_search_{public}"
    return search


for _public_name in PUBLIC:
    if _public_name not in COMPUTED_ONLY:
        setattr(ResPartner, f"_inverse_{_public_name}", _make_inverse(_public_name))
    setattr(ResPartner, f"_search_{_public_name}", _make_search(_public_name))
