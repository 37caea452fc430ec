from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CreditArchiveCase


@tagged("post_install", "-at_install")
class TestInstall(CreditArchiveCase):
    def test_groups_are_nested(self):
        user = self.env.ref("partner_credit_archive.group_archive_user")
        keeper = self.env.ref("partner_credit_archive.group_archive_keeper")
        manager = self.env.ref("partner_credit_archive.group_credit_manager")
        self.assertIn(user, keeper.all_implied_ids)
        self.assertIn(keeper, manager.all_implied_ids)
        self.assertIn(self.env.ref("base.group_user"), user.all_implied_ids)
        self.assertEqual(
            user.privilege_id,
            self.env.ref("partner_credit_archive.res_groups_privilege_credit_archive"),
        )
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(manager.get_external_id()[manager.id])
        )
        self.assertTrue(self.keeper.has_group("partner_credit_archive.group_archive_user"))
        self.assertFalse(self.keeper.has_group("partner_credit_archive.group_credit_manager"))
        self.assertFalse(self.employee.has_group("partner_credit_archive.group_archive_user"))

    def test_menu_visible_to_archive_users_only(self):
        root = self.env.ref("partner_credit_archive.menu_credit_archive_root")
        visible = self.env["ir.ui.menu"].with_user(self.sales_rep)._visible_menu_ids()
        self.assertIn(root.id, visible)
        hidden = self.env["ir.ui.menu"].with_user(self.employee)._visible_menu_ids()
        self.assertNotIn(root.id, hidden)
        settings = self.env.ref("partner_credit_archive.menu_credit_archive_config")
        self.assertNotIn(settings.id, visible)

    def test_settings_are_saved_per_company(self):
        with Form(self.env["res.config.settings"]) as settings:
            settings.archive_expiry_lead_days = 45
            settings.credit_kpi_window_months = 6
        self.assertEqual(self.company.archive_expiry_lead_days, 45)
        self.assertEqual(self.company.credit_kpi_window_months, 6)

    def test_settings_refuse_out_of_range_values(self):
        with self.assertRaises(ValidationError) as error:
            self.company.credit_kpi_window_months = 0
        self.assertIn("between 1 and 24 months", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.company.archive_expiry_lead_days = -1
        self.assertIn("between 0 and 365 days", str(error.exception))
        self.assertEqual(self.company.credit_kpi_window_months, 12)
