"""Demo data: the customers' archives (see res_partner_demo.py).

Documents filed by the archive keeper (verified at once) and by the sales rep (waiting for
the keeper): business licences (one expired, one expiring soon), powers of attorney,
contracts, visit reports, credit-limit approvals and an expired bank guarantee; two
customers with nothing filed yet (missing mandatory documents) and one archive reviewed.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models

from .res_partner_demo import CUSTOMERS, DEMO_MODULE


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _credit_demo_documents(self, partners, users, today):
        """Archives filed by the keeper (verified) and by the sales rep (to verify); some
        documents expiring soon, some expired, a customer with nothing filed yet."""
        keeper_vals, sales_vals = [], []
        for number, (key, name, __, profile, __, own) in enumerate(CUSTOMERS):
            if profile in ("prospect", "lapsed"):
                continue  # nothing filed yet: missing mandatory documents
            partner = partners[key]
            keeper_vals += self._credit_demo_customer_documents(partner, key, name, number, today)
            visit = self._credit_demo_visit_report(partner, number, today)
            if own:
                # filed by the sales rep with its file, waiting for the keeper to verify it
                visit["attachment_ids"] = [
                    Command.create(
                        {"name": "visit_report.txt", "raw": f"{name}: {visit['name']}".encode()}
                    )
                ]
                sales_vals.append(visit)
            else:
                keeper_vals.append(visit)
            if key in ("huaxin", "dongfang"):
                keeper_vals.append(self._credit_demo_limit_approval(partner, today))
        keeper_vals.append(self._credit_demo_guarantee(partners["haixia"], today))
        documents = self.env["partner.archive.document"]
        documents.with_user(users["keeper"]).create(keeper_vals)
        documents.with_user(users["sales"]).create(sales_vals)
        partners["jinding"].with_user(users["keeper"]).action_archive_mark_reviewed()

    @api.model
    def _credit_demo_customer_documents(self, partner, key, name, number, today):
        """What the keeper files for every customer: licence, power of attorney and the
        year's contract."""
        ref = self.env.ref
        licence_expiry = today + relativedelta(years=3, months=number)
        if key == "hongyuan":
            licence_expiry = today - timedelta(days=20)
        elif key == "pujiang":
            licence_expiry = today + timedelta(days=12)
        issue = today - relativedelta(years=2, months=number)
        return [
            {
                "partner_id": partner.id,
                "type_id": ref(f"{DEMO_MODULE}.archive_type_business_licence").id,
                "name": f"营业执照 {name}",
                "issue_date": issue,
                "expiry_date": licence_expiry,
            },
            {
                "partner_id": partner.id,
                "type_id": ref(f"{DEMO_MODULE}.archive_type_power_of_attorney").id,
                "name": "法人授权委托书 Power of attorney",
                "issue_date": today - relativedelta(months=11 if number % 4 == 1 else 4),
            },
            {
                "partner_id": partner.id,
                "type_id": ref(f"{DEMO_MODULE}.archive_type_contract").id,
                "name": f"{today.year}年度购销合同 Annual sales contract",
                "issue_date": today.replace(month=1, day=5),
            },
        ]

    @api.model
    def _credit_demo_limit_approval(self, partner, today):
        return {
            "partner_id": partner.id,
            "type_id": self.env.ref(f"{DEMO_MODULE}.archive_type_credit_limit_approval").id,
            "name": "授信审批表 Credit-limit approval",
            "issue_date": today - timedelta(days=9),
        }

    @api.model
    def _credit_demo_visit_report(self, partner, number, today):
        return {
            "partner_id": partner.id,
            "type_id": self.env.ref(f"{DEMO_MODULE}.archive_type_background_report").id,
            "name": "客户拜访报告 Visit report",
            "issue_date": today - relativedelta(months=2 + number % 3),
        }

    @api.model
    def _credit_demo_guarantee(self, partner, today):
        """An erratic customer's bank guarantee, expired three months ago."""
        year = relativedelta(years=1)
        return {
            "partner_id": partner.id,
            "type_id": self.env.ref(f"{DEMO_MODULE}.archive_type_collateral").id,
            "name": "担保函 Bank guarantee",
            "issue_date": today - year - year,
            "expiry_date": today - relativedelta(months=3),
        }
