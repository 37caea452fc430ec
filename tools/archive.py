"""Pure helpers of the customer archive: document state and archive completeness."""

from datetime import date, timedelta


def document_state(expiry_date: date | None, today: date, lead_days: int) -> str:
    """State of an archive document on ``today``.

    ``expired`` once the expiry date has passed (the document is still valid on its expiry
    date), ``expiring`` when it expires within ``lead_days`` days, ``valid`` otherwise
    (including documents that never expire).
    """
    if not expiry_date:
        return "valid"
    if expiry_date < today:
        return "expired"
    if expiry_date <= today + timedelta(days=max(lead_days, 0)):
        return "expiring"
    return "valid"


def completeness(filled: int, required: int, documents_ok: int, documents_required: int) -> int:
    """Completeness of an archive, 0-100: every profile item and every mandatory document
    weighs the same. An archive that asks for nothing is complete."""
    total = required + documents_required
    if not total:
        return 100
    return round(100 * (filled + documents_ok) / total)
