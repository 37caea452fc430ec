import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// The archive keeper opens a customer's documents, verifies the licence a rep filed with
// its scan, and sees it valid.
registry.category("web_tour.tours").add("partner_credit_archive_keeper_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "partner_credit_archive.menu_credit_archive_root",
            "Open the Customer Archive app"
        ),
        {
            content: "Keepers see every customer",
            trigger: ".o_searchview .o_facet_values:contains('Customers')",
        },
        {
            content: "Open the rep's customer",
            trigger: ".o_data_row .o_data_cell:contains('Tour Rep Customer Ltd')",
            run: "click",
        },
        {
            content: "Open the customer's documents",
            trigger: ".oe_stat_button[name='action_open_archive_documents']",
            run: "click",
        },
        {
            content: "Unfold the documents' category",
            trigger: ".o_list_view .o_group_header:contains('Basic')",
            run: "click",
        },
        {
            content: "Open the filed licence",
            trigger: ".o_data_row .o_data_cell:contains('Tour licence')",
            run: "click",
        },
        {
            content: "It awaits verification",
            trigger: ".o_field_widget[name='status']:contains('Awaiting Verification')",
        },
        {
            content: "Verify it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_verify']",
            run: "click",
        },
        {
            content: "It is valid now",
            trigger: ".o_field_widget[name='status']:contains('Valid')",
        },
        {
            content: "The chatter records the verification (and has finished loading)",
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Verified by')",
        },
        {
            content: "The Verify button is gone",
            trigger:
                ".o_form_view:not(:has(.o_statusbar_buttons button[name='action_verify']))",
        },
    ],
});
