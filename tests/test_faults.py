"""Faults and bad input (issue 7): nothing lost, nothing corrupted.

Every crawl is the real `riac-archive crawl` in a subprocess against tests/fault_server.py on
127.0.0.1, with a 2 s download timeout and one retry so the module stays well under a minute.
The test names are the "Reliability" list in docs/reliability.md: keep them saying what was
tried and what came out.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, crawl_command, query, run_crawl
from fault_server import Fault, FaultServer, serve_faults
from test_crawl import DISALLOWED, EXPECTED_DOCUMENTS

R = "https://russiancouncil.ru"
QUICK = ("--set", "DOWNLOAD_TIMEOUT=2", "--set", "RETRY_TIMES=1")
STALL = 2.5  # seconds: longer than the 2 s download timeout
HUGE = "/analytics-and-comments/analytics/arktika-i-severnyy-morskoy-put/"

# Faults that last the whole first run: path -> (fault, the reason `errors` must give).
PERSISTENT = {
    "/en/news/fourth-russia-korea-expert-dialogue/":
        (Fault("status", status=503), "the server answered HTTP 503."),
    "/en/news/arctic-shipping-between-cooperation-and-competition/":
        (Fault("drop"), "the connection was cut before the whole page arrived."),
    "/en/analytics-and-comments/comments/what-the-summit-did-not-say/":
        (Fault("stall", seconds=STALL), "took longer than 2.0 seconds"),
    "/en/analytics-and-comments/analytics/the-baltic-after-enlargement/":
        (Fault("redirect"), "redirected more than 5 times (a redirect loop)"),
    "/news/rossiysko-armyanskoe-sotrudnichestvo-na-sovremennom-etape/":
        (Fault("status", status=404), "the server answered HTTP 404."),
    "/en/analytics-and-comments/interview/andrey-kortunov-on-arctic-dialogue/":
        (Fault("redirect", location="http://example.invalid/moved/"),
         "redirected off the site to http://example.invalid/moved/; not followed"),
    HUGE: (Fault("huge"), "larger than download max size (10485760)"),
    "/en/news/?PAGEN_1=2":
        (Fault("status", status=503), "the server answered HTTP 503."),
}
# The documents only listed on /en/news/?PAGEN_1=2 and the page after it.
BEHIND_FAILED_LISTING = {
    R + "/en/news/russia-and-norway-in-the-arctic-25-years-of-barents-cooperation/",
    R + "/en/news/third-eurasian-security-forum-held-in-yerevan/",
    R + "/en/news/-gateway-to-the-north-no-more-russia-and-turkey-in-the-black-sea-region/",
    R + "/en/news/riac-hosts-seminar-on-central-asian-water-security/",
}


def crawl(server: FaultServer, db: Path, *args: str) -> subprocess.CompletedProcess:
    """One quick crawl of the fault server."""
    return run_crawl(server.base_url, db, *QUICK, *args)


def documents(db: Path) -> list[str]:
    """Every documents URL (with repeats, were there any)."""
    return [url for (url,) in query(db, "select url from documents")]


def errors(db: Path) -> dict[str, tuple[str, str]]:
    """url -> (stage, reason) of the errors table."""
    return {url: (stage, reason) for url, stage, reason
            in query(db, "select url, stage, reason from errors")}


def last_stats(db: Path) -> dict:
    """The Scrapy stats of the latest crawl, as stored in `crawls`."""
    [(stats,)] = query(db, "select stats from crawls order by id desc limit 1")
    return json.loads(stats)


def assert_sound(db: Path) -> None:
    """SQLite finds no damage and every stored document is whole: row, revision, raw page."""
    assert query(db, "pragma integrity_check") == [("ok",)]
    assert query(db, "pragma foreign_key_check") == []
    assert query(db, "select count(*), count(distinct url) from documents")[0][0] == len(
        set(documents(db)))
    half = query(db, """select d.url from documents d where d.body is null or d.title is null
        or not exists (select 1 from revisions r where r.url = d.url
                       and r.revision = d.revision and r.content_hash = d.content_hash)
        or not exists (select 1 from pages p where p.url = d.url and p.status = 200)""")
    assert half == [], "documents without their revision or raw page"


# --- transient faults ---------------------------------------------------------------------

def test_a_503_a_dropped_body_and_a_stall_are_retried_within_the_run(archive_path):
    with serve_faults() as server:
        flaky = {"/en/news/fourth-russia-korea-expert-dialogue/": Fault("status", times=1),
                 "/en/news/arctic-shipping-between-cooperation-and-competition/":
                     Fault("drop", times=1),
                 "/news/arkticheskoe-sudokhodstvo-mezhdu-sotrudnichestvom-i-konkurentsiey/":
                     Fault("stall", times=1, seconds=STALL)}
        server.faults.update(flaky)
        result = crawl(server, archive_path)
        requests = list(server.requests)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(documents(archive_path)) == sorted(EXPECTED_DOCUMENTS)
    assert errors(archive_path) == {}
    for path in flaky:
        assert requests.count(path) == 2, path  # the failure, then the retry that worked
    assert last_stats(archive_path)["retry/count"] == 3
    assert_sound(archive_path)


# --- faults that outlast the retries, then a server that behaves ---------------------------

@pytest.fixture(scope="module")
def faulty_then_fixed(tmp_path_factory):
    """A run against persistent faults, then a rerun once the server behaves."""
    db = tmp_path_factory.mktemp("faults") / "riac.db"
    with serve_faults() as server:
        server.faults.update({path: fault for path, (fault, _) in PERSISTENT.items()})
        first = crawl(server, db)
        after_first = SimpleNamespace(
            result=first, documents=documents(db), errors=errors(db), stats=last_stats(db),
            requests=list(server.requests), size=db.stat().st_size,
            huge_pages=query(db, "select count(*) from pages where url = ?", (R + HUGE,)))
        server.behave()
        server.requests.clear()
        second = crawl(server, db)
        after_second = SimpleNamespace(result=second, documents=documents(db),
                                       errors=errors(db), requests=list(server.requests))
    return SimpleNamespace(db=db, first=after_first, second=after_second)


def test_pages_that_still_fail_after_retries_are_in_errors_with_their_reason(faulty_then_fixed):
    first = faulty_then_fixed.first
    assert first.result.returncode == 1, first.result.stdout + first.result.stderr
    assert sorted(first.errors) == sorted(R + path for path in PERSISTENT)
    for path, (_, reason) in PERSISTENT.items():
        stage, recorded = first.errors[R + path]
        assert stage == "fetch" and reason in recorded, (path, recorded)
        assert recorded.endswith(".") and "\n" not in recorded  # one plain sentence
    assert f"{len(PERSISTENT)} errors" in first.result.stdout


def test_nothing_else_is_lost_while_pages_fail(faulty_then_fixed):
    failed = {R + path for path in PERSISTENT}
    assert sorted(faulty_then_fixed.first.documents) == sorted(
        EXPECTED_DOCUMENTS - failed - BEHIND_FAILED_LISTING)


def test_an_off_site_redirect_is_not_followed(faulty_then_fixed):
    first = faulty_then_fixed.first
    # Every request the crawler made reached this server: nothing went to example.invalid.
    assert first.stats["downloader/request_count"] == len(first.requests)
    assert first.stats["riac/redirects_refused"] == 1
    assert first.requests.count(
        "/en/analytics-and-comments/interview/andrey-kortunov-on-arctic-dialogue/") == 1


def test_a_redirect_loop_stops_at_the_redirect_limit(faulty_then_fixed):
    loops = faulty_then_fixed.first.requests.count(
        "/en/analytics-and-comments/analytics/the-baltic-after-enlargement/")
    assert loops == 6  # the request and five redirects to itself


def test_a_30_mb_answer_is_cut_by_the_size_limit_and_not_stored(faulty_then_fixed):
    first = faulty_then_fixed.first
    assert first.size < 2 * 1024 * 1024
    assert first.huge_pages == [(0,)]


def test_failed_pages_are_fetched_again_and_cleared_on_the_next_run(faulty_then_fixed):
    second = faulty_then_fixed.second
    assert second.result.returncode == 0, second.result.stdout + second.result.stderr
    assert second.errors == {}
    assert sorted(second.documents) == sorted(EXPECTED_DOCUMENTS)
    for path in PERSISTENT:
        assert second.requests.count(path) == 1, path


def test_no_half_written_rows_after_faults(faulty_then_fixed):
    db = faulty_then_fixed.db
    assert_sound(db)
    assert query(db, "select count(*) from revisions") == [(len(EXPECTED_DOCUMENTS),)]


# --- bad input ----------------------------------------------------------------------------

HOSTILE_TITLE = '<script>alert("title")</script> Robert\'); DROP TABLE documents;--'
LONG_WORD = "Donaudampfschifffahrt" * 300  # 6,300 letters, no space to break at
POLL_TEMPLATE = ('<div class="vote"><b>Poll conducted</b><br><pre class="vote-text">  1. {q}\n'
                 "    Yes  \n     -5 (310%)\n"
                 "    No  \n     99999999999999999999 (28%)\n"
                 "    Maybe  \n     24 (-22%)\n</pre></div>")
IMPOSSIBLE_POLL = "How many votes can a poll have?"


def escape(text: str) -> str:
    """Text as HTML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def article(title: str, paragraphs: list[str], rating: str = "(no votes)", extra: str = "",
            charset: str = '<meta charset="utf-8">') -> str:
    """An article page in the fixture site's shape: title, rating widget, paragraphs, extra.

    Titles are given as text and escaped; paragraphs are given as markup.
    """
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{charset}<title>{escape(title)} - RIAC</title></head>"
            f"<body><div class=\"content\"><h1>{escape(title)}</h1>\n<div class=\"rating\">"
            f"<div>Rate this article</div><div>{rating}</div></div>\n"
            f"<div class=\"text\">{body}</div>{extra}</div></body></html>")


