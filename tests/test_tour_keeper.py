from odoo.tests import HttpCase, tagged

from .tour_archive_common import archive_tour_data


@tagged("post_install", "-at_install")
class TestKeeperTour(HttpCase):
    def test_keeper_tour(self):
        """The keeper opens a customer's documents and verifies the licence a rep filed."""
        __, keeper, licence = archive_tour_data(self.env)
        self.start_tour("/odoo", "partner_credit_archive_keeper_tour", login="tour_archive_keeper")
        self.assertTrue(licence.is_verified)
        self.assertEqual(licence.verified_by_id, keeper)
        self.assertEqual(licence.status, "valid")
