from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo, force_create=True):
        """A company's chart of accounts brings its bills-receivable journal (SPEC §3.J)."""
        result = super()._load(template_code, company, install_demo, force_create)
        company = self.env["res.company"].browse(company.id)
        if not company.sudo().credit_bill_journal_id:
            company._credit_bill_journal_ensure()
        return result
