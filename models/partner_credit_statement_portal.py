"""Customer statements in the customer portal (SPEC §3.N): the customer confirms or disputes
a statement online, through the same ``action_confirm`` / ``action_dispute`` as inside.

The portal controller calls them in superuser mode after its own access check (the portal
user's record rule, or the statement's access token of the email), with the portal user as
the current user: who answered and when are recorded as for an answer entered inside. Someone
who opened the emailed link without logging in is Odoo's public user; the name they type is
posted on the statement so that the answer keeps a person's name.
"""

from odoo import models


class PartnerCreditStatement(models.Model):
    _inherit = "partner.credit.statement"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self._credit_statement_filename()

    def _credit_portal_post_answer(self, signer_name=None):
        """Post on the statement, as the customer, who answered it online."""
        self.ensure_one()
        user = self.env.user
        if user._is_public():
            author = self.partner_id
            who = signer_name or author.name
        else:
            author = user.partner_id
            who = user.partner_id.name
        if self.state == "confirmed":
            body = self.env._("Confirmed online by %(name)s.", name=who)
        else:
            body = self.env._(
                "Disputed online by %(name)s: difference %(amount)s. %(note)s",
                name=who,
                amount=self.currency_id.format(self.dispute_amount),
                note=self.dispute_note or "",
            )
        self.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
