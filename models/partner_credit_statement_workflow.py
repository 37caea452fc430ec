"""What happens to a statement: sent, then confirmed or disputed by the customer.

- **Send** opens Odoo's mail composer with the statement's template (the PDF attached, in the
  customer's language); posting it marks the statement *sent*. *Mark as Sent* does the same for
  a statement handed over on paper. From then on the statement is a document: its lines and
  figures no longer change, and the PDF the customer got is kept (``pdf_attachment_id``; the
  report reprints that file).
- **Confirm** (the customer agrees with the balance): who and when are recorded, and the
  statement is filed in the customer's archive, category 3 (credit and receivables), as a
  verified *account statement confirmation* with its PDF and the signed copy.
- **Dispute** (the customer's books differ): the difference and a note are required.

Both take the current user as the one who confirmed or disputed, so that the customer portal
can call them (in superuser mode, after its own access check) and record the portal user.
"""

from odoo import Command, fields, models
from odoo.exceptions import UserError

LAYOUT = "mail.mail_notification_layout_with_responsible_signature"
REPORT = "partner_credit_archive.report_partner_credit_statement"
TEMPLATE = "partner_credit_archive.mail_template_partner_credit_statement"
DOCUMENT_TYPE = "partner_credit_archive.archive_type_statement_confirmation"


class PartnerCreditStatement(models.Model):
    _inherit = "partner.credit.statement"

    # ------------------------------------------------------------------
    # sending
    # ------------------------------------------------------------------
    def action_send(self):
        """Open the mail composer with the statement's template and PDF."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "The statement %(name)s has already been answered by the customer.",
                    name=self.name,
                )
            )
        self.check_access("write")
        if self.state == "draft":
            self._credit_statement_compute()
        self._portal_ensure_token()
        template = self.env.ref(TEMPLATE, raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Statement"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": LAYOUT,
                "force_email": True,
                "mark_statement_as_sent": True,
            },
        }

    def action_mark_sent(self):
        """Mark drafts as sent without an email (a statement printed and handed over)."""
        self.check_access("write")
        drafts = self.filtered(lambda s: s.state == "draft")
        if not drafts:
            raise UserError(self.env._("Only draft statements can be marked as sent."))
        drafts._credit_statement_compute()
        drafts._credit_statement_mark_sent()
        return True

    def _credit_statement_send(self):
        """Send these statements by email with their template, one message each (the batch
        wizard); each is marked sent when its message is posted."""
        template = self.env.ref(TEMPLATE)
        for statement in self.with_context(mark_statement_as_sent=True):
            statement._portal_ensure_token()
            statement.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                email_layout_xmlid=LAYOUT,
            )

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if self.env.context.get("mark_statement_as_sent"):
            drafts = self.filtered(lambda s: s.state == "draft")
            drafts._credit_statement_mark_sent(message.attachment_ids)
        return message

    def _credit_statement_mark_sent(self, attachments=None):
        """Make these drafts documents: state sent, and the PDF kept as the customer got it
        (the one in ``attachments``, the sent message's, else printed now)."""
        self.write(
            {"state": "sent", "date_sent": fields.Datetime.now(), "sent_by_id": self.env.uid}
        )
        for statement in self:
            name = f"{statement._credit_statement_filename()}.pdf"
            pdf = (attachments or self.env["ir.attachment"]).filtered(lambda a, n=name: a.name == n)
            statement.pdf_attachment_id = pdf[:1] or statement._credit_statement_render_pdf()

    def _credit_statement_render_pdf(self):
        """Print the statement (in the customer's language) into an attachment of it."""
        self.ensure_one()
        content, _format = (
            self.env["ir.actions.report"]
            .with_context(report_pdf_no_attachment=True)
            ._render_qweb_pdf(REPORT, self.ids)
        )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self._credit_statement_filename()}.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    # ------------------------------------------------------------------
    # the customer's answer
    # ------------------------------------------------------------------
    def action_confirm(self):
        """The customer agrees with the statement: record who and when, file it in the
        archive as a verified document."""
        for statement in self:
            if statement.state not in ("sent", "disputed"):
                raise UserError(
                    self.env._(
                        "Only a statement sent to the customer can be confirmed (%(name)s is "
                        "%(state)s).",
                        name=statement.name,
                        state=statement._credit_state_label(),
                    )
                )
        self.check_access("write")
        self.write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.uid,
                "date_confirmed": fields.Datetime.now(),
            }
        )
        self.activity_feedback(
            ["mail.mail_activity_data_todo"],
            feedback=self.env._("Statement confirmed by %(user)s", user=self.env.user.name),
        )
        self._credit_statement_file()
        return True

    def action_dispute(self, difference=None, note=None):
        """The customer's books differ: record the difference and the note (given here, as a
        portal would, or entered on the statement), who and when."""
        values = {}
        if difference is not None:
            values["dispute_amount"] = difference
        if note is not None:
            values["dispute_note"] = note
        for statement in self:
            if statement.state != "sent":
                raise UserError(
                    self.env._(
                        "Only a statement sent to the customer can be disputed (%(name)s is "
                        "%(state)s).",
                        name=statement.name,
                        state=statement._credit_state_label(),
                    )
                )
            amount = values.get("dispute_amount", statement.dispute_amount)
            text = values.get("dispute_note", statement.dispute_note)
            if statement.currency_id.is_zero(amount or 0.0) or not (text or "").strip():
                raise UserError(
                    self.env._(
                        "Enter the difference the customer finds and a note explaining it "
                        "before marking %(name)s as disputed.",
                        name=statement.name,
                    )
                )
        self.check_access("write")
        self.write(
            {
                **values,
                "state": "disputed",
                "disputed_by_id": self.env.uid,
                "date_disputed": fields.Datetime.now(),
            }
        )
        for statement in self.filtered("sent_by_id"):
            statement.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=statement.sent_by_id.id,
                summary=self.env._("Resolve the statement difference"),
                note=statement.dispute_note,
            )
        return True

    def _credit_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # filing in the archive
    # ------------------------------------------------------------------
    def _credit_statement_file(self):
        """File each confirmed statement in its customer's archive (category 3) as a verified
        account statement confirmation, with the PDF sent and the signed copy."""
        doc_type = self.env.ref(DOCUMENT_TYPE).sudo()
        Document = self.env["partner.archive.document"].sudo()
        today = fields.Date.context_today(self)
        for statement in self.sudo():
            pdf = statement.pdf_attachment_id or statement._credit_statement_render_pdf()
            copies = (pdf | statement.signed_attachment_ids).copy(
                {"res_model": Document._name, "res_id": 0}
            )
            lang = statement.partner_id.lang or self.env.lang
            type_name = doc_type.with_context(lang=lang).name
            document = Document.create(
                {
                    "partner_id": statement.partner_id.id,
                    "company_id": statement.company_id.id,
                    "type_id": doc_type.id,
                    "category_id": doc_type.category_id.id,
                    "name": f"{type_name} {statement.name} "
                    f"({statement.date_from} – {statement.date_to})",
                    "issue_date": today,
                    "attachment_ids": [Command.set(copies.ids)],
                }
            )
            statement.archive_document_id = document

    def action_open_archive_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "partner.archive.document",
            "res_id": self.archive_document_id.id,
            "view_mode": "form",
        }
