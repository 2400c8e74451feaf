"""The archive's items: plain dataclasses, shared by extraction, the spiders and storage.

`Document.to_record()` gives the JSON-ready dict that `riac-archive extract` prints and that
storage writes; its field names are the public contract of the extractor.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


@dataclass
class Position:
    """One title + organisation pair held by a person ("Director, Institute X")."""

    title: str | None = None
    organization: str | None = None


@dataclass
class Participant:
    """A person named on an event page, with what the page says they did."""

    name: str
    positions: list[Position] = field(default_factory=list)
    role: str = "participant"


@dataclass
class Highlight:
    """One speaker's points: bullets under their name, or their "Key quotes" quote."""

    speaker: str
    points: list[str] = field(default_factory=list)


@dataclass
class Author:
    """A byline block: a name and its credentials line (either may be missing)."""

    name: str | None = None
    credentials: str | None = None


@dataclass
class Rating:
    """The "Rate this article" widget: average value (None without votes) and vote count."""

    value: float | None = None
    votes: int = 0


@dataclass
class PollOption:
    """One answer of the site-wide poll with its vote count and printed percentage."""

    label: str
    votes: int | None = None
    percent: float | None = None


@dataclass
class Poll:
    """The site-wide poll. `problems` lists disagreements between votes and percentages."""

    question: str
    options: list[PollOption] = field(default_factory=list)
    total_votes: int | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Document:
    """One extracted page: the record printed by `riac-archive extract`."""

    url: str
    lang: str
    section: str | None = None
    slug: str | None = None
    title: str | None = None
    published: str | None = None
    event_date: str | None = None
    regions: list[str] = field(default_factory=list)
    type: str | None = None
    authors: list[Author] = field(default_factory=list)
    translation_url: str | None = None
    rating: Rating | None = None
    paragraphs: list[str] = field(default_factory=list)
    duplicates_removed: int = 0
    participants: list[Participant] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    poll: Poll | None = None

    def to_record(self) -> dict[str, Any]:
        """The document as a JSON-ready dict (nested dataclasses become dicts)."""
        return _as_record(self)


# Values `dataclasses.asdict` would deep-copy into themselves: returned as they are.
_ATOMIC = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, in order; None for any other class (cached per class)."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None
        _FIELD_NAMES[cls] = names
        return names


def _as_record(value: Any) -> Any:
    """`dataclasses.asdict` without its generic overhead: same output, dataclasses to dicts."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    if kind is list:
        if _ATOMIC.issuperset(map(type, value)):  # paragraphs, regions: one C-level copy
            return list(value)
        return [_as_record(item) for item in value]
    names = _field_names(kind)
    if names is not None:  # a dataclass instance (a dataclass itself is a `type`)
        # Atomic values (most fields) are taken as they are, without a call each.
        return {name: item if type(item := getattr(value, name)) in _ATOMIC else _as_record(item)
                for name in names}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return kind(*[_as_record(item) for item in value])
    if isinstance(value, (list, tuple)):
        return kind(_as_record(item) for item in value)
    if isinstance(value, dict):
        return kind((_as_record(k), _as_record(v)) for k, v in value.items())
    return copy.deepcopy(value)


@dataclass
class FetchedPage:
    """One HTTP fetch as the spider saw it: what storage keeps in `pages`.

    `document` is the extraction of `body` (None when extraction failed, with `error` saying
    why, or when the page is a listing rather than a document).
    """

    url: str  # canonical URL (the document's identity)
    fetched_url: str  # the URL actually requested
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None  # ISO 8601 UTC
    kind: str = "document"  # "document" (a detail page) or "listing"
    lang: str | None = None
    document: Document | None = None
    poll: Poll | None = None  # the site-wide poll as this page showed it (listings too)
    error: str | None = None
    stage: str | None = None  # "fetch" / "extract" when error is set
