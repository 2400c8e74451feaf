"""Cron-readiness: incremental runs, refresh with conditional requests, the lock, resuming."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import REPO, SITE, crawl_command, query, run_crawl
from test_crawl import EXPECTED_DOCUMENTS

from riac_archive.fixture_server import serve_site

FIRST_LISTING_PAGES = {
    "/en/news/", "/en/analytics-and-comments/analytics/", "/en/analytics-and-comments/comments/",
    "/en/analytics-and-comments/interview/", "/news/", "/analytics-and-comments/analytics/",
    "/analytics-and-comments/comments/", "/analytics-and-comments/interview/"}


@pytest.fixture(scope="module")
def full_archive(tmp_path_factory) -> Path:
    """An archive after one complete crawl of the fixture site (made once per module)."""
    db = tmp_path_factory.mktemp("full") / "riac.db"
    with serve_site(SITE) as server:
        assert run_crawl(server.base_url, db).returncode == 0
    return db


@pytest.fixture
def crawled(full_archive, archive_path) -> Path:
    """A private copy of the fully crawled archive at archive_path."""
    archive_path.parent.mkdir(parents=True)
    for suffix in ("", "-wal"):
        source = Path(f"{full_archive}{suffix}")
        if source.exists():
            shutil.copy(source, f"{archive_path}{suffix}")
    return archive_path


def start_crawl(base_url, db, *args) -> subprocess.Popen:
    """A crawl running in the background, in its own process group."""
    return subprocess.Popen(crawl_command(base_url, db, *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO, start_new_session=True)


def wait_for(condition, timeout: float = 20.0) -> None:
    """Poll until condition() is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def archived(db) -> set[str]:
    """URLs in documents (empty while the database does not exist yet)."""
    if not db.exists():
        return set()
    try:
        return {url for (url,) in query(db, "select url from documents")}
    except Exception:  # tables not created yet
        return set()


