"""Take back the archive numbers the first release gave to companies' and users' partners.

Only those without any archive document lose their number; nobody is renumbered.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    released = env["res.partner"]._archive_release_staff_codes()
    _logger.info(
        "Archive numbers taken back from %s company or user partner(s) without documents",
        len(released),
    )
