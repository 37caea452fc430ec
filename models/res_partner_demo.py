"""Demo data that tells the story of the addon (loaded with demo data only).

``res.partner._credit_archive_demo_generate()`` is called from ``demo/res_partner_demo.xml``.
It makes three users (sales rep, archive keeper, credit manager), fifteen Chinese customers
with months of orders, invoices and payments made through the ORM, approved and expired
credit reports, archives with documents, a credit group, a temporary limit, a quotation on
credit hold and aging snapshots; then it grades the customers so that every tier is real.

Deterministic (seeded, dates relative to today) and idempotent: it does nothing when its
users exist already.

This file holds the story and its people (users, customers, order history, the held order);
the credit reports and limits are in res_partner_demo_credit.py, the archive documents in
res_partner_demo_archive.py.
"""

import logging
import time as timer
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from stdnum.cn import uscc

from odoo import Command, api, fields, models

from ..tools.history import plan_history

_logger = logging.getLogger(__name__)

DEMO_MODULE = "partner_credit_archive"
DEMO_MONTHS = 8  # months of history before the current one
DEMO_SEED = 19
DEMO_CUSTOMER_LANG = "zh_CN"  # the customers' language, when the database has it

# login, name, sales group and group of this addon of each demo user
DEMO_USERS = [
    ("sales", "王伟 (Wang Wei, Sales)", "sales_team.group_sale_salesman", "group_archive_user"),
    (
        "keeper",
        "李娜 (Li Na, Archive Keeper)",
        "sales_team.group_sale_salesman",
        "group_archive_keeper",
    ),
    (
        "credit",
        "张敏 (Zhang Min, Credit Manager)",
        "sales_team.group_sale_salesman_all_leads",
        "group_credit_manager",
    ),
    (
        "director",
        "赵刚 (Zhao Gang, Finance Director)",
        "sales_team.group_sale_salesman_all_leads",
        "group_credit_director",
    ),
]

# key, name, city, profile, rating of the current credit report, sold by the demo sales rep
CUSTOMERS = [
    ("huaxin", "宁波华信贸易有限公司", "Ningbo", "steady", "aaa", True),
    ("dongfang", "上海东方机电设备有限公司", "Shanghai", "steady", "aa", False),
    ("xizi", "杭州西子纺织品有限公司", "Hangzhou", "good", "a", True),
    ("pengcheng", "深圳鹏程电子科技有限公司", "Shenzhen", "good", False, False),
    ("jinding", "苏州金鼎五金制品有限公司", "Suzhou", "market", False, True),
    ("nanfang", "广州南方建材有限公司", "Guangzhou", "market", False, False),
    ("haitong", "宁波海通物流有限公司", "Ningbo", "weak", False, True),
    ("hengda", "温州恒达鞋业有限公司", "Wenzhou", "new", False, False),
    ("xinguang", "无锡新光照明有限公司", "Wuxi", "prospect", False, True),
    ("haixia", "厦门海峡进出口有限公司", "Xiamen", "erratic", False, False),
    ("hongyuan", "东莞宏远塑胶制品有限公司", "Dongguan", "late_payer", "expired", True),
    ("pujiang", "上海浦江食品有限公司", "Shanghai", "inactive", False, False),
    ("keqiao", "绍兴柯桥印染有限公司", "Shaoxing", "lapsed", False, False),
    ("zhongke", "合肥中科仪器有限公司", "Hefei", "good", False, False),
    ("jinling", "南京金陵化工有限公司", "Nanjing", "steady", "b", False),
]

