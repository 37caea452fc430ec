# Copyright 2026 Customer Archive & Credit Management contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Archive & Credit Management",
    "summary": "Customer archives, credit investigation reports, tier grading and "
    "credit control at sale-order confirmation",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Customer Archive & Credit Management contributors",
    "website": "https://github.com/partner-credit-archive/partner_credit_archive",
    "maintainers": ["partner-credit-archive"],
    "development_status": "Beta",
    "application": True,
    "depends": ["contacts", "sale_management", "account", "mail"],
    "external_dependencies": {"python": ["xlsxwriter", "python-stdnum"]},
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "security/partner_credit_archive_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/partner_archive_category_data.xml",
        "data/partner_archive_document_type_data.xml",
        "data/partner_archive_cron_data.xml",
        "views/res_config_settings_views.xml",
        "views/partner_archive_category_views.xml",
        "views/partner_archive_document_type_views.xml",
        "views/partner_archive_document_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
}
