"""The customer portal of the credit archive (SPEC §3.N), on Odoo's own ``/my`` pages.

- ``/my/credit``: the customer's account — its open items one by one with their age, the
  aging buckets (the receivables ledger, as every other figure) and, when the company shows
  it, the credit limit and the available credit;
- ``/my/credit/documents``: the mandatory documents the archive is waiting for (missing,
  expired, expiring); uploading one files it *submitted* for the keeper to verify;
- ``/my/statements``: the statements sent to the customer, each with its PDF, to confirm or
  dispute online (partner_credit_statement_portal.py). The emailed link carries the
  statement's access token and opens that statement, and only that one, without a login.

Isolation: each page shows the portal user's own commercial partner only. What a portal user
may read directly (their own online submissions) is read with their rights and the record
rules of security/partner_credit_portal_security.xml; what they have no right on (the ledger,
the archive) is read in superuser mode by the methods of res_partner_portal.py, for that one
commercial partner.
"""

import math

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_round

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
        Statement = request.env["partner.credit.statement"]
        if "credit_statement_count" in counters:
            values["credit_statement_count"] = (
                Statement.search_count(self._credit_statements_domain())
                if Statement.has_access("read")
                else 0
            )
        if "credit_statement_to_answer_count" in counters:
            values["credit_statement_to_answer_count"] = (
                Statement.search_count(self._credit_statements_domain() + [("state", "=", "sent")])
                if Statement.has_access("read")
                else 0
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

    # ------------------------------------------------------------------ statements

    def _credit_statements_domain(self):
        """The portal user's own customer's statements once sent (the record rule says the
        same for portal users; internal users browsing /my see their own partner's only)."""
        return [("partner_id", "=", self._credit_portal_partner().id), ("state", "!=", "draft")]

    def _credit_statement_searchbar_filters(self):
        env = request.env
        labels = {
            "all": env._("All"),
            "sent": env._("To Confirm"),
            "confirmed": env._("Confirmed"),
            "disputed": env._("Disputed Statements"),
        }
        return {
            key: {"label": label, "domain": [("state", "=", key)] if key != "all" else []}
            for key, label in labels.items()
        }

    @http.route(
        ["/my/statements", "/my/statements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_statements(self, page=1, filterby=None, **kw):
        Statement = request.env["partner.credit.statement"]
        filters = self._credit_statement_searchbar_filters()
        filterby = filterby if filterby in filters else "all"
        domain = self._credit_statements_domain() + filters[filterby]["domain"]
        readable = Statement.has_access("read")
        total = Statement.search_count(domain) if readable else 0
        pager = portal_pager(
            url="/my/statements",
            url_args={"filterby": filterby},
            total=total,
            page=page,
            step=self._items_per_page,
        )
        statements = (
            Statement.search(domain, limit=self._items_per_page, offset=pager["offset"])
            if readable
            else Statement
        )
        request.session["my_statements_history"] = statements.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "credit_statement",
                "statements": statements,
                "pager": pager,
                "default_url": "/my/statements",
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("partner_credit_archive.portal_my_statements", values)

    def _credit_statement_check_access(self, statement_id, access_token=None):
        """The statement if the user may read it (record rules) or holds its token; in
        superuser mode but as the current user, so that an answer records who gave it.
        A draft is never shown."""
        statement = self._document_check_access(
            "partner.credit.statement", statement_id, access_token
        )
        if statement.state == "draft":
            raise MissingError(request.env._("This statement has not been sent yet."))
        return request.env["partner.credit.statement"].browse(statement.id).sudo()

    @http.route(["/my/statements/<int:statement_id>"], type="http", auth="public", website=True)
    def portal_my_statement(
        self, statement_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            statement_sudo = self._credit_statement_check_access(statement_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf"):
            return self._show_report(
                model=statement_sudo,
                report_type=report_type,
                report_ref="partner_credit_archive.report_partner_credit_statement",
                download=download,
            )
        values = self._credit_statement_values(statement_sudo, access_token, **kw)
        return request.render("partner_credit_archive.portal_statement_page", values)

    def _credit_statement_values(self, statement_sudo, access_token, error=None, **kw):
        values = {
            "page_name": "credit_statement",
            "statement": statement_sudo,
            "is_public": request.env.user._is_public(),
            "message": kw.get("message"),
            "credit_error": error,
        }
        return self._get_page_view_values(
            statement_sudo, access_token, values, "my_statements_history", False, **kw
        )

    @http.route(
        ["/my/statements/<int:statement_id>/confirm"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_statement_confirm(self, statement_id, access_token=None, signer_name=None, **kw):
        try:
            statement_sudo = self._credit_statement_check_access(statement_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                self._credit_statement_check_signer(signer_name)
                statement_sudo.action_confirm()
                statement_sudo._credit_portal_post_answer(signer_name)
        except UserError as error:
            return self._credit_statement_render_error(statement_sudo, access_token, error)
        return request.redirect(statement_sudo.get_portal_url(query_string="&message=confirmed"))

    @http.route(
        ["/my/statements/<int:statement_id>/dispute"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_statement_dispute(
        self, statement_id, access_token=None, difference=None, note=None, signer_name=None, **kw
    ):
        try:
            statement_sudo = self._credit_statement_check_access(statement_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                self._credit_statement_check_signer(signer_name)
                amount = self._credit_portal_amount(difference, statement_sudo.currency_id)
                statement_sudo.action_dispute(difference=amount, note=(note or "").strip())
                statement_sudo._credit_portal_post_answer(signer_name)
        except UserError as error:
            return self._credit_statement_render_error(statement_sudo, access_token, error)
        return request.redirect(statement_sudo.get_portal_url(query_string="&message=disputed"))

    def _credit_statement_render_error(self, statement_sudo, access_token, error):
        statement_sudo.invalidate_recordset()
        values = self._credit_statement_values(statement_sudo, access_token, error=error.args[0])
        return request.render("partner_credit_archive.portal_statement_page", values)

    def _credit_statement_check_signer(self, signer_name):
        """Someone answering through the emailed link without logging in gives their name."""
        if request.env.user._is_public() and not (signer_name or "").strip():
            raise UserError(request.env._("Enter your name to answer the statement."))

    def _credit_portal_amount(self, value, currency):
        """An amount typed in a portal form (a dot or a comma as decimal separator)."""
        text = (value or "").strip().replace(" ", "")
        text = text.replace(",", "") if "." in text else text.replace(",", ".")
        try:
            amount = float(text)
        except ValueError:
            amount = None
        if amount is None or not math.isfinite(amount):
            raise UserError(request.env._("%(value)s is not an amount.", value=value or ""))
        return float_round(amount, precision_rounding=currency.rounding)
