"""pytest plugin for the Odoo suite (``-p pytest_no_warnings``).

A test fails when Odoo logs a WARNING or worse while it runs.

OCA's CI fails on any warning in the log; we keep that strictness under pytest. A test that
expects a warning catches it with ``assertLogs`` (which stops it from reaching this handler).
"""

import logging

import pytest


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_odoo_warnings(request):
    collector = _Collector()
    logger = logging.getLogger("odoo")
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
    if collector.records:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records)
        pytest.fail(f"Odoo logged warnings during the test:\n{lines}", pytrace=False)
