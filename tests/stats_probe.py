"""A Scrapy extension for tests: what the crawl's stats and status line show before it ends.

At the first spider_idle every page has been handed to the archive pipeline, but the archive
worker may still be storing the last ones. The probe keeps the spider open and looks at the
stats every 0.1 s until riac/documents/new reaches STATS_PROBE_EXPECTED (or STATS_PROBE_TIMEOUT
seconds pass), writes what it saw to STATS_PROBE_FILE (JSON), then closes the spider as finished.
Enabled with `--set EXTENSIONS=...` and PYTHONPATH=tests.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from riac_archive.runner import RunStatus


class StatsProbe:
    """Hold the crawl open at idle until the stats show every document, then report them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings["STATS_PROBE_FILE"])
        self.expected = crawler.settings.getint("STATS_PROBE_EXPECTED")
        self.timeout = crawler.settings.getfloat("STATS_PROBE_TIMEOUT", 10.0)
        self.loop: task.LoopingCall | None = None
        self.deadline = 0.0
        self.done = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsProbe:
        probe = cls(crawler)
        crawler.signals.connect(probe.spider_idle, signal=signals.spider_idle)
        return probe

    def spider_idle(self) -> None:
        """Start watching the stats; keep the spider open until the watch is over."""
        if self.done:
            return
        if self.loop is None:
            self.deadline = time.monotonic() + self.timeout
            self.loop = task.LoopingCall(self.look)
            self.loop.start(0.1, now=False)
        raise DontCloseSpider

    def look(self) -> None:
        """Record the stats once they show every document (or time is up), then close."""
        new = self.crawler.stats.get_value("riac/documents/new", 0)
        if new < self.expected and time.monotonic() < self.deadline:
            return
        self.done = True
        self.loop.stop()
        self.path.write_text(json.dumps({"new": new, "status": self.status_text()}))
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="finished"))

    def status_text(self) -> str:
        """The live status line as RunStatus would draw it now."""
        [status] = [ext for ext in self.crawler.extensions.middlewares
                    if isinstance(ext, RunStatus)]
        return status.status_text()
