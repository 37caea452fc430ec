from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCreditArchiveTours(HttpCase):
    def test_menu_tour(self):
        """The app opens from the home menu, lists customers, shows the Credit page."""
        self.env["res.partner"].create(
            {"name": "Tour Customer Ltd", "is_company": True, "customer_rank": 1}
        )
        self.start_tour("/odoo", "partner_credit_archive_menu_tour", login="admin")
