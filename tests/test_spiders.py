"""Spider callbacks on fixture responses (no network): what a page makes the spider fetch next."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from riac_archive.items import FetchedPage
from riac_archive.spiders.riac import RiacSpider

SITE = Path(__file__).parent / "fixtures" / "site"
BASE = "http://mirror.test:8000"
CANON = "https://russiancouncil.ru"
SEED = "/en/news/russian-armenian-cooperation-at-the-present-stage/"


def make_spider(**kwargs) -> RiacSpider:
    """A spider on the mirror base URL, without an archive."""
    crawler = get_crawler(RiacSpider, {"RIAC_BASE_URL": BASE, "RIAC_DB": None,
                                       "ROBOTSTXT_OBEY": True})
    return RiacSpider.from_crawler(crawler, **kwargs)


def listing_response(spider: RiacSpider, path: str, file: str, lang: str, section: str,
                     page: int) -> HtmlResponse:
    """A listing page of the fixture site as the spider's request would have received it."""
    request = spider.listing_request(BASE + path, lang, section, page)
    return HtmlResponse(url=request.url, body=(SITE / file).read_bytes(), request=request,
                        encoding="utf-8")


def split(results) -> tuple[list[FetchedPage], list[Request]]:
    """Items and requests from a callback."""
    results = list(results)
    return ([r for r in results if isinstance(r, FetchedPage)],
            [r for r in results if isinstance(r, Request)])


def test_listing_yields_its_documents_and_the_next_page_only():
    spider = make_spider()
    response = listing_response(spider, "/en/news/", "en/news/index.html", "en", "news", 1)
    items, requests = split(spider.parse_listing(response))
    assert [r.url for r in requests if r.callback == spider.parse_detail] == [
        BASE + SEED,  # linked with ?sphrase_id=48213
        BASE + "/en/news/arctic-shipping-between-cooperation-and-competition/",
        BASE + "/en/news/fourth-russia-korea-expert-dialogue/",  # linked on www.
        BASE + "/en/analytics-and-comments/analytics/the-arctic-council-after-the-chairmanship/",
    ]
    assert [r.url for r in requests if r.callback == spider.parse_listing] == [
        BASE + "/en/news/?PAGEN_1=2"]
    assert requests[0].meta["canonical"] == CANON + SEED


def test_listing_item_carries_the_site_wide_poll():
    spider = make_spider()
    response = listing_response(spider, "/news/", "news/index.html", "ru", "news", 1)
    items, _ = split(spider.parse_listing(response))
    assert len(items) == 1
    assert items[0].kind == "listing"
    assert items[0].url == CANON + "/news/"
    assert items[0].poll.question == "In your opinion, what are the US long-term goals for Russia?"
    assert [o.votes for o in items[0].poll.options] == [33, 30, 24, 21]


def test_variants_on_a_later_page_collapse_to_canonical_requests():
    spider = make_spider()
    response = listing_response(spider, "/en/news/?PAGEN_1=2", "en/news/index@PAGEN_1=2.html",
                                "en", "news", 2)
    _, requests = split(spider.parse_listing(response))
    details = [r.url for r in requests if r.callback == spider.parse_detail]
    assert details == [
        BASE + SEED,  # the AMP copy, /en/amp/news/<slug> without a slash
        BASE + "/en/news/third-eurasian-security-forum-held-in-yerevan/",  # beta. host
        BASE + "/en/news/riac-closed-briefing-on-nordic-security/",  # robots.txt decides
        BASE + "/en/news/russia-and-norway-in-the-arctic-25-years-of-barents-cooperation/",
        BASE + "/en/analytics-and-comments/analytics/the-arctic-council-after-the-chairmanship/",
    ]
    # Page 2 links to pages 1 and 3 (and "?PAGEN_1=1"): only page 3 is next.
    assert [r.url for r in requests if r.callback == spider.parse_listing] == [
        BASE + "/en/news/?PAGEN_1=3"]


