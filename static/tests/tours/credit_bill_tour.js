import {registry} from "@web/core/registry";

// A credit manager opens a held commercial bill, sees that it still counts in the
// customer's exposure and records its dishonour.
registry.category("web_tour.tours").add("partner_credit_archive_bill_tour", {
    url: "/odoo/credit-bills",
    steps: () => [
        {
            content: "Open the held bill",
            trigger: ".o_list_view .o_data_cell:contains('Tour Bill Customer Ltd')",
            run: "click",
        },
        {
            content: "The bill still counts in the exposure",
            trigger: ".o_form_view .alert-warning:contains('not safe yet')",
        },
        {
            content: "Record the dishonour",
            trigger: "button[name='action_dishonour']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The bill is dishonoured",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains('Dishonoured')",
        },
    ],
});
