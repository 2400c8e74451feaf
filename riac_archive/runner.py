"""Running a crawl safely under cron: the lock, the job directory, the log, status and summary.

Files beside the database (data/riac.db):
- data/riac.lock  an flock(2) lock; the kernel drops it when a run dies, so it never goes stale
- data/riac.job/  Scrapy's JOBDIR; kept after an interrupted run (Ctrl-C, SIGTERM) to resume it
- data/riac.log   the full Scrapy log, appended to by every run
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75
CLEAN_STOP_MARKER = "stopped-cleanly"


class LockHeld(RuntimeError):
    """Another run holds the archive's lock."""


def lock_path(db: Path) -> Path:
    """The lock file beside the database."""
    return db.with_suffix(".lock")


def job_dir(db: Path) -> Path:
    """Scrapy's JOBDIR beside the database."""
    return db.with_suffix(".job")


def log_path(db: Path) -> Path:
    """The log file beside the database."""
    return db.with_suffix(".log")


def acquire_lock(db: Path) -> IO[str]:
    """Take the archive's lock without waiting; LockHeld when another run has it."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held open for the whole run
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise LockHeld(f"another crawl is already running on {db} (lock {path} is held).") \
            from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def prepare_job_dir(db: Path) -> tuple[Path, bool]:
    """The JOBDIR to use and whether it resumes a run that stopped cleanly.

    State left by a killed run is thrown away: requests it had in flight were already marked
    as seen, so resuming from it could skip pages. The next run then walks every listing again
    and fetches only what the archive lacks.
    """
    path = job_dir(db)
    marker = path / CLEAN_STOP_MARKER
    resuming = marker.exists()
    if path.exists() and not resuming:
        shutil.rmtree(path)
    marker.unlink(missing_ok=True)
    return path, resuming


def finish_job_dir(path: Path, reason: str | None) -> None:
    """Drop the job state after a finished run; mark it resumable after an interrupted one."""
    if reason == "finished":
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        (path / CLEAN_STOP_MARKER).write_text(f"{reason}\n")


def count(stats: dict[str, Any], key: str) -> int:
    """One integer crawl statistic (0 when absent)."""
    return int(stats.get(key) or 0)


def summary_line(stats: dict[str, Any], db: Path) -> str:
    """The one line printed at the end of a run."""
    docs = ", ".join(f"{count(stats, f'riac/documents/{k}')} {k.replace('_', ' ')}"
                     for k in ("new", "revised", "unchanged", "not_modified"))
    seconds = float(stats.get("elapsed_time_seconds") or 0)
    reason = stats.get("finish_reason") or "unknown"
    tail = "" if reason == "finished" else f"; stopped early ({reason}), rerun to resume"
    return (f"riac-archive crawl: documents {docs}; {count(stats, 'riac/poll_snapshots')} poll "
            f"snapshots; {count(stats, 'riac/errors')} errors; "
            f"{count(stats, 'downloader/request_count')} requests in {seconds:.1f} s{tail} "
            f"(archive {db}, log {log_path(db)}).")


def exit_code(stats: dict[str, Any]) -> int:
    """0 when the run finished cleanly; 1 when pages failed, nothing came back, or it stopped."""
    answered = sum(v for k, v in stats.items()
                   if k.startswith("downloader/response_status_count/")
                   and k.rsplit("/", 1)[-1] in ("200", "304"))
    if count(stats, "riac/errors") or not answered:
        return EXIT_FAILED
    return EXIT_OK if stats.get("finish_reason") == "finished" else EXIT_FAILED


class RunStatus:
    """Scrapy extension: the archive lock for `scrapy crawl`, and a live status line on a TTY."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.lock: IO[str] | None = None
        self.loop: task.LoopingCall | None = None
        self.stream = sys.stderr

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunStatus:
        """Hook into the crawl; take the lock unless the `riac-archive` command holds it."""
        ext = cls(crawler)
        settings = crawler.settings
        if not settings.getbool("RIAC_LOCK_HELD") and settings.get("RIAC_DB"):
            ext.lock = acquire_lock(Path(settings["RIAC_DB"]))
        if settings.getbool("RIAC_PROGRESS"):
            crawler.signals.connect(ext.start_status, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def start_status(self) -> None:
        """Redraw the status line every second."""
        self.loop = task.LoopingCall(self.draw)
        self.loop.start(1.0, now=True)

    def status_text(self) -> str:
        """Progress so far in a few words."""
        stats = self.crawler.stats.get_stats()
        return (f"{count(stats, 'downloader/response_count')} pages fetched, "
                f"{count(stats, 'riac/documents/new')} new, "
                f"{count(stats, 'riac/documents/revised')} revised, "
                f"{count(stats, 'riac/errors')} errors")

    def draw(self) -> None:
        """Overwrite the status line in place."""
        self.stream.write("\r\033[K" + self.status_text())
        self.stream.flush()

    def spider_closed(self) -> None:
        """Clear the status line and release a lock this extension took."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
            self.stream.write("\r\033[K")
            self.stream.flush()
        if self.lock is not None:
            self.lock.close()
            self.lock = None