def test_run_after_a_full_one_reads_only_the_first_listing_pages(site_server, crawled):
    archive_path = crawled
    result = run_crawl(site_server.base_url, archive_path, "--refresh-limit", "0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(site_server.requests) == sorted({"/robots.txt"} | FIRST_LISTING_PAGES)
    assert "0 new" in result.stdout


def test_poll_is_read_on_every_run_even_with_nothing_new(copy_server, site_copy, crawled):
    archive_path = crawled
    for page in site_copy.rglob("*.html"):  # one more vote for the first answer
        page.write_text(page.read_text().replace("33 (31%)", "34 (31%)"))
    result = run_crawl(copy_server.base_url, archive_path, "--refresh-limit", "0")
    assert "0 new" in result.stdout
    [(first,), (second,)] = query(archive_path, "select poll_snapshots from crawls order by id")
    assert first >= 1 and second >= 1


def test_a_new_document_is_fetched_and_paging_stops_after_the_first_page_with_nothing_new(
        copy_server, site_copy, crawled):
    archive_path = crawled
    listing = site_copy / "en/news/index.html"
    new_item = '<a href="/en/news/a-brand-new-event/">A Brand New Event</a>'
    listing.write_text(listing.read_text().replace('<div class="news-list">',
                                                   '<div class="news-list">' + new_item))
    page = site_copy / "en/news/arctic-shipping-between-cooperation-and-competition/index.html"
    (site_copy / "en/news/a-brand-new-event").mkdir()
    (site_copy / "en/news/a-brand-new-event/index.html").write_bytes(page.read_bytes())
    result = run_crawl(copy_server.base_url, archive_path, "--refresh-limit", "0")
    assert result.returncode == 0, result.stderr
    assert "/en/news/a-brand-new-event/" in copy_server.requests
    assert "/en/news/?PAGEN_1=2" in copy_server.requests  # page 1 had news: look further
    assert "/en/news/?PAGEN_1=3" not in copy_server.requests  # page 2 had none: stop
    assert "https://russiancouncil.ru/en/news/a-brand-new-event/" in archived(archive_path)


def test_refresh_with_unchanged_etag_gets_304_and_no_revision(site_server, crawled):
    archive_path = crawled
    revisions = query(archive_path, "select count(*) from revisions")
    result = run_crawl(site_server.base_url, archive_path,
                       "--refresh-days", "0", "--refresh-limit", "100")
    assert result.returncode == 0, result.stdout + result.stderr
    conditional = [h for h in site_server.headers_seen if "If-None-Match" in h]
    assert len(conditional) == len(EXPECTED_DOCUMENTS)
    assert "16 not modified" in result.stdout
    assert query(archive_path, "select count(*) from revisions") == revisions
    assert query(archive_path, "select documents_revised from crawls order by id desc limit 1") \
        == [(0,)]


def test_refresh_limit_caps_the_conditional_requests(site_server, crawled):
    run_crawl(site_server.base_url, crawled, "--refresh-days", "0", "--refresh-limit", "3")
    assert len([h for h in site_server.headers_seen if "If-None-Match" in h]) == 3


def test_second_run_exits_75_while_the_first_holds_the_lock(site_server, archive_path):
    site_server.delay = 0.2  # the first run takes a few seconds
    first = start_crawl(site_server.base_url, archive_path)
    second = start_crawl(site_server.base_url, archive_path)
    started = time.monotonic()
    codes = {}
    while len(codes) < 2:
        for name, proc in (("first", first), ("second", second)):
            if name not in codes and proc.poll() is not None:
                codes[name] = (proc.returncode, time.monotonic() - started)
        time.sleep(0.05)
    locked = [(code, took) for code, took in codes.values() if code == 75]
    assert len(locked) == 1, codes
    assert locked[0][1] < 5
    assert [code for code, _ in codes.values() if code != 75] == [0]
    loser = first if codes["first"][0] == 75 else second
    assert "already running" in loser.stderr.read()
    assert archived(archive_path) == EXPECTED_DOCUMENTS


def test_killed_run_leaves_no_stale_lock_and_the_rerun_completes(site_server, archive_path):
    site_server.delay = 0.1
    proc = start_crawl(site_server.base_url, archive_path)
    wait_for(lambda: len(archived(archive_path)) >= 3)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = archived(archive_path)
    assert before < EXPECTED_DOCUMENTS
    site_server.delay = 0
    site_server.requests.clear()
    result = run_crawl(site_server.base_url, archive_path, "--refresh-limit", "0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert archived(archive_path) == EXPECTED_DOCUMENTS
    assert query(archive_path, "select count(*), count(distinct url) from documents") == [
        (len(EXPECTED_DOCUMENTS), len(EXPECTED_DOCUMENTS))]
    assert query(archive_path, "pragma integrity_check") == [("ok",)]
    fetched_again = {f"https://russiancouncil.ru{p}" for p in site_server.requests} & before
    assert fetched_again == set(), "documents archived before the kill were fetched again"


def test_interrupted_run_resumes_from_its_job_directory(site_server, archive_path):
    site_server.delay = 0.1
    proc = start_crawl(site_server.base_url, archive_path)
    wait_for(lambda: len(archived(archive_path)) >= 3)
    proc.send_signal(signal.SIGTERM)  # Scrapy stops gracefully and keeps its queue on disk
    assert proc.wait(timeout=30) == 1
    assert (archive_path.parent / "riac.job" / "stopped-cleanly").exists()
    site_server.delay = 0
    result = run_crawl(site_server.base_url, archive_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "resuming" in result.stderr
    assert archived(archive_path) == EXPECTED_DOCUMENTS
    assert not (archive_path.parent / "riac.job").exists()  # a finished run leaves no job state


def test_nothing_fetched_is_exit_1(archive_path):
    result = run_crawl("http://127.0.0.1:9", archive_path, "--set", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert "0 new" in result.stdout
