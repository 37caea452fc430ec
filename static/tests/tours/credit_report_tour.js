import {registry} from "@web/core/registry";

// The credit manager opens a customer's submitted credit report from the credit reports,
// checks its score, approves it, sees in the dialog the limit it will set (current → new),
// applies it and is told what was applied.
registry.category("web_tour.tours").add("partner_credit_archive_credit_report_tour", {
    steps: () => [
        {
            content: "The credit reports list shows the customer's report waiting",
            trigger: ".o_list_view .o_data_row:contains('Tour Report Customer Ltd')",
        },
        {
            content: "Open the customer's submitted report",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Report Customer Ltd') .o_data_cell[name='partner_id']",
            run: "click",
        },
        {
            content: "The report's score and rating are shown",
            trigger: ".o_form_view .o_field_widget[name='rating']:contains('AAA')",
        },
        {
            content: "Before approval the report shows what its score proposes",
            trigger:
                ".o_form_view .o_field_widget[name='proposed_limit']:contains('150,000')",
        },
        {
            content: "Look at the scorecard",
            trigger: ".o_notebook .nav-link:contains('Scorecard')",
            run: "click",
        },
        {
            content: "Every criterion is assessed",
            trigger: ".o_field_widget[name='score_line_ids'] .o_data_row",
        },
        {
            content: "Approve the report",
            trigger: ".o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The dialog shows the limit it will set: current → new",
            trigger:
                ".modal [name='limit_change']:contains('50,000'):contains('150,000')",
        },
        {
            content: "Apply the recommendation",
            trigger: ".modal .modal-footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "A notification says what was applied",
            trigger: ".o_notification:contains('Limit applied'):contains('150,000')",
        },
        {
            content: "The report is approved and recommends the limit",
            trigger:
                ".o_form_view .o_field_widget[name='recommended_limit']:contains('150,000')",
        },
        {
            content:
                "Reloaded after the dialog, the report's chatter records the limit given",
            trigger: ".o-mail-Message:contains('50,000'):contains('150,000')",
        },
    ],
});
