import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A sales rep opens a quotation over the customer's limit: it "would be held", not on
// hold. Confirm tells why it is held; a second click says it is still held; the rep asks
// for a release with a comment.
registry.category("web_tour.tours").add("partner_credit_archive_order_rep_tour", {
    url: "/odoo/sales",
    steps: () => [
        {
            content: "Open the quotation",
            trigger: ".o_list_view .o_data_cell:contains('Tour Review Customer Ltd')",
            run: "click",
        },
        {
            content: "Before Confirm the status says it would be held, not that it is",
            trigger: ".o_field_widget[name='credit_state']:contains('Would Be Held')",
        },
        {
            content: "The banner warns that it would be held",
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
            content: "A notification says it is held for credit review, and why",
            trigger:
                ".o_notification:contains('held for credit review'):contains('Over credit limit')",
        },
        {
            content: "Close the notification",
            trigger:
                ".o_notification:contains('held for credit review') .o_notification_close",
            run: "click",
        },
        {
            content: "The quotation is on credit hold now",
            trigger: ".o_field_widget[name='credit_state']:contains('Credit Hold')",
        },
        {
            content: "Confirm again",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name='action_confirm']:visible",
            run: "click",
        },
        {
            content: "The second click explains the same",
            trigger: ".o_notification:contains('still on credit hold')",
        },
        {
            content: "The rep cannot release: no Release / Reject button",
            trigger:
                ".o_statusbar_buttons:not(:has(button[name='action_credit_release_wizard']))",
        },
        {
            content: "Request a release",
            trigger:
                ".o_statusbar_buttons button[name='action_credit_request_release']",
            run: "click",
        },
        {
            content: "The dialog asks the rep one question",
            trigger:
                ".modal textarea[placeholder='Why should the credit manager release this order?']",
            run: "edit Long-standing customer, pays on Friday (CFO confirmed)",
        },
        {
            content: "Send the request",
            trigger: ".modal button[name='action_request']",
            run: "click",
        },
        {
            content: "The banner shows the request",
            trigger: ".alert-danger [name='credit_request']:contains('pays on Friday')",
        },
    ],
});

// A credit manager opens Held Orders: the held order with its reason and the rep's
// comment (the unconfirmed quotation is not listed); releases it; the order is confirmed.
registry.category("web_tour.tours").add("partner_credit_archive_order_manager_tour", {
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
            content: "The held order shows its reason and the rep's comment",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Review Customer Ltd'):contains('Over credit limit'):contains('pays on Friday')",
        },
        {
            content: "The quotation nobody confirmed is not listed",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Tour Unconfirmed Ltd')))",
        },
        {
            content: "Open the held order",
            trigger:
                ".o_list_view .o_data_row .o_data_cell:contains('Tour Review Customer Ltd')",
            run: "click",
        },
        {
            content: "A credit manager is not offered Request Release",
            trigger:
                ".o_statusbar_buttons:has(button[name='action_credit_release_wizard']):not(:has(button[name='action_credit_request_release']))",
        },
        {
            content: "Release or reject it",
            trigger: ".o_statusbar_buttons button[name='action_credit_release_wizard']",
            run: "click",
        },
        {
            content: "The dialog shows the rep's comment",
            trigger: ".modal .o_data_row:contains('pays on Friday')",
        },
        {
            content: "Give the reason of the decision",
            trigger:
                ".modal textarea[placeholder='Why do you release or reject these orders? Kept in the credit decision.']",
            run: "edit Payment confirmed by the customer's CFO",
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