def test_a_document_already_requested_in_this_run_is_not_requested_again():
    spider = make_spider()
    first = listing_response(spider, "/en/news/", "en/news/index.html", "en", "news", 1)
    list(spider.parse_listing(first))
    second = listing_response(spider, "/en/news/?PAGEN_1=2", "en/news/index@PAGEN_1=2.html",
                              "en", "news", 2)
    _, requests = split(spider.parse_listing(second))
    assert BASE + SEED not in [r.url for r in requests]


def test_last_page_has_no_next_page():
    spider = make_spider()
    response = listing_response(spider, "/en/news/?PAGEN_1=3", "en/news/index@PAGEN_1=3.html",
                                "en", "news", 3)
    _, requests = split(spider.parse_listing(response))
    assert [r for r in requests if r.callback == spider.parse_listing] == []
    assert len(requests) == 3  # two news items and the sidebar's analytics article


def test_incremental_stops_paging_at_a_page_with_nothing_new():
    spider = make_spider()
    spider.stop_early = True
    spider.archived = {CANON + SEED,
                       CANON + "/en/news/arctic-shipping-between-cooperation-and-competition/",
                       CANON + "/en/news/fourth-russia-korea-expert-dialogue/",
                       CANON + "/en/analytics-and-comments/analytics/"
                               "the-arctic-council-after-the-chairmanship/"}
    response = listing_response(spider, "/en/news/", "en/news/index.html", "en", "news", 1)
    items, requests = split(spider.parse_listing(response))
    assert requests == []
    assert len(items) == 1  # the listing (and its poll) is still stored


def test_after_an_unfinished_crawl_paging_goes_on_past_archived_pages():
    spider = make_spider()
    spider.stop_early = False
    spider.archived = {CANON + SEED,
                       CANON + "/en/news/arctic-shipping-between-cooperation-and-competition/",
                       CANON + "/en/news/fourth-russia-korea-expert-dialogue/"}
    response = listing_response(spider, "/en/news/", "en/news/index.html", "en", "news", 1)
    _, requests = split(spider.parse_listing(response))
    assert [r.url for r in requests] == [
        BASE + "/en/analytics-and-comments/analytics/the-arctic-council-after-the-chairmanship/",
        BASE + "/en/news/?PAGEN_1=2"]


def test_full_refetches_archived_documents():
    spider = make_spider(full="true")
    spider.archived = {CANON + SEED}
    response = listing_response(spider, "/en/news/", "en/news/index.html", "en", "news", 1)
    _, requests = split(spider.parse_listing(response))
    assert BASE + SEED in [r.url for r in requests]


def test_max_pages_stops_paging():
    spider = make_spider(max_pages="1")
    response = listing_response(spider, "/en/news/", "en/news/index.html", "en", "news", 1)
    _, requests = split(spider.parse_listing(response))
    assert [r for r in requests if r.callback == spider.parse_listing] == []


def test_start_reads_page_one_of_each_chosen_listing():
    spider = make_spider(lang="ru", sections="news,comments")

    async def collect():
        return [r async for r in spider.start()]

    import asyncio

    requests = asyncio.run(collect())
    assert [r.url for r in requests] == [BASE + "/news/",
                                         BASE + "/analytics-and-comments/comments/"]
    assert all(r.dont_filter for r in requests)  # re-read on resume: it carries the poll


def test_conditional_request_for_a_refresh():
    spider = make_spider()
    request = spider.document_request(CANON + SEED, etag='"abc"',
                                      last_modified="Tue, 14 Nov 2023 22:13:20 GMT")
    assert request.url == BASE + SEED
    assert request.headers[b"If-None-Match"] == b'"abc"'
    assert request.headers[b"If-Modified-Since"] == b"Tue, 14 Nov 2023 22:13:20 GMT"
    assert request.meta["handle_httpstatus_list"] == [304]


