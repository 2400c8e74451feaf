"""Downloader middlewares: retries with an exponential wait; robots.txt for every request."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater


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
    """

    async def robot_parser(self, request: Request):
        """The parsed robots.txt for the request's host (None only when it could not be read)."""
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(stored, Deferred):
                parser = stored
        return parser