def truncated_page() -> bytes:
    """A page whose HTML stops mid-word (the HTTP answer itself is complete)."""
    html = article("A Truncated Report", [
        "On May 6, 2024, RIAC held a seminar on archives that lose their endings.",
        "The second paragraph stops in the midd and nothing follows"]).encode()
    return html[:html.index(b"midd") + 4]


def russian_cp1251(title: str) -> bytes:
    """A Russian page encoded in cp1251, with no charset in its markup."""
    return article(title, [
        "12 марта 2024 г. в РСМД состоялась встреча экспертов по вопросам Арктики."],
        rating="(Голосов: 3, Рейтинг: 4.5)", charset="").encode("cp1251")



BAD_PAGES: dict[str, tuple[bytes, str]] = {
    "/en/news/fault-pdf/": ((REPO / "tests/fixtures/error-not-html.html").read_bytes(),
                            "application/pdf"),
    "/en/news/fault-image/": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png"),
    "/en/news/fault-empty/": (b"", "text/html; charset=utf-8"),
    "/en/news/fault-no-body/": (b"<html><head><title>Nothing</title></head><body></body></html>",
                                "text/html; charset=utf-8"),
    "/news/fault-cp1251/": (russian_cp1251("Встреча экспертов РСМД"), "text/html"),
    "/news/fault-cp1251-declared-utf8/": (russian_cp1251("Заседание экспертов РСМД").replace(
        b"<head>", b'<head><meta charset="utf-8">'), "text/html; charset=utf-8"),
    "/en/news/fault-truncated/": (truncated_page(), "text/html; charset=utf-8"),
    "/en/news/fault-impossible-poll/": (article("A Poll That Cannot Be", [
        "On May 7, 2024, RIAC discussed polls whose numbers cannot all be true."],
        extra=POLL_TEMPLATE.format(q=IMPOSSIBLE_POLL)).encode(), "text/html; charset=utf-8"),
    "/en/news/fault-unknown-rating/": (article("A Rating Nobody Can Read", [
        "On May 8, 2024, RIAC changed the wording of its rating widget."],
        rating="(Stimmen: 3, Bewertung: 5)").encode(), "text/html; charset=utf-8"),
    "/en/news/fault-hostile/": (article(HOSTILE_TITLE, [
        "On May 9, 2024, RIAC <script>alert('paragraph')</script>held a seminar on "
        "&lt;img src=x onerror=alert(1)&gt; markup.",
        "1 OR 1=1; SELECT * FROM people; -- and '; DELETE FROM documents WHERE '1'='1",
        LONG_WORD,
        "Bell\x07, escape \x1b[31m, right-to-left \u202e override and NUL \x00 end."]).encode(),
        "text/html; charset=utf-8"),
}
REJECTED = {"/en/news/fault-pdf/": "the file is not an HTML page.",
            "/en/news/fault-image/": "the file is not an HTML page.",
            "/en/news/fault-empty/": "the file is not an HTML page.",
            "/en/news/fault-no-body/": "the page has no body text."}


