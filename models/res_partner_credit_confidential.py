"""Confidential credit figures (SPEC §3.M, seed 000: 客户档案的泄密,势必影响企业的生命).

Every internal user reads ``res.partner``, so the credit figures of a customer — exposure,
available credit, rating, score, the grading KPIs and the tier explanation, the limit proposal
made from the report's score — are **computed values that are empty** for a sales rep who is
not the customer's salesperson (the commercial partner's ``user_id``). Never an access error:
the contact list, the form and exports keep working, the cells are just empty.

- :meth:`_credit_figures_visible` is the one rule, set-based: superuser mode, archive keepers
  and credit managers see every customer's figures; anyone else those of the customers whose
  commercial partner's salesperson they are. Every compute of a confidential field calls it.
- Stored values (rating, score) are kept in fields only keepers and credit managers read
  (``credit_rating_value``, ``credit_score_value``); the public names of SPEC §4 are computes
  over them with a search that never matches a customer whose figures the user may not see,
  so a domain on a rating reveals nothing. Group-by and pivots on confidential values use the
  stored fields, which reps cannot read.
- ``credit_figures_visible`` lets views leave the widgets of hidden figures out.

Not confidential, on purpose: the tier (reps sell by it: pricelist, credit sales allowed), the
value and ABC classes, credit hold, cash only, the credit limit and the current report's link
(the report itself is closed to reps by record rules).
"""

from odoo import api, fields, models
from odoo.fields import Domain

# credit managers imply archive keepers: both see every customer's figures
FIGURES_GROUP = "partner_credit_archive.group_archive_keeper"


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_figures_visible = fields.Boolean(
        compute="_compute_credit_figures_visible",
        help="Whether you may see this customer's credit figures: you are its salesperson, an "
        "archive keeper or a credit manager.",
    )

    @api.depends("commercial_partner_id.user_id")
    @api.depends_context("uid")
    def _compute_credit_figures_visible(self):
        visible = self._credit_figures_visible()
        for partner in self:
            partner.credit_figures_visible = partner.id in visible

    def _credit_figures_see_all(self):
        """Whether the current user sees the credit figures of every customer."""
        return self.env.su or self.env.user.has_group(FIGURES_GROUP)

    def _credit_figures_visible(self):
        """The ids of the partners of ``self`` whose credit figures the current user may see
        (a set), in a bounded number of queries whatever the size of ``self``."""
        if self._credit_figures_see_all():
            return {partner.id for partner in self}
        partners = self.sudo()
        stored = partners.filtered("id")
        # only what the rule needs: a plain read would load every column of the partners
        stored.fetch(["commercial_partner_id"])
        stored.commercial_partner_id.fetch(["user_id"])
        uid = self.env.uid
        return {
            partner.id for partner in partners if partner.commercial_partner_id.user_id.id == uid
        }

    @api.model
    def _credit_figures_domain(self):
        """Domain of the partners whose credit figures the current user may see."""
        if self._credit_figures_see_all():
            return Domain.TRUE
        return Domain("commercial_partner_id.user_id", "=", self.env.uid)

    @api.model
    def _credit_search_confidential(self, stored_field, operator, value):
        """Search on a confidential value kept in ``stored_field`` (readable by keepers and
        credit managers only): the customers matching it among those whose figures the
        current user may see, and no other, whatever the operator."""
        if self._credit_figures_see_all():
            return Domain(stored_field, operator, value)
        matching = (
            self.sudo()
            .with_context(active_test=False)
            ._search(Domain(stored_field, operator, value) & self._credit_figures_domain())
        )
        return Domain("id", "in", matching)
