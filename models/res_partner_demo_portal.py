"""The demo's customer portal (SPEC §3.N): a buyer of a late-paying demo customer logs in
to the portal (login ``customer``, password ``customer``; Odoo's own demo has a
user ``portal``) and finds last month's statement sent,
the customer's open items by age and the documents its archive waits for."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from .res_partner_demo import DEMO_MODULE

PORTAL_CUSTOMER = "hongyuan"


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _credit_archive_demo_generate(self):
        partners = super()._credit_archive_demo_generate()
        if partners and PORTAL_CUSTOMER in partners:
            self._credit_demo_portal(partners[PORTAL_CUSTOMER])
        return partners

    @api.model
    def _credit_demo_portal(self, customer):
        buyer = self.create(
            {
                "name": "梁晓红",
                "parent_id": customer.id,
                "email": "liang.xiaohong@hongyuan.example.com",
                "function": "财务经理",
                # the demo's visitor reads the portal in their own language (the README's
                # pictures: English, and Chinese from /zh_CN/my); the company reads Chinese
                "lang": self.env.user.lang,
            }
        )
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": "customer",
                    "password": "customer",
                    "partner_id": buyer.id,
                    "tz": self.env.user.tz or False,
                    "company_id": self.env.company.id,
                    "company_ids": [Command.set(self.env.company.ids)],
                    "group_ids": [Command.set(self.env.ref("base.group_portal").ids)],
                }
            )
        )
        self._credit_demo_xmlid("demo_user_portal", user)
        month_start = fields.Date.context_today(self).replace(day=1)
        statement = self.env["partner.credit.statement"].create(
            {
                "partner_id": customer.id,
                "date_from": month_start - relativedelta(months=3),
                "date_to": month_start - relativedelta(days=1),
            }
        )
        statement.with_user(self.env.ref(f"{DEMO_MODULE}.demo_user_credit")).action_mark_sent()
        statement._portal_ensure_token()
        return user
