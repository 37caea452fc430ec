from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChinese(TransactionCase):
    """The addon speaks Simplified Chinese: menus, tiers, labels, messages and exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["partner_credit_archive"], ["zh_CN"], overwrite=True
        )
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_menus_and_tiers(self):
        root = self.zh.ref("partner_credit_archive.menu_credit_archive_root")
        self.assertEqual(root.name, "客户档案")
        tiers = {tier.code: tier.name for tier in self.zh["partner.credit.tier"].search([])}
        self.assertEqual(tiers["strategic"], "战略合作伙伴")
        self.assertEqual(tiers["eliminated"], "淘汰客户")

    def test_field_labels_and_selections(self):
        fields = self.zh["res.partner"].fields_get(["archive_code", "credit_tier_id"])
        self.assertEqual(fields["archive_code"]["string"], "档案编号")
        self.assertEqual(fields["credit_tier_id"]["string"], "客户等级")
        states = dict(
            self.zh["sale.order"].fields_get(["credit_state"])["credit_state"]["selection"]
        )
        self.assertEqual(states["hold"], "信用冻结")

    def test_messages_in_code(self):
        self.assertEqual(self.zh["res.partner"].env._("Not Due"), "未到期")
        self.assertEqual(self.zh["res.partner"].env._("0-30 Days"), "0-30天")
