import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A sales rep opens the customer archive: the list opens on their own customers with the
// archive number and credit columns; a customer's documents say the same thing as the
// archive's alert (a filing not verified yet is awaiting verification, not missing and not
// "valid"); a profile figure nobody entered is empty, not 0.
registry.category("web_tour.tours").add("partner_credit_archive_sales_rep_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "partner_credit_archive.menu_credit_archive_root",
            "Open the Customer Archive app"
        ),
        {
            content: "The list opens on My Customers",
            trigger: ".o_searchview .o_facet_values:contains('My Customers')",
        },
        {
            content: "It shows the archive number of my customer",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Rep Customer Ltd') td[name='archive_code']:contains('KH-')",
        },
        {
            content: "A colleague's customer is not in my list",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Tour Colleague Customer Ltd')))",
        },
        {
            content: "The credit limit column is there",
            trigger: ".o_list_view th[data-name='credit_limit_granted']",
        },
        {
            content: "Open my customer",
            trigger: ".o_data_row .o_data_cell:contains('Tour Rep Customer Ltd')",
            run: "click",
        },
        {
            content: "Open the Archive page",
            trigger: ".o_notebook .nav-link[name='credit_archive']",
            run: "click",
        },
        {
            content: "The filed licence awaits the keeper's verification",
            trigger:
                "div[name='archive_awaiting_verification']:contains('Business Licence')",
        },
        {
            content: "It is not called missing",
            trigger:
                ".o_form_view:not(:has(div[name='archive_problems']:contains('Business Licence')))",
        },
        {
            content: "The document list says the same",
            trigger:
                ".o_field_widget[name='archive_document_ids'] .o_data_row:contains('Tour licence') :contains('Awaiting Verification')",
        },
        {
            content: "The registered capital nobody entered is empty, not 0",
            trigger: ".o_field_widget[name='registered_capital'] input:value(/^$/)",
        },
    ],
});
