"""The item pipelines on a real Crawler: validation stats, dedup within a crawl, crawl rows."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from riac_archive.items import Document, FetchedPage, Poll, PollOption
from riac_archive.pipelines import ArchivePipeline, ValidatePipeline
from riac_archive.storage import Archive

URL = "https://russiancouncil.ru/en/news/arctic-round-table/"
OTHER_URL = "https://russiancouncil.ru/en/news/baltic-forum/"
ROOT = Path(__file__).resolve().parents[1]


def page(url: str = URL, text: str = "RIAC hosted a round table.", **document_fields
         ) -> FetchedPage:
    """A fetched event page with a one-paragraph document."""
    fields = {"title": "Round table", "paragraphs": [text]} | document_fields
    document = Document(url=url, lang="en", section="news", **fields)
    return FetchedPage(url=url, fetched_url=url, status=200, body=text.encode(),
                       document=document)


@pytest.fixture
def crawler(tmp_path: Path):
    return get_crawler(settings_dict={"RIAC_DB": str(tmp_path / "riac.db"),
                                      "RIAC_CRAWL_OPTIONS": {"max_pages": 3}})


def open_pipeline(crawler) -> ArchivePipeline:
    pipeline = build_from_crawler(ArchivePipeline, crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    return pipeline


def close_pipeline(crawler) -> None:
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")


def test_validate_counts_missing_and_invalid_fields(crawler):
    validate = build_from_crawler(ValidatePipeline, crawler)
    item = page(title=None, published="2 June 2025")
    assert validate.process_item(item) is item
    assert crawler.stats.get_value("riac/missing/title") == 1
    assert crawler.stats.get_value("riac/invalid/published") == 1
    assert crawler.stats.get_value("riac/missing/paragraphs") is None


def test_validate_drops_only_what_cannot_be_stored(crawler):
    validate = build_from_crawler(ValidatePipeline, crawler)
    with pytest.raises(DropItem):
        validate.process_item({"url": URL})
    listing = FetchedPage(url=URL, fetched_url=URL, status=200, body=b"", kind="listing")
    assert validate.process_item(listing) is listing
    assert crawler.stats.get_value("riac/dropped/unstorable") == 1


def test_archive_pipeline_stores_counts_and_drops_duplicates(crawler, tmp_path):
    pipeline = open_pipeline(crawler)
    pipeline.process_item(page())
    with pytest.raises(DropItem):  # the same canonical URL again (a sphrase_id variant)
        pipeline.process_item(page())
    with pytest.raises(DropItem):  # the same content under another URL
        pipeline.process_item(page(OTHER_URL))
    poll = Poll("Q?", [PollOption("Yes", 1, 100.0)], 1)
    listing = FetchedPage(url="https://russiancouncil.ru/en/news/", fetched_url="x",
                          status=200, body=b"<ul>", kind="listing", poll=poll)
    pipeline.process_item(listing)
    close_pipeline(crawler)
    stats = crawler.stats
    assert stats.get_value("riac/documents/new") == 1
    assert stats.get_value("riac/duplicates_dropped") == 2
    assert stats.get_value("riac/poll_snapshots") == 1
    with Archive(tmp_path / "riac.db") as archive:
        assert archive.document_urls() == {URL}
        # the other URL's raw page is kept, so the next crawl does not fetch it again
        assert {URL, OTHER_URL} <= archive.known_urls()
        crawl = list(archive.db.query("select * from crawls"))[0]
    assert json.loads(crawl["options"]) == {"max_pages": 3}
    assert (crawl["documents_new"], crawl["duplicates_dropped"], crawl["poll_snapshots"]) == (
        1, 2, 1)
    assert crawl["finished"] is not None


def test_an_item_is_turned_into_its_record_once(crawler, monkeypatch):
    calls = []
    real_to_record = Document.to_record

    def counted_to_record(self):
        calls.append(self.url)
        return real_to_record(self)

    monkeypatch.setattr(Document, "to_record", counted_to_record)
    validate, pipeline = build_from_crawler(ValidatePipeline, crawler), open_pipeline(crawler)
    pipeline.process_item(validate.process_item(page()))
    close_pipeline(crawler)
    assert calls == [URL]
    assert crawler.stats.get_value("riac/documents/new") == 1


def test_a_second_crawl_counts_unchanged_and_revised(tmp_path):
    for text in ("First text.", "First text.", "Second text."):
        crawler = get_crawler(settings_dict={"RIAC_DB": str(tmp_path / "riac.db")})
        pipeline = open_pipeline(crawler)
        pipeline.process_item(page(text=text))
        close_pipeline(crawler)
    assert crawler.stats.get_value("riac/documents/revised") == 1
    with Archive(tmp_path / "riac.db") as archive:
        summary = list(archive.db.query(
            "select documents_new, documents_unchanged, documents_revised from crawls"))
        revisions = archive.db["revisions"].count
    assert [tuple(row.values()) for row in summary] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert revisions == 2


def test_a_failed_fetch_becomes_an_error_row(crawler, tmp_path):
    pipeline = open_pipeline(crawler)
    failed = FetchedPage(url=URL, fetched_url=URL, status=0, body=b"",
                         error="DNS lookup failed.", stage="fetch")
    pipeline.process_item(failed)
    close_pipeline(crawler)
    assert crawler.stats.get_value("riac/errors") == 1
    with Archive(tmp_path / "riac.db") as archive:
        assert archive.error_urls() == [URL]
        assert archive.db["pages"].count == 0


CRAWL_SCRIPT = textwrap.dedent("""
    import sys
    from scrapy import Spider
    from scrapy.crawler import CrawlerProcess
    from riac_archive.items import Document, FetchedPage

    class ItemsSpider(Spider):
        name = "items"

        async def start(self):
            for n, url in enumerate(["https://russiancouncil.ru/en/news/a/"] * 2
                                    + ["https://russiancouncil.ru/en/news/b/"]):
                doc = Document(url=url, lang="en", title="T", paragraphs=[url])
                yield FetchedPage(url=url, fetched_url=url, status=200, body=b"<p>",
                                  document=doc)

    process = CrawlerProcess({
        "ITEM_PIPELINES": {"riac_archive.pipelines.ValidatePipeline": 100,
                           "riac_archive.pipelines.ArchivePipeline": 300},
        "RIAC_DB": sys.argv[1], "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
    })
    process.crawl(ItemsSpider)
    process.start()
""")


def test_pipelines_run_inside_a_real_crawl(tmp_path):
    db = tmp_path / "crawl.db"
    done = subprocess.run([sys.executable, "-c", CRAWL_SCRIPT, str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "ScrapyDeprecationWarning" not in done.stderr, done.stderr
    with Archive(db) as archive:
        assert len(archive.document_urls()) == 2
        crawl = list(archive.db.query("select * from crawls"))[0]
    assert (crawl["documents_new"], crawl["duplicates_dropped"]) == (2, 1)
    assert json.loads(crawl["stats"])["finish_reason"] == "finished"
