"""The `riac` spider: walks the section listings, fetches the detail pages they list.

Thin by design (site-notes §10): URL knowledge lives in `riac_archive.urls`, page reading in
`riac_archive.extract`, storage in the pipelines. The spider only decides what to fetch next:

- listings of news, analytics, comments and interviews in each language, newest first, followed
  page by page through `?PAGEN_1=N` links found on the page (by URL pattern, not link text);
- every document link on a listing page, canonicalised first, so variants are fetched once;
- incremental by default: archived documents are skipped, and paging stops at the first listing
  page with nothing new, provided the previous crawl finished (else every page is walked again);
- a refresh budget of conditional requests for documents checked long ago; a 304 is "checked".
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from riac_archive import urls
from riac_archive.items import FetchedPage

logger = logging.getLogger(__name__)

DEFAULT_REFRESH_DAYS = 30
DEFAULT_REFRESH_LIMIT = 100
# Statuses that mean "this listing does not exist here" rather than "the fetch failed".
MISSING_STATUSES = (404, 410)


def split_list(value: str | Iterable[str] | None, allowed: Iterable[str], what: str) -> list[str]:
    """A comma-separated option as a list, checked against the allowed values."""
    allowed = list(allowed)
    if value is None or value == "":
        return allowed
    items = value.split(",") if isinstance(value, str) else list(value)
    items = [item.strip() for item in items if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(unknown)} (choose from {', '.join(allowed)}).")
    return items


def optional_int(value: Any, what: str) -> int | None:
    """An integer spider argument (given as a string on the command line), or None."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise ValueError(f"{what} must not be negative.")
    return number


