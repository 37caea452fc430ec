"""A document filed in a customer's archive: the record, filing and verification.

``partner.archive.document`` is one document of one archive (customer and company), filed
in one of the five archive categories and numbered in that category's catalogue.
A document filed by a keeper is verified at once; one filed by anyone else, or changed by
anyone else in what the keeper checked (``VERIFIED_FIELDS``), waits for a keeper's
verification (an activity asks for it). Only verified documents count for completeness.

Its validity over time (the daily state job, the status of mandatory documents by archive
or customer) is in partner_archive_document_state.py, its catalogue numbers in
partner_archive_document_catalogue.py.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.archive import document_state

KEEPER_GROUP = "partner_credit_archive.group_archive_keeper"
# a change to one of these by someone who is not a keeper sends the document back for
# verification
VERIFIED_FIELDS = {
    "name",
    "archive_id",
    "category_id",
    "type_id",
    "issue_date",
    "expiry_date",
    "attachment_ids",
}


class PartnerArchiveDocument(models.Model):
    """A document filed in a customer's archive, numbered in its category's catalogue."""

    _name = "partner.archive.document"
    _description = "Archive Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "archive_id, category_sequence, catalogue_sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    archive_id = fields.Many2one(
        "partner.archive",
        string="Archive",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    # the archive's customer and company, stored for search, rules, grouping and the
    # callers that file a document by customer (create and write turn a partner_id into
    # the customer's archive in the company)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_archive_owner",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_archive_owner",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
    )
    category_id = fields.Many2one(
        "partner.archive.category",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_category_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    category_sequence = fields.Integer(related="category_id.sequence", store=True)
    type_id = fields.Many2one(
        "partner.archive.document.type",
        string="Document Type",
        index=True,
        tracking=True,
        domain="[('category_id', '=?', category_id)]",
    )
    expires = fields.Boolean(related="type_id.expires")
    catalogue_sequence = fields.Integer(readonly=True, copy=False)
    catalogue_number = fields.Char(readonly=True, copy=False, index=True)
    issue_date = fields.Date(tracking=True)
    expiry_date = fields.Date(
        compute="_compute_expiry_date", store=True, readonly=False, tracking=True
    )
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring"), ("expired", "Expired")],
        compute="_compute_state",
        store=True,
        index=True,
        help="Valid, expiring within the company's lead time, or expired. Recomputed daily.",
    )
    # what the document is worth to the archive, in one word: only a verified document counts
    # (the validity alone reads "valid" for a rep's filing the keeper has not checked yet)
    status = fields.Selection(
        [
            ("submitted", "Awaiting Verification"),
            ("valid", "Valid"),
            ("expiring", "Expiring Soon"),
            ("expired", "Expired"),
        ],
        compute="_compute_status",
        store=True,
        index=True,
        help="Awaiting Verification: filed, not checked by an archive keeper yet, so it counts "
        "for nothing. Valid: verified and in date. Expiring Soon: verified, expires within the "
        "lead time of Settings. Expired: past its expiry date.",
    )
    volume_year = fields.Integer(
        compute="_compute_volume_year",
        store=True,
        readonly=False,
        aggregator=None,
        help="Year of the bound volume the document is filed in (one volume per category "
        "and year).",
    )
    is_verified = fields.Boolean(
        string="Verified",
        readonly=True,
        copy=False,
        tracking=True,
        help="Checked by an archive keeper. Only verified documents count for completeness.",
    )
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_verified = fields.Datetime(readonly=True, copy=False)
    filed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, default=lambda self: self.env.user
    )
    archive_keeper_id = fields.Many2one(related="archive_id.keeper_id", store=True)
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "partner_archive_document_attachment_rel",
        "document_id",
        "attachment_id",
        string="Attachments",
    )
    notes = fields.Text()
    active = fields.Boolean(default=True)

    @api.depends("archive_id")
    def _compute_archive_owner(self):
        for document in self:
            if document.archive_id:
                document.partner_id = document.archive_id.partner_id
                document.company_id = document.archive_id.company_id
            elif not document.company_id:
                document.company_id = self.env.company

    @api.onchange("partner_id", "company_id")
    def _onchange_partner_id_archive(self):
        """Choosing the customer (in the form) files into its archive in the company."""
        partner = self.partner_id.commercial_partner_id
        company = self.company_id or self.env.company
        if partner and (self.archive_id.partner_id, self.archive_id.company_id) != (
            partner,
            company,
        ):
            archive = partner.with_company(company)._archive_get()
            self.archive_id = archive.with_env(self.env)

    @api.depends("type_id")
    def _compute_category_id(self):
        for document in self:
            if document.type_id:
                document.category_id = document.type_id.category_id

    @api.depends("type_id", "issue_date")
    def _compute_expiry_date(self):
        for document in self:
            doc_type = document.type_id
            if doc_type and not doc_type.expires:
                document.expiry_date = False
            elif doc_type.validity_months and document.issue_date:
                document.expiry_date = document.issue_date + relativedelta(
                    months=doc_type.validity_months
                )

    @api.depends("expiry_date", "company_id.archive_expiry_lead_days")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.state = document_state(
                document.expiry_date, today, document.company_id.archive_expiry_lead_days
            )

    @api.depends("state", "is_verified")
    def _compute_status(self):
        for document in self:
            if document.state == "expired" or document.is_verified:
                document.status = document.state
            else:
                document.status = "submitted"

    @api.depends("issue_date")
    def _compute_volume_year(self):
        for document in self:
            if document.issue_date:
                document.volume_year = document.issue_date.year
            elif not document.volume_year:
                document.volume_year = fields.Date.context_today(document).year

    def _compute_display_name(self):
        for document in self:
            if document.catalogue_number:
                document.display_name = f"[{document.catalogue_number}] {document.name or ''}"
            else:
                document.display_name = document.name or ""

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for document in self:
            if (
                document.issue_date
                and document.expiry_date
                and document.expiry_date < document.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "The expiry date of %(document)s cannot be before its issue date.",
                        document=document.name,
                    )
                )

    @api.constrains("type_id", "category_id")
    def _check_type_category(self):
        for document in self:
            if document.type_id and document.type_id.category_id != document.category_id:
                raise ValidationError(
                    self.env._(
                        "The document type %(type)s belongs to the category %(category)s.",
                        type=document.type_id.name,
                        category=document.type_id.category_id.display_name,
                    )
                )

    @api.constrains("volume_year")
    def _check_volume_year(self):
        for document in self:
            if document.volume_year and not 1900 <= document.volume_year <= 2999:
                raise ValidationError(
                    self.env._("The volume year %(year)s is not a year.", year=document.volume_year)
                )

    @api.model_create_multi
    def create(self, vals_list):
        is_keeper = self._files_verified()
        doc_types = self.env["partner.archive.document.type"]
        for vals in vals_list:
            if not vals.get("category_id") and vals.get("type_id"):
                vals["category_id"] = doc_types.browse(vals["type_id"]).category_id.id
            if not vals.get("category_id"):
                raise ValidationError(
                    self.env._("Choose the archive category the document is filed in.")
                )
            self._archive_from_partner(vals)
            for fname in ("is_verified", "verified_by_id", "date_verified"):
                vals.pop(fname, None)
            if is_keeper:
                # a keeper files documents directly into the archive: verified at once
                vals.update(self._verified_values())
        self._reserve_catalogue_numbers(vals_list)
        documents = super().create(vals_list)
        documents._link_attachments()
        documents.filtered(lambda d: not d.is_verified)._request_verification()
        return documents

    def write(self, vals):
        if not self.env.su and {"is_verified", "verified_by_id", "date_verified"} & set(vals):
            raise AccessError(self.env._("Only the verification button can verify a document."))
        if vals.get("partner_id") or vals.get("company_id"):
            vals = dict(vals)
            if len(self.archive_id) == 1 and not vals.get("partner_id"):
                vals["partner_id"] = self.archive_id.partner_id.id
            self._archive_from_partner(vals)
        renumber = self._to_renumber(vals)
        unverify = self._to_unverify(vals)
        res = super().write(vals)
        if renumber:
            renumber._renumber()
        if "attachment_ids" in vals:
            self._link_attachments()
        if unverify:
            unverify.sudo().write(
                {"is_verified": False, "verified_by_id": False, "date_verified": False}
            )
            unverify._request_verification()
        return res

    def action_verify(self):
        self.env["partner.credit.rights"]._require(
            KEEPER_GROUP, self.env._("Only archive keepers can verify archive documents.")
        )
        to_verify = self.filtered(lambda d: not d.is_verified)
        without_file = to_verify._without_file()
        if without_file:
            raise UserError(
                self.env._(
                    "A document is verified against its file. Attach the scan or photo "
                    "first; without a file: %(documents)s.",
                    documents=", ".join(without_file.mapped("display_name")),
                )
            )
        to_verify.sudo().write(self._verified_values())
        to_verify.activity_feedback(
            ["mail.mail_activity_data_todo"],
            feedback=self.env._("Verified by %(user)s", user=self.env.user.name),
        )
        return True

    def action_open_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Attachments"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    # business methods

    @api.model
    def _archive_from_partner(self, vals):
        """A document filed by customer (``partner_id``, optionally ``company_id``) goes to
        that customer's archive in that company (the current one by default), created on
        first need. Modifies ``vals`` in place."""
        partner_id = vals.pop("partner_id", None)
        company_id = vals.pop("company_id", None)
        if vals.get("archive_id") or not partner_id:
            return
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        archive = partner.with_company(company)._archive_get(create=True)
        vals["archive_id"] = archive.id

    def _to_unverify(self, vals):
        """The verified documents ``vals`` sends back for verification: a change of what the
        keeper checked, by someone who is not a keeper."""
        if (
            VERIFIED_FIELDS & set(vals)
            and not self.env.su
            and not self.env.user.has_group(KEEPER_GROUP)
        ):
            return self.filtered("is_verified")
        return self.browse()

    @api.model
    def _files_verified(self):
        """Whether the documents filed now are verified at once: a keeper's (and the system's)
        are; partner_archive_document_portal.py keeps a customer's online submission waiting."""
        return self.env.su or self.env.user.has_group(KEEPER_GROUP)

    @api.model
    def _verified_values(self):
        return {
            "is_verified": True,
            "verified_by_id": self.env.user.id,
            "date_verified": fields.Datetime.now(),
        }

    def _without_file(self):
        """The documents of ``self`` with no file: neither an uploaded attachment nor a
        file in their chatter (one query)."""
        if not self:
            return self
        with_chatter_file = {
            res_id
            for (res_id,) in self.env["ir.attachment"]
            .sudo()
            ._read_group([("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"])
        }
        return self.filtered(
            lambda d: not d.sudo().attachment_ids and d.id not in with_chatter_file
        )

    def _link_attachments(self):
        """Attach uploaded files to the document so that they follow its access rights."""
        for document in self:
            # only fresh uploads (no record yet): never re-home another record's file
            loose = document.sudo().attachment_ids.filtered(lambda a: not a.res_id)
            if loose:
                loose.write({"res_model": self._name, "res_id": document.id})

    def _request_verification(self):
        """Information flow salesperson -> archive keeper: ask the keeper to verify."""
        for document in self.sudo():
            keeper = document.archive_id.keeper_id
            if keeper:
                document.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=keeper.id,
                    summary=self.env._("Verify archive document"),
                    date_deadline=fields.Date.context_today(document),
                )
