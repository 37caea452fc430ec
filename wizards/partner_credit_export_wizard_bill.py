from odoo import fields, models


class PartnerCreditExportWizard(models.TransientModel):
    _inherit = "partner.credit.export.wizard"

    export_type = fields.Selection(
        selection_add=[("bills", "Bills Register")], ondelete={"bills": "set default"}
    )

    def _export(self, partners):
        if self.export_type == "bills":
            stamp = fields.Date.to_string(self.date_ref)
            return partners._credit_bill_register_xlsx(
                self.date_ref
            ), f"bills_register_{stamp}.xlsx"
        return super()._export(partners)
