"""Credit holds of orders (issue 23): statuses that say what they mean, reasons and requests
kept as data, activities in their assignee's language. Nothing is lost: the chatter keeps
every note as it was written; this only adds what the new fields show.

- A quotation nobody confirmed showed "Credit Hold" while its checks failed: it is *Would Be
  Held* now (only Confirm puts an order on hold).
- A held order gets the codes of the blocking checks that hold it now (``credit_hold_codes``,
  shown in the reader's language); the chatter keeps the reasons of the moment of the hold.
- A release request, until now only a chatter note ("Release requested by …:" and the
  comment, in the requester's language), is copied onto the order (comment, who, when) for
  the Held Orders list and the release dialog.
- Open hold review activities still carrying the type's English summary get it in their
  assignee's language.
"""

import re

from odoo import SUPERUSER_ID, api
from odoo.tools import html2plaintext
from odoo.tools.translate import code_translations

REQUEST = "Release requested by %(user)s:"
ACTIVITY_TYPES = (
    "partner_credit_archive.mail_activity_type_credit_hold",
    "partner_credit_archive.mail_activity_type_delivery_hold",
)
PARAGRAPHS = re.compile(r"<p>(.*?)</p>\s*<p>(.*?)</p>", re.DOTALL)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """UPDATE sale_order SET credit_state = 'would_hold'
            WHERE credit_state = 'hold' AND credit_hold_date IS NULL
              AND state IN ('draft', 'sent')"""
    )
    held = env["sale.order"].search(
        [
            ("credit_state", "=", "hold"),
            ("credit_hold_date", "!=", False),
            ("state", "in", ("draft", "sent")),
        ]
    )
    _hold_codes(held)
    _requests(env, held)
    _activity_summaries(env)


def _hold_codes(held):
    for batch in held.grouped(lambda order: order.id // 500).values():
        results = batch._credit_control_evaluate(batch=False)
        for order in batch:
            result = results[order.id]
            codes = [code for code in result["codes"] if code in result["blocking_codes"]]
            order.write({"credit_hold_codes": ",".join(codes) or False})


def _request_patterns(env):
    """The request note's first line in every installed language, as a regular expression."""
    patterns = []
    for lang, __ in env["res.lang"].get_installed():
        translated = code_translations.get_python_translations("partner_credit_archive", lang)
        source = translated.get(REQUEST) or REQUEST
        pattern = re.escape(source).replace(re.escape("%(user)s"), ".+?")
        patterns.append(re.compile(rf"^\s*{pattern}\s*$", re.DOTALL))
    return patterns


def _requests(env, held):
    if not held:
        return
    patterns = _request_patterns(env)
    messages = env["mail.message"].search(
        [("model", "=", "sale.order"), ("res_id", "in", held.ids), ("body", "ilike", "<p>")],
        order="id desc",
    )
    done = set()
    for message in messages:
        if message.res_id in done:
            continue
        found = PARAGRAPHS.search(str(message.body or ""))
        if not found:
            continue
        first = html2plaintext(found.group(1))
        if not any(pattern.match(first) for pattern in patterns):
            continue
        done.add(message.res_id)
        env["sale.order"].browse(message.res_id).write(
            {
                "credit_request_comment": html2plaintext(found.group(2)),
                "credit_request_user_id": message.author_id.user_ids[:1].id,
                "credit_request_date": message.date,
            }
        )


def _activity_summaries(env):
    for xmlid in ACTIVITY_TYPES:
        activity_type = env.ref(xmlid, raise_if_not_found=False)
        if not activity_type:
            continue
        english = activity_type.with_context(lang="en_US").summary
        activities = env["mail.activity"].search(
            [("activity_type_id", "=", activity_type.id), ("summary", "=", english)]
        )
        for lang, batch in activities.grouped(lambda a: a.user_id.lang or "en_US").items():
            summary = activity_type.with_context(lang=lang).summary
            if summary != english:
                batch.write({"summary": summary})
