from odoo import models

#: marks the writes of Odoo's contact merge; an object, not a value a client could send
MERGE_TOKEN = object()


class ResPartner(models.Model):
    """Odoo's contact merge (Contacts ▸ Merge) fills the kept contact's empty fields with the
    merged contacts' values. For the archive and credit fields this is a consolidation of
    values that already exist, not an edit: they are written whatever the archive rights of
    the user merging (who may not be a keeper), so that nothing filed on the merged contact is
    lost. A credit limit taken over is recorded as a credit decision (see the merge wizard)."""

    _inherit = "res.partner"

    def write(self, vals):
        if self.env.context.get("credit_archive_merge") is not MERGE_TOKEN or self.env.su:
            return super().write(vals)
        ours = {
            fname: value
            for fname, value in vals.items()
            if self._fields[fname]._module == "partner_credit_archive"
        }
        others = {fname: value for fname, value in vals.items() if fname not in ours}
        result = super().write(others) if others else True
        if ours:
            super(ResPartner, self.sudo()).write(ours)
        return result
