"""The crawl baseline: a bare Scrapy spider that fetches what `riac-archive crawl` fetches.

It starts from the same eight listings, follows the same links (the listing's own `?PAGEN_1=N`
pages and the detail pages below it) and does nothing with what it downloads: no extraction, no
storage. Run in its own process (Twisted's reactor cannot restart); its stats go to a JSON file.

    python benchmarks/bare_spider.py http://127.0.0.1:PORT stats.json [NAME=VALUE ...]
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

LISTINGS = ("news/", "analytics-and-comments/analytics/", "analytics-and-comments/comments/",
            "analytics-and-comments/interview/")


class BareSpider(scrapy.Spider):
    """Fetch listings and the pages they link to; keep nothing."""

    name = "bare"

    def __init__(self, base_url: str = "http://127.0.0.1:8000", **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Page 1 of every listing in both languages."""
        for prefix in ("/en/", "/"):
            for listing in LISTINGS:
                path = prefix + listing
                yield scrapy.Request(self.base_url + path, callback=self.parse_listing,
                                     cb_kwargs={"listing": path})

    def parse_listing(self, response: Response, listing: str) -> Iterator[scrapy.Request]:
        """Follow the listing's own pages and the detail pages below it."""
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            parts = urlsplit(url)
            if parts.netloc != urlsplit(self.base_url).netloc or \
                    not parts.path.startswith(listing):
                continue
            if parts.path == listing:
                yield scrapy.Request(url, callback=self.parse_listing,
                                     cb_kwargs={"listing": listing})
            else:
                yield scrapy.Request(url, callback=self.parse_detail)

    def parse_detail(self, response: Response) -> None:
        """Nothing: the baseline only downloads."""


def setting_value(text: str) -> object:
    """A NAME=VALUE setting's value as JSON when it parses (numbers, booleans), else text."""
    try:
        return json.loads(text.lower() if text in ("True", "False") else text)
    except ValueError:
        return text


def main(argv: list[str]) -> None:
    """Crawl BASE_URL with the bare spider; write the final stats to STATS_FILE."""
    from scrapy.crawler import CrawlerProcess

    base_url, stats_file, *sets = argv
    settings = {"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": False,
                "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor"}
    settings.update({name: setting_value(value)
                     for name, value in (item.split("=", 1) for item in sets)})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, base_url=base_url)
    process.start()
    Path(stats_file).write_text(json.dumps(crawler.stats.get_stats(), default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
