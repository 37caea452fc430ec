import {registry} from "@web/core/registry";

// A customer's portal user checks what is open by age, confirms the statement sent to them
// and uploads the business licence their file is waiting for.
registry.category("web_tour.tours").add("partner_credit_archive_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open My Account from the portal home",
            trigger: ".o_portal_index_card a[href='/my/credit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The aging shows the overdue invoice",
            trigger:
                "#credit_aging_row td[data-bucket='days_31_60']:contains('1,200.00')",
        },
        {
            content: "The open invoice is listed",
            trigger: ".o_credit_open_item a:contains('INV/')",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the statements to confirm",
            trigger: ".o_portal_index_card a[href='/my/statements?filterby=sent']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the statement",
            trigger: ".o_credit_statement_row a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Confirm it",
            trigger: "#credit_statement_confirm_button",
            run: "click",
        },
        {
            content: "Confirm in the dialog",
            trigger: "#credit_statement_confirm_modal #credit_statement_confirm_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The statement is confirmed",
            trigger: "#credit_statement_confirmed",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the documents requested",
            trigger: ".o_portal_index_card a[href='/my/credit/documents']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the scan of the business licence",
            trigger:
                ".o_credit_document_request:contains('Business Licence') input[type='file']",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["%PDF-1.4 licence"], "licence.pdf", {
                        type: "application/pdf",
                    })
                );
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Upload it",
            trigger:
                ".o_credit_document_request:contains('Business Licence') button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The document was sent and is being checked",
            trigger: "#credit_document_sent",
        },
        {
            content: "It is listed among the documents sent",
            trigger: ".o_credit_document_sent:contains('Business Licence')",
        },
    ],
});
