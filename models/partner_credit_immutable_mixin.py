from odoo import api, models
from odoo.exceptions import UserError


class PartnerCreditImmutableMixin(models.AbstractModel):
    """Records kept as they were made (audit trail): any write is refused, and so is deleting
    them; uninstalling the addon still removes them.

    A model using it words its refusals in ``_credit_immutable_message``.
    """

    _name = "partner.credit.immutable.mixin"
    _description = "Immutable Credit Record"

    def _credit_immutable_message(self, operation):
        """The translated message refusing ``operation`` ("write" or "unlink")."""
        raise NotImplementedError(f"{self._name} must word its refusal to {operation}")

    def write(self, vals):
        if vals:
            raise UserError(self._credit_immutable_message("write"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self._credit_immutable_message("unlink"))