def test_detail_page_becomes_a_fetched_document():
    spider = make_spider()
    request = spider.document_request(CANON + SEED)
    body = (SITE / "en/news/russian-armenian-cooperation-at-the-present-stage/index.html")
    response = HtmlResponse(url=request.url, body=body.read_bytes(), request=request,
                            headers={"ETag": '"v1"', "Content-Type": "text/html; charset=utf-8"})
    [page] = spider.parse_detail(response)
    assert (page.url, page.fetched_url, page.kind, page.lang) == (
        CANON + SEED, BASE + SEED, "document", "en")
    assert page.etag == '"v1"'
    assert page.error is None, page.error
    assert page.document.title == "Russian–Armenian Cooperation at the Present Stage"
    assert page.poll is not None


def test_unreadable_detail_page_is_an_extract_error():
    spider = make_spider()
    request = spider.document_request(CANON + SEED)
    response = HtmlResponse(url=request.url, body=b"", request=request)
    [page] = spider.parse_detail(response)
    assert (page.document, page.stage) == (None, "extract")
    assert page.error.endswith(".")


def failure_for(request: Request, exc: Exception) -> Failure:
    """A Twisted failure as Scrapy hands it to an errback."""
    failure = Failure(exc)
    failure.request = request
    return failure


def test_http_error_after_retries_is_a_fetch_error():
    spider = make_spider()
    request = spider.document_request(CANON + SEED)
    response = HtmlResponse(url=request.url, status=503, body=b"busy", request=request)
    [page] = spider.on_error(failure_for(request, HttpError(response)))
    assert (page.url, page.status, page.stage) == (CANON + SEED, 503, "fetch")
    assert page.error == "the server answered HTTP 503."


def test_robots_refusal_and_a_missing_listing_are_not_errors():
    spider = make_spider()
    request = spider.document_request(CANON + "/en/news/riac-closed-briefing-on-nordic-security/")
    assert list(spider.on_error(failure_for(request, IgnoreRequest("robots")))) == []
    listing = spider.listing_request(BASE + "/analytics-and-comments/comments/", "ru",
                                     "comments")
    missing = HtmlResponse(url=listing.url, status=404, body=b"", request=listing)
    assert list(spider.on_error(failure_for(listing, HttpError(missing)))) == []


def test_network_failure_is_a_fetch_error_with_status_zero():
    spider = make_spider()
    request = spider.document_request(CANON + SEED)
    [page] = spider.on_error(failure_for(request, ConnectionRefusedError("refused")))
    assert (page.status, page.stage, page.body) == (0, "fetch", b"")
    assert page.error.startswith("the download failed")


def test_mirror_under_a_path_prefix():
    crawler = get_crawler(RiacSpider, {"RIAC_BASE_URL": "http://127.0.0.1:9/riac/"})
    spider = RiacSpider.from_crawler(crawler)
    request = spider.document_request(CANON + SEED)
    assert request.url == "http://127.0.0.1:9/riac" + SEED
    response = HtmlResponse(url=request.url, body=b"<html></html>", request=request)
    assert spider.response_canonical(response) == CANON + SEED


@pytest.mark.parametrize("kwargs, message", [
    ({"lang": "fr"}, "unknown language fr"),
    ({"sections": "news,blogs"}, "unknown section blogs"),
    ({"max_pages": "many"}, "--max-pages must be a whole number"),
    ({"since": "yesterday"}, "--since must be a date"),
])
def test_bad_arguments_are_one_plain_sentence(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RiacSpider(**kwargs)


def test_a_link_robots_txt_forbids_is_neither_requested_nor_new():
    from scrapy.robotstxt import ProtegoRobotParser

    spider = make_spider()
    spider.stop_early = True
    robots = ProtegoRobotParser((SITE / "robots.txt").read_bytes(), spider)
    spider.robots_parsed(robots, Request(BASE + "/robots.txt"))
    response = listing_response(spider, "/en/news/?PAGEN_1=2", "en/news/index@PAGEN_1=2.html",
                                "en", "news", 2)
    spider.archived = {spider.canonical_link(response, href)
                       for href in response.css("a::attr(href)").getall()} - {None}
    spider.archived.discard(CANON + "/en/news/riac-closed-briefing-on-nordic-security/")
    _, requests = split(spider.parse_listing(response))
    assert requests == []  # nothing new on the page, so no page 3 either