def as_bool(value: Any) -> bool:
    """A boolean spider argument ("1", "true", "yes" or a real bool)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def optional_date(value: Any) -> date | None:
    """An ISO date spider argument, or None."""
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"--since must be a date like 2024-01-31, not {value!r}.") from None


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def header(response: Response, name: str) -> str | None:
    """A response header as text, or None."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class RiacSpider(scrapy.Spider):
    """Crawl russiancouncil.ru (or a mirror of it at RIAC_BASE_URL) into the archive."""

    name = "riac"

    def __init__(self, lang: str | None = None, sections: str | None = None,
                 max_pages: Any = None, since: Any = None, full: Any = False,
                 refresh_days: Any = None, refresh_limit: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.langs = split_list(lang, ("en", "ru"), "language")
        self.sections = split_list(sections, urls.LISTING_SECTIONS, "section")
        self.max_pages = optional_int(max_pages, "--max-pages")
        self.since = optional_date(since)
        self.full = as_bool(full)
        days = optional_int(refresh_days, "--refresh-days")
        limit = optional_int(refresh_limit, "--refresh-limit")
        self.refresh_days = DEFAULT_REFRESH_DAYS if days is None else days
        self.refresh_limit = DEFAULT_REFRESH_LIMIT if limit is None else limit
        self.base_url = urls.SITE_BASE
        self.db_path: str | None = None
        self.archived: set[str] = set()  # canonical URLs archived before this run
        self.scheduled: set[str] = set()  # canonical document URLs requested in this run
        self.stop_early = False  # True when the archive is complete up to the last run
        self.archive: Any = None
        self.robots: dict[str, Any] = {}  # netloc -> robots.txt parser, as Scrapy parsed it
        self.archive_worker = False  # True: pages go on raw, the archive worker reads them

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RiacSpider:
        """The spider with the crawl's base URL and archive path from the settings."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.base_url = crawler.settings.get("RIAC_BASE_URL", urls.SITE_BASE).rstrip("/")
        spider.db_path = crawler.settings.get("RIAC_DB")
        spider.archive_worker = crawler.settings.getbool("RIAC_ARCHIVE_WORKER")
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        # The pipeline stores these with the crawl; later runs read them back.
        if not crawler.settings.frozen:
            crawler.settings.set("RIAC_CRAWL_OPTIONS", spider.options(), priority="spider")
        return spider

    def options(self) -> dict[str, Any]:
        """What this run was asked to do, as stored with the crawl."""
        return {"lang": self.langs, "sections": self.sections, "max_pages": self.max_pages,
                "since": self.since.isoformat() if self.since else None, "full": self.full,
                "refresh_days": self.refresh_days, "refresh_limit": self.refresh_limit,
                "base_url": self.base_url, "restricted": self.restricted()}

    def restricted(self) -> bool:
        """True when this run walks only part of the site (so it cannot vouch for the rest)."""
        return (set(self.langs) != {"en", "ru"} or set(self.sections) != set(urls.LISTING_SECTIONS)
                or self.max_pages is not None or self.since is not None)

    # --- start --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Failed pages again, the refresh budget, then page 1 of every chosen listing."""
        plan = self.read_archive()
        for url in plan["retry"]:
            yield self.document_request(url)
        for url, etag, last_modified in plan["refresh"]:
            yield self.document_request(url, etag=etag, last_modified=last_modified)
        for lang in self.langs:
            for section_name in self.sections:
                yield self.listing_request(urls.listing_url(lang, section_name), lang, section_name)

    def read_archive(self) -> dict[str, Any]:
        """What the archive already holds: archived URLs, failed URLs, refresh candidates."""
        plan: dict[str, Any] = {"retry": [], "refresh": []}
        archive = self.open_archive()
        if archive is None:
            return plan
        self.archived = archive.known_urls()
        current = self.crawler.stats.get_value("riac/crawl_id")
        failed = archive.error_urls()
        # A listing page that failed hides the documents behind it: walk every page again.
        self.stop_early = (not self.full and previous_crawl_complete(archive, current)
                           and not any(urls.listing_section(u) for u in failed))
        plan["retry"] = [u for u in failed if urls.is_document_url(u) and u not in self.archived]
        if self.full:
            plan["refresh"] = list(archive.refresh_candidates(0, len(self.archived)))
        elif self.refresh_limit:
            plan["refresh"] = list(archive.refresh_candidates(self.refresh_days,
                                                              self.refresh_limit))
        return plan

    def open_archive(self) -> Any:
        """The archive at RIAC_DB (kept open to mark 304s as checked), or None without one."""
        if self.archive is None and self.db_path:
            from riac_archive.storage import Archive

            self.archive = Archive(self.db_path)
        return self.archive

    def closed(self, reason: str) -> None:
        """Close the spider's own handle on the archive."""
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    # --- requests -----------------------------------------------------------------------------

    def listing_request(self, url: str, lang: str, section_name: str, page: int = 1
                        ) -> scrapy.Request:
        """A listing page request; page 1 is always read (it carries the poll)."""
        canonical = urls.canonical_url(self.strip_base(url))
        return scrapy.Request(
            urls.on_base(canonical, self.base_url), callback=self.parse_listing,
            errback=self.on_error, dont_filter=page == 1, priority=-page,
            meta={"canonical": canonical, "kind": "listing", "lang": lang,
                  "section": section_name, "page": page})

    def document_request(self, canonical: str, etag: str | None = None,
                         last_modified: str | None = None) -> scrapy.Request:
        """A detail page request, conditional when validators from an earlier fetch are known."""
        self.scheduled.add(canonical)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        meta: dict[str, Any] = {"canonical": canonical, "kind": "document"}
        if headers:
            meta["handle_httpstatus_list"] = [304]
        return scrapy.Request(urls.on_base(canonical, self.base_url), callback=self.parse_detail,
                              errback=self.on_error, headers=headers, meta=meta, priority=10)

    # --- listings -----------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[FetchedPage | scrapy.Request]:
        """A listing page: its poll, the documents it lists, and the next page of it."""
        meta = response.meta
        yield self.listing_page(response)
        documents, pages = self.listing_links(response, meta["lang"], meta["section"])
        if self.since and self.listing_older_than_since(response):
            logger.info("Stopping at %s: everything listed is older than %s.",
                        response.url, self.since)
            return
        fresh = [url for url in documents if url not in self.scheduled
                 and (self.full or url not in self.archived) and self.allowed(url)]
        for url in fresh:
            yield self.document_request(url)
        next_page = self.next_page(meta["page"], pages, documents, fresh)
        if next_page:
            yield self.listing_request(next_page, meta["lang"], meta["section"],
                                       urls.page_number(next_page))

    def listing_links(self, response: Response, lang: str, section_name: str
                      ) -> tuple[list[str], list[str]]:
        """Canonical document URLs and further pages of the same listing linked from a page."""
        documents: list[str] = []
        pages: list[str] = []
        for href in response.css("a::attr(href)").getall():
            canonical = self.canonical_link(response, href)
            if canonical is None:
                continue
            if urls.is_document_url(canonical):
                documents.append(canonical)
            elif (urls.listing_section(canonical) == section_name
                  and urls.language(canonical) == lang):
                pages.append(canonical)
        return list(dict.fromkeys(documents)), list(dict.fromkeys(pages))

    def next_page(self, page: int, pages: list[str], documents: list[str], fresh: list[str]
                  ) -> str | None:
        """The next listing page to read, or None where paging stops."""
        if self.max_pages is not None and page >= self.max_pages:
            return None
        if not documents or (self.stop_early and not fresh):
            return None
        later = [url for url in pages if urls.page_number(url) > page]
        return min(later, key=urls.page_number) if later else None

    def listing_older_than_since(self, response: Response) -> bool:
        """True when a listing page shows dates and all of them are before --since."""
        from riac_archive.extract.dates import parse_date

        found = []
        for text in response.xpath("//body//text()").getall():
            text = " ".join(text.split())
            if 6 <= len(text) <= 40 and any(ch.isdigit() for ch in text):
                try:
                    parsed = parse_date(text)
                except (ValueError, NotImplementedError):
                    parsed = None
                if parsed:
                    found.append(parsed)
        return bool(found) and max(found) < self.since

    def listing_page(self, response: Response) -> FetchedPage:
        """The listing fetch as an item, with the site-wide poll it shows (read by the archive
        worker when there is one)."""
        from riac_archive.archiver import read_poll

        page = self.fetched(response, "listing")
        return page if self.archive_worker else read_poll(page)

    # --- documents ----------------------------------------------------------------------------

    def parse_detail(self, response: Response) -> Iterator[FetchedPage]:
        """A detail page, extracted (raw for the archive worker); a 304 marks it checked."""
        page = self.fetched(response, "document")
        if response.status == 304:
            self.archive.mark_checked(page.url, page.fetched_at)
            self.crawler.stats.inc_value("riac/documents/not_modified")
            return
        from riac_archive.archiver import extract_into

        yield page if self.archive_worker else extract_into(page)

    def fetched(self, response: Response, kind: str) -> FetchedPage:
        """The common part of every fetch item: URLs, status, body, validators, time."""
        canonical = self.response_canonical(response)
        return FetchedPage(
            url=canonical, fetched_url=response.url, status=response.status,
            body=response.body, content_type=header(response, "Content-Type"),
            etag=header(response, "ETag"), last_modified=header(response, "Last-Modified"),
            fetched_at=utc_now(), kind=kind, lang=urls.language(canonical))

    def on_error(self, failure: Failure) -> Iterator[FetchedPage]:
        """A request that failed after retries becomes an error item; robots.txt refusals don't."""
        request = failure.request
        kind = request.meta.get("kind", "document")
        canonical = request.meta.get("canonical") or urls.canonical_url(request.url)
        response = failure.value.response if failure.check(HttpError) else None
        if response is None and failure.check(scrapy.exceptions.IgnoreRequest):
            self.crawler.stats.inc_value("riac/ignored")
            return
        status = response.status if response is not None else 0
        if kind == "listing" and status in MISSING_STATUSES:
            logger.warning("No listing at %s (HTTP %s); skipping it.", request.url, status)
            self.crawler.stats.inc_value("riac/listings_missing")
            return
        yield FetchedPage(
            url=canonical, fetched_url=request.url, status=status,
            body=response.body if response is not None else b"", fetched_at=utc_now(),
            kind=kind, lang=urls.language(canonical), error=failure_reason(failure, status),
            stage="fetch")

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """Keep the robots.txt parser Scrapy built, to leave disallowed links out of paging."""
        self.robots[urlsplit(request.url).netloc] = robotparser

    def allowed(self, canonical: str) -> bool:
        """False for a document robots.txt forbids (it would never be archived, so not "new")."""
        url = urls.on_base(canonical, self.base_url)
        parser = self.robots.get(urlsplit(url).netloc)
        if parser is None or not self.settings.getbool("ROBOTSTXT_OBEY"):
            return True
        agent = self.settings.get("ROBOTSTXT_USER_AGENT") or self.settings.get("USER_AGENT")
        return parser.allowed(url, agent)

    # --- URLs ---------------------------------------------------------------------------------

    def canonical_link(self, response: Response, href: str) -> str | None:
        """The canonical form of a link on a page, or None when it leaves the site."""
        absolute = response.urljoin(href.strip())
        if not urls.is_site_url(absolute, self.base_url):
            return None
        return urls.canonical_url(self.strip_base(absolute))

    def response_canonical(self, response: Response) -> str:
        """The canonical URL of a response (after redirects, when they stayed on the site)."""
        if urls.is_site_url(response.url, self.base_url):
            return urls.canonical_url(self.strip_base(response.url))
        return response.meta.get("canonical") or urls.canonical_url(response.url)

    def strip_base(self, url: str) -> str:
        """A URL on a base URL with a path prefix (a mirror under /riac/) without that prefix."""
        base = urlsplit(self.base_url)
        parts = urlsplit(url)
        prefix = base.path.rstrip("/")
        if prefix and urls.host_of(url) == urls.host_of(self.base_url) \
                and parts.path.startswith(prefix + "/"):
            return urlunsplit(parts._replace(path=parts.path[len(prefix):]))
        return url


# Download failures whose own message says little, in plain words.
PLAIN_FAILURES = {
    "ResponseDataLossError": "the connection was cut before the whole page arrived.",
    "RedirectRefused": None,  # its message is already the sentence
}


def failure_reason(failure: Failure, status: int) -> str:
    """One plain sentence saying why a fetch failed."""
    if status:
        return f"the server answered HTTP {status}."
    name = failure.type.__name__
    if name in PLAIN_FAILURES:
        return PLAIN_FAILURES[name] or f"{str(failure.value).rstrip('.')}."
    message = str(failure.value).strip() or failure.type.__name__
    return f"the download failed: {message.rstrip('.')}."


def previous_crawl_complete(archive: Any, current_id: int | None) -> bool:
    """True when the crawl before this one walked every listing and finished normally."""
    last = archive.last_crawl(current_id)
    if not last or not last.get("finished"):
        return False  # no earlier crawl, or it was killed part-way
    options = json.loads(last.get("options") or "{}")
    stats = json.loads(last.get("stats") or "{}")
    return stats.get("finish_reason") == "finished" and options.get("restricted") is False

