from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

MANAGER_GROUP = "partner_credit_archive.group_credit_manager"


class PartnerCreditGroup(models.Model):
    """A group of customers (集团客户) sharing one credit limit in one company.

    An order of a member must fit both the member's own available credit and the group's.
    The group's limit is a credit decision like a customer's: only credit managers change it,
    and every change is recorded (decision type "group_limit", immutable).
    """

    _name = "partner.credit.group"
    _description = "Customer Credit Group"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self._default_company(),
        help="The group limit applies to orders of this company.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    credit_limit = fields.Monetary(
        string="Group Credit Limit",
        tracking=True,
        help="Total exposure all members together may reach (company currency). 0 = no limit.",
    )
    partner_ids = fields.One2many(
        "res.partner",
        "credit_group_id",
        string="Members",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Members Count")
    credit_exposure = fields.Monetary(
        compute="_compute_credit_exposure",
        compute_sudo=True,
        help="Sum of the members' exposures in the group's company.",
    )
    credit_available = fields.Monetary(
        compute="_compute_credit_exposure",
        compute_sudo=True,
        help="Group limit minus the members' exposure (0 when the group has no limit).",
    )
    note = fields.Text()

    @api.model
    def _default_company(self):
        return self.env.company

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for group in self:
            group.partner_count = len(group.partner_ids)

    def _compute_credit_exposure(self):
        for company, groups in self.grouped("company_id").items():
            exposures = groups._credit_exposure_by_group(company)
            for group in groups:
                group.credit_exposure = exposures.get(group.id, 0.0)
                group.credit_available = (
                    group.credit_limit - group.credit_exposure if group.credit_limit else 0.0
                )

    @api.constrains("credit_limit")
    def _check_credit_limit(self):
        for group in self:
            if group.credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The credit limit of group %(group)s cannot be negative.", group=group.name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("credit_limit"):
                self._credit_ensure_limit_change(vals["credit_limit"])
        groups = super().create(vals_list)
        for group in groups.filtered("credit_limit"):
            group._credit_record_decision(
                0.0, group.credit_limit, self.env._("Group credit limit set on creation.")
            )
        return groups

    def write(self, vals):
        if "credit_limit" not in vals:
            return super().write(vals)
        new_limit = vals["credit_limit"] or 0.0
        self._credit_ensure_limit_change(new_limit)
        old_limits = {group.id: group.credit_limit for group in self}
        res = super().write(vals)
        for group in self:
            if float_compare(old_limits[group.id], new_limit, precision_digits=2):
                group._credit_record_decision(
                    old_limits[group.id], new_limit, self.env._("Group credit limit changed.")
                )
        return res

    def _credit_ensure_limit_change(self, new_limit):
        self.env["partner.credit.rights"]._require(
            MANAGER_GROUP, self.env._("Only credit managers can change group credit limits.")
        )
        if new_limit is None or new_limit is False or new_limit < 0:
            raise ValidationError(self.env._("A group credit limit cannot be negative."))

    def _credit_record_decision(self, old_limit, new_limit, reason):
        self.ensure_one()
        return (
            self.env["partner.credit.decision"]
            .sudo()
            .create(
                {
                    "credit_group_id": self.id,
                    "company_id": self.company_id.id,
                    "decision_type": "group_limit",
                    "old_limit": old_limit,
                    "new_limit": new_limit,
                    "reason": reason,
                    "user_id": self.env.user.id,
                }
            )
        )

    def _credit_exposure_by_group(self, company):
        """{group_id: exposure} in ``company``: the members' exposures added up."""
        members = self.sudo().with_context(active_test=False).partner_ids.commercial_partner_id
        exposure = members._credit_exposure_get(company)
        result = dict.fromkeys(self.ids, 0.0)
        for member in members:
            group = member.credit_group_id
            if group.id in result:
                result[group.id] += exposure.get(member.id, 0.0)
        return result
