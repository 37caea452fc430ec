from odoo import api, models
from odoo.exceptions import UserError


class PartnerCreditImmutableMixin(models.AbstractModel):
    """Records kept as they were made (audit trail): any write is refused, and so is deleting
    them; uninstalling the addon still removes them.

    A model using it sets the two messages, lazily translated (``LazyTranslate``)::

        _credit_immutable_write_message = _lt("… are kept as they were made; …")
        _credit_immutable_unlink_message = _lt("… cannot be deleted.")
    """

    _name = "partner.credit.immutable.mixin"
    _description = "Immutable Credit Record"

    _credit_immutable_write_message = None
    _credit_immutable_unlink_message = None

    def write(self, vals):
        if vals:
            raise UserError(self.env._(self._credit_immutable_write_message))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._(self._credit_immutable_unlink_message))