@pytest.fixture(scope="module")
def bad_input(tmp_path_factory):
    """One crawl of the fixture site plus the bad pages, listed on the first news page."""
    db = tmp_path_factory.mktemp("bad") / "riac.db"
    with serve_faults() as server:
        server.pages.update(BAD_PAGES)
        server.listed.extend(BAD_PAGES)
        result = crawl(server, db)
    log = (db.parent / "riac.log").read_text()
    return SimpleNamespace(db=db, result=result, log=log, stats=last_stats(db))


def document(db: Path, path: str) -> dict:
    """One documents row as a dict."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("select * from documents where url = ?", (R + path,)).fetchone()
    assert row is not None, f"{path} was not archived"
    return dict(row)


def test_bad_input_never_crashes_the_crawl(bad_input):
    assert bad_input.result.returncode == 1  # the rejected pages are errors, to retry
    assert "Traceback" not in bad_input.log + bad_input.result.stderr
    accepted = {R + p for p in BAD_PAGES if p not in REJECTED}
    assert sorted(documents(bad_input.db)) == sorted(EXPECTED_DOCUMENTS | accepted)
    assert_sound(bad_input.db)


def test_non_html_empty_and_bodyless_answers_are_extract_errors(bad_input):
    assert errors(bad_input.db) == {R + p: ("extract", reason) for p, reason in REJECTED.items()}
    # The raw answers are kept, so a better extractor can read them later (reparse).
    stored = query(bad_input.db, "select url, content_type from pages where url like ?",
                   (R + "/en/news/fault-%",))
    assert {(R + "/en/news/fault-pdf/", "application/pdf")} <= set(stored)


@pytest.mark.parametrize(("path", "title"), [
    ("/news/fault-cp1251/", "Встреча экспертов РСМД"),
    ("/news/fault-cp1251-declared-utf8/", "Заседание экспертов РСМД")])
def test_cp1251_without_a_charset_or_declared_utf8_is_read_as_russian(bad_input, path, title):
    row = document(bad_input.db, path)
    assert row["title"] == title
    assert row["body"] == ("12 марта 2024 г. в РСМД состоялась встреча экспертов по вопросам "
                           "Арктики.")
    assert (row["lang"], row["event_date"], row["rating_value"]) == ("ru", "2024-03-12", 4.5)


def test_a_truncated_page_is_stored_as_printed(bad_input):
    row = document(bad_input.db, "/en/news/fault-truncated/")
    assert json.loads(row["paragraphs"]) == [
        "On May 6, 2024, RIAC held a seminar on archives that lose their endings.",
        "The second paragraph stops in the midd"]


def test_a_poll_with_impossible_numbers_is_stored_with_its_problems(bad_input):
    document(bad_input.db, "/en/news/fault-impossible-poll/")
    [(total, counts, problems)] = query(bad_input.db, """
        select s.total_votes, s.counts, s.problems from poll_snapshots s
        join polls p on p.id = s.poll_id where p.question = ?""", (IMPOSSIBLE_POLL,))
    assert total is None  # 10**20 does not fit SQLite's integer; the counts keep it
    votes = [o["votes"] for o in json.loads(counts)]
    # The extractor reads counts through float, so 99999999999999999999 comes back rounded.
    assert votes[0] == -5 and votes[1] > 2 ** 63 and votes[2] == 24
    problems = " ".join(json.loads(problems))
    assert "negative" in problems and "310%" in problems
    assert bad_input.stats["riac/invalid/poll"] == 1


def test_a_rating_in_an_unknown_wording_is_counted_not_guessed(bad_input):
    row = document(bad_input.db, "/en/news/fault-unknown-rating/")
    assert (row["rating_value"], row["rating_votes"]) == (None, None)
    assert bad_input.stats["riac/unreadable/rating"] == 1
    assert "rating widget is in an unknown wording" in bad_input.log


def test_hostile_text_is_stored_as_text(bad_input):
    row = document(bad_input.db, "/en/news/fault-hostile/")
    assert row["title"] == HOSTILE_TITLE
    paragraphs = json.loads(row["paragraphs"])
    assert paragraphs[0] == ("On May 9, 2024, RIAC held a seminar on <img src=x "
                             "onerror=alert(1)> markup.")  # the real <script> is not text
    assert paragraphs[1].startswith("1 OR 1=1; SELECT * FROM people;")
    assert LONG_WORD in paragraphs
    assert not any(ch in row["body"] for ch in "\x00\x07\x1b")
    assert "right-to-left \u202e override" in row["body"]
    assert query(bad_input.db, "select count(*) from people") != [(0,)]  # no table was dropped
    hits = query(bad_input.db, "select rowid from documents_fts where documents_fts match ?",
                 ('"DROP TABLE documents"',))
    assert len(hits) == 1


def test_hostile_text_is_shown_escaped_by_datasette(bad_input):
    from datasette.utils import tilde_encode

    from riac_archive.serve import build_datasette

    datasette = build_datasette(bad_input.db)
    path = f"/riac/documents/{tilde_encode(R + '/en/news/fault-hostile/')}"
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200
    html = response.text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html and "<img src=x" not in html


# --- a flaky mirror, kills, concurrent readers ---------------------------------------------

def test_flaky_mirror_with_503s_dropped_bodies_and_stalls_is_complete_after_a_rerun(
        archive_path):
    with serve_faults() as server:
        server.fail_first = 2  # robots.txt twice, then it answers
        server.drop_every = 5  # every fifth answer is cut mid-body
        for path in ("/en/news/fourth-russia-korea-expert-dialogue/", "/news/"):
            server.faults[path] = Fault("stall", times=1, seconds=STALL)
        results = [crawl(server, archive_path, "--set", "RETRY_TIMES=2") for _ in range(2)]
        requests = list(server.requests)
    assert results[-1].returncode == 0, results[-1].stdout + results[-1].stderr
    assert sorted(documents(archive_path)) == sorted(EXPECTED_DOCUMENTS)
    assert errors(archive_path) == {}
    assert_sound(archive_path)
    assert DISALLOWED not in requests
    [(retries,)] = query(archive_path, "select sum(json_extract(stats, '$.\"retry/count\"')) "
                                       "from crawls")
    assert retries >= 6


def test_a_robots_txt_that_keeps_failing_disallows_the_run_and_the_rerun_completes(
        archive_path):
    with serve_faults() as server:
        server.fail_first = 2  # robots.txt fails both tries
        first = crawl(server, archive_path)
        assert server.requests == ["/robots.txt"] * 2  # RFC 9309: unreachable, disallow all
        second = crawl(server, archive_path)
        requests = list(server.requests)
    assert first.returncode == 1 and "0 new" in first.stdout
    assert second.returncode == 0, second.stdout + second.stderr
    assert sorted(documents(archive_path)) == sorted(EXPECTED_DOCUMENTS)
    assert DISALLOWED not in requests


def start_crawl(server: FaultServer, db: Path) -> subprocess.Popen:
    """A quick crawl in the background, in its own process group."""
    return subprocess.Popen(crawl_command(server.base_url, db, *QUICK), cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def test_sigkill_at_random_moments_then_a_rerun_leaves_a_complete_sound_archive(archive_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    killed_mid_crawl = 0
    with serve_faults() as server:
        # Slow answers, so even a short rerun (robots.txt and the listings: 9+ requests, two at a
        # time) outlasts the latest kill (0.8 s): every kill lands mid-crawl.
        server.delay = 0.25
        for _ in range(4):
            before = server.count
            proc = start_crawl(server, archive_path)
            deadline = time.monotonic() + 10
            while server.count == before and proc.poll() is None:  # the crawl has started
                assert time.monotonic() < deadline, seed
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.8))
            killed_mid_crawl += proc.poll() is None
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            assert query(archive_path, "pragma integrity_check") == [("ok",)], seed
        server.delay = 0
        result = crawl(server, archive_path)
    assert killed_mid_crawl == 4, seed
    assert result.returncode == 0, (seed, result.stdout + result.stderr)
    assert sorted(documents(archive_path)) == sorted(EXPECTED_DOCUMENTS), seed
    assert query(archive_path, "select count(*) from revisions") == [(len(EXPECTED_DOCUMENTS),)]
    assert errors(archive_path) == {}
    assert_sound(archive_path)


async def read_while(datasette, db_name: str, proc: subprocess.Popen) -> list[tuple[str, int]]:
    """Request datasette pages over and over until the crawl ends; (path, status) of each."""
    paths = [f"/{db_name}/documents.json?_shape=array", f"/{db_name}/pages.json",
             f"/{db_name}/documents?_search=Arctic", f"/{db_name}/poll_snapshots.json",
             f"/{db_name}.json"]
    answers = []
    while proc.poll() is None:
        for path in paths:
            response = await datasette.client.get(path)
            answers.append((path, response.status_code))
        await asyncio.sleep(0.02)
    return answers


def test_datasette_reads_while_the_crawl_writes_without_errors(archive_path):
    from riac_archive.serve import build_datasette

    with serve_faults() as server:
        server.delay = 0.05
        proc = start_crawl(server, archive_path)
        deadline = time.monotonic() + 20
        while not (archive_path.exists() and query(archive_path, "select count(*) from "
                                                   "sqlite_master where name = 'documents'")
                   == [(1,)]):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        answers = asyncio.run(read_while(build_datasette(archive_path), "riac", proc))
        out, err = proc.communicate()
    assert proc.returncode == 0, out + err
    assert len(answers) >= 20
    assert [a for a in answers if a[1] != 200] == []
    assert sorted(documents(archive_path)) == sorted(EXPECTED_DOCUMENTS)
    assert "database is locked" not in (archive_path.parent / "riac.log").read_text()
