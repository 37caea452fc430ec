"""The heavy read-only paths run on Odoo's read-only cursor and write nothing (SPEC §5.1).

Odoo 19 serves a request on a read-only cursor when its route is marked ``readonly`` (or, for
``/web/dataset/call_kw``, when the called method is ``@api.readonly``); with
``--db_replica_host`` that cursor is opened on the PostgreSQL replica, which refuses any
write. Each path below runs here inside a PostgreSQL transaction set ``READ ONLY`` (the
replica's behaviour): it must complete, and flushing what it left in the cache must write
nothing either. And the routes and methods the web client calls are flagged read-only, so
that Odoo actually sends them there.
"""

from datetime import date, timedelta
from unittest.mock import patch

import psycopg2
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.web.controllers.dataset import DataSet

from ..controllers.credit_export import CreditExportController
from ..models import partner_credit_ledger
from . import datagen
from .common import CreditArchiveCase


def _spec(model, arch):
    """The specification the web client sends to read the fields of a view's ``arch``
    (many2one: display_name; x2many: the fields of its embedded list, else display_name)."""
    spec = {}
    for node in arch.iterchildren():
        if not isinstance(node.tag, str):
            continue
        if node.tag != "field":
            spec.update(_spec(model, node))
            continue
        field = model._fields[node.get("name")]
        if field.type in ("many2one", "reference"):
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            sub = node.find("list")
            comodel = model.env[field.comodel_name]
            spec[field.name] = {
                "fields": _spec(comodel, sub) if sub is not None else {"display_name": {}}
            }
        else:
            spec[field.name] = {}
    return spec


def _view_spec(model, view_type, xmlid=None):
    view_id = model.env.ref(xmlid).id if xmlid else False
    views = model.get_views([(view_id, view_type)])
    return _spec(model, etree.fromstring(views["views"][view_type]["arch"]))


@tagged("post_install", "-at_install")
class TestReadonlyPaths(CreditArchiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        data = datagen.generate(cls.env, customers=10, months=4, seed=3, name="Read Only")
        cls.partners = data["partners"]
        cls.orders = data["orders"]
        cls.env.flush_all()

    def _read_only(self, func):
        """Run ``func`` in a read-only transaction (as on a replica) and return its value;
        PostgreSQL refuses any write, also the ones the ORM would flush afterwards."""
        env, cr = self.env, self.env.cr
        env.flush_all()
        cr.execute("SAVEPOINT pca_read_only")
        try:
            cr.execute("SET TRANSACTION READ ONLY")
            value = func()
            env.flush_all()
            return value
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT pca_read_only")
            env.invalidate_all(flush=False)

    def test_read_only_transaction_refuses_writes(self):
        """The harness itself: a write in it fails, so the paths below do not write."""
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ReadOnlySqlTransaction),
        ):
            self._read_only(lambda: self.partners[0].write({"comment": "written"}))

    def test_exports_write_nothing(self):
        past = self.today - timedelta(days=45)
        for export_type, date_ref in (
            ("register", self.today),
            ("aging", self.today),
            ("aging", past),
            ("bills", self.today),
        ):
            wizard = (
                self.env["partner.credit.export.wizard"]
                .with_user(self.credit_manager)
                .create(
                    {
                        "export_type": export_type,
                        "date_ref": date_ref,
                        "partner_ids": [(6, 0, self.partners.ids)],
                    }
                )
            )
            with self.subTest(export=export_type, date=date_ref):
                data, name = self._read_only(wizard._export_file)
                self.assertEqual(data[:2], b"PK")
                self.assertTrue(name.endswith(".xlsx"))

    def test_aging_as_of_writes_nothing(self):
        partners = self.partners.with_user(self.credit_manager)
        for date_ref in (self.today, self.today - timedelta(days=60), date(2020, 1, 31)):
            with self.subTest(date=date_ref):
                aging = self._read_only(lambda d=date_ref: partners._credit_aging(d))
                self.assertEqual(set(aging) <= set(partners.ids), True)
        now = self._read_only(lambda: partners._credit_aging(self.today))
        self.assertAlmostEqual(
            sum(row["total"] for row in now.values()), sum(self.partners.mapped("credit"))
        )

    def test_aging_one_pass_writes_nothing(self):
        """A large selection's AR aging export in one pass through a server-side cursor
        (``DECLARE``) on the read-only cursor, with the paged figures."""
        past = self.today - timedelta(days=45)
        partners = self.partners.with_user(self.credit_manager).sorted("id")
        paged = partners._credit_aging(past)
        with patch.object(partner_credit_ledger, "ONE_PASS_MIN", 0):
            pages = self._read_only(lambda: list(partners._credit_aging_pages(past)))
            data = self._read_only(lambda: partners._credit_aging_xlsx(past))
        self.assertEqual({pid: row for __, aging in pages for pid, row in aging.items()}, paged)
        self.assertTrue(paged)
        self.assertEqual(data[:2], b"PK")

    def test_lists_write_nothing(self):
        Partner = self.env["res.partner"].with_user(self.credit_manager)
        domain = [("parent_id", "=", False), ("customer_rank", ">", 0)]
        for xmlid in (
            "base.view_partner_tree",
            "partner_credit_archive.res_partner_view_list_credit_exposure",
        ):
            spec = _view_spec(Partner, "list", xmlid)
            with self.subTest(view=xmlid):
                result = self._read_only(
                    lambda s=spec: Partner.web_search_read(domain, s, limit=80, count_limit=10001)
                )
                self.assertGreaterEqual(result["length"], len(self.partners))

    def test_quotation_form_writes_nothing(self):
        Order = self.env["sale.order"].with_user(self.credit_manager)
        spec = _view_spec(Order, "form")
        self.assertIn("credit_check_message", spec)  # the banner is read with the form
        order = Order.browse(self.orders[:1].id)
        [values] = self._read_only(lambda: order.web_read(spec))
        self.assertEqual(values["id"], order.id)

    def test_paths_are_flagged_read_only(self):
        routing = CreditExportController.credit_export_download.original_routing
        self.assertIs(routing["readonly"], True)
        # /web/dataset/call_kw is served read-only when the method is @api.readonly: the same
        # look-up as Odoo's DataSet._call_kw_readonly, on the models as the addon extends them
        for model, method in (
            ("res.partner", "web_search_read"),
            ("res.partner", "web_read"),
            ("res.partner", "web_read_group"),
            ("sale.order", "web_read"),
            ("partner.credit.export.wizard", "web_read"),
        ):
            with self.subTest(model=model, method=method):
                flags = [
                    getattr(cls, method)._readonly
                    for cls in type(self.env[model]).mro()
                    if hasattr(getattr(cls, method, None), "_readonly")
                ]
                self.assertTrue(flags and flags[0], f"{model}.{method} is not read-only")
        self.assertTrue(hasattr(DataSet, "_call_kw_readonly"))

    def test_export_button_builds_nothing(self):
        """The dialog's button only points the browser to the read-only route."""
        wizard = (
            self.env["partner.credit.export.wizard"]
            .with_user(self.credit_manager)
            .create({"export_type": "register", "partner_ids": [(6, 0, self.partners.ids)]})
        )
        action = wizard.action_export()["params"]["next"]  # after the notification
        self.assertEqual(action["url"], f"/partner_credit_archive/export/{wizard.id}")
        self.assertFalse(wizard.file_data)
