"""Downloader middlewares: retries with an exponential wait; robots.txt for every request;
redirects followed only on the crawled site, with loops reported as failures."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from riac_archive import urls

REDIRECT_STATUSES = (301, 302, 303, 307, 308)
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RedirectRefused(Exception):
    """A redirect the crawl will not follow (off the site, or one too many)."""


def on_crawled_site(url: str, base_url: str) -> bool:
    """True for URLs on the host being crawled: the site's own hosts, or exactly the mirror."""
    if urls.host_of(base_url) in urls.SITE_HOSTS:
        return urls.is_site_url(url, base_url)
    target, base = urlsplit(url), urlsplit(base_url)
    return (target.scheme in ("http", "https") and urls.host_of(url) == urls.host_of(base_url)
            and target.port == base.port)


class SiteRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, but never off the crawled site, and a loop becomes a failure.

    Scrapy would follow a redirect to any host and drop a redirect back to an already seen URL
    without a trace; here both end in the request's errback, so the page gets an errors row.
    """

    def process_response(self, request: Request, response: Response, spider=None):
        """Refuse an off-site redirect; otherwise redirect like Scrapy does."""
        location = response.headers.get("Location")
        if response.status in REDIRECT_STATUSES and location and not request.meta.get(
                "dont_redirect"):
            target = urljoin(request.url, location.decode("latin-1"))
            base = self.crawler.settings.get("RIAC_BASE_URL", urls.SITE_BASE)
            if not on_crawled_site(target, base):
                self.crawler.stats.inc_value("riac/redirects_refused")
                raise RedirectRefused(f"the server redirected off the site to {target}; "
                                      "not followed")
        return super().process_response(request, response)

    def _redirect(self, redirected: Request, request: Request, reason) -> Request:
        """Follow a redirect even to a URL seen before; too many in a row is a failure."""
        if request.meta.get("redirect_times", 0) >= self.max_redirect_times:
            raise RedirectRefused(f"the server redirected more than {self.max_redirect_times} "
                                  "times (a redirect loop)")
        redirected = super()._redirect(redirected, request, reason)
        redirected.dont_filter = True  # a loop must reach the limit, not vanish in the filter
        return redirected


class BackoffRetryMiddleware(RetryMiddleware):
    """Retry like Scrapy does, but wait base * 2**(attempt-1) seconds (capped) before retrying."""

    def backoff(self, retry: Request) -> float:
        """Seconds to wait before sending `retry` (its meta carries the attempt number)."""
        settings = self.crawler.settings
        base = settings.getfloat("RIAC_RETRY_BACKOFF_BASE", 2.0)
        cap = settings.getfloat("RIAC_RETRY_BACKOFF_MAX", 60.0)
        attempt = max(1, int(retry.meta.get("retry_times", 1)))
        return min(cap, base * 2 ** (attempt - 1))

    async def _wait_if_retrying(self, result: Request | Response | None, request: Request):
        """Pause before handing a retry request back to the engine."""
        if isinstance(result, Request) and result is not request:
            delay = self.backoff(result)
            if delay > 0:
                await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return result

    async def process_response(self, request: Request, response: Response):
        """Scrapy's retry decision for a response, then the back-off wait."""
        result = super().process_response(request, response)
        return await self._wait_if_retrying(result, request)

    async def process_exception(self, request: Request, exception: Exception):
        """Scrapy's retry decision for a download error, then the back-off wait."""
        result = super().process_exception(request, exception)
        return await self._wait_if_retrying(result, request)


class RobotsTxtFirstMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt check, also for requests that waited while robots.txt was fetched.

    In Scrapy 2.19 every request after the first that awaits the pending robots.txt Deferred
    gets None (the first awaiter's future consumes the result) and goes out unchecked: a
    disallowed page sent in that window was fetched. Reading the parser again fixes that.
    A robots.txt answered with a server error (after retries) disallows the whole run, as
    RFC 9309 asks; Scrapy would read the error page as "everything allowed".
    """

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        """Parse robots.txt; a server error there means "disallow everything" (RFC 9309)."""
        if response.status >= 500:
            self.crawler.stats.inc_value("riac/robots_unavailable")
            response = response.replace(body=DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    async def robot_parser(self, request: Request):
        """The parsed robots.txt for the request's host (None only when it could not be read)."""
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(stored, Deferred):
                parser = stored
        return parser
