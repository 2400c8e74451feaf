"""Item pipelines: validate (into crawl stats) -> dedup within the crawl -> store.

They hold no SQL: storage.Archive does the storing, riac_archive.archiver the per-page work.
Enabled in settings.py as ValidatePipeline (100) and ArchivePipeline (300). With
RIAC_ARCHIVE_WORKER on, the spider passes detail pages on raw and ArchivePipeline hands every
page to the archive worker process (riac_archive.worker), which extracts, validates, dedups and
stores it. The changes of its counters join the crawl's stats while it runs (polled every
PROGRESS_SECONDS, so the live status is right) and the last of them before the crawls row is
closed, with the peak RSS of both processes.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from twisted.internet import task

from riac_archive.archiver import PageArchiver, Skip, check_storable, validate
from riac_archive.items import FetchedPage
from riac_archive.storage import Archive
from riac_archive.worker import GAUGES, PROGRESS_SECONDS, SCRAPY_MAX_RSS_KEY, peak_rss_kib

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
        self.progress: task.LoopingCall | None = None  # merges the worker's counters

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
            self.start_progress()
        else:
            self.archiver = PageArchiver(self.archive, self.crawl_id, self.stats)

    def spider_closed(self) -> None:
        """Wait for the worker, write the crawl's stats into its crawls row, close the archive."""
        if self.archive is None:
            return
        self.stop_progress()
        if self.worker is not None:
            self.finish_worker()
        self.stats.max_value(SCRAPY_MAX_RSS_KEY, peak_rss_kib())
        self.archive.finish_crawl(self.crawl_id, self.stats.get_stats())
        self.archive.close()
        self.archive = None

    def start_progress(self) -> None:
        """Merge the worker's counter changes into the crawl's stats every PROGRESS_SECONDS."""
        self.progress = task.LoopingCall(self.merge_progress)
        self.progress.start(PROGRESS_SECONDS, now=False)

    def stop_progress(self) -> None:
        """Stop merging as the worker goes; finish_worker reads the rest."""
        if self.progress is not None and self.progress.running:
            self.progress.stop()
        self.progress = None

    def merge_progress(self) -> None:
        """Add the counter changes the worker has sent since the last look (never waits)."""
        if self.worker is not None:
            self.merge_worker_counters(self.worker.poll())

    def finish_worker(self) -> None:
        """Wait for the worker to store everything and add the rest of its counters."""
        report = self.worker.finish()
        self.worker = None
        self.merge_worker_counters(report.counters)
        if not report.complete:
            logger.error("The archive worker stopped before the end of the crawl; the pages "
                         "it had not stored will be fetched again next run.")
            self.stats.inc_value("riac/errors")

    def merge_worker_counters(self, changes: dict[str, int]) -> None:
        """Add the worker's counter changes to the crawl's; items it dropped were not scraped."""
        for key, value in changes.items():
            if key in GAUGES:
                self.stats.max_value(key, value)
            else:
                self.stats.inc_value(key, value)
        dropped = changes.get("item_dropped_count", 0)
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
        self.stop_progress()
        self.finish_worker()
        self.archiver = PageArchiver(self.archive, self.crawl_id, self.stats)
