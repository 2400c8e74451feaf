"""Offline re-extraction: revisions where the extraction changed, rebuilding lost documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riac_archive.items import Document, FetchedPage
from riac_archive.reparse import reparse, reparse_archive, summary_line
from riac_archive.storage import Archive

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://russiancouncil.ru/en/news/arctic-round-table/"
HTML = b"<html><h1>Arctic</h1><p>RIAC hosted a round table.</p></html>"


def old_extractor(html: bytes, url: str, content_type: str | None = None) -> dict:
    """What an earlier extractor made of HTML: the title only as text."""
    return Document(url=URL, lang="en", title="Arctic",
                    paragraphs=["Arctic RIAC hosted a round table."]).to_record()


def new_extractor(html: bytes, url: str, content_type: str | None = None) -> dict:
    """A better extractor: the title no longer leaks into the body."""
    return Document(url=URL, lang="en", title="Arctic",
                    paragraphs=["RIAC hosted a round table."]).to_record()


def archive_with_one_page(path: Path) -> Archive:
    archive = Archive(path)
    page = FetchedPage(url=URL, fetched_url=URL + "?sphrase_id=3", status=200, body=HTML,
                       content_type="text/html; charset=utf-8", fetched_at="2025-01-01T00:00:00Z",
                       document=Document(**{k: v for k, v in old_extractor(HTML, URL).items()
                                            if k not in ("authors", "participants")}))
    archive.save_fetch(page)
    return archive


def test_a_changed_extraction_records_one_revision(tmp_path):
    with archive_with_one_page(tmp_path / "riac.db") as archive:
        first = reparse_archive(archive, new_extractor)
        second = reparse_archive(archive, new_extractor)
        revisions = list(archive.db.query(
            "select revision, source, captured_at from revisions order by revision"))
        body = archive.db.execute("select body, revision from documents").fetchone()
    assert dict(first) == {"revised": 1}
    assert dict(second) == {"unchanged": 1}
    assert [r["source"] for r in revisions] == ["crawl", "reparse"]
    assert revisions[1]["captured_at"] == "2025-01-01T00:00:00Z"  # when the page was fetched
    assert body == ("RIAC hosted a round table.", 2)


def test_the_extractor_reads_the_page_as_the_spider_does(tmp_path):
    seen = []

    def recording_extractor(html, url, content_type=None):
        seen.append((html, url, content_type))
        return old_extractor(html, url)

    with archive_with_one_page(tmp_path / "riac.db") as archive:
        assert dict(reparse_archive(archive, recording_extractor)) == {"unchanged": 1}
    assert seen == [(HTML, URL, "text/html; charset=utf-8")]  # as the spider calls it


def test_an_unreadable_page_is_counted_and_recorded(tmp_path):
    def failing_extractor(html, url, content_type=None):
        raise ValueError("the page has no body text.")

    with archive_with_one_page(tmp_path / "riac.db") as archive:
        assert dict(reparse_archive(archive, failing_extractor)) == {"failed": 1}
        assert archive.error_urls() == [URL]
        assert archive.db["documents"].count == 1  # the old extraction stays


def test_summary_line():
    from collections import Counter

    assert summary_line(Counter(revised=2, unchanged=5)) == (
        "reparsed 7 pages: 2 revised, 5 unchanged")
    assert summary_line(Counter()) == "reparsed 0 pages"


def test_the_command_refuses_a_missing_archive(tmp_path):
    result = CliRunner().invoke(reparse, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "there is no archive at" in result.output
    assert not (tmp_path / "none.db").exists()


def real_extract(html: bytes, url: str) -> dict:
    """The project's extractor, skipping while its parts are still stubs."""
    from riac_archive.extract import extract_page

    try:
        return extract_page(html, url)
    except NotImplementedError:
        pytest.skip("the extractor is not finished yet.")


def archive_crawled_from_fixtures(path: Path) -> Archive:
    """An archive of the saved fixture pages, stored as the spider stores them."""
    archive = Archive(path)
    for minute, html_path in enumerate(sorted(FIXTURES.glob("*.html"))):
        meta = json.loads(html_path.with_suffix(".json").read_text())
        if "expected" not in meta:  # a page the extractor must reject
            continue
        html = html_path.read_bytes()
        record = real_extract(html, meta["url"])
        archive.save_fetch(FetchedPage(url=record["url"], fetched_url=meta["url"], status=200,
                                       body=html, content_type="text/html",
                                       fetched_at=f"2025-06-10T00:{minute:02d}:00Z",
                                       document=record))
    return archive


def test_lost_documents_are_rebuilt_with_the_same_hashes(tmp_path):
    db = tmp_path / "riac.db"
    with archive_crawled_from_fixtures(db) as archive:
        before = archive.db.execute("select url, content_hash, revision from documents "
                                    "order by url").fetchall()
        revisions = archive.db["revisions"].count
        archive.db.execute("pragma foreign_keys = off")  # as a user's sqlite3 shell would
        archive.db.execute("delete from documents")
    result = CliRunner().invoke(reparse, [str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"reparsed {len(before)} pages: ")
    assert "restored" in result.output
    with Archive(db) as archive:
        after = archive.db.execute("select url, content_hash, revision from documents "
                                   "order by url").fetchall()
        assert archive.db["revisions"].count == revisions
    assert after == before


def test_reparsing_an_unchanged_archive_changes_nothing(tmp_path):
    db = tmp_path / "riac.db"
    with archive_crawled_from_fixtures(db) as archive:
        before = archive.db.execute("select * from documents order by url").fetchall()
        changes = archive.db.conn.total_changes
        outcomes = reparse_archive(archive)
        after = archive.db.execute("select * from documents order by url").fetchall()
        assert archive.db.conn.total_changes == changes  # not a row written, not even touched
    assert set(outcomes) == {"unchanged"}
    assert after == before


def test_a_rating_read_anew_reaches_an_unchanged_document(tmp_path):
    def rating_extractor(html, url, content_type=None):
        return {**old_extractor(html, url), "rating": {"value": 4.5, "votes": 2}}

    with archive_with_one_page(tmp_path / "riac.db") as archive:
        assert dict(reparse_archive(archive, rating_extractor)) == {"unchanged": 1}
        stored = archive.db.execute("select rating_value, rating_votes, revision "
                                    "from documents").fetchone()
    assert stored == (4.5, 2, 1)  # the rating is not content: no new revision
