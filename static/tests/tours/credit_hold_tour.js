import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A sales rep opens a customer, sees its archive and tier, confirms an over-limit
// quotation and sees it held for credit review.
registry.category("web_tour.tours").add("partner_credit_archive_hold_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "partner_credit_archive.menu_credit_archive_root",
            "Open the Customer Archive app"
        ),
        {
            content: "Open the customer",
            trigger: ".o_list_view .o_data_cell:contains('Tour Hold Customer Ltd')",
            run: "click",
        },
        {
            content: "Open the Archive page",
            trigger: ".o_notebook .nav-link[name='credit_archive']",
            run: "click",
        },
        {
            content: "The archive shows the missing mandatory documents",
            trigger:
                "div[name='archive_problems']:contains('Missing mandatory documents')",
        },
        {
            content: "Open the Credit page",
            trigger: ".o_notebook .nav-link[name='credit_management']",
            run: "click",
        },
        {
            content: "The customer is a strategic partner",
            trigger:
                ".o_field_widget[name='credit_tier_id']:contains('Strategic Partner')",
        },
        {
            content: "Open the customer's sales",
            trigger: ".oe_stat_button[name='sale.act_res_partner_2_sale_order']",
            run: "click",
        },
        {
            content: "Open the quotation",
            trigger: ".o_list_view .o_data_cell:contains('Tour Hold Customer Ltd')",
            run: "click",
        },
        {
            content: "The quotation warns that it would be held",
            trigger:
                ".alert-danger[name='credit_banner_block']:contains('would be held')",
        },
        {
            content: "Confirm the quotation",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_confirm']:visible",
            run: "click",
        },
        {
            content: "It is held for credit review, still a quotation",
            trigger:
                ".alert-danger[name='credit_banner_block']:contains('On credit hold')",
        },
        {
            content: "The credit status says Credit Hold",
            trigger: ".o_field_widget[name='credit_state']:contains('Credit Hold')",
        },
        {
            content: "The salesperson can ask for a release",
            trigger:
                ".o_statusbar_buttons button[name='action_credit_request_release']",
        },
    ],
});

// A credit manager opens the held orders, releases the order with a reason and sees it
// confirmed.
registry.category("web_tour.tours").add("partner_credit_archive_release_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "partner_credit_archive.menu_credit_archive_root",
            "Open the Customer Archive app"
        ),
        {
            content: "Open the Credit menu",
            trigger: ".o_main_navbar .o_menu_sections button:contains('Credit')",
            run: "click",
        },
        {
            content: "Open Held Orders",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Held Orders')",
            run: "click",
        },
        {
            content: "The Held Orders list is shown",
            trigger: ".o_breadcrumb:contains('Held Orders')",
        },
        {
            content: "Open the held quotation",
            trigger:
                ".o_list_view .o_data_row .o_data_cell:contains('Tour Hold Customer Ltd')",
            run: "click",
        },
        {
            content: "The held quotation's form is open",
            trigger:
                ".o_form_view .o_field_widget[name='credit_state']:contains('Credit Hold')",
        },
        {
            content: "Release or reject it",
            trigger: ".o_statusbar_buttons button[name='action_credit_release_wizard']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Guaranteed by the group's treasury until month end",
        },
        {
            content: "Release and confirm",
            trigger: ".modal button[name='action_release']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
        {
            content: "Its credit status says Released",
            trigger: ".o_field_widget[name='credit_state']:contains('Released')",
        },
    ],
});
