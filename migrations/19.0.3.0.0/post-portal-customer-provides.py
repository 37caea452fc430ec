"""The customer portal (SPEC §3.N): the shipped document types a customer provides itself
(business licence, tax registration, power of attorney, identity document) are asked from
the customer in the portal. The data file is noupdate, so an upgraded database gets the new
flag here; a type a database removed is skipped."""

from odoo import SUPERUSER_ID, api

from odoo.addons.partner_credit_archive.models.partner_archive_document_type_portal import (
    CUSTOMER_PROVIDED_XMLIDS,
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in CUSTOMER_PROVIDED_XMLIDS:
        doc_type = env.ref(xmlid, raise_if_not_found=False)
        if doc_type:
            doc_type.customer_provides = True
