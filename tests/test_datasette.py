"""datasette on an archive: descriptions everywhere, full-text search, facets, canned queries.

The archive is built through Archive.save_fetch from the fixture pages and their hand-written
expected records (what the spider stores once the extractor matches them).
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from riac_archive.items import FetchedPage, Poll, PollOption
from riac_archive.serve import build_datasette, load_metadata
from riac_archive.storage import Archive, document_from_record

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "any-name"  # the archive's file name must not matter
SEED_URL = "https://russiancouncil.ru/en/news/russian-armenian-cooperation-at-the-present-stage/"


def fixture_pages() -> dict[str, FetchedPage]:
    """One fetched page per fixture (by name), carrying its hand-written expected record."""
    pages = {}
    for minute, json_path in enumerate(sorted(FIXTURES.glob("*.json"))):
        meta = json.loads(json_path.read_text())
        if "expected" not in meta:  # a page the extractor must reject
            continue
        record = meta["expected"]
        pages[json_path.stem] = (FetchedPage(
            url=record["url"], fetched_url=meta["url"], status=200,
            body=json_path.with_suffix(".html").read_bytes(), content_type="text/html",
            fetched_at=f"2025-06-10T00:{minute:02d}:00Z", document=record))
    return pages


def build_archive(path: Path) -> None:
    """Two crawls of the fixtures; the second sees one edited page and new poll counts."""
    with Archive(path) as archive:
        crawl = archive.start_crawl({"start": "fixtures"})
        for page in fixture_pages().values():
            archive.save_fetch(page, crawl)
        archive.finish_crawl(crawl, {"riac/documents/new": 4})
        crawl = archive.start_crawl({"start": "fixtures"})
        edited = fixture_pages()["seed-plain"]
        document = document_from_record(edited.document)
        document.paragraphs = [*document.paragraphs, "An added closing paragraph."]
        document.poll = Poll(document.poll.question,
                             [PollOption(o.label, (o.votes or 0) + 1, o.percent)
                              for o in document.poll.options], None)
        edited.document, edited.fetched_at = document, "2025-07-01T00:00:00Z"
        archive.save_fetch(edited, crawl)
        archive.finish_crawl(crawl, {"riac/documents/revised": 1})


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / f"{DB_NAME}.db"
    build_archive(path)
    return path


def get(db_path: Path, path: str):
    """GET one datasette path through datasette's own test client."""
    async def fetch():
        ds = build_datasette(db_path)
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(fetch())


def get_json(db_path: Path, path: str):
    response = get(db_path, path)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def archive_tables(db_path: Path) -> dict[str, list[str]]:
    """Every table and view of the archive (FTS internals included) with its columns."""
    with Archive(db_path) as archive:
        names = archive.db.table_names() + archive.db.view_names()
        return {name: [c.name for c in archive.db[name].columns] for name in names}


def test_every_table_and_column_is_described(db_path):
    tables = load_metadata(db_path)["databases"][DB_NAME]["tables"]
    missing = []
    for table, columns in archive_tables(db_path).items():
        described = tables.get(table, {})
        if not described.get("description"):
            missing.append(table)
        missing += [f"{table}.{c}" for c in columns if not described.get("columns", {}).get(c)]
    assert missing == []


def test_descriptions_are_described_only_for_real_columns(db_path):
    tables = load_metadata(db_path)["databases"][DB_NAME]["tables"]
    actual = archive_tables(db_path)
    extra = [f"{t}.{c}" for t, meta in tables.items() for c in meta.get("columns", {})
             if c not in actual.get(t, [])]
    assert extra == []


def test_pages_show_title_and_column_descriptions(db_path):
    home = get(db_path, "/")
    assert "RIAC archive" in home.text and "russiancouncil.ru" in home.text
    table = get(db_path, f"/{DB_NAME}/participants")
    assert table.status_code == 200
    assert "Who took part in each event" in table.text
    assert "The name as printed on the page." in table.text


def test_full_text_search_finds_a_known_document(db_path):
    rows = get_json(db_path, f"/{DB_NAME}/documents.json?_search=Meloyan&_shape=array")
    assert [row["url"] for row in rows] == [SEED_URL]
    rows = get_json(db_path, f"/{DB_NAME}/highlights.json?_search=legally+binding&_shape=array")
    assert {row["speaker"] for row in rows} == {"Nikolay Silaev"}


