"""Documents a customer sends through the portal (SPEC §3.N; seed 004: customer →
salesperson → archive keeper).

The customer uploads a document its archive asks for (a renewed business licence); it is
filed in the archive *submitted*: not verified, the file attached, marked as sent online and
by whom, with an activity asking the keeper to verify it. Until the keeper verifies it, it
counts for nothing (completeness, credit control), like any document filed by a non-keeper.
"""

import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

# context key: the document being created is a customer's submission (never verified at once)
PORTAL_SUBMISSION = "credit_archive_portal_submission"
MAX_UPLOAD_MB = 20
# file contents a browser runs: an upload of these is kept as plain text
ACTIVE_CONTENT = ("html", "xml", "svg", "javascript")


class PartnerArchiveDocument(models.Model):
    _inherit = "partner.archive.document"

    submitted_from_portal = fields.Boolean(
        string="Sent by the Customer",
        readonly=True,
        copy=False,
        help="The customer sent this document through the customer portal; the archive "
        "keeper checks it and verifies it.",
    )

    @api.model
    def _files_verified(self):
        return super()._files_verified() and not self.env.context.get(PORTAL_SUBMISSION)

    @api.model
    def _portal_submit(
        self, partner, doc_type, filename, content, issue_date=None, expiry_date=None
    ):
        """File the document ``content`` (bytes) of type ``doc_type`` that the portal user sent
        for the commercial partner ``partner``, in the current company's archive.

        Only a type the archive is asking for (``_credit_portal_documents_requested``) is
        accepted. The document is created as the system (a portal user has no right on the
        archive) but filed by the portal user, never verified; returns it (superuser).
        """
        partner = partner.commercial_partner_id
        company = self.env.company
        requested = partner._credit_portal_documents_requested(company)
        if doc_type.id not in {row["type"].id for row in requested}:
            raise UserError(self.env._("Your archive is not waiting for this document."))
        if not content:
            raise UserError(self.env._("Choose the file to send."))
        if len(content) > MAX_UPLOAD_MB * 1024 * 1024:
            raise UserError(self.env._("The file is larger than %(size)s MB.", size=MAX_UPLOAD_MB))
        if issue_date and issue_date > fields.Date.context_today(self):
            raise ValidationError(self.env._("The issue date cannot be in the future."))
        user = self.env.user
        mimetype = guess_mimetype(content)
        if any(kind in mimetype for kind in ACTIVE_CONTENT):
            # what a browser would run when the keeper opens it: served as text
            mimetype = "text/plain"
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename or doc_type.name,
                    "datas": base64.b64encode(content),
                    "mimetype": mimetype,
                }
            )
        )
        vals = {
            "name": doc_type.name,
            "partner_id": partner.id,
            "company_id": company.id,
            "type_id": doc_type.id,
            "attachment_ids": [(6, 0, attachment.ids)],
            "filed_by_id": user.id,
            "submitted_from_portal": True,
        }
        if issue_date:
            vals["issue_date"] = issue_date
        if expiry_date:
            vals["expiry_date"] = expiry_date
        return self.sudo().with_context(**{PORTAL_SUBMISSION: True}).create(vals)

    def _request_verification(self):
        """A customer's submission goes to the archive keeper, else to whoever looks after
        the archive's reminders (the salesperson, then the credit manager): it must never
        wait unseen."""
        online = self.filtered("submitted_from_portal")
        res = super(PartnerArchiveDocument, self - online)._request_verification()
        for document in online.sudo():
            partner = document.partner_id.with_company(document.company_id)
            user = (
                document.archive_id.keeper_id
                or partner._credit_reminder_users()[partner.id]["keeper"]
            )
            if not user:
                continue
            env = partner._credit_reminder_lang_env(user)
            document.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=env._("Verify the document the customer sent online"),
                note=env._(
                    "%(customer)s sent %(document)s through the customer portal. Check it "
                    "and verify it: until then it does not count for the archive.",
                    customer=partner.name,
                    document=document.name,
                ),
                date_deadline=fields.Date.context_today(document),
            )
        return res
