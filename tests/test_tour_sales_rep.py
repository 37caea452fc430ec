from odoo.tests import HttpCase, tagged

from .tour_archive_common import archive_tour_data


@tagged("post_install", "-at_install")
class TestSalesRepTour(HttpCase):
    def test_sales_rep_tour(self):
        """The rep's customer archive opens on their customers; a filed, unverified licence
        reads "awaiting verification" in the alert and the document list alike."""
        __, __, licence = archive_tour_data(self.env)
        self.start_tour("/odoo", "partner_credit_archive_sales_rep_tour", login="tour_archive_rep")
        self.assertEqual(licence.status, "submitted", "the rep only looked")
