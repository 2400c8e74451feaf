"""The archive: dedup, revisions, people, poll snapshots, raw pages, errors, migrations."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from riac_archive.items import (
    Author,
    Document,
    FetchedPage,
    Highlight,
    Participant,
    Poll,
    PollOption,
    Position,
    Rating,
)
from riac_archive.storage import Archive, applied_migrations, content_hash, migrate

URL = "https://russiancouncil.ru/en/news/arctic-round-table/"
OTHER_URL = "https://russiancouncil.ru/en/news/baltic-forum/"


def make_document(url: str = URL, **changes) -> Document:
    """A small event page with two participants, highlights and the site-wide poll."""
    document = Document(
        url=url, lang="en", section="news", slug=url.rstrip("/").rsplit("/", 1)[-1],
        title="Arctic Shipping Round Table", event_date="2021-03-03",
        paragraphs=["On March 3, 2021, RIAC hosted a round table on Arctic shipping.",
                    "Participants discussed the Northern Sea Route."],
        participants=[
            Participant("Andrey Kortunov", [Position("Director General", "RIAC")], "moderator"),
            Participant("Irina Volkova", [Position("Professor", "Saint Petersburg University")]),
        ],
        highlights=[Highlight("A. Kortunov", ["Shipping grows.", "Ice melts."])],
        rating=Rating(None, 0),
        poll=make_poll(),
    )
    for name, value in changes.items():
        setattr(document, name, value)
    return document


def make_poll(votes: tuple[int, int] = (33, 30)) -> Poll:
    """The site-wide poll with the given vote counts."""
    total = sum(votes)
    return Poll("What are the US long-term goals for Russia?",
                [PollOption("Partnership", votes[0], round(100 * votes[0] / total)),
                 PollOption("Deterrence", votes[1], round(100 * votes[1] / total))], total)


def make_page(document: Document | None, body: bytes = b"<html>arctic</html>",
              at: str = "2025-01-01T10:00:00Z", **extra) -> FetchedPage:
    """A 200 response carrying a document."""
    url = document.url if document else extra.pop("url")
    return FetchedPage(url=url, fetched_url=url + "?sphrase_id=7", status=200, body=body,
                       content_type="text/html", etag='"e1"', fetched_at=at,
                       document=document, **extra)


@pytest.fixture
def archive(tmp_path: Path):
    with Archive(tmp_path / "riac.db") as opened:
        yield opened


def rows(archive: Archive, sql: str, params=()) -> list[tuple]:
    return archive.db.execute(sql, params).fetchall()


def test_new_then_unchanged_then_revised(archive):
    first = archive.save_fetch(make_page(make_document()), None)
    again = archive.save_fetch(make_page(make_document(), at="2025-01-02T10:00:00Z"), None)
    changed = make_document(paragraphs=["A different text."])
    revised = archive.save_fetch(make_page(changed, b"<html>v2</html>", "2025-01-03T10:00:00Z"))
    assert [first["document"], again["document"], revised["document"]] == [
        "new", "unchanged", "revised"]
    assert rows(archive, "select revision from revisions where url = ? order by 1", [URL]) == [
        (1,), (2,)]
    assert rows(archive, "select revision, first_seen, last_seen, last_changed, body "
                         "from documents") == [
        (2, "2025-01-01T10:00:00Z", "2025-01-03T10:00:00Z", "2025-01-03T10:00:00Z",
         "A different text.")]


def test_unchanged_content_only_moves_last_seen(archive):
    archive.save_fetch(make_page(make_document()))
    before = rows(archive, "select * from documents")[0]
    archive.save_fetch(make_page(make_document(), at="2025-02-01T00:00:00Z"))
    after = rows(archive, "select * from documents")[0]
    columns = [c[1] for c in archive.db.execute("pragma table_info(documents)").fetchall()]
    differing = {c for c, x, y in zip(columns, before, after, strict=True) if x != y}
    assert differing == {"last_seen"}


def test_rating_and_poll_counts_are_not_content(archive):
    archive.save_fetch(make_page(make_document()))
    voted = make_document(rating=Rating(4.5, 2), poll=make_poll((40, 30)))
    result = archive.save_fetch(make_page(voted, at="2025-01-05T00:00:00Z"))
    assert result == {"document": "unchanged", "poll_snapshot": True, "error": False}
    assert rows(archive, "select rating_value, rating_votes, revision from documents") == [
        (4.5, 2, 1)]


def test_content_hash_ignores_url_and_counts_but_not_text():
    base = make_document().to_record()
    moved = make_document(url=OTHER_URL, rating=Rating(5, 9), poll=None).to_record()
    edited = make_document(title="Another title").to_record()
    assert content_hash(base) == content_hash(moved)
    assert content_hash(base) != content_hash(edited)


def test_record_dicts_are_stored_like_documents(archive):
    record = make_document().to_record()
    page = FetchedPage(url=URL, fetched_url=URL, status=200, body=b"x", document=record)
    assert archive.save_fetch(page)["document"] == "new"
    assert archive.save_fetch(make_page(make_document()))["document"] == "unchanged"
    assert rows(archive, "select role from participants order by ordinal") == [
        ("moderator",), ("participant",)]


def test_poll_is_stored_once_with_a_snapshot_per_change(archive):
    archive.save_fetch(make_page(make_document()))
    archive.save_fetch(make_page(make_document(OTHER_URL), b"<html>baltic</html>"))
    listing = FetchedPage(url="https://russiancouncil.ru/en/news/", fetched_url="x", status=200,
                          body=b"<html>list</html>", kind="listing", poll=make_poll((34, 30)))
    assert archive.save_fetch(listing) == {"document": None, "poll_snapshot": True,
                                           "error": False}
    russian_page = make_document("https://russiancouncil.ru/news/arktika/", lang="ru",
                                 poll=make_poll((34, 30)))  # the same poll, same counts
    assert archive.save_fetch(make_page(russian_page, b"ru"))["poll_snapshot"] is False
    assert rows(archive, "select question, lang from polls") == [
        ("What are the US long-term goals for Russia?", "en")]
    assert rows(archive, "select ordinal, label from poll_options") == [
        (1, "Partnership"), (2, "Deterrence")]
    assert rows(archive, "select total_votes from poll_snapshots order by id") == [(63,), (64,)]
    russian_poll = Poll("Каковы долгосрочные цели США?", [PollOption("Партнерство", 1, 100)])
    archive.save_fetch(FetchedPage(url=URL, fetched_url=URL, status=200, body=b"p",
                                   poll=russian_poll, lang="en"))
    assert rows(archive, "select lang from polls order by id") == [("en",), ("ru",)]


def test_identical_bodies_are_stored_once(archive):
    archive.save_fetch(make_page(make_document()))
    archive.save_fetch(make_page(make_document(), at="2025-01-09T00:00:00Z"))
    archive.save_fetch(make_page(make_document(OTHER_URL)))  # a mirror printing the same bytes
    stored = rows(archive, "select url, fetched_at, body is not null from pages order by id")
    assert stored == [(URL, "2025-01-09T00:00:00Z", 1), (OTHER_URL, "2025-01-01T10:00:00Z", 0)]
    body = rows(archive, "select body from pages where url = ?", [URL])[0][0]
    assert gzip.decompress(body) == b"<html>arctic</html>"
    assert dict((u, h) for u, _, h in archive.latest_pages())[OTHER_URL] == b"<html>arctic</html>"


def test_latest_pages_gives_the_newest_successful_body(archive):
    archive.save_fetch(make_page(make_document(), b"<html>old</html>", "2025-01-01T00:00:00Z"))
    archive.save_fetch(make_page(make_document(), b"<html>new</html>", "2025-03-01T00:00:00Z"))
    broken = FetchedPage(url=URL, fetched_url=URL, status=500, body=b"oops",
                         fetched_at="2025-04-01T00:00:00Z", error="HTTP 500", stage="fetch")
    archive.save_fetch(broken)
    assert list(archive.latest_pages()) == [(URL, URL + "?sphrase_id=7", b"<html>new</html>")]


def test_one_person_across_events_and_abbreviated_speakers(archive):
    archive.save_fetch(make_page(make_document()))
    other = make_document(OTHER_URL, participants=[
        Participant("Professor  IRINA  VOLKOVA"), Participant("Dr. Mark Ellison")],
        highlights=[Highlight("Dr. Ellison", ["Baltic trade."])],
        authors=[Author("Irina Volkova", "RIAC Expert"), Author(None, "PhD in History")])
    archive.save_fetch(make_page(other, b"<html>baltic</html>"))
    assert rows(archive, "select name from people order by id") == [
        ("Andrey Kortunov",), ("Irina Volkova",), ("Mark Ellison",)]
    assert rows(archive, "select speaker, person_id from highlights order by url, ordinal") == [
        ("A. Kortunov", 1), ("A. Kortunov", 1), ("Dr. Ellison", 3)]
    assert rows(archive, "select person_id, credentials from authors order by ordinal") == [
        (2, "RIAC Expert"), (None, "PhD in History")]


def test_rekeying_people_merges_what_the_normaliser_now_unifies(archive):
    archive.save_fetch(make_page(make_document()))
    other = make_document(OTHER_URL, participants=[Participant("Andrei Kortunov")],
                          highlights=[])
    archive.save_fetch(make_page(other, b"<html>baltic</html>"))
    # as an older normaliser left them: two keys, two people for one man
    archive.db.execute("update people set name_key = 'stale ' || id")
    archive.db.execute("insert into people (id, name, name_key) values (9, 'Andrei Kortunov', "
                       "'andrei kortunov')")
    archive.db.execute("update participants set person_id = 9 where url = ?", [OTHER_URL])
    assert archive.rekey_people() == 1
    assert rows(archive, "select id, name, name_key from people order by id") == [
        (1, "Andrey Kortunov", "andrei kortunov"), (2, "Irina Volkova", "irina volkova")]
    assert rows(archive, "select distinct person_id from participants where name like '%tunov'"
                ) == [(1,)]
    assert archive.rekey_people() == 0


def test_revision_replaces_the_documents_people(archive):
    archive.save_fetch(make_page(make_document()))
    fewer = make_document(participants=[Participant("Irina Volkova")], highlights=[])
    archive.save_fetch(make_page(fewer, b"<html>v2</html>"))
    assert rows(archive, "select name from participants") == [("Irina Volkova",)]
    assert rows(archive, "select count(*) from highlights") == [(0,)]


def test_full_text_search_follows_revisions(archive):
    archive.save_fetch(make_page(make_document()))
    search = ("select d.url from documents d join documents_fts f on f.rowid = d.rowid "
              "where documents_fts match ?")
    assert rows(archive, search, ["northern"]) == [(URL,)]
    archive.save_fetch(make_page(make_document(paragraphs=["Southern seas."]), b"v2"))
    assert rows(archive, search, ["northern"]) == []
    assert rows(archive, search, ["southern"]) == [(URL,)]
    assert rows(archive, "select speaker from highlights_fts where highlights_fts match 'ice'"
                ) == [("A. Kortunov",)]


def test_errors_are_recorded_and_cleared_on_success(archive):
    crawl_id = archive.start_crawl({})
    archive.record_error(URL, crawl_id, "fetch", "Connection refused.")
    failed = FetchedPage(url=OTHER_URL, fetched_url=OTHER_URL, status=200, body=b"<p>",
                         error="no body text", stage="extract")
    assert archive.save_fetch(failed, crawl_id)["error"] is True
    assert archive.error_urls() == [URL, OTHER_URL]
    archive.save_fetch(make_page(make_document()), crawl_id)
    assert archive.error_urls() == [OTHER_URL]
    assert rows(archive, "select stage, reason from errors") == [("extract", "no body text")]


def test_a_failing_item_leaves_nothing_behind(archive):
    broken = make_document(highlights=[Highlight("A. Kortunov", None)])  # points not a list
    with pytest.raises(TypeError):
        archive.save_fetch(make_page(broken))
    counts = archive.counts()
    assert {name: n for name, n in counts.items() if n} == {}


def test_after_a_rollback_people_and_poll_snapshots_are_stored_afresh(archive):
    broken = make_document(highlights=[Highlight("A. Kortunov", None)])
    with pytest.raises(TypeError):  # its people and poll snapshot were written, then undone
        archive.save_fetch(make_page(broken))
    assert archive.save_fetch(make_page(make_document()))["poll_snapshot"] is True
    assert rows(archive, "select count(*) from people") == [(2,)]
    assert rows(archive, "select count(*) from poll_snapshots") == [(1,)]
    assert rows(archive, "pragma foreign_key_check") == []


def test_one_transaction_and_plain_statements_per_item(archive):
    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    archive.save_fetch(make_page(make_document()))
    archive.db.conn.set_trace_callback(None)
    own = [s.split()[0].upper() for s in statements if not s.startswith("--")]  # no triggers
    assert [s for s in own if s in ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE")] == [
        "BEGIN", "COMMIT"]
    assert "PRAGMA" not in own  # no table introspection per row


def test_refresh_candidates_oldest_first_and_mark_checked(archive):
    archive.save_fetch(make_page(make_document(), at="2020-01-02T00:00:00Z"))
    archive.save_fetch(make_page(make_document(OTHER_URL), b"b", "2020-01-01T00:00:00Z"))
    assert archive.refresh_candidates(30, 10) == [(OTHER_URL, '"e1"', None), (URL, '"e1"', None)]
    archive.mark_checked(OTHER_URL, "2099-01-01T03:00:00+03:00")
    assert archive.refresh_candidates(30, 10) == [(URL, '"e1"', None)]
    assert archive.refresh_candidates(30, 0) == []
    assert rows(archive, "select last_seen from documents where url = ?", [OTHER_URL]) == [
        ("2099-01-01T00:00:00Z",)]
    assert archive.document_urls() == {URL, OTHER_URL}


def test_deleted_documents_are_restored_with_their_revision(archive):
    archive.save_fetch(make_page(make_document()))
    archive.save_fetch(make_page(make_document(title="Second"), b"v2", "2025-02-01T00:00:00Z"))
    archive.db.execute("pragma foreign_keys = off")  # as a user's sqlite3 shell would
    archive.db.execute("delete from documents")
    archive.db.execute("pragma foreign_keys = on")
    assert archive.save_document(make_document(title="Second")) == "restored"
    assert rows(archive, "select revision, first_seen, last_changed, title from documents") == [
        (2, "2025-01-01T10:00:00Z", "2025-02-01T00:00:00Z", "Second")]
    assert rows(archive, "select count(*) from revisions") == [(2,)]


def test_crawl_rows_hold_options_and_stats(archive):
    assert archive.last_crawl() is None
    crawl_id = archive.start_crawl({"max_pages": 5})
    assert archive.last_crawl()["id"] == crawl_id and archive.last_crawl(crawl_id) is None
    archive.finish_crawl(crawl_id, {"downloader/request_count": 7, "riac/documents/new": 3,
                                    "riac/poll_snapshots": 1})
    assert rows(archive, "select options, requests, documents_new, documents_revised, "
                         "poll_snapshots, finished is not null from crawls") == [
        ('{"max_pages":5}', 7, 3, 0, 1, 1)]


def test_wal_mode_and_integrity(archive):
    archive.save_fetch(make_page(make_document()))
    assert rows(archive, "pragma journal_mode") == [("wal",)]
    assert rows(archive, "pragma synchronous") == [(1,)]  # NORMAL: no fsync per commit
    assert rows(archive, "pragma integrity_check") == [("ok",)]
    assert rows(archive, "pragma foreign_key_check") == []


def test_an_older_archive_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    with Database(path) as old:  # an archive written before the views existed
        assert migrate(old, stop_before="m002_views") == ["m001_tables"]
        assert old.view_names() == []
    with Archive(path) as archive:
        applied = applied_migrations(archive.db)
        archive.save_fetch(make_page(make_document()))
        assert rows(archive, "select person from speaker_highlights limit 1") == [
            ("Andrey Kortunov",)]
    assert applied == ["m001_tables", "m002_views", "m003_indexes"]
    with Archive(path) as reopened:  # nothing left to apply, nothing lost
        assert migrate(reopened.db) == []
        assert reopened.document_urls() == {URL}


def test_readers_see_the_archive_while_it_is_written(archive):
    archive.save_fetch(make_page(make_document()))
    reader = sqlite3.connect(f"file:{archive.path}?mode=ro", uri=True)
    with archive.db.atomic():
        archive.save_fetch(make_page(make_document(OTHER_URL), b"b"))
        assert reader.execute("select count(*) from documents").fetchone() == (1,)
    assert reader.execute("select count(*) from documents").fetchone() == (2,)
    reader.close()


def test_latest_polls_gives_the_counts_of_the_newest_snapshot(tmp_path):
    from riac_archive.items import FetchedPage, Poll, PollOption

    with Archive(tmp_path / "polls.db") as archive:
        for votes in (1, 2):
            poll = Poll("Q?", [PollOption("Yes", votes, 100.0)], votes)
            archive.save_fetch(FetchedPage(url="https://russiancouncil.ru/en/news/",
                                           fetched_url="x", status=200, body=str(votes).encode(),
                                           kind="listing", poll=poll))
        assert archive.latest_polls() == [
            {"question": "Q?", "options": [{"label": "Yes", "votes": 2, "percent": 100.0}]}]