GOODS = [
    ("304不锈钢冷轧卷 304 Stainless Steel Coil", 120.0),
    ("镀锌钢板 Galvanised Steel Sheet", 85.0),
    ("铝合金型材 Aluminium Profile", 60.0),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _credit_archive_demo_generate(self):
        """Create the demo story (see the module docstring). Returns the demo customers
        as {key: partner}, or nothing when the demo exists already."""
        if self.env.ref(f"{DEMO_MODULE}.demo_user_credit", raise_if_not_found=False):
            return None
        env = self.env(
            context=dict(
                self.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                mail_auto_subscribe_no_notify=True,
                mail_notify_force_send=False,
            )
        )
        today = fields.Date.context_today(self)
        start = timer.monotonic()
        users = env["res.partner"]._credit_demo_users()
        partners = env["res.partner"]._credit_demo_customers(users)
        env["res.partner"]._credit_demo_history(partners, today, DEMO_SEED)
        _logger.info("Demo: order history made in %.1f s", timer.monotonic() - start)
        env["res.partner"]._credit_demo_reports(partners, users, today)
        graded = env["res.partner"].browse([p.id for p in partners.values()])
        graded.with_user(users["credit"]).action_credit_grade()
        env["res.partner"]._credit_demo_limits(partners, users, today)
        env["res.partner"]._credit_demo_documents(partners, users, today)
        env["res.partner"]._credit_demo_hold(partners, users)
        snapshots = env["partner.credit.aging.snapshot"]
        for months_back in (2, 1):
            month_end = today.replace(day=1) - relativedelta(months=months_back - 1)
            snapshots._take_snapshot(month_end - timedelta(days=1))
        _logger.info("Demo: customer archives made in %.1f s", timer.monotonic() - start)
        return partners

    # ------------------------------------------------------------------ pieces

    def _credit_demo_xmlid(self, name, record):
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{DEMO_MODULE}.{name}", "record": record, "noupdate": True}]
        )

    @api.model
    def _credit_demo_users(self):
        """Sales rep ``sales``, archive keeper ``keeper``, credit manager ``credit``, finance
        director ``director``; each logs in with its login as password."""
        users = {}
        company = self.env.company
        for login, name, sales_group, group in DEMO_USERS:
            groups = self.env.ref(sales_group) | self.env.ref(f"{DEMO_MODULE}.{group}")
            if login in ("credit", "director"):
                groups |= self.env.ref("account.group_account_invoice")
            user = (
                self.env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": name,
                        "login": login,
                        "password": login,
                        "email": f"{login}@example.com",
                        # the demo's dates are the generating user's "today": the demo
                        # users must see the same day, or a report dated today would be
                        # "in the future" for them on the other side of midnight UTC
                        "tz": self.env.user.tz or False,
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "group_ids": [Command.link(g.id) for g in groups],
                    }
                )
            )
            self._credit_demo_xmlid(f"demo_user_{login}", user)
            users[login] = user
        return users

    @api.model
    def _credit_demo_customers(self, users):
        """The fifteen customers; Chinese companies, so they read Chinese when the database
        has it (``make run`` loads it first): their statements and letters print in Chinese.
        The demo does not install the language itself (all modules' terms, for a demo)."""
        china = self.env.ref("base.cn", raise_if_not_found=False)
        installed = dict(self.env["res.lang"].get_installed())
        lang = DEMO_CUSTOMER_LANG if DEMO_CUSTOMER_LANG in installed else False
        partners = {}
        vals_list = []
        for index, (key, name, city, profile, __, own) in enumerate(CUSTOMERS):
            body = f"91330200MA2{index:05d}X"[:17]
            vals_list.append(
                {
                    "name": name,
                    "is_company": True,
                    "customer_rank": 1,
                    "city": city,
                    "country_id": china.id if china else False,
                    "email": f"finance@{key}.example.com",
                    "phone": f"+86 574 8{index:03d} 6{index:03d}",
                    "company_registry": body + uscc.calc_check_digit(body),
                    "user_id": users["sales"].id if own else users["credit"].id,
                    "archive_keeper_id": users["keeper"].id,
                    "legal_representative": ["陈建国", "刘伟", "周敏", "吴强", "郑丽"][index % 5],
                    "registered_capital": 1_000_000.0 * (1 + index % 5),
                    "date_founded": date(2001 + index, 1 + index % 12, 10),
                    "market_region": city,
                    "customer_nature": "key_relationship" if index < 2 else "ordinary",
                    "relationship_stage": {
                        "prospect": "prospective",
                        "new": "new",
                        "lapsed": "lapsed",
                    }.get(profile, "established"),
                    "sales_capacity": "3" if profile in ("steady", "good") else "2",
                    "development_potential": "3" if index % 3 == 0 else "2",
                    **({"lang": lang} if lang else {}),
                }
            )
        records = self.create(vals_list)
        for (key, *__), partner in zip(CUSTOMERS, records, strict=True):
            self._credit_demo_xmlid(f"demo_customer_{key}", partner)
            partners[key] = partner
        return partners

    @api.model
    def _credit_demo_history(self, partners, today, seed):
        """Confirmed orders (dated in the past, partly delivered), posted invoices and
        payments (``partner.credit.history``), each customer selling at its own volume."""
        history = self.env["partner.credit.history"]
        goods = history._products(GOODS)
        for number, product in enumerate(goods, start=1):
            self._credit_demo_xmlid(f"demo_product_{number}", product)
        customers = [
            {"profile": profile, "base": (50, 100, 200, 400)[index % 4] * (1 + index % 3)}
            for index, (__, __, __, profile, __, __) in enumerate(CUSTOMERS)
        ]
        plan = plan_history(
            customers, DEMO_MONTHS, seed, today, [price for __, price in GOODS], jitter=None
        )
        records = [partners[key] for key, *__ in CUSTOMERS]
        return history._build(plan, records, goods)

    @api.model
    def _credit_demo_hold(self, partners, users):
        """A quotation over the customer's limit, confirmed by the sales rep: held, with an
        activity for the credit managers; and a quotation whose banner warns."""
        sales_env = self.env(user=users["sales"])
        product = self.env.ref(f"{DEMO_MODULE}.demo_product_1")
        orders = self.env["sale.order"].with_env(sales_env)
        held = orders.create(
            {
                "partner_id": partners["huaxin"].id,
                "user_id": users["sales"].id,
                "note": "春节前备货 Stock before the Spring Festival.",
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 400, "price_unit": 120.0}
                    )
                ],
            }
        )
        held.action_confirm()
        self._credit_demo_xmlid("demo_order_held", held)
        quotation = orders.create(
            {
                "partner_id": partners["xizi"].id,
                "user_id": users["sales"].id,
                "payment_term_id": self.env.ref("account.account_payment_term_30days").id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 50, "price_unit": 120.0}
                    )
                ],
            }
        )
        self._credit_demo_xmlid("demo_order_quotation", quotation)
