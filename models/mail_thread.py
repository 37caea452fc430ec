"""Chatter notes in bulk, for the batch jobs that log one note per record (grading logs one
per tier change, up to every customer of a run).

Odoo's ``_message_log_batch`` creates them through the ORM: per message, the cache of every
``message_ids`` field of every chatter model is updated (``Many2oneReference`` inverses, about
2 ms a message with this addon's dependencies) and the body is sanitised again, so 10 000 tier
changes cost 40 s of a grading run. :meth:`_credit_log_notes` writes the same rows — the note
``_message_log_batch`` makes, field by field, which ``tests/test_grading_notes.py`` checks —
in one ``INSERT``. Only for bodies the addon builds itself (``Markup`` with every value
escaped), never for text a user typed.
"""

from markupsafe import escape

from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _credit_log_notes(self, bodies):
        """Log the internal note ``bodies[record id]`` on each record of ``self``, as
        ``_message_log_batch(bodies)`` would, in one statement (a ``str`` body is escaped, a
        ``Markup`` one kept, as there).

        :return: the ids of the new messages
        """
        records = self.filtered(lambda record: record.id in bodies)
        if not records:
            return []
        author_id, email_from = self._message_compute_author()
        reply_to = self.env["mail.thread"]._notify_get_reply_to(
            default=email_from, author_id=author_id
        )[False]
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        now = fields.Datetime.now()
        self.env["mail.message"].flush_model()
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    INSERT INTO mail_message (
                        model, res_id, body, message_id, message_type, is_internal,
                        subtype_id, author_id, email_from, reply_to, email_add_signature,
                        date, create_uid, create_date, write_uid, write_date)
                    SELECT %(model)s, v.res_id, v.body, v.message_id, 'notification', TRUE,
                           %(subtype)s, %(author)s, %(email_from)s, %(reply_to)s, FALSE,
                           %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(res_ids)s::int4[], %(bodies)s::text[],
                                  %(message_ids)s::varchar[]) AS v(res_id, body, message_id)
                 RETURNING id
                    """,
                    model=self._name,
                    subtype=subtype_id or None,
                    author=author_id or None,
                    email_from=email_from or None,
                    reply_to=reply_to or None,
                    now=now,
                    uid=self.env.uid,
                    res_ids=records.ids,
                    bodies=[str(escape(bodies[record.id])) for record in records],
                    message_ids=[generate_tracking_message_id("message-notify") for __ in records],
                )
            )
        ]
        records.invalidate_recordset(["message_ids"])
        return ids
