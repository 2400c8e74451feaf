"""Blind acceptance checks (issues 3, 4, 5, 7) against tests/blind_mirror.py's unseen mirror.

Real `riac-archive crawl` subprocesses against a 127.0.0.1 server; an off-site trap proxy catches
any request that would leave 127.0.0.1. The clean sequence runs once per module (first crawl,
incremental rerun, ETag refresh, one edited page, moved poll counts) and records what each step
did; each test checks one step. The faulty mirror has its own archive.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from blind_mirror import (  # noqa: E402 - tests/ is not a package
    BY_KEY,
    DEFAULT_POLL_COUNTS,
    DISALLOWED,
    DOCS,
    EDITED_DOC,
    TESTS,
    Faults,
    Logged,
    MirrorServer,
    build_mirror,
    expected_urls,
    first_listing_targets,
    listing_pages_leading_to,
    off_site_trap,
    serve_mirror,
    served_targets,
)

CLI = Path(sys.executable).parent / "riac-archive"
BASE_SETTINGS = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
FAULT_SETTINGS = ["--set", "DOWNLOAD_TIMEOUT=2"]  # the default 3 retries with back-off
MOVED_POLL = (40, 30, 24, 21)


@dataclass
class Run:
    """One crawl: exit code, output, the server's log of it, and the archive right after."""

    code: int
    output: str
    log: list[Logged]
    trap: list[str]
    archive: dict[str, Any] = field(default_factory=dict)

    @property
    def targets(self) -> list[str]:
        """Request targets in order."""
        return [entry.target for entry in self.log]


def archive_state(db: Path) -> dict[str, Any]:
    """What the checks read from the archive after a run."""
    con = sqlite3.connect(db)
    try:
        one = lambda sql: con.execute(sql).fetchall()  # noqa: E731 - a local shorthand
        return {
            "documents": [row[0] for row in one("select url from documents")],
            "hashes": dict(one("select url, content_hash from documents")),
            "revisions": one("select url, revision from revisions order by url, revision"),
            "polls": one("select question, lang from polls"),
            "snapshots": one("select count(*) from poll_snapshots")[0][0],
            "totals": [row[0] for row in one("select total_votes from poll_snapshots order by id")],
            "records": {url: (title, json.loads(paragraphs)) for url, title, paragraphs
                        in one("select url, title, paragraphs from documents")},
            "errors": one("select url, stage, reason from errors"),
            "crawls": one("select stats, finished from crawls order by id"),
            "integrity": one("pragma integrity_check")[0][0],
        }
    finally:
        con.close()


def crawl(server: MirrorServer, trap: Any, db: Path, *extra: str) -> Run:
    """Run `riac-archive crawl` against the mirror, all traffic kept on 127.0.0.1."""
    proxy = f"http://127.0.0.1:{trap.server_address[1]}"
    env = dict(os.environ, http_proxy=proxy, https_proxy=proxy, no_proxy="127.0.0.1,localhost")
    server.reset_log()
    with trap.lock:
        trap.seen.clear()
    done = subprocess.run(
        [str(CLI), "crawl", "--base-url", server.base_url, "--db", str(db),
         *BASE_SETTINGS, *extra],
        env=env, capture_output=True, text=True, timeout=120)
    run = Run(done.returncode, done.stdout + done.stderr, list(server.log), list(trap.seen))
    run.archive = archive_state(db)
    return run


def revisions_of(run: Run) -> dict[str, int]:
    """Number of revisions rows per document URL."""
    counts: dict[str, int] = {}
    for url, _ in run.archive["revisions"]:
        counts[url] = counts.get(url, 0) + 1
    return counts


def path_of(url: str) -> str:
    """The request target of a canonical URL."""
    return url.removeprefix("https://russiancouncil.ru")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """The clean sequence on one archive; each step's Run by name."""
    root = tmp_path_factory.mktemp("blind-site")
    db = tmp_path_factory.mktemp("blind-db") / "x.db"
    build_mirror(root)
    runs: dict[str, Run] = {}
    with off_site_trap() as trap, serve_mirror(root) as server:
        runs["first"] = crawl(server, trap, db)
        runs["again"] = crawl(server, trap, db, "--refresh-limit", "0")
        runs["etag"] = crawl(server, trap, db, "--refresh-days", "0", "--refresh-limit", "100")
        build_mirror(root, edited=True)
        runs["edited"] = crawl(server, trap, db, "--full")
        build_mirror(root, edited=True, poll_counts=MOVED_POLL)
        runs["poll"] = crawl(server, trap, db, "--refresh-limit", "0")
    return runs


