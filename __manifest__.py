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
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/partner_credit_archive_security.xml",
        "security/ir.model.access.csv",
        "data/partner_credit_tier_data.xml",
        "data/mail_activity_type_data.xml",
        "views/partner_credit_tier_views.xml",
        "views/partner_credit_decision_views.xml",
        "views/res_partner_credit_views.xml",
        "views/res_config_settings_views.xml",
        "views/partner_credit_group_views.xml",
        "views/res_partner_credit_control_views.xml",
        "views/sale_order_views.xml",
        "wizards/partner_credit_release_wizard_views.xml",
        "views/menus.xml",
    ],
}
