from odoo import fields, models

STATEMENT_GROUPS = "partner_credit_archive.group_archive_user,account.group_account_invoice"


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_statement_count = fields.Integer(
        string="Statements", compute="_compute_credit_statement_count", groups=STATEMENT_GROUPS
    )

    def _compute_credit_statement_count(self):
        counts = dict(
            self.env["partner.credit.statement"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.credit_statement_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_credit_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_statement_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