def test_first_crawl_archives_every_expected_document_once(clean: dict[str, Run]) -> None:
    """Every expected canonical URL is in documents exactly once, nothing else."""
    run = clean["first"]
    assert run.code == 0, run.output[-2000:]
    documents = run.archive["documents"]
    assert sorted(documents) == sorted(expected_urls())
    assert revisions_of(run) == {url: 1 for url in expected_urls()}


def test_the_disallowed_page_is_never_requested(clean: dict[str, Run]) -> None:
    """robots.txt is read first and its disallowed detail page is never fetched, in any run."""
    assert clean["first"].targets[0] == "/robots.txt"
    for run in clean.values():
        assert not [t for t in run.targets if DISALLOWED.path.rstrip("/") in t]
    assert DISALLOWED.url not in clean["first"].archive["documents"]


def test_variants_are_fetched_once_in_canonical_form(clean: dict[str, Run]) -> None:
    """No sphrase_id or AMP request, no page requested twice, no image/menu/pdf requests."""
    targets = clean["first"].targets
    assert len(targets) == len(set(targets)), sorted(targets)
    assert not [t for t in targets if "sphrase_id" in t or "/amp/" in t]
    assert set(targets) <= served_targets(), set(targets) - served_targets()


def test_off_site_links_are_not_followed(clean: dict[str, Run]) -> None:
    """Nothing reached the trap proxy; no error row or document names an off-site host."""
    for run in clean.values():
        assert run.trap == []
    first = clean["first"].archive
    assert not [e for e in first["errors"] if "example.invalid" in e[0]]
    assert not [u for u in first["documents"] if "example.invalid" in u]


def test_one_poll_and_one_snapshot(clean: dict[str, Run]) -> None:
    """The site-wide poll (on every page, both languages) is one polls row, one snapshot."""
    first = clean["first"].archive
    assert first["polls"] == [("In your opinion, what are the US long-term goals for Russia?",
                               "en")]
    assert first["snapshots"] == 1


def test_reused_pages_extract_as_their_fixtures_expect(clean: dict[str, Run]) -> None:
    """Title and paragraphs as the reused page's hand-written expectation; no poll in bodies."""
    records = clean["first"].archive["records"]
    for doc in DOCS:
        expected = json.loads((TESTS / doc.source).with_suffix(".json").read_text())["expected"]
        title, paragraphs = records[doc.url]
        assert (title, paragraphs) == (expected["title"], expected["paragraphs"]), doc.key
        assert not [p for p in paragraphs if "Poll conducted" in p or "long-term goals" in p]


def test_crawl_stats_are_recorded(clean: dict[str, Run]) -> None:
    """The crawls row is finished and its stats count requests and the new documents."""
    stats_json, finished = clean["first"].archive["crawls"][0]
    stats = json.loads(stats_json)
    assert finished
    assert stats["downloader/request_count"] == len(clean["first"].targets)
    assert stats["riac/documents/new"] == len(DOCS)
    assert stats["riac/poll_snapshots"] == 1


def test_second_run_requests_only_robots_and_first_listing_pages(clean: dict[str, Run]) -> None:
    """With --refresh-limit 0 right after a full crawl: robots.txt + page 1 of each section."""
    run = clean["again"]
    assert run.code == 0, run.output[-2000:]
    assert sorted(run.targets) == sorted({"/robots.txt"} | first_listing_targets())


def test_second_run_adds_no_revision(clean: dict[str, Run]) -> None:
    """The archive is unchanged: same documents, hashes, revisions, one snapshot."""
    first, again = clean["first"].archive, clean["again"].archive
    assert again["hashes"] == first["hashes"]
    assert again["revisions"] == first["revisions"]
    assert again["snapshots"] == 1


def test_etag_refresh_gets_304s_and_records_no_revision(clean: dict[str, Run]) -> None:
    """Every document re-checked with If-None-Match, every answer 304, nothing revised."""
    run = clean["etag"]
    assert run.code == 0, run.output[-2000:]
    detail = [e for e in run.log if e.target in {path_of(u) for u in expected_urls()}]
    assert sorted(e.target for e in detail) == sorted(path_of(u) for u in expected_urls())
    assert all(e.if_none_match and e.status == 304 for e in detail), detail
    assert run.archive["revisions"] == clean["first"].archive["revisions"]
    assert run.archive["snapshots"] == 1


