"""Item pipelines: validate (into crawl stats) -> dedup within the crawl -> store.

They hold no SQL: storage.Archive does the storing, riac_archive.archiver the per-page work.
Enabled in settings.py as ValidatePipeline (100) and ArchivePipeline (300). With
RIAC_ARCHIVE_WORKER on, the spider passes detail pages on raw and ArchivePipeline hands every
page to the archive worker process (riac_archive.worker), which extracts, validates, dedups and
stores it; its counters join the crawl's stats before the crawls row is closed.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from riac_archive.archiver import PageArchiver, Skip, check_storable, validate
from riac_archive.items import FetchedPage
from riac_archive.storage import Archive

logger = logging.getLogger(__name__)
DEFAULT_DB = "data/riac.db"
# Settings the worker process needs to log where and how the crawl logs.
_LOG_SETTINGS = ("LOG_ENABLED", "LOG_FILE", "LOG_ENCODING", "LOG_LEVEL", "LOG_FORMAT",
                 "LOG_DATEFORMAT")


def uses_worker(crawler: Crawler) -> bool:
    """True when this crawl archives in the worker process (RIAC_ARCHIVE_WORKER)."""
    return crawler.settings.getbool("RIAC_ARCHIVE_WORKER")


class ValidatePipeline:
    """Count missing or invalid fields into the crawl stats; drop only what cannot be stored."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.worker = uses_worker(crawler)  # then the worker validates, after extracting

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Pass storable pages on, counting their problems."""
        try:
            check_storable(item, self.stats)
            if not self.worker:
                validate(item, self.stats)
        except Skip as exc:
            raise DropItem(str(exc)) from None
        return item


class ArchivePipeline:
    """Store every fetched page in the archive, once per document per crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("RIAC_DB") or DEFAULT_DB
        self.options = dict(crawler.settings.getdict("RIAC_CRAWL_OPTIONS"))
        self.use_worker = uses_worker(crawler)
        self.archive: Archive | None = None
        self.crawl_id: int | None = None
        self.archiver: PageArchiver | None = None
        self.worker: Any = None  # riac_archive.worker.ArchiveWorker while it runs

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_opened(self) -> None:
        """Open the archive and its crawls row; start the worker when archiving runs there."""
        self.archive = Archive(self.db_path)
        self.crawl_id = self.archive.start_crawl(self.options)
        self.stats.set_value("riac/crawl_id", self.crawl_id)
        if self.use_worker:
            from riac_archive.worker import ArchiveWorker

            log_config = {name: self.crawler.settings.get(name) for name in _LOG_SETTINGS}
            self.worker = ArchiveWorker(str(self.db_path), self.crawl_id, log_config)
        else:
            self.archiver = PageArchiver(self.archive, self.crawl_id, self.stats)

    def spider_closed(self) -> None:
        """Wait for the worker, write the crawl's stats into its crawls row, close the archive."""
        if self.archive is None:
            return
        if self.worker is not None:
            self.merge_worker_stats(self.worker.finish())
            self.worker = None
        self.archive.finish_crawl(self.crawl_id, self.stats.get_stats())
        self.archive.close()
        self.archive = None

    def merge_worker_stats(self, counters: dict[str, int] | None) -> None:
        """Add the worker's counters to the crawl's; items it dropped were not scraped."""
        if counters is None:
            logger.error("The archive worker stopped before the end of the crawl; the pages "
                         "it had not stored will be fetched again next run.")
            self.stats.inc_value("riac/errors")
            return
        for key, value in counters.items():
            self.stats.inc_value(key, value)
        dropped = counters.get("item_dropped_count", 0)
        if dropped:
            self.stats.inc_value("item_scraped_count", -dropped)

    def process_item(self, item: FetchedPage) -> FetchedPage:
        """Save one page unless this crawl already stored its document."""
        if self.archive is None:  # used without the spider_opened signal (e.g. a bare test)
            self.spider_opened()
        if self.worker is not None:
            if not self.worker.put(item):
                self.fall_back_in_process()
            else:
                return item
        try:
            if self.use_worker:  # the worker died: do its whole job here
                self.archiver.archive_raw(item)
            else:
                self.archiver.store(item)
        except Skip as exc:
            raise DropItem(str(exc), log_level=exc.log_level) from None
        return item

    def fall_back_in_process(self) -> None:
        """The worker died: archive the rest of the crawl in this process."""
        logger.error("The archive worker died; archiving in the crawl process from now on.")
        self.merge_worker_stats(self.worker.finish())
        self.worker = None
        self.archiver = PageArchiver(self.archive, self.crawl_id, self.stats)
