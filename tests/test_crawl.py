"""The real crawl, in a subprocess, against the fixture site served on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest
from conftest import REPO, SITE, query, run_crawl

from riac_archive.fixture_server import serve_site

R = "https://russiancouncil.ru"
EXPECTED_DOCUMENTS = {
    R + "/en/news/russian-armenian-cooperation-at-the-present-stage/",
    R + "/en/news/arctic-shipping-between-cooperation-and-competition/",
    R + "/en/news/fourth-russia-korea-expert-dialogue/",
    R + "/en/news/third-eurasian-security-forum-held-in-yerevan/",
    R + "/en/news/russia-and-norway-in-the-arctic-25-years-of-barents-cooperation/",
    R + "/en/news/-gateway-to-the-north-no-more-russia-and-turkey-in-the-black-sea-region/",
    R + "/en/news/riac-hosts-seminar-on-central-asian-water-security/",
    R + "/en/analytics-and-comments/analytics/the-arctic-council-after-the-chairmanship/",
    R + "/en/analytics-and-comments/analytics/eurasian-integration-in-numbers/",
    R + "/en/analytics-and-comments/analytics/the-baltic-after-enlargement/",
    R + "/en/analytics-and-comments/comments/what-the-summit-did-not-say/",
    R + "/en/analytics-and-comments/interview/andrey-kortunov-on-arctic-dialogue/",
    R + "/news/rossiysko-armyanskoe-sotrudnichestvo-na-sovremennom-etape/",
    R + "/news/arkticheskoe-sudokhodstvo-mezhdu-sotrudnichestvom-i-konkurentsiey/",
    R + "/news/vstrecha-ekspertov-rsmd-s-delegatsiey-instituta-arkticheskik/",
    R + "/analytics-and-comments/analytics/arktika-i-severnyy-morskoy-put/",
}
DISALLOWED = "/en/news/riac-closed-briefing-on-nordic-security/"


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory):
    """One crawl of the fixture site shared by the read-only checks below (saves seconds)."""
    db = tmp_path_factory.mktemp("full") / "data" / "riac.db"
    with serve_site(SITE) as server:
        result = run_crawl(server.base_url, db)
        yield SimpleNamespace(db=db, result=result, requests=list(server.requests),
                              base_url=server.base_url)


def test_crawl_archives_every_listed_document_once(full_crawl):
    assert full_crawl.result.returncode == 0, full_crawl.result.stdout + full_crawl.result.stderr
    rows = query(full_crawl.db, "select url from documents")
    assert sorted(url for (url,) in rows) == sorted(EXPECTED_DOCUMENTS)
    assert query(full_crawl.db, "select count(*) from errors") == [(0,)]


def test_crawl_obeys_robots_and_fetches_each_url_once(full_crawl):
    requested = full_crawl.requests
    assert requested[0] == "/robots.txt"
    assert DISALLOWED not in requested
    assert len(requested) == len(set(requested)), "a URL was fetched twice"
    assert not [p for p in requested if "sphrase_id" in p or "/amp/" in p]
    # 16 documents, 10 listing pages, 2 missing Russian listings (404), robots.txt
    assert len(requested) == 29


def test_crawl_stores_the_poll_once_and_its_stats(full_crawl):
    db, result = full_crawl.db, full_crawl.result
    assert query(db, "select question from polls") == [
        ("In your opinion, what are the US long-term goals for Russia?",)]
    [(finished, requests, new, options)] = query(
        db, "select finished, requests, documents_new, options from crawls")
    assert finished and requests == 29 and new == 16
    assert json.loads(options)["base_url"] == full_crawl.base_url
    assert result.stdout.count("\n") == 1  # one summary line
    assert "16 new" in result.stdout
    assert (db.parent / "riac.log").stat().st_size > 0
    assert not (db.parent / "riac.job").exists()  # a finished run leaves no job state


def test_listing_pages_are_kept_as_pages_not_documents(full_crawl):
    listings = query(full_crawl.db, "select url from pages where kind = 'listing' order by url")
    assert (R + "/en/news/?PAGEN_1=3",) in listings
    assert len(listings) == 10


def test_scrapy_crawl_gives_the_same_archive(site_server, archive_path):
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "riac", "-s",
         f"RIAC_BASE_URL={site_server.base_url}", "-s", f"RIAC_DB={archive_path}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    rows = query(archive_path, "select url from documents")
    assert sorted(url for (url,) in rows) == sorted(EXPECTED_DOCUMENTS)


def test_a_failing_page_is_recorded_and_the_exit_code_says_so(site_server, archive_path):
    site_server.forced_status["/en/news/fourth-russia-korea-expert-dialogue/"] = 500
    result = run_crawl(site_server.base_url, archive_path, "--set", "RETRY_TIMES=1")
    assert result.returncode == 1
    assert query(archive_path, "select url, stage, reason from errors") == [
        (R + "/en/news/fourth-russia-korea-expert-dialogue/", "fetch",
         "the server answered HTTP 500.")]
    assert site_server.requests.count("/en/news/fourth-russia-korea-expert-dialogue/") == 2
    assert "1 errors" in result.stdout


def test_lang_and_sections_restrict_the_listings(site_server, archive_path):
    result = run_crawl(site_server.base_url, archive_path, "--lang", "ru", "--sections", "news")
    assert result.returncode == 0, result.stderr
    rows = query(archive_path, "select url from documents order by url")
    assert [url for (url,) in rows] == sorted(u for u in EXPECTED_DOCUMENTS if "/news/" in u
                                              and "/en/" not in u)


def test_since_stops_paging_at_a_listing_page_older_than_the_date(site_server, archive_path):
    # /en/news/ page 3 lists only 2016 and 2015 documents; pages 1 and 2 list 2017-2025 ones.
    result = run_crawl(site_server.base_url, archive_path, "--lang", "en", "--sections", "news",
                       "--since", "2017-01-01")
    assert result.returncode == 0, result.stderr
    news = R + "/en/news/"
    archived = {url for (url,) in query(archive_path, "select url from documents")
                if url.startswith(news)}  # sidebars link to analytics too
    older = {news + "-gateway-to-the-north-no-more-russia-and-turkey-in-the-black-sea-region/",
             news + "riac-hosts-seminar-on-central-asian-water-security/"}
    newer = {u for u in EXPECTED_DOCUMENTS if u.startswith(news)} - older
    assert archived == newer
    assert "/en/news/?PAGEN_1=3" in site_server.requests  # read, and paging stopped there
    assert not any("gateway-to-the-north" in path for path in site_server.requests)


def test_usage_errors_exit_2_with_one_sentence(site_server, archive_path):
    result = run_crawl(site_server.base_url, archive_path, "--lang", "fr")
    assert result.returncode == 2
    assert "unknown language fr" in result.stderr
    assert "Traceback" not in result.stderr
    assert site_server.requests == []


def test_capture_saves_a_page_and_a_draft_expectation(site_server, tmp_path):
    url = site_server.base_url + "/en/analytics-and-comments/comments/what-the-summit-did-not-say/"
    result = subprocess.run(
        [sys.executable, "-c", "from riac_archive.cli import main; main()", "capture", url,
         "--to", str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    name = "en-comments-what-the-summit-did-not-say"
    assert (tmp_path / f"{name}.html").read_bytes() == (
        REPO / "tests/fixtures/site/en/analytics-and-comments/comments/"
               "what-the-summit-did-not-say/index.html").read_bytes()
    draft = json.loads((tmp_path / f"{name}.json").read_text())
    assert draft["draft"] is True and draft["url"] == url
    assert draft["expected"]["url"] == (
        R + "/en/analytics-and-comments/comments/what-the-summit-did-not-say/")
    assert draft["expected"]["title"] == "What the Summit Did Not Say"
    assert "riac-archive/0.1" in site_server.headers_seen[0]["User-Agent"]


def test_demo_runs_offline_and_prints_what_it_archived(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from riac_archive.cli import main; main()", "demo",
         "--db", str(tmp_path / "demo.db")], capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "16 documents" in result.stdout
    assert "Poll: In your opinion, what are the US long-term goals for Russia?" in result.stdout
    assert "33 (31.0%)  U.S. wants to establish partnership relations" in result.stdout
    assert "Russian–Armenian Cooperation at the Present Stage" in result.stdout
