"""Who gets a customer archive (and an archive number): the one definition.

A **customer** is a commercial partner (a company, or a person without a parent company) that
is not one of our own: not the partner of a company (ours or a branch, any company of the
database), not the partner of an internal user — active or archived: staff, OdooBot — nor of
the public user or the portal-user template. Portal users' partners are customers (SPEC §3.N:
the customer's own people use the portal; revoking portal access archives the user and makes
it "public", so no rule on share users could tell a former portal customer from staff).

The definition is SQL so that every place asks the same question set-based: numbering at
install (``_archive_init_codes``), on create and when a contact becomes commercial
(``_archive_assign_codes``), the upgrade that takes back wrongly given numbers
(``_archive_release_staff_codes``, res_partner_archive_init.py) and the archive register
(``_credit_archive_xlsx``).

A number, once given to a customer, is never taken back: a customer who later becomes a
user keeps its number and its archive, and stays in the register.
"""

from odoo import api, models
from odoo.tools import SQL

# context key of res.users / res.company create: the partner they create is left unnumbered
# until the user or company exists, then they number it if it is a customer (portal users).
# It only defers a number: it grants nothing.
DEFER_CODES = "archive_code_defer"


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _archive_placeholder_user_ids(self):
        """Odoo's own share users that stand for nobody: the public user and the template
        of new portal users (Settings may name another template)."""
        ids = [
            user.id
            for xmlid in ("base.public_user", "base.template_portal_user_id")
            if (user := self.env.ref(xmlid, raise_if_not_found=False))
        ]
        param = self.env["ir.config_parameter"].sudo().get_param("base.template_portal_user_id")
        if param and param.strip().isdigit():
            ids.append(int(param))
        return ids

    @api.model
    def _archive_staff_sql(self, alias):
        """SQL condition: partner ``alias`` is the partner of a company, of an internal user
        or of a placeholder user (``_archive_placeholder_user_ids``), archived ones
        included."""
        return SQL(
            """(EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = %(p)s.id)
                OR EXISTS (SELECT 1 FROM res_users u
                            WHERE u.partner_id = %(p)s.id
                              AND (u.share IS NOT TRUE OR u.id = ANY(%(placeholders)s))))""",
            p=SQL.identifier(alias),
            placeholders=self._archive_placeholder_user_ids(),
        )

    @api.model
    def _archive_customer_sql(self, alias):
        """SQL condition: partner ``alias`` is a customer, who gets an archive (see above)."""
        return SQL(
            "(%(p)s.is_company OR %(p)s.parent_id IS NULL) AND NOT %(staff)s",
            p=SQL.identifier(alias),
            staff=self._archive_staff_sql(alias),
        )

    @api.model
    def _archive_flush_customer_sql(self):
        self.env["res.users"].flush_model(["partner_id", "share"])
        self.env["res.company"].flush_model(["partner_id"])
        self.flush_model(["is_company", "parent_id"])
        self.env["partner.archive"].flush_model(["partner_id", "company_id", "code"])

    def _archive_customers(self, numbered=False):
        """The customers among ``self``, in id order; with ``numbered``, also the partners
        that hold an archive number in the current company already (numbers are never
        taken back)."""
        if not self:
            return self
        self._archive_flush_customer_sql()
        condition = self._archive_customer_sql("p")
        if numbered:
            condition = SQL(
                """(EXISTS (SELECT 1 FROM partner_archive a
                             WHERE a.partner_id = p.id AND a.company_id = %s
                               AND a.code IS NOT NULL)
                    OR %s)""",
                self.env.company.id,
                condition,
            )
        rows = self.env.execute_query(
            SQL(
                "SELECT p.id FROM res_partner p WHERE p.id = ANY(%s) AND %s ORDER BY p.id",
                list(self._ids),
                condition,
            )
        )
        return self.browse(row[0] for row in rows)
