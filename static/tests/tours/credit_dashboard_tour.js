import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// Management's tour: the Credit dashboard opens in Odoo's Dashboards app, then Exposure vs
// Limit lists the customers by use of their limit, the most used first.
registry.category("web_tour.tours").add("partner_credit_archive_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "spreadsheet_dashboard.spreadsheet_dashboard_menu_root",
            "Open the Dashboards app"
        ),
        {
            content: "Open the Credit dashboard",
            trigger: ".o_search_panel_category_value[data-name='Credit']",
            // the first opening builds the spreadsheet assets, which takes a while
            timeout: 60000,
            run: "click",
        },
        {
            content: "The Credit dashboard is the one shown",
            trigger: ".o_search_panel_category_value.active[data-name='Credit']",
        },
        {
            content: "The dashboard has loaded its data",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure canvas",
            timeout: 30000,
        },
        ...stepUtils.goToAppSteps(
            "partner_credit_archive.menu_credit_archive_root",
            "Open the Customer Archive app"
        ),
        {
            content: "Open Reporting",
            trigger:
                "[data-menu-xmlid='partner_credit_archive.menu_credit_archive_reporting']",
            run: "click",
        },
        {
            content: "Open Exposure vs Limit",
            trigger:
                "[data-menu-xmlid='partner_credit_archive.menu_credit_archive_exposure']",
            run: "click",
        },
        {
            content: "The customer over its limit comes first",
            trigger:
                ".o_list_view .o_data_row:first-child .o_data_cell[name='name']:contains('Tour Over Limit Ltd')",
        },
        {
            content: "Without a limit, the available credit is empty, not 0",
            trigger:
                ".o_data_row:has(.o_data_cell[name='name']:contains('Tour No Limit Ltd')) .o_data_cell[name='credit_available']:empty",
        },
    ],
});
