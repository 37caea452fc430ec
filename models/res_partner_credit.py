from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_decision_ids = fields.One2many(
        "partner.credit.decision",
        "partner_id",
        string="Credit Decisions",
        groups="partner_credit_archive.group_archive_user",
    )
    credit_decision_count = fields.Integer(
        compute="_compute_credit_decision_count",
        groups="partner_credit_archive.group_archive_user",
    )

    def _compute_credit_decision_count(self):
        decisions = self.env["partner.credit.decision"]
        counts = dict(
            decisions._read_group(decisions._domain_for_partners(self), ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.credit_decision_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_credit_decisions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_credit_archive.partner_credit_decision_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
