"""The company header and footer of our PDFs on a wkhtmltopdf without patched Qt.

Odoo prints the header and footer of ``web.external_layout`` by cutting them out of the
document and handing them to wkhtmltopdf as separate pages (``--header-html`` and
``--footer-html``, see ``ir.actions.report._prepare_html``), which only a wkhtmltopdf built
with patched Qt understands. The unpatched build that Linux distributions ship (Debian's,
Ubuntu's) ignores them ("The switch --header-html, is not support using unpatched qt"):
the PDF comes out without the company's name, address and logo.

For the documents of this addon — statements and letters that go to customers, reports
that get signed — the header matters, so with an unpatched build they keep it in the
document itself: the header opens each document and the footer closes it, and the page
margins kept free for them shrink to the body's. With a patched build nothing changes
(Odoo's header and footer on every page, with page numbers).
"""

import lxml.html

from odoo import models

from odoo.addons.base.models.ir_actions_report import _wkhtml

ADDON = "partner_credit_archive"
# mm; the top and bottom page margins when the header and footer are in the body
INLINE_MARGIN = 12
CLASS_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _credit_inline_layout(self):
        """Whether this report keeps the layout's header and footer in its body: one of
        ours, printed by a wkhtmltopdf that cannot print separate headers."""
        return (
            len(self) == 1
            and (self.report_name or "").startswith(f"{ADDON}.")
            and not _wkhtml().is_patched_qt
        )

    def _prepare_html(self, html, report_model=False):
        if not self._credit_inline_layout():
            return super()._prepare_html(html, report_model=report_model)
        result = super()._prepare_html(
            self._credit_inline_header_footer(html), report_model=report_model
        )
        if not result:
            return result
        bodies, res_ids, header, footer, paperformat_args = result
        paperformat_args = dict(
            paperformat_args,
            **{
                "data-report-margin-top": INLINE_MARGIN,
                "data-report-margin-bottom": INLINE_MARGIN,
                "data-report-header-spacing": 0,
            },
        )
        return bodies, res_ids, header, footer, paperformat_args

    def _credit_inline_header_footer(self, html):
        """``html`` with each document's header moved to the top of its body (the
        ``article``) and its footer to the bottom, as plain blocks that Odoo no longer cuts
        out. The footer's page number, which only a separate footer can fill, is left out.
        The HTML is returned as it is when headers, bodies and footers do not pair up."""
        root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
        headers = root.xpath(CLASS_XPATH.format("header"))
        articles = root.xpath(CLASS_XPATH.format("article"))
        footers = root.xpath(CLASS_XPATH.format("footer"))
        if not articles or not len(headers) == len(articles) == len(footers):
            return html
        for header, article, footer in zip(headers, articles, footers, strict=True):
            _reclass(header, "header", "o_credit_header mb-4")
            article.insert(0, header)
            _reclass(footer, "footer", "o_credit_footer mt-4")
            for number in footer.xpath(".//span[contains(@class, 'topage')]/.."):
                number.getparent().remove(number)
            article.append(footer)
        return lxml.html.tostring(root, encoding="utf-8")


def _reclass(node, old, new):
    """Replace the class ``old`` of ``node`` by ``new``, keeping its other classes."""
    node.set("class", " ".join(new if name == old else name for name in node.get("class").split()))
