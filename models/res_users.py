from odoo import api, models

from .res_partner_archive_customer import DEFER_CODES


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        # The partner Odoo creates for a new user is created before the user exists, when it
        # still looks like a customer: it is numbered here, once the user exists, if it is one
        # (a portal user's) and not staff. An existing partner given a user keeps its number.
        users = super(ResUsers, self.with_context(**{DEFER_CODES: True})).create(vals_list)
        users = users.with_env(self.env)
        users.partner_id._archive_assign_codes()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals:
            # staff who become portal users (a former employee now a customer) are customers
            # from now on; customers who become staff keep their number
            self.partner_id._archive_assign_codes()
        return res
