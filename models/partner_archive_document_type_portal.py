from odoo import fields, models

# the shipped types a customer provides itself (data/partner_archive_document_type_data.xml)
CUSTOMER_PROVIDED_XMLIDS = (
    "partner_credit_archive.archive_type_business_licence",
    "partner_credit_archive.archive_type_tax_registration",
    "partner_credit_archive.archive_type_power_of_attorney",
    "partner_credit_archive.archive_type_identity_document",
)


class PartnerArchiveDocumentType(models.Model):
    _inherit = "partner.archive.document.type"

    customer_provides = fields.Boolean(
        string="Provided by the Customer",
        help="The customer portal asks the customer for a document of this type when a "
        "mandatory one is missing, expired or expiring, and lets the customer upload it. "
        "Leave unticked for what the company writes itself (visit reports, credit reports).",
    )
