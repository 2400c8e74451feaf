"""The archive worker: one process that extracts and stores the pages the crawl fetched.

With RIAC_ARCHIVE_WORKER on, ArchivePipeline hands each FetchedPage (raw body) to this process
through a bounded queue, so fetching (Scrapy's process) and archiving (this one) use both cores.
The worker runs PageArchiver (one transaction per item, as in-process mode does) and, once told
the crawl is over, sends its counters back for the crawl's stats.

Started with "spawn" (never a fork of Twisted's process), it inherits no file descriptor (not
the crawl lock), ignores SIGINT (Ctrl-C reaches the whole process group: Scrapy stops gracefully,
then ends the queue; a second Ctrl-C makes multiprocessing terminate the worker at exit), and
dies with its parent, so a killed crawl leaves no process holding the archive.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import queue
import signal
import sys
from typing import Any

from riac_archive.archiver import CountingStats, PageArchiver, Skip
from riac_archive.items import FetchedPage

logger = logging.getLogger(__name__)
QUEUE_SIZE = 64  # items in flight at most: a blocking put is the crawl's backpressure
POLL_SECONDS = 1.0  # how often a waiting side checks that the other is still alive
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # the getppid() check in the read loop still ends the worker


class LevelCounter(logging.Handler):
    """Counts log records by level, as Scrapy's log_count/<LEVEL> stats do."""

    def __init__(self, stats: CountingStats, level: int) -> None:
        super().__init__(level)
        self.stats = stats

    def emit(self, record: logging.LogRecord) -> None:
        """Count one record."""
        self.stats.inc_value(f"log_count/{record.levelname}")


def configure_logging(config: dict[str, Any], stats: CountingStats) -> None:
    """Log like the crawl does (its LOG_FILE, level and format) and count what is logged."""
    root = logging.getLogger()
    level = logging.getLevelName(config.get("LOG_LEVEL") or "DEBUG")
    root.setLevel(level)
    if not config.get("LOG_ENABLED", True):
        root.addHandler(logging.NullHandler())
        return
    if config.get("LOG_FILE"):
        handler: logging.Handler = logging.FileHandler(
            config["LOG_FILE"], mode="a", encoding=config.get("LOG_ENCODING") or "utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(config.get("LOG_FORMAT"),
                                           config.get("LOG_DATEFORMAT")))
    handler.setLevel(level)
    root.addHandler(handler)
    root.addHandler(LevelCounter(stats, level))


def archive_item(archiver: PageArchiver, item: FetchedPage, stats: CountingStats) -> None:
    """Archive one item; a skipped one counts as dropped, a failure is logged, not fatal."""
    try:
        archiver.archive_raw(item)
    except Skip as exc:
        stats.inc_value("item_dropped_count")
        stats.inc_value("item_dropped_reasons_count/DropItem")
        logger.log(logging.getLevelName(exc.log_level), "Dropped: %s", exc)
    except Exception:  # one bad item must not stop the archiving of the others
        logger.exception("Archiving %s failed", getattr(item, "url", item))


def next_item(items: Any, parent_pid: int) -> tuple[bool, Any]:
    """(True, item) from the queue, (True, None) at the end, (False, None) if the crawl died."""
    while True:
        try:
            return True, items.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent_pid:
                return False, None


def run_worker(db_path: str, crawl_id: int | None, log_config: dict[str, Any], items: Any,
               results: Any, parent_pid: int) -> None:
    """The worker process: archive items until None arrives, then send the counters back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    die_with_parent()
    stats = CountingStats()
    configure_logging(log_config, stats)
    from riac_archive.storage import Archive

    with Archive(db_path) as archive:
        archiver = PageArchiver(archive, crawl_id, stats)
        while True:
            alive, item = next_item(items, parent_pid)
            if not alive:
                return  # the crawl was killed: nobody wants the counters
            if item is None:
                break
            archive_item(archiver, item, stats)
    results.put(stats.values)


class ArchiveWorker:
    """The crawl's handle on the worker process: start it, feed it, collect its counters."""

    def __init__(self, db_path: str, crawl_id: int | None, log_config: dict[str, Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self.items = context.Queue(QUEUE_SIZE)
        self.results = context.Queue()
        self.process = context.Process(
            target=run_worker, name="riac-archive-worker", daemon=True,
            args=(db_path, crawl_id, log_config, self.items, self.results, os.getpid()))
        self.process.start()

    def put(self, item: FetchedPage | None) -> bool:
        """Queue one item, waiting while the queue is full; False when the worker is gone."""
        while True:
            try:
                self.items.put(item, timeout=POLL_SECONDS)
                return True
            except queue.Full:
                if not self.process.is_alive():
                    return False

    def finish(self) -> dict[str, int] | None:
        """Tell the worker the crawl is over; its counters once it has stored everything."""
        self.put(None)
        try:
            while True:
                try:
                    return self.results.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    if not self.process.is_alive():
                        self.items.cancel_join_thread()  # nobody reads: exit without flushing
                        return self._last_result()
        finally:
            self.process.join(timeout=10)
            self.items.close()
            self.results.close()

    def _last_result(self) -> dict[str, int] | None:
        """Counters the worker sent just before exiting, or None when it died without them."""
        try:
            return self.results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            return None
