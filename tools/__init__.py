"""Pure Python helpers (no Odoo import): statistics, scoring, aging buckets.

Everything here is unit-tested without Odoo (``tests/unit``).
"""
