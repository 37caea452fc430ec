from odoo import api, models
from odoo.exceptions import AccessError


class PartnerCreditRights(models.AbstractModel):
    """The one guard of the addon's rights checks done in code (on top of the access rights
    and record rules): the current user must be in a group, superuser mode passes.

    ``self.env["partner.credit.rights"]._require(MANAGER_GROUP, self.env._("Only …"))``
    """

    _name = "partner.credit.rights"
    _description = "Credit Archive Rights Guard"

    @api.model
    def _require(self, group_xmlid, message):
        """Raise ``AccessError(message)`` unless in superuser mode or the user is in
        ``group_xmlid`` (a full xml id)."""
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise AccessError(message)
