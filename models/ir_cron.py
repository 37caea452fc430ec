import logging

from odoo import api, models
from odoo.exceptions import ConcurrencyError
from odoo.fields import Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _credit_process_batch(self, records, method):
        """Call ``records.<method>()`` for one batch of a scheduled job so that a broken
        record cannot stop the run: the batch runs in a savepoint; when it fails, each record
        runs alone in its own savepoint, and the ones that still fail are logged and skipped
        (the job's next run tries them again).

        Concurrency errors are not swallowed: the job fails and ir.cron runs it again later,
        from what the committed batches left.

        :return: the records that failed
        """
        try:
            with self.env.cr.savepoint():
                getattr(records, method)()
            return records.browse()
        except (ConcurrencyError, *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
            raise
        except Exception:  # noqa: BLE001 - one bad record must not stop the run
            _logger.info(
                "%s on a batch of %s %s failed, processing them one by one",
                method,
                len(records),
                records._name,
            )
            self.env.invalidate_all()
        failed = records.browse()
        for record in records:
            try:
                with self.env.cr.savepoint():
                    getattr(record, method)()
            except (ConcurrencyError, *PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                raise
            except Exception:  # noqa: BLE001
                _logger.exception("%s failed on %s: skipped", method, record)
                self.env.invalidate_all()
                failed |= record
        return failed

    @api.model
    def _credit_run_batches(self, model, domain, method, batch_size):
        """Call ``<method>()`` on the records of ``model`` matching ``domain``, ``batch_size``
        at a time in id order, each batch committed as the job's progress; a broken record is
        logged and skipped (see ``_credit_process_batch``).

        :return: False when the job ran out of time (the next run goes on), True when done
        """
        last_id = 0
        while batch := model.search(
            domain & Domain("id", ">", last_id), limit=batch_size, order="id"
        ):
            self._credit_process_batch(batch, method)
            last_id = batch[-1].id
            remaining = model.search_count(domain & Domain("id", ">", last_id))
            if not self._commit_progress(len(batch), remaining=remaining):
                return False
        return True
