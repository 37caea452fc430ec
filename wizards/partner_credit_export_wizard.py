from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class PartnerCreditExportWizard(models.TransientModel):
    """Choose customers by tier, salesperson and company, download an XLSX export."""

    _name = "partner.credit.export.wizard"
    _description = "Credit Archive Export"

    export_type = fields.Selection(
        [("register", "Archive Register"), ("aging", "AR Aging")],
        required=True,
        default="register",
    )
    date_ref = fields.Date(
        string="As Of", required=True, default=lambda self: self._default_date_ref()
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", help="Leave empty for every customer."
    )
    user_ids = fields.Many2many("res.users", string="Salespersons")
    tier_ids = fields.Many2many("partner.credit.tier", string="Tiers")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self._default_company_id()
    )
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _default_date_ref(self):
        return fields.Date.context_today(self)

    @api.model
    def _default_company_id(self):
        return self.env.company

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_ids" in fields_list:
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def _partners(self, limit=None):
        self.ensure_one()
        domain = Domain("parent_id", "=", False)
        # without active_test: Odoo would read "active" to filter the selection, which loads
        # every column of every selected customer (the search below leaves archived ones out)
        selected = self.with_context(active_test=False).partner_ids
        if selected:
            domain &= Domain("id", "in", selected._credit_commercial_by_id().ids)
        if self.user_ids:
            domain &= Domain("user_id", "in", self.user_ids.ids)
        if self.tier_ids:
            domain &= Domain("credit_tier_id", "in", self.tier_ids.ids)
        return (
            self.env["res.partner"]
            .with_company(self.company_id)
            .search(domain, order="id", limit=limit)
        )

    def _partners_count(self):
        """How many customers the export selects (for the message; one search of ids)."""
        return len(self._partners()._ids)

    def _export(self, partners):
        stamp = fields.Date.to_string(self.date_ref)
        if self.export_type == "register":
            data = partners._credit_archive_xlsx(self.date_ref)
            return data, f"customer_archive_register_{stamp}.xlsx"
        if self.export_type == "aging":
            return partners._credit_aging_xlsx(self.date_ref), f"ar_aging_{stamp}.xlsx"
        raise UserError(self.env._("Unknown export."))

    def _export_file(self):
        """The workbook of this export and its file name: (bytes, name). Reads only: the
        download route (controllers/credit_export.py) runs it on Odoo's read-only cursor."""
        self.ensure_one()
        self = self.with_company(self.company_id)  # noqa: PLW0642 (exports are per company)
        partners = self._partners()
        if not partners:
            raise UserError(self.env._("No customer matches these filters."))
        return self._export(partners)

    def action_export(self):
        """Check the selection here (an error stays in the dialog), say what is coming (the
        file is not on screen), then let the browser download the workbook from the
        read-only route, off the primary database when Odoo has a replica, and close the
        dialog, as Odoo's own downloads from a dialog do (an ``act_url`` with ``close``)."""
        self.ensure_one()
        count = self.with_company(self.company_id)._partners_count()
        if not count:
            raise UserError(self.env._("No customer matches these filters."))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Export to Excel"),
                "message": self.env._(
                    "Your browser is downloading the workbook (customers: %(count)s).",
                    count=count,
                ),
                "type": "success",
                "next": {
                    "type": "ir.actions.act_url",
                    "url": f"/partner_credit_archive/export/{self.id}",
                    "target": "self",
                    "close": True,
                },
            },
        }
