from odoo import api, fields, models


class PartnerCreditReportLineMixin(models.AbstractModel):
    """A line of a credit report (figures of a year, a scorecard answer): created, changed and
    deleted only while its report is open (draft or submitted), see
    ``partner.credit.report._check_editable``."""

    _name = "partner.credit.report.line.mixin"
    _description = "Credit Report Line"

    report_id = fields.Many2one(
        "partner.credit.report", required=True, ondelete="cascade", index=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.report_id._check_editable()
        return lines

    def write(self, vals):
        self.report_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_report_editable(self):
        self.report_id._check_editable()
