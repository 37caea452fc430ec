import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A collector opens the collections worklist and logs the customer's promise to pay.
registry.category("web_tour.tours").add("partner_credit_archive_collection_tour", {
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
            content: "Open the collections worklist",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Worklist')",
            run: "click",
        },
        {
            content:
                "The overdue customer is on the worklist, at the reminder call level",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Overdue Customer Ltd'):contains('Reminder Call')",
        },
        {
            content: "Log the customer's promise",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Overdue Customer Ltd') button[name='action_log_promise']",
            run: "click",
        },
        {
            content: "Who promised",
            trigger: ".modal .o_field_widget[name='contact'] input",
            run: "edit Ms Chen, accountant",
        },
        {
            content: "The amount promised",
            trigger: ".modal .o_field_widget[name='amount'] input",
            run: "edit 1200",
        },
        {
            content: "Save the promise",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The worklist shows the promise",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Overdue Customer Ltd') .o_data_cell[name='promise_amount']:contains('1,200')",
        },
    ],
});

// After the customer paid, the worklist no longer lists it.
registry.category("web_tour.tours").add("partner_credit_archive_collection_paid_tour", {
    url: "/odoo/credit-collections",
    steps: () => [
        {
            content: "The worklist is open",
            trigger: ".o_breadcrumb:contains('Collections Worklist')",
        },
        {
            content: "The other overdue customer is still there",
            trigger: ".o_list_view .o_data_row:contains('Tour Slow Payer Ltd')",
        },
        {
            content: "The customer who paid has left the worklist",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Tour Overdue Customer Ltd')))",
        },
    ],
});
