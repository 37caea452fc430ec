"""The customer portal of the credit archive (SPEC §3.N), on Odoo's own ``/my`` pages.

- ``/my/credit``: the customer's account — its open items one by one with their age, the
  aging buckets (the receivables ledger, as every other figure) and, when the company shows
  it, the credit limit and the available credit;
- ``/my/credit/documents``: the mandatory documents the archive is waiting for (missing,
  expired, expiring); uploading one files it *submitted* for the keeper to verify.

Isolation: each page shows the portal user's own commercial partner only. What a portal user
may read directly (their own online submissions) is read with their rights and the record
rules of security/partner_credit_portal_security.xml; what they have no right on (the ledger,
the archive) is read in superuser mode by the methods of res_partner_portal.py, for that one
commercial partner.
"""

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class CreditArchivePortal(CustomerPortal):
    # ------------------------------------------------------------------ home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        partner = self._credit_portal_partner()
        company = request.env.company
        if "credit_open_invoice_count" in counters:
            values["credit_open_invoice_count"] = (
                request.env["partner.credit.ledger"]
                .sudo()
                ._open_item_count(partner.ids, company, invoices_only=True)
            )
        if "credit_document_request_count" in counters:
            values["credit_document_request_count"] = len(
                partner._credit_portal_documents_requested(company)
            )
        return values

    def _credit_portal_partner(self):
        """The customer whose pages these are: the portal user's commercial partner."""
        return request.env.user.partner_id.commercial_partner_id

    # ------------------------------------------------------------------ account

    @http.route(
        ["/my/credit", "/my/credit/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_credit_account(self, page=1, **kw):
        partner = self._credit_portal_partner()
        total = (
            request.env["partner.credit.ledger"]
            .sudo()
            ._open_item_count(partner.ids, request.env.company)
        )
        pager = portal_pager(url="/my/credit", total=total, page=page, step=self._items_per_page)
        account = partner._credit_portal_account(
            request.env.company, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "credit_account",
                "partner": partner,
                "account": account,
                "pager": pager,
                "today": fields.Date.context_today(partner),
            }
        )
        return request.render("partner_credit_archive.portal_my_credit_account", values)

    # ------------------------------------------------------------------ documents

    @http.route(["/my/credit/documents"], type="http", auth="user", website=True)
    def portal_my_credit_documents(self, submitted=None, **kw):
        values = self._credit_documents_values()
        values["submitted"] = bool(submitted)
        return request.render("partner_credit_archive.portal_my_credit_documents", values)

    @http.route(
        ["/my/credit/documents/upload"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_credit_document_upload(
        self, type_id=None, issue_date=None, expiry_date=None, attachment=None, **kw
    ):
        partner = self._credit_portal_partner()
        Document = request.env["partner.archive.document"]
        doc_type = request.env["partner.archive.document.type"].sudo().browse()
        if type_id and str(type_id).isdigit():
            doc_type = doc_type.browse(int(type_id)).exists()
        try:
            with request.env.cr.savepoint():
                issue = self._credit_portal_date(issue_date)
                expiry = self._credit_portal_date(expiry_date)
                content = attachment.read() if attachment else b""
                filename = attachment.filename if attachment else None
                Document._portal_submit(partner, doc_type, filename, content, issue, expiry)
        except (UserError, ValidationError) as error:
            values = self._credit_documents_values()
            values.update({"error": error.args[0], "error_type_id": doc_type.id})
            return request.render("partner_credit_archive.portal_my_credit_documents", values)
        return request.redirect("/my/credit/documents?submitted=1")

    def _credit_documents_values(self):
        partner = self._credit_portal_partner()
        requested = partner._credit_portal_documents_requested(request.env.company)
        Document = request.env["partner.archive.document"]
        # the user's own rights: the portal rule shows their company's submissions only
        sent = (
            Document.search(
                [
                    ("submitted_from_portal", "=", True),
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", request.env.company.id),
                ],
                order="create_date desc, id desc",
                limit=self._items_per_page,
            )
            if Document.has_access("read")
            else Document
        )
        waiting = sent.filtered(lambda d: not d.is_verified)
        for row in requested:
            row["waiting"] = waiting.filtered(lambda d, t=row["type"]: d.type_id.id == t.id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "credit_documents",
                "partner": partner,
                "requested": requested,
                "sent": sent,
            }
        )
        return values

    def _credit_portal_date(self, value):
        """A date typed in a portal form (YYYY-MM-DD, empty for none)."""
        if not value:
            return None
        try:
            return fields.Date.to_date(value)
        except ValueError as error:
            raise UserError(
                request.env._("%(value)s is not a date (year-month-day).", value=value)
            ) from error