def test_documents_come_with_facets_and_newest_first(db_path):
    data = get_json(db_path, f"/{DB_NAME}/documents.json")
    assert {"section", "lang", "type", "regions", "published_year"} <= set(data["facet_results"])
    published = [row[data["columns"].index("published")] for row in data["rows"]]
    assert published[0] == "2025-06-03"
    assert published[-1] is None  # a page without a date sorts last


def test_people_are_labelled_by_name(db_path):
    data = get_json(db_path, f"/{DB_NAME}/participants.json?_labels=on&_shape=array"
                             "&name=Tigran+Meloyan")
    assert data[0]["person_id"]["label"] == "Tigran Meloyan"


@pytest.mark.parametrize(("query", "params", "expected"), [
    ("appearances", "name=Meloyan", {"person": "Tigran Meloyan", "url": SEED_URL}),
    ("top_people_by_year", "", {"year": 2025, "person": "Andrey Areshev", "events": 1}),
    ("poll_history", "", {"lang": "en", "total_votes": 108}),
    ("changed_since", "since=2025-07-01", {"change": "revised", "revision": 2}),
    ("untranslated", "", {"lang": "en"}),
    ("co_appearances", "name=Silaev", {"person": "Nikolay Silaev", "with_person": "Anna Pak"}),
])
def test_every_canned_query_runs_and_returns_rows(db_path, query, params, expected):
    rows = get_json(db_path, f"/{DB_NAME}/{query}.json?_shape=array&{params}")
    assert rows, f"{query} returned no rows"
    assert any(expected.items() <= row.items() for row in rows), rows[:3]


def test_every_canned_query_is_tested():
    queries = load_metadata("x.db")["databases"]["x"]["queries"]
    tested = {"appearances", "top_people_by_year", "poll_history", "changed_since",
              "untranslated", "co_appearances"}
    assert set(queries) == tested


def test_canned_queries_run_with_empty_parameters(db_path):
    for query in ("appearances", "changed_since", "co_appearances"):
        assert get_json(db_path, f"/{DB_NAME}/{query}.json?_shape=array"), query


def test_views_join_events_people_and_highlights(db_path):
    rows = get_json(db_path, f"/{DB_NAME}/event_participants.json?_shape=array"
                             "&person=Nikolay+Silaev")
    assert {row["url"] for row in rows} == {SEED_URL}
    rows = get_json(db_path, f"/{DB_NAME}/speaker_highlights.json?_shape=array"
                             "&person=Tigran+Meloyan")
    assert len(rows) == 5 and rows[0]["title"].startswith("Russian–Armenian")


class Abandon(Exception):
    """Raised to roll a transaction back."""


def test_readable_while_a_crawl_writes(db_path):
    with pytest.raises(Abandon), Archive(db_path) as archive, archive.db.atomic():
        archive.record_error("https://russiancouncil.ru/en/news/x/", None, "fetch", "Timeout.")
        rows = get_json(db_path, f"/{DB_NAME}/errors.json?_shape=array")
        assert rows == []  # the open transaction is invisible, and nothing is locked
        raise Abandon
    assert get_json(db_path, f"/{DB_NAME}/errors.json?_shape=array") == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_command_starts_datasette_on_any_file(db_path, tmp_path):
    port = free_port()
    command = [sys.executable, "-c", "from riac_archive.cli import main; main()", "serve",
               "--db", str(db_path), "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        metadata = wait_for_json(f"http://127.0.0.1:{port}/-/metadata.json")
        queries = json.load(urllib.request.urlopen(
            f"http://127.0.0.1:{port}/{DB_NAME}/appearances.json?_shape=array&name=Silaev"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert metadata["title"] == "RIAC archive"
    assert DB_NAME in metadata["databases"]
    assert queries and queries[0]["person"] == "Nikolay Silaev"


def wait_for_json(url: str, timeout: float = 20.0):
    """The JSON at url once the server answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return json.load(urllib.request.urlopen(url, timeout=2))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_every_table_view_and_query_page_renders(db_path):
    async def statuses():
        ds = build_datasette(db_path)
        await ds.invoke_startup()
        pages = [f"/{DB_NAME}"] + [f"/{DB_NAME}/{name}" for name in archive_tables(db_path)]
        pages += [f"/{DB_NAME}/{name}" for name in ds.metadata("queries", database=DB_NAME)]
        return {page: (await ds.client.get(page)).status_code for page in pages}

    failing = {page: status for page, status in asyncio.run(statuses()).items() if status != 200}
    assert failing == {}
