"""Archiving one fetched page: extract (when the spider left it raw), validate, dedup, store.

Free of Scrapy on purpose: the same code runs inside the crawl process (in-process mode, unit
tests) and in the archive worker process (riac_archive.worker), which should start quickly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any, Protocol

from riac_archive.extract.html import decode_html
from riac_archive.extract.paragraphs import RATING_LABELS
from riac_archive.items import Document, FetchedPage
from riac_archive.storage import Archive, document_from_record, poll_from_record, prepare_document

logger = logging.getLogger(__name__)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REQUIRED = ("title", "paragraphs")  # a document without these is kept, but counted
_CHECKED = ("url", "lang", "published", "event_date", *_REQUIRED)  # the fields _problems reads


class Stats(Protocol):
    """The part of Scrapy's stats collector the archiver uses."""

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


class CountingStats:
    """Plain counters with Scrapy's inc_value, for the worker process."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        """Add `count` to a counter (starting at `start`)."""
        self.values[key] = self.values.get(key, start) + count


class Skip(Exception):  # noqa: N818 - it is not an error: the item is simply not stored
    """An item not to store: a duplicate within the crawl, or one without a URL."""

    def __init__(self, message: str, log_level: str = "WARNING") -> None:
        super().__init__(message)
        self.log_level = log_level


# --- extraction --------------------------------------------------------------------------------

def needs_extraction(page: FetchedPage) -> bool:
    """True for a detail page the spider passed on raw (no document, no error yet)."""
    return page.kind == "document" and page.document is None and page.error is None \
        and 200 <= page.status < 300


def needs_poll(page: FetchedPage) -> bool:
    """True for a listing page whose poll has not been read yet."""
    return page.kind == "listing" and page.poll is None and page.error is None \
        and 200 <= page.status < 300


def extract_into(page: FetchedPage) -> FetchedPage:
    """Fill in a detail page's document and poll, or its extract error."""
    from riac_archive.extract import ExtractionError, extract_document

    try:
        page.document = extract_document(page.body, page.url, page.content_type)
        page.poll = page.document.poll
    except ExtractionError as exc:
        page.error, page.stage = str(exc), "extract"
    except Exception as exc:  # an extractor bug becomes an errors row; the crawl goes on
        logger.exception("Extraction failed on %s", page.fetched_url)
        page.error, page.stage = f"the extractor failed: {exc!r}.", "extract"
    return page


def read_poll(page: FetchedPage) -> FetchedPage:
    """Fill in the site-wide poll a listing page shows (None when it cannot be read)."""
    from riac_archive.extract import extract_poll

    try:
        page.poll = extract_poll(page.body, page.url)
    except Exception as exc:  # a poll we cannot read must not stop the crawl
        logger.warning("Could not read the poll on %s: %s", page.fetched_url, exc)
    return page


# --- validation --------------------------------------------------------------------------------

def _checked_fields(document: Document) -> dict[str, Any]:
    """The record fields validation looks at, read straight from the document."""
    return {name: getattr(document, name) for name in _CHECKED}


def _problems(record: dict[str, Any]) -> list[str]:
    """Stats keys for the missing or invalid fields of one extracted record."""
    found = [f"riac/missing/{name}" for name in _REQUIRED if not record.get(name)]
    if record.get("lang") not in ("en", "ru"):
        found.append("riac/invalid/lang")
    for name in ("published", "event_date"):
        if record.get(name) and not _ISO_DATE.match(str(record[name])):
            found.append(f"riac/invalid/{name}")
    return found


def _rating_unread(item: FetchedPage) -> bool:
    """True when the page shows the rating widget's label but no rating could be read."""
    document = document_from_record(item.document)
    if document.rating is not None or not item.body:
        return False
    text = decode_html(item.body, item.content_type).lower()
    return any(label in text for label in RATING_LABELS)


def _input_problems(item: FetchedPage) -> list[tuple[str, str]]:
    """(stats key, reason) for odd input the page was still stored with."""
    found = []
    poll = poll_from_record(item.poll) or document_from_record(item.document).poll
    if poll is not None and poll.problems:
        found.append(("riac/invalid/poll", f"the poll's numbers do not add up: "
                                           f"{' '.join(poll.problems)}"))
    if _rating_unread(item):
        found.append(("riac/unreadable/rating", "the rating widget is in an unknown wording."))
    return found


def check_storable(item: Any, stats: Stats) -> None:
    """Skip an item that is not a FetchedPage with a URL."""
    if not isinstance(item, FetchedPage) or not item.url:
        stats.inc_value("riac/dropped/unstorable")
        raise Skip(f"cannot store {type(item).__name__} item without a URL.")


def validate(item: FetchedPage, stats: Stats) -> None:
    """Count the missing or invalid fields of a page's document; Skip one without a URL."""
    if item.document is None:
        return
    record = _checked_fields(document_from_record(item.document))
    if not record.get("url"):
        stats.inc_value("riac/dropped/unstorable")
        raise Skip(f"the document of {item.url} has no URL.")
    for key in _problems(record):
        stats.inc_value(key)
    for key, reason in _input_problems(item):
        stats.inc_value(key)
        logger.warning("%s: %s", item.url, reason)


# --- storage -----------------------------------------------------------------------------------

class PageArchiver:
    """Store every fetched page in the archive, once per document per crawl."""

    def __init__(self, archive: Archive, crawl_id: int | None, stats: Stats) -> None:
        self.archive = archive
        self.crawl_id = crawl_id
        self.stats = stats
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()

    def store(self, item: FetchedPage) -> None:
        """Save one page unless this crawl already stored its document (then Skip)."""
        prepared = prepare_document(item.document) if item.document is not None else None
        if prepared is not None:
            self._drop_duplicate(item, prepared.digest)
        try:
            result = self.archive.save_fetch(item, self.crawl_id, prepared)
        except Exception as exc:  # a bad item must not stop the crawl: it becomes an error row
            self.archive.record_error(item.url, self.crawl_id, "store", f"{exc}")
            self.stats.inc_value("riac/errors")
            return
        self._count(result)

    def _drop_duplicate(self, item: FetchedPage, digest: str) -> None:
        """Skip when this crawl already stored the same URL or content (`digest`)."""
        if item.url in self.seen_urls or digest in self.seen_hashes:
            self.stats.inc_value("riac/duplicates_dropped")
            if item.url not in self.seen_urls:
                # Another URL for content already stored: keep its raw page so the URL is known
                # (and not fetched again next run), but not a second document.
                self.archive.save_fetch(replace(item, document=None, poll=None), self.crawl_id)
                self.seen_urls.add(item.url)
            raise Skip(f"duplicate of an already stored document: {item.url}", "DEBUG")
        self.seen_urls.add(item.url)
        self.seen_hashes.add(digest)

    def _count(self, result: dict[str, Any]) -> None:
        """Add one save_fetch result to the crawl stats."""
        self.stats.inc_value("riac/pages_stored")
        if result["document"]:
            self.stats.inc_value(f"riac/documents/{result['document']}")
        if result["poll_snapshot"]:
            self.stats.inc_value("riac/poll_snapshots")
        if result["error"]:
            self.stats.inc_value("riac/errors")

    def archive_raw(self, item: FetchedPage) -> None:
        """The worker's whole job for one item: extract, validate, store (Skip when not)."""
        if needs_extraction(item):
            extract_into(item)
        elif needs_poll(item):
            read_poll(item)
        validate(item, self.stats)
        self.store(item)
