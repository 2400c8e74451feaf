"""The archive worker: one process that extracts and stores the pages the crawl fetched.

With RIAC_ARCHIVE_WORKER on, ArchivePipeline hands each FetchedPage (raw body) to this process
through a bounded queue, so fetching (Scrapy's process) and archiving (this one) use both cores.
The worker runs PageArchiver (one transaction per item, as in-process mode does) and sends the
changes of its counters back on a result queue as it goes (every PROGRESS_ITEMS items or
PROGRESS_SECONDS), so the crawl's stats and its live status stay current; once told the crawl is
over, it sends the last changes and its own peak RSS. Every change is sent exactly once, so the
crawl adds them all up to the same totals as in-process mode.

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
import resource
import signal
import sys
import time
from typing import Any, NamedTuple

from riac_archive.archiver import CountingStats, PageArchiver, Skip
from riac_archive.items import FetchedPage

logger = logging.getLogger(__name__)
QUEUE_SIZE = 64  # items in flight at most: a blocking put is the crawl's backpressure
POLL_SECONDS = 1.0  # how often a waiting side checks that the other is still alive
PROGRESS_SECONDS = 0.5  # counter changes wait at most this long before going to the crawl...
PROGRESS_ITEMS = 20  # ...or after this many items, whichever comes first
PROGRESS, FINAL = "progress", "final"  # the kinds of message on the result queue
MAX_RSS_KEY = "riac/worker/max_rss_kib"  # the worker's peak RSS: a maximum, not a count
SCRAPY_MAX_RSS_KEY = "riac/scrapy/max_rss_kib"  # the crawl process's own, set by the pipeline
GAUGES = (MAX_RSS_KEY, SCRAPY_MAX_RSS_KEY)  # stats merged with max(), never added up
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB (its children not included)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def add_counters(into: dict[str, int], changes: dict[str, int]) -> dict[str, int]:
    """Add counter changes into `into` (gauges keep their maximum); return `into`."""
    for key, value in changes.items():
        if key in GAUGES:
            into[key] = max(into.get(key, value), value)
        else:
            into[key] = into.get(key, 0) + value
    return into


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


class Progress:
    """Sends the changes of the worker's counters to the crawl: as it goes, then the rest."""

    def __init__(self, stats: CountingStats, results: Any) -> None:
        self.stats = stats
        self.results = results
        self.sent: dict[str, int] = {}  # counter values as of the last message
        self.unsent_items = 0
        self.last_sent = time.monotonic()

    def item_done(self) -> None:
        """Note one archived item; send the changes when enough items or time have passed."""
        self.unsent_items += 1
        if self.unsent_items >= PROGRESS_ITEMS or \
                time.monotonic() - self.last_sent >= PROGRESS_SECONDS:
            self.send()

    def send(self) -> None:
        """Send what changed since the last message (nothing when nothing did)."""
        changes = self.take_changes()
        if changes:
            self.results.put((PROGRESS, changes))
        self.unsent_items, self.last_sent = 0, time.monotonic()

    def take_changes(self) -> dict[str, int]:
        """The counters' changes since the last message, now counted as sent."""
        changes = {key: value - self.sent.get(key, 0)
                   for key, value in self.stats.values.items() if value != self.sent.get(key, 0)}
        self.sent = dict(self.stats.values)
        return changes

    def finish(self) -> None:
        """Send the last changes and this process's peak RSS: the crawl's stats are complete."""
        self.results.put((FINAL, {**self.take_changes(), MAX_RSS_KEY: peak_rss_kib()}))


def next_item(items: Any, parent_pid: int, progress: Progress) -> tuple[bool, Any]:
    """(True, item) from the queue, (True, None) at the end, (False, None) if the crawl died.

    While no item comes, the counters' unsent changes go out, so the status never lags behind.
    """
    while True:
        try:
            return True, items.get(timeout=PROGRESS_SECONDS)
        except queue.Empty:
            if os.getppid() != parent_pid:
                return False, None
            if progress.unsent_items:
                progress.send()


def run_worker(db_path: str, crawl_id: int | None, log_config: dict[str, Any], items: Any,
               results: Any, parent_pid: int) -> None:
    """The worker process: archive items until None arrives, sending counter changes back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    die_with_parent()
    stats = CountingStats()
    configure_logging(log_config, stats)
    progress = Progress(stats, results)
    from riac_archive.storage import Archive

    with Archive(db_path) as archive:
        archiver = PageArchiver(archive, crawl_id, stats)
        while True:
            alive, item = next_item(items, parent_pid, progress)
            if not alive:
                return  # the crawl was killed: nobody wants the counters
            if item is None:
                break
            archive_item(archiver, item, stats)
            progress.item_done()
    progress.finish()


class WorkerReport(NamedTuple):
    """What the worker sent that was not read yet, and whether its final message was in it."""

    counters: dict[str, int]
    complete: bool


class ArchiveWorker:
    """The crawl's handle on the worker process: start it, feed it, collect its counters."""

    def __init__(self, db_path: str, crawl_id: int | None, log_config: dict[str, Any]) -> None:
        context = multiprocessing.get_context("spawn")
        self.items = context.Queue(QUEUE_SIZE)
        self.results = context.Queue()
        self.unread: dict[str, int] = {}  # counter changes received, not yet handed out
        self.complete = False  # True once the final message has arrived
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

    def poll(self) -> dict[str, int]:
        """The counter changes sent since the last call, without waiting (often none)."""
        while self._receive(None):
            pass
        return self._take()

    def finish(self) -> WorkerReport:
        """Tell the worker the crawl is over; what it sent since the last poll, once it is done.

        When the worker died first, the report has the changes it sent before, and is not
        complete.
        """
        self.put(None)
        try:
            while not self.complete:
                if not self._receive(POLL_SECONDS) and not self.process.is_alive():
                    self.items.cancel_join_thread()  # nobody reads: exit without flushing
                    while self._receive(POLL_SECONDS):  # what it sent just before exiting
                        pass
                    break
        finally:
            self.process.join(timeout=10)
            self.items.close()
            self.results.close()
        return WorkerReport(self._take(), self.complete)

    def _receive(self, timeout: float | None) -> bool:
        """Read one message into `unread` (timeout None: do not wait); False when none came."""
        try:
            if timeout is None:
                kind, changes = self.results.get_nowait()
            else:
                kind, changes = self.results.get(timeout=timeout)
        except queue.Empty:
            return False
        add_counters(self.unread, changes)
        self.complete = self.complete or kind == FINAL
        return True

    def _take(self) -> dict[str, int]:
        """The unread counter changes, now handed out."""
        taken, self.unread = self.unread, {}
        return taken
