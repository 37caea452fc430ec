from datetime import date

from pca_tools.archive import completeness, document_state

TODAY = date(2026, 3, 10)


def test_document_without_expiry_is_valid():
    assert document_state(None, TODAY, 30) == "valid"


def test_document_expiring_within_lead_time():
    assert document_state(date(2026, 4, 9), TODAY, 30) == "expiring"
    assert document_state(date(2026, 4, 10), TODAY, 30) == "valid"
    assert document_state(TODAY, TODAY, 30) == "expiring"


def test_document_expired_after_its_expiry_date():
    assert document_state(date(2026, 3, 9), TODAY, 30) == "expired"
    assert document_state(TODAY, TODAY, 0) == "expiring"


def test_negative_lead_time_counts_as_zero():
    assert document_state(date(2026, 3, 11), TODAY, -5) == "valid"


def test_completeness_weighs_items_equally():
    assert completeness(3, 4, 1, 4) == 50
    assert completeness(4, 4, 2, 2) == 100
    assert completeness(0, 4, 0, 0) == 0
    assert completeness(0, 0, 0, 0) == 100
    assert completeness(2, 3, 0, 0) == 67