def test_one_changed_page_is_exactly_one_new_revision(clean: dict[str, Run]) -> None:
    """After one page's text changes, --full adds revision 2 for it and nothing else."""
    run = clean["edited"]
    assert run.code == 0, run.output[-2000:]
    edited = BY_KEY[EDITED_DOC].url
    expected = {url: 1 for url in expected_urls()} | {edited: 2}
    assert revisions_of(run) == expected
    changed = {u for u, h in run.archive["hashes"].items()
               if h != clean["first"].archive["hashes"][u]}
    assert changed == {edited}
    assert run.archive["snapshots"] == 1


def test_moved_poll_counts_are_exactly_one_new_snapshot(clean: dict[str, Run]) -> None:
    """New counts on every page: one more snapshot, still one poll, no revision."""
    run = clean["poll"]
    assert run.code == 0, run.output[-2000:]
    assert run.archive["snapshots"] == 2
    assert run.archive["totals"] == [sum(DEFAULT_POLL_COUNTS), sum(MOVED_POLL)]
    assert len(run.archive["polls"]) == 1
    assert run.archive["revisions"] == clean["edited"].archive["revisions"]


def test_clean_archive_integrity(clean: dict[str, Run]) -> None:
    """PRAGMA integrity_check is ok after every step and no errors were recorded."""
    for name, run in clean.items():
        assert run.archive["integrity"] == "ok", name
        assert run.archive["errors"] == [], name


# ---------------------------------------------------------------------------------------------
# The faulty mirror


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """A run and a rerun against a mirror that 503s first, cuts every 5th answer, stalls."""
    root = tmp_path_factory.mktemp("blind-faulty-site")
    db = tmp_path_factory.mktemp("blind-faulty-db") / "x.db"
    build_mirror(root)
    always = path_of(BY_KEY["a3"].url)  # stalls all through the first run
    once = path_of(BY_KEY["r2"].url)  # stalls once, the retry succeeds
    listing = "/en/news/"  # page 1 of a listing stalls once
    faults = Faults(fail_first=2, cut_every=5, stalls={always: -1, once: 1, listing: 1})
    runs: dict[str, Run] = {}
    with off_site_trap() as trap, serve_mirror(root, faults) as server:
        runs["run"] = crawl(server, trap, db, *FAULT_SETTINGS)
        faults.stalls.pop(always)
        runs["rerun"] = crawl(server, trap, db, *FAULT_SETTINGS)
    shutil.rmtree(root, ignore_errors=True)
    return runs


def test_faulty_first_run_records_failures_with_reasons(faulty: dict[str, Run]) -> None:
    """The page stalled on every try is an errors row with a reason; exit code 1."""
    run = faulty["run"]
    assert [e.fault for e in run.log[:2]] == ["503", "503"]
    assert any(e.fault == "cut" for e in run.log)
    errors = run.archive["errors"]
    assert errors, run.output[-2000:]
    assert all(stage and reason and reason.strip() for _, stage, reason in errors), errors
    stalled = BY_KEY["a3"]
    assert ({stalled.url} | listing_pages_leading_to(stalled)) & {url for url, _, _ in errors}
    assert run.code == 1


def test_faulty_first_run_loses_nothing_else(faulty: dict[str, Run]) -> None:
    """Every expected document is archived, in errors, or behind a listing page in errors."""
    archive = faulty["run"].archive
    failed = {url for url, _, _ in archive["errors"]}
    lost = [doc.url for doc in DOCS if doc.url not in set(archive["documents"]) | failed
            and not listing_pages_leading_to(doc) & failed]
    assert lost == [], (lost, archive["errors"])


def test_faulty_rerun_completes_the_archive_once(faulty: dict[str, Run]) -> None:
    """After the rerun: every document once, one revision each, the first run's errors gone."""
    run = faulty["rerun"]
    assert sorted(run.archive["documents"]) == sorted(expected_urls())
    assert revisions_of(run) == {url: 1 for url in expected_urls()}
    # The server still cuts every 5th answer: a page may fail all its tries again; then it
    # must be one the rerun really saw fail, with a reason.
    faulty_targets = {e.target for e in run.log if e.fault}
    for url, stage, reason in run.archive["errors"]:
        assert reason and path_of(url) in faulty_targets, (url, stage, reason)
    assert run.code == (1 if run.archive["errors"] else 0), run.output[-2000:]


def test_faulty_runs_keep_the_archive_sound(faulty: dict[str, Run]) -> None:
    """integrity_check ok, one poll, disallowed page and off-site hosts never requested."""
    for run in faulty.values():
        assert run.archive["integrity"] == "ok"
        assert len(run.archive["polls"]) == 1
        assert not [t for t in run.targets if DISALLOWED.path.rstrip("/") in t]
        assert run.trap == []
