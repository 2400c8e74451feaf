"""English and Russian dates through python-dateutil. (stub: to be implemented)"""

from __future__ import annotations

from datetime import date


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """A standalone date string in English or Russian ("June 2, 2025", "2 июня 2025 г.", ISO)."""
    raise NotImplementedError


def find_event_date(text: str, reference: date | None = None) -> date | None:
    """The date a body's opening sentence starts with; a missing year resolved against reference."""
    raise NotImplementedError
