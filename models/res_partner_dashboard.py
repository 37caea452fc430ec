import re

from odoo import api, fields, models
from odoo.fields import Domain

LIMIT_USE_ORDER = re.compile(r"^\s*credit_limit_use(?:\s+(asc|desc))?\s*(?:,(.*))?$", re.I)


class ResPartner(models.Model):
    """Use of the credit limit, and *Exposure vs Limit* sorted by it.

    The use is the exposure as a share of what the customer may owe (limit plus the cover of
    its securities), read from the exposure and available credit already computed for the
    row. It is not stored (exposure moves with every order, invoice and payment), so SQL
    cannot sort on it: a list ordered by ``credit_limit_use`` is sorted here, exactly, on the
    customers that have a limit (only they have a use), the others following in the usual
    order. Confidential as the exposure: a customer whose figures the user may not see has
    no use and sorts with those without a limit.
    """

    _inherit = "res.partner"

    credit_limit_use = fields.Float(
        string="Limit Used (%)",
        compute="_compute_credit_limit_use",
        groups="partner_credit_archive.group_archive_user",
        help="Exposure as a share of the credit limit plus securities; empty without a limit.",
    )

    @api.depends_context("uid", "company")
    def _compute_credit_limit_use(self):
        for partner in self:
            cover = partner.credit_available + partner.credit_exposure
            visible = partner.credit_figures_visible and partner.credit_limit_granted
            partner.credit_limit_use = (
                round(100.0 * partner.credit_exposure / cover, 2) if visible and cover > 0 else 0.0
            )

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        match = LIMIT_USE_ORDER.match(order or "")
        if not match:
            return super().web_search_read(domain, specification, offset, limit, order, count_limit)
        descending = (match.group(1) or "asc").lower() == "desc"
        rest = (match.group(2) or "").strip() or None
        page = self._credit_limit_use_page(Domain(domain), offset, limit, descending, rest)
        return {
            "length": self.search_count(domain, limit=count_limit),
            "records": page.web_read(specification),
        }

    @api.model
    def _credit_limit_use_page(self, domain, offset, limit, descending, order=None):
        """The page ``offset``/``limit`` of the partners of ``domain`` sorted by use of the
        limit (customers without a limit, or whose figures are hidden, last in ``order``)."""
        # the limit itself is an accounting field: whether there is one is not confidential
        with_limit = self.sudo()._search(Domain("credit_limit", ">", 0))
        limited = self.search(domain & Domain("id", "in", with_limit), order=order)
        limited = limited.filtered("credit_figures_visible")
        ranked = limited.sorted(
            lambda partner: partner.credit_limit_use, reverse=descending
        )  # sorted() is stable: ties keep ``order``
        head = ranked[offset : offset + limit if limit else None]
        if limit and len(head) == limit:
            return head
        rest_offset = max(offset - len(ranked), 0)
        rest = self.search(
            domain & Domain("id", "not in", ranked.ids),
            offset=rest_offset,
            limit=limit - len(head) if limit else None,
            order=order,
        )
        return head | rest
