import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A warehouse user validates a delivery to a customer on credit hold: it is not
// validated, a notification says why and the form shows the hold.
registry.category("web_tour.tours").add("partner_credit_archive_delivery_hold_tour", {
    steps: () => [
        {
            content: "Validate the delivery",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='button_validate']:visible",
            run: "click",
        },
        {
            content: "A notification says the delivery is on credit hold",
            trigger: ".o_notification:contains('Delivery on credit hold')",
        },
        {
            content: "The form shows the hold and its reason",
            trigger:
                ".alert-danger[name='credit_hold_banner']:contains('Customer on credit hold')",
        },
        {
            content: "The credit status says Credit Hold",
            trigger: ".o_field_widget[name='credit_state']:contains('Credit Hold')",
        },
        {
            content: "The warehouse can ask for a release",
            trigger:
                ".o_statusbar_buttons button[name='action_credit_request_release']",
        },
    ],
});

// A credit manager opens the held deliveries and releases the delivery with a reason.
registry
    .category("web_tour.tours")
    .add("partner_credit_archive_delivery_release_tour", {
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
                content: "Open Held Deliveries",
                trigger: ".o-dropdown--menu .dropdown-item:contains('Held Deliveries')",
                run: "click",
            },
            {
                content: "The Held Deliveries list is shown",
                trigger: ".o_breadcrumb:contains('Held Deliveries')",
            },
            {
                content: "Open the held delivery",
                trigger:
                    ".o_list_view .o_data_row .o_data_cell:contains('Tour Delivery Customer Ltd')",
                run: "click",
            },
            {
                content: "The held delivery's form is open",
                trigger:
                    ".o_form_view .o_field_widget[name='credit_state']:contains('Credit Hold')",
            },
            {
                content: "Release it",
                trigger:
                    ".o_statusbar_buttons button[name='action_credit_release_wizard']",
                run: "click",
            },
            {
                content: "Give the reason",
                trigger: ".modal .o_field_widget[name='reason'] textarea",
                run: "edit Paid in cash at the counter",
            },
            {
                content: "Release the delivery",
                trigger: ".modal button[name='action_release']:visible",
                run: "click",
            },
            {
                content: "The delivery is released",
                trigger: ".alert-info[name='credit_released_banner']",
            },
        ],
    });

// The warehouse user validates the released delivery.
registry
    .category("web_tour.tours")
    .add("partner_credit_archive_delivery_validate_tour", {
        steps: () => [
            {
                content: "The delivery is released",
                trigger: ".o_field_widget[name='credit_state']:contains('Released')",
            },
            {
                content: "Validate the delivery",
                trigger:
                    ".o_form_view .o_statusbar_buttons button[name='button_validate']:visible",
                run: "click",
            },
            {
                content: "The delivery is done",
                trigger:
                    ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
            },
        ],
    });
