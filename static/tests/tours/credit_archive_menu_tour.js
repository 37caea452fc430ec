import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// Smoke tour: the Customer Archive app opens, lists customers and shows the tier column.
registry.category("web_tour.tours").add("partner_credit_archive_menu_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "partner_credit_archive.menu_credit_archive_root",
            "Open the Customer Archive app"
        ),
        {
            content: "The customer list shows the tour customer",
            trigger: ".o_list_view .o_data_cell:contains('Tour Customer Ltd')",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_cell:contains('Tour Customer Ltd')",
            run: "click",
        },
        {
            content: "Open the Credit page",
            trigger: ".o_notebook .nav-link[name='credit_management']",
            run: "click",
        },
        {
            content: "The tier is shown",
            trigger: ".o_field_widget[name='credit_tier_id']:contains('Potential')",
        },
    ],
});
