import {Sidebar} from "@portal/interactions/sidebar";
import {registry} from "@web/core/registry";

// The statement page of the customer portal shows the statement's report in an iframe: grow
// the iframe to the report's height (no inner scrollbar), on load and when the window resizes.
export class CreditStatementSidebar extends Sidebar {
    static selector = ".o_credit_statement_sidebar";
    dynamicContent = {
        _window: {"t-on-resize": this.fitReport},
    };

    start() {
        super.start();
        this.reportEl = document.getElementById("credit_statement_html");
        if (!this.reportEl) {
            return;
        }
        const reportDoc = this.reportEl.contentDocument;
        if (reportDoc && reportDoc.readyState === "complete" && reportDoc.body) {
            this.fitReport();
        }
        this.addListener(this.reportEl, "load", this.fitReport);
    }

    fitReport() {
        const body = this.reportEl && this.reportEl.contentDocument?.body;
        if (!body) {
            return;
        }
        const content = body.querySelector("#wrapwrap") || body;
        this.reportEl.height = 0;
        this.reportEl.height = content.scrollHeight;
    }
}

registry
    .category("public.interactions")
    .add("partner_credit_archive.credit_statement_sidebar", CreditStatementSidebar);
