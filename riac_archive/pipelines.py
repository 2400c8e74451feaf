"""Item pipelines: validate (into crawl stats) -> dedup within the crawl -> store.

They hold no SQL: storage.Archive does the storing. Enabled in settings.py as
ValidatePipeline (100) and ArchivePipeline (300).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from riac_archive.extract.html import decode_html
from riac_archive.items import Document, FetchedPage
from riac_archive.storage import Archive, document_from_record, poll_from_record, prepare_document

logger = logging.getLogger(__name__)
DEFAULT_DB = "data/riac.db"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REQUIRED = ("title", "paragraphs")  # a document without these is kept, but counted
_RATING_LABELS = ("rate this article", "оценить статью")
_CHECKED = ("url", "lang", "published", "event_date", *_REQUIRED)  # the fields _problems reads


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
    return any(label in text for label in _RATING_LABELS)


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


class ValidatePipeline:
    """Count missing or invalid fields into the crawl stats; drop only what cannot be stored."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Pass storable pages on, counting their problems."""
        if not isinstance(item, FetchedPage) or not item.url:
            self.stats.inc_value("riac/dropped/unstorable")
            raise DropItem(f"cannot store {type(item).__name__} item without a URL.")
        if item.document is not None:
            record = _checked_fields(document_from_record(item.document))
            if not record.get("url"):
                self.stats.inc_value("riac/dropped/unstorable")
                raise DropItem(f"the document of {item.url} has no URL.")
            for key in _problems(record):
                self.stats.inc_value(key)
            for key, reason in _input_problems(item):
                self.stats.inc_value(key)
                logger.warning("%s: %s", item.url, reason)
        return item


class ArchivePipeline:
    """Store every fetched page in the archive, once per document per crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("RIAC_DB") or DEFAULT_DB
        self.options = dict(crawler.settings.getdict("RIAC_CRAWL_OPTIONS"))
        self.archive: Archive | None = None
        self.crawl_id: int | None = None
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_opened(self) -> None:
        """Open the archive and its crawls row."""
        self.archive = Archive(self.db_path)
        self.crawl_id = self.archive.start_crawl(self.options)
        self.stats.set_value("riac/crawl_id", self.crawl_id)

    def spider_closed(self) -> None:
        """Write the crawl's stats into its crawls row and close the archive."""
        if self.archive is None:
            return
        self.archive.finish_crawl(self.crawl_id, self.stats.get_stats())
        self.archive.close()
        self.archive = None

    def process_item(self, item: FetchedPage) -> FetchedPage:
        """Save one page unless this crawl already stored its document."""
        if self.archive is None:  # used without the spider_opened signal (e.g. a bare test)
            self.spider_opened()
        prepared = prepare_document(item.document) if item.document is not None else None
        if prepared is not None:
            self._drop_duplicate(item, prepared.digest)
        try:
            result = self.archive.save_fetch(item, self.crawl_id, prepared)
        except Exception as exc:  # a bad item must not stop the crawl: it becomes an error row
            self.archive.record_error(item.url, self.crawl_id, "store", f"{exc}")
            self.stats.inc_value("riac/errors")
            return item
        self._count(result)
        return item

    def _drop_duplicate(self, item: FetchedPage, digest: str) -> None:
        """Raise DropItem when this crawl already stored the same URL or content (`digest`)."""
        if item.url in self.seen_urls or digest in self.seen_hashes:
            self.stats.inc_value("riac/duplicates_dropped")
            if item.url not in self.seen_urls:
                # Another URL for content already stored: keep its raw page so the URL is known
                # (and not fetched again next run), but not a second document.
                self.archive.save_fetch(replace(item, document=None, poll=None), self.crawl_id)
                self.seen_urls.add(item.url)
            raise DropItem(f"duplicate of an already stored document: {item.url}",
                           log_level="DEBUG")
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
