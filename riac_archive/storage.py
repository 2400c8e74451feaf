"""The archive: one SQLite file (WAL) holding documents, revisions, people, polls and raw pages.

This is the only module that knows table names, keys, SQL, migrations and full-text search.
Every `save_fetch` is one transaction, so a crash never leaves half a document behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database, Migrations

from riac_archive.extract.people import name_key, normalise_name, resolve_mention
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
from riac_archive.urls import language

# People ids kept in memory at most; a fuller cache starts afresh (a miss is one indexed select).
_PEOPLE_CACHED = 4096

# Record fields that do not make a new revision: the key, what the URL implies, and counts.
_NOT_CONTENT = ("url", "slug", "section", "rating", "poll")


def utc_now() -> str:
    """The current UTC time as ISO 8601 with a Z suffix, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_iso(value: str | None) -> str:
    """An ISO 8601 time as UTC with a Z suffix ("…+00:00", "…+03:00" alike); now when empty."""
    if not value:
        return utc_now()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return value  # keep what the caller gave rather than lose it
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(value: Any) -> str:
    """Compact, stable JSON (keys sorted, non-ASCII kept)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def content_hash(record: dict[str, Any]) -> str:
    """sha256 of the extracted content: no URL-derived fields, no rating or poll counts."""
    content = {k: v for k, v in record.items() if k not in _NOT_CONTENT}
    return hashlib.sha256(_json(content).encode()).hexdigest()


def _text_language(text: str) -> str | None:
    """"ru" for mostly Cyrillic text, "en" for mostly Latin, None without letters."""
    # The site shows one poll on pages of both languages: its language is its wording's.
    cyrillic = len(re.findall(r"[а-яё]", text, re.IGNORECASE))
    latin = len(re.findall(r"[a-z]", text, re.IGNORECASE))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic > latin else "en"


def _sqlite_int(value: int | None) -> int | None:
    """An integer SQLite can hold (64-bit), or None for one it cannot (an absurd vote count)."""
    # The exact figure stays in the JSON columns; the integer column must not sink the row.
    if value is None or -(2 ** 63) <= value < 2 ** 63:
        return value
    return None


def _year(iso_date: str | None) -> int | None:
    """The year of an ISO date, or None."""
    if iso_date and re.match(r"^\d{4}", iso_date):
        return int(iso_date[:4])
    return None


# --- records <-> dataclasses ---------------------------------------------------------------

def _build(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass from a dict, ignoring keys it does not know."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def poll_from_record(data: dict[str, Any] | Poll | None) -> Poll | None:
    """A Poll from its record dict (or the Poll itself)."""
    if data is None or isinstance(data, Poll):
        return data
    options = [_build(PollOption, o) for o in data.get("options") or []]
    return _build(Poll, {**data, "options": options})


def document_from_record(data: dict[str, Any] | Document) -> Document:
    """A Document from the extractor's record dict (docs/record.md), or the Document itself."""
    if isinstance(data, Document):
        return data
    participants = [
        _build(Participant, {**p, "positions": [_build(Position, x) for x in p.get("positions")
                                                or []]})
        for p in data.get("participants") or []
    ]
    rating = data.get("rating")
    return _build(Document, {
        **data,
        "authors": [_build(Author, a) for a in data.get("authors") or []],
        "participants": participants,
        "highlights": [_build(Highlight, h) for h in data.get("highlights") or []],
        "rating": _build(Rating, rating) if isinstance(rating, dict) else rating,
        "poll": poll_from_record(data.get("poll")),
    })


@dataclass(frozen=True)
class PreparedDocument:
    """A document with its record dict and content hash, computed once per item."""

    document: Document
    record: dict[str, Any]
    digest: str


def prepare_document(data: Document | dict[str, Any] | PreparedDocument) -> PreparedDocument:
    """The document of an item (a Document or its record dict), its record and content hash."""
    if isinstance(data, PreparedDocument):
        return data
    document = document_from_record(data)
    record = document.to_record()
    return PreparedDocument(document, record, content_hash(record))


class DocumentState(NamedTuple):
    """What saving an unchanged extraction compares against: a documents row's few columns."""

    content_hash: str | None
    first_seen: str | None
    last_seen: str | None
    last_changed: str | None
    rating_value: float | None
    rating_votes: int | None


_STATE_COLUMNS = ", ".join(DocumentState._fields)


def _rating_columns(document: Document) -> dict[str, Any]:
    """rating_value and rating_votes of a document (None without a rating widget)."""
    if document.rating is None:
        return {"rating_value": None, "rating_votes": None}
    return {"rating_value": document.rating.value,
            "rating_votes": _sqlite_int(document.rating.votes)}


def _touch_changes(state: DocumentState, document: Document, at: str) -> dict[str, Any]:
    """The columns an unchanged extraction seen at `at` moves: last_seen, the rating."""
    wanted = {"last_seen": max(state.last_seen or at, at), **_rating_columns(document)}
    return {name: value for name, value in wanted.items() if getattr(state, name) != value}


def _document_columns(document: Document, record: dict[str, Any]) -> dict[str, Any]:
    """The documents columns that come straight from the extraction."""
    return {
        "url": document.url, "lang": document.lang, "section": document.section,
        "slug": document.slug, "title": document.title, "published": document.published,
        "published_year": _year(document.published), "event_date": document.event_date,
        "event_year": _year(document.event_date), "type": document.type,
        "regions": _json(record["regions"]), "authors": _json(record["authors"]),
        **_rating_columns(document),
        "translation_url": document.translation_url,
        "body": "\n\n".join(document.paragraphs),
        "paragraphs": _json(record["paragraphs"]),
        "duplicates_removed": document.duplicates_removed,
    }


# --- schema ----------------------------------------------------------------------------------

def _create_documents(db: Database) -> None:
    """documents: one row per canonical URL, the latest extraction."""
    db["documents"].create({
        "url": str, "lang": str, "section": str, "slug": str, "title": str,
        "published": str, "published_year": int, "event_date": str, "event_year": int,
        "type": str, "regions": str, "authors": str, "rating_value": float,
        "rating_votes": int, "translation_url": str, "body": str, "paragraphs": str,
        "duplicates_removed": int, "content_hash": str, "revision": int,
        "first_seen": str, "last_seen": str, "last_changed": str,
    }, pk="url")
    db["revisions"].create({
        "url": str, "revision": int, "content_hash": str, "captured_at": str,
        "recorded_at": str, "source": str, "record": str,
    }, pk=("url", "revision"), foreign_keys=[("url", "documents", "url")])


def _create_people(db: Database) -> None:
    """people, participants, highlights and authors."""
    db["people"].create({"id": int, "name": str, "name_key": str}, pk="id")
    db["people"].create_index(["name_key"], unique=True)
    db["participants"].create({
        "url": str, "ordinal": int, "person_id": int, "name": str, "positions": str,
        "role": str,
    }, pk=("url", "ordinal"), foreign_keys=[("url", "documents", "url"),
                                          ("person_id", "people", "id")])
    db["highlights"].create({
        "url": str, "ordinal": int, "person_id": int, "speaker": str, "text": str,
    }, pk=("url", "ordinal"), foreign_keys=[("url", "documents", "url"),
                                          ("person_id", "people", "id")])
    db["authors"].create({
        "url": str, "ordinal": int, "person_id": int, "name": str, "credentials": str,
    }, pk=("url", "ordinal"), foreign_keys=[("url", "documents", "url"),
                                          ("person_id", "people", "id")])
    for table in ("participants", "highlights", "authors"):
        db[table].create_index(["person_id"])


def _create_polls(db: Database) -> None:
    """polls, poll_options and poll_snapshots."""
    db["polls"].create({"id": int, "question": str, "lang": str, "first_seen": str}, pk="id")
    db["polls"].create_index(["question", "lang"], unique=True)
    db["poll_options"].create({"poll_id": int, "ordinal": int, "label": str},
                              pk=("poll_id", "ordinal"), foreign_keys=[("poll_id", "polls", "id")])
    db["poll_snapshots"].create({
        "id": int, "poll_id": int, "captured_at": str, "crawl_id": int, "url": str,
        "total_votes": int, "counts": str, "problems": str,
    }, pk="id", foreign_keys=[("poll_id", "polls", "id"), ("crawl_id", "crawls", "id")])
    db["poll_snapshots"].create_index(["poll_id", "captured_at"])


def _create_pages_crawls_errors(db: Database) -> None:
    """pages (raw archive), crawls and errors."""
    db["crawls"].create({
        "id": int, "started": str, "finished": str, "options": str, "stats": str,
        "requests": int, "documents_new": int, "documents_revised": int,
        "documents_unchanged": int, "poll_snapshots": int, "errors": int,
        "duplicates_dropped": int,
    }, pk="id")
    db["pages"].create({
        "id": int, "url": str, "fetched_url": str, "kind": str, "status": int,
        "content_type": str, "etag": str, "last_modified": str, "sha256": str, "body": bytes,
        "first_fetched": str, "fetched_at": str, "crawl_id": int,
    }, pk="id", foreign_keys=[("crawl_id", "crawls", "id")])
    db["pages"].create_index(["url", "sha256"], unique=True)
    db["pages"].create_index(["sha256"])
    db["errors"].create({
        "id": int, "url": str, "crawl_id": int, "stage": str, "reason": str, "at": str,
    }, pk="id", foreign_keys=[("crawl_id", "crawls", "id")])
    db["errors"].create_index(["url"])


# Numbered, append-only: never edit an applied migration, add the next number instead.
# Applied ones are recorded in sqlite-utils' `_sqlite_migrations` table (set "riac_archive").
MIGRATIONS = Migrations("riac_archive")


@MIGRATIONS(name="m001_tables")
def _migration_1_tables(db: Database) -> None:
    """The tables of issue 4 and full-text search kept current by triggers."""
    _create_documents(db)
    _create_people(db)
    _create_pages_crawls_errors(db)
    _create_polls(db)
    db["documents"].enable_fts(["title", "body"], create_triggers=True)
    db["highlights"].enable_fts(["speaker", "text"], create_triggers=True)


_VIEWS = {
    "event_participants": """
        select d.url, d.title, d.lang, d.section, d.published, d.event_date,
               coalesce(d.event_date, d.published) as date, p.ordinal,
               p.person_id, people.name as person, p.name as name_as_printed, p.role,
               p.positions
        from participants p
        join documents d on d.url = p.url
        left join people on people.id = p.person_id""",
    "speaker_highlights": """
        select h.url, d.title, d.lang, coalesce(d.event_date, d.published) as date,
               h.ordinal, h.person_id, people.name as person, h.speaker, h.text
        from highlights h
        join documents d on d.url = h.url
        left join people on people.id = h.person_id""",
    "person_appearances": """
        select people.id as person_id, people.name as person, count(distinct p.url) as events,
               min(coalesce(d.event_date, d.published)) as first_date,
               max(coalesce(d.event_date, d.published)) as last_date
        from people
        join participants p on p.person_id = people.id
        join documents d on d.url = p.url
        group by people.id""",
}


@MIGRATIONS(name="m002_views")
def _migration_2_views(db: Database) -> None:
    """SQL views for the common joins (events with participants, highlights with speakers)."""
    for name, sql in _VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


@MIGRATIONS(name="m003_indexes")
def _migration_3_indexes(db: Database) -> None:
    """Indexes for the refresh queue and the date facets."""
    db["documents"].create_index(["last_seen"], if_not_exists=True)
    db["documents"].create_index(["published"], if_not_exists=True)
    db["revisions"].create_index(["captured_at"], if_not_exists=True)


def applied_migrations(db: Database) -> list[str]:
    """Names of the archive's migrations applied to this database, in order."""
    return [migration.name for migration in MIGRATIONS.applied(db)]


def migrate(db: Database, stop_before: str | None = None) -> list[str]:
    """Apply the pending migrations (each in its own transaction); return their names."""
    before = set(applied_migrations(db))
    MIGRATIONS.apply(db, stop_before=stop_before)
    return [name for name in applied_migrations(db) if name not in before]


# --- the archive -----------------------------------------------------------------------------

class Archive:
    """The SQLite archive. Open it, save fetched pages, ask what to crawl next."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.path)
        self.db.conn.execute("PRAGMA busy_timeout = 30000")  # wait for datasette's readers
        self.db.enable_wal()
        # With WAL, synchronous=NORMAL keeps the archive consistent after a crash or power
        # loss (no fsync per commit); only the last transactions may be lost, which the next
        # crawl simply fetches again.
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        migrate(self.db)
        # In-memory caches for the Archive's lifetime; emptied whenever a transaction fails.
        self._person_ids: dict[str, int] = {}  # name_key -> people.id
        self._polls: dict[tuple[str, str | None], tuple[int, tuple[str, ...]]] = {}
        self._poll_counts: dict[int, str | None] = {}  # poll id -> its last snapshot's counts

    def _forget_cached(self) -> None:
        """Empty the in-memory caches (after a rollback, or when the tables changed)."""
        self._person_ids.clear()
        self._polls.clear()
        self._poll_counts.clear()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction (a savepoint inside a caller's); a rollback empties the caches."""
        nested = self.db.conn.in_transaction
        try:
            with self.db.atomic():
                yield
        except BaseException:
            self._forget_cached()
            raise
        if nested:
            self._forget_cached()  # the caller's transaction may still be rolled back

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # crawls and errors

    def start_crawl(self, options: dict[str, Any] | None = None) -> int:
        """Open a crawls row and return its id."""
        row = {"started": utc_now(), "options": _json(options or {})}
        return self.db["crawls"].insert(row).last_pk

    def finish_crawl(self, crawl_id: int, stats: dict[str, Any]) -> None:
        """Close a crawls row with the crawl's stats (Scrapy keys or plain ones)."""
        def pick(*keys: str) -> int:
            return next((int(stats[k]) for k in keys if stats.get(k) is not None), 0)

        self.db["crawls"].update(crawl_id, {
            "finished": utc_now(), "stats": _json(stats),
            "requests": pick("downloader/request_count", "requests"),
            "documents_new": pick("riac/documents/new", "new"),
            "documents_revised": pick("riac/documents/revised", "revised"),
            "documents_unchanged": pick("riac/documents/unchanged", "unchanged"),
            "poll_snapshots": pick("riac/poll_snapshots", "poll_snapshots"),
            "errors": pick("riac/errors", "errors"),
            "duplicates_dropped": pick("riac/duplicates_dropped", "duplicates_dropped"),
        })

    def last_crawl(self, before: int | None = None) -> dict[str, Any] | None:
        """The latest crawls row (before crawl id `before` when given), or None."""
        where, args = ("id < ?", [before]) if before else (None, None)
        rows = self.db["crawls"].rows_where(where, args, order_by="id desc", limit=1)
        return next(iter(rows), None)

    def record_error(self, url: str, crawl_id: int | None, stage: str, reason: str) -> None:
        """Add an errors row: the URL will be retried on the next run."""
        self.db.execute("insert into errors (url, crawl_id, stage, reason, at) "
                        "values (?, ?, ?, ?, ?)", [url, crawl_id, stage, reason, utc_now()])

    def error_urls(self) -> list[str]:
        """URLs whose last attempt failed, oldest failure first."""
        rows = self.db.execute("select url from errors group by url order by min(id)")
        return [url for (url,) in rows.fetchall()]

    def _clear_errors(self, *urls: str | None) -> None:
        """Forget the failures of URLs that have now succeeded."""
        known = sorted({u for u in urls if u})
        if known:
            marks = ", ".join("?" * len(known))
            self.db.execute(f"delete from errors where url in ({marks})", known)

    # saving

    def save_fetch(self, page: FetchedPage, crawl_id: int | None = None,
                   prepared: PreparedDocument | None = None) -> dict[str, Any]:
        """Store one fetch in one transaction: raw page, document, poll, error.

        `prepared` is `prepare_document(page.document)` when the caller already made it.
        """
        at = utc_iso(page.fetched_at)
        result: dict[str, Any] = {"document": None, "poll_snapshot": False, "error": False}
        if page.document:
            prepared = prepared or prepare_document(page.document)
        else:
            prepared = None
        document = prepared.document if prepared else None
        with self._transaction():
            self._store_page(page, crawl_id, at)
            if prepared is not None:
                status = self._store_document(prepared, at, source="crawl")
                result["document"] = "new" if status == "restored" else status
            poll = poll_from_record(page.poll) or (document.poll if document else None)
            if poll is not None:
                lang = _text_language(poll.question) or page.lang or language(page.url)
                result["poll_snapshot"] = self._store_poll(poll, lang, at, crawl_id, page.url)
            if page.error:
                self.record_error(page.url, crawl_id, page.stage or "fetch", page.error)
                result["error"] = True
            else:
                self._clear_errors(page.url, page.fetched_url, document and document.url)
        return result

    def save_document(self, document: Document | dict[str, Any] | PreparedDocument,
                      at: str | None = None, source: str = "reparse",
                      states: dict[str, DocumentState] | None = None) -> str:
        """Store one extraction outside a crawl; "new"/"revised"/"unchanged"/"restored".

        `states` (from `document_states()`) lets an extraction that would change nothing
        skip the database; a document written here is dropped from it.
        """
        prepared, at = prepare_document(document), utc_iso(at)
        if states is not None:
            state = states.pop(prepared.document.url, None)
            if state and state.content_hash == prepared.digest and not _touch_changes(
                    state, prepared.document, at):
                states[prepared.document.url] = state
                return "unchanged"
        with self._transaction():
            return self._store_document(prepared, at, source)

    def document_states(self) -> dict[str, DocumentState]:
        """The DocumentState of every document, by URL (one query)."""
        rows = self.db.execute(f"select url, {_STATE_COLUMNS} from documents")
        return {url: DocumentState(*rest) for url, *rest in rows.fetchall()}

    def _store_page(self, page: FetchedPage, crawl_id: int | None, at: str) -> None:
        """Keep the raw response; a body already stored (same sha256) is not stored again."""
        if not page.body and not page.status:
            return  # nothing was received (a network failure): the errors row says why
        sha = hashlib.sha256(page.body).hexdigest()
        meta = {"fetched_url": page.fetched_url, "kind": page.kind, "status": page.status,
                "content_type": page.content_type, "etag": page.etag,
                "last_modified": page.last_modified, "fetched_at": at, "crawl_id": crawl_id}
        existing = self.db.execute("select id from pages where url = ? and sha256 = ?",
                                   [page.url, sha]).fetchone()
        if existing:
            assignments = ", ".join(f"{name} = ?" for name in meta)
            self.db.execute(f"update pages set {assignments} where id = ?",
                            [*meta.values(), existing[0]])
            return
        stored = self.db.execute("select 1 from pages where sha256 = ? and body is not null",
                                 [sha]).fetchone()
        body = None if stored else gzip.compress(page.body, mtime=0)
        self._insert("pages", {"url": page.url, "sha256": sha, "body": body,
                               "first_fetched": at, **meta})

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row with plain SQL; return its rowid."""
        marks = ", ".join("?" * len(row))
        cursor = self.db.execute(f"insert into {table} ({', '.join(row)}) values ({marks})",
                                 list(row.values()))
        return cursor.lastrowid

    def _store_document(self, prepared: PreparedDocument, at: str, source: str) -> str:
        """Insert, revise or touch one document; return what happened."""
        document, digest = prepared.document, prepared.digest
        current = self._document_state(document.url)
        if current and current.content_hash == digest:
            self._touch_document(document.url, _touch_changes(current, document, at))
            return "unchanged"
        last = self._last_revision(document.url)
        if current is None and last and last[1] == digest:
            self._write_document(prepared, last[0], at, self._first_seen(document.url, at),
                                 changed=last[2], current=None)
            return "restored"  # rows rebuilt from pages after `documents` lost them
        revision = (last[0] if last else 0) + 1
        first_seen = current.first_seen if current else self._first_seen(document.url, at)
        self._write_document(prepared, revision, at, first_seen, changed=at, current=current)
        self._insert("revisions", {
            "url": document.url, "revision": revision, "content_hash": digest,
            "captured_at": at, "recorded_at": utc_now(), "source": source,
            "record": _json(prepared.record)})
        return "revised" if (current or last) else "new"

    def _document_state(self, url: str) -> DocumentState | None:
        """The DocumentState of a URL's documents row, or None."""
        row = self.db.execute(f"select {_STATE_COLUMNS} from documents where url = ?",
                              [url]).fetchone()
        return DocumentState(*row) if row else None

    def _last_revision(self, url: str) -> tuple[int, str, str] | None:
        """(revision, content_hash, captured_at) of a URL's latest revision, or None."""
        return self.db.execute(
            "select revision, content_hash, captured_at from revisions where url = ? "
            "order by revision desc limit 1", [url]).fetchone()

    def _first_seen(self, url: str, at: str) -> str:
        """When a URL was first captured: its first revision, else now."""
        row = self.db.execute("select min(captured_at) from revisions where url = ?",
                              [url]).fetchone()
        return min(row[0], at) if row and row[0] else at

    def _touch_document(self, url: str, changes: dict[str, Any]) -> None:
        """Unchanged content: only last_seen moves (and the rating, which is not content)."""
        if changes:  # an update rewrites the full-text index too: skip it when nothing moves
            assignments = ", ".join(f"{name} = ?" for name in changes)
            self.db.execute(f"update documents set {assignments} where url = ?",
                            [*changes.values(), url])

    def _write_document(self, prepared: PreparedDocument, revision: int, at: str,
                        first_seen: str, changed: str, current: DocumentState | None) -> None:
        """Upsert the documents row and replace the URL's people rows."""
        row = _document_columns(prepared.document, prepared.record)
        row.update(content_hash=prepared.digest, revision=revision, first_seen=first_seen,
                   last_seen=max(current.last_seen or at, at) if current else at,
                   last_changed=changed)
        updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != "url")
        marks = ", ".join("?" * len(row))
        self.db.execute(f"insert into documents ({', '.join(row)}) values ({marks}) "
                        f"on conflict (url) do update set {updates}", list(row.values()))
        self._replace_people(prepared.document)

    # people

    def _replace_people(self, document: Document) -> None:
        """Rewrite the participants, highlights and authors rows of one document."""
        url = document.url
        for table in ("participants", "highlights", "authors"):
            self.db.execute(f"delete from {table} where url = ?", [url])
        page_people: dict[str, int] = {}
        rows = []
        for ordinal, person in enumerate(document.participants, 1):
            person_id = self._person_id(person.name)
            page_people[person.name] = person_id
            rows.append((url, ordinal, person_id, person.name,
                         _json([{"title": p.title, "organization": p.organization}
                                for p in person.positions]), person.role))
        self.db.conn.executemany("insert into participants (url, ordinal, person_id, name, "
                                 "positions, role) values (?, ?, ?, ?, ?, ?)", rows)
        self._insert_highlights(document, page_people)
        self._insert_authors(document)

    def _insert_highlights(self, document: Document, page_people: dict[str, int]) -> None:
        """One highlights row per point, linked to the speaker's person."""
        rows = []
        for highlight in document.highlights:
            person_id = _match_on_page(highlight.speaker, page_people) or self._person_id(
                highlight.speaker)
            rows += [(highlight.speaker, point, person_id) for point in highlight.points]
        self.db.conn.executemany(
            "insert into highlights (url, ordinal, person_id, speaker, text) "
            "values (?, ?, ?, ?, ?)",
            [(document.url, ordinal, person_id, speaker, text)
             for ordinal, (speaker, text, person_id) in enumerate(rows, 1)])

    def _insert_authors(self, document: Document) -> None:
        """One authors row per byline block (person_id null when only credentials)."""
        rows = [(document.url, ordinal, self._person_id(author.name) if author.name else None,
                 author.name, author.credentials)
                for ordinal, author in enumerate(document.authors, 1)]
        self.db.conn.executemany("insert into authors (url, ordinal, person_id, name, "
                                 "credentials) values (?, ?, ?, ?, ?)", rows)

    def _person_id(self, name: str) -> int:
        """The people id of a name, adding the person when new (cached by name key)."""
        key = name_key(name)
        person_id = self._person_ids.get(key)
        if person_id is None:
            row = self.db.execute("select id from people where name_key = ?", [key]).fetchone()
            person_id = row[0] if row else self._insert(
                "people", {"name": normalise_name(name), "name_key": key})
            if len(self._person_ids) >= _PEOPLE_CACHED:
                self._person_ids.clear()  # keeps a long crawl's memory flat
            self._person_ids[key] = person_id
        return person_id

    def rekey_people(self) -> int:
        """Recompute every person's name key (after the normaliser changed) and merge people
        whose keys now agree; return how many people rows were merged away."""
        with self._transaction():
            groups: dict[str, list[int]] = {}
            stored: dict[int, str] = {}
            for person_id, name, key in self.db.execute(
                    "select id, name, name_key from people order by id"):
                groups.setdefault(name_key(name), []).append(person_id)
                stored[person_id] = key
            if all(ids == [ids[0]] and stored[ids[0]] == key for key, ids in groups.items()):
                return 0  # every key is current: nothing to write
            self._forget_cached()
            merged = sum(self._merge_people(ids[0], ids[1:]) for ids in groups.values())
            self.db.execute("update people set name_key = '~' || id")  # no clashes midway
            for key, ids in groups.items():
                self.db.execute("update people set name_key = ? where id = ?", [key, ids[0]])
        return merged

    def _merge_people(self, keep: int, others: list[int]) -> int:
        """Point every reference to `others` at `keep` and delete `others`."""
        for other in others:
            for table in ("participants", "highlights", "authors"):
                self.db.execute(f"update {table} set person_id = ? where person_id = ?",
                                [keep, other])
            self.db.execute("delete from people where id = ?", [other])
        return len(others)

    # polls

    def _store_poll(self, poll: Poll, lang: str | None, at: str, crawl_id: int | None,
                    url: str) -> bool:
        """Store the poll once and add a snapshot only when its counts changed."""
        poll_id = self._poll_id(poll, lang, at)
        counts = _json([{"label": o.label, "votes": o.votes, "percent": o.percent}
                        for o in poll.options])
        if self._last_poll_counts(poll_id) == counts:
            return False
        self._insert("poll_snapshots", {
            "poll_id": poll_id, "captured_at": at, "crawl_id": crawl_id, "url": url,
            "total_votes": _sqlite_int(poll.total_votes), "counts": counts,
            "problems": _json(poll.problems)})
        self._poll_counts[poll_id] = counts
        return True

    def _last_poll_counts(self, poll_id: int) -> str | None:
        """The counts of a poll's latest snapshot (remembered after the first look)."""
        if poll_id not in self._poll_counts:
            row = self.db.execute("select counts from poll_snapshots where poll_id = ? "
                                  "order by id desc limit 1", [poll_id]).fetchone()
            self._poll_counts[poll_id] = row[0] if row else None
        return self._poll_counts[poll_id]

    def _poll_id(self, poll: Poll, lang: str | None, at: str) -> int:
        """The polls id of a question in a language, adding it and its options when new."""
        labels = tuple(option.label for option in poll.options)
        cached = self._polls.get((poll.question, lang))
        if cached and cached[1] == labels:
            return cached[0]  # already stored with these options
        row = self.db.execute("select id from polls where question = ? and lang is ?",
                              [poll.question, lang]).fetchone()
        poll_id = row[0] if row else self._insert(
            "polls", {"question": poll.question, "lang": lang, "first_seen": at})
        self.db.conn.executemany(
            "insert into poll_options (poll_id, ordinal, label) values (?, ?, ?) "
            "on conflict (poll_id, ordinal) do update set label = excluded.label",
            [(poll_id, ordinal, label) for ordinal, label in enumerate(labels, 1)])
        self._polls[(poll.question, lang)] = (poll_id, labels)
        return poll_id

    # what to crawl next

    def document_urls(self) -> set[str]:
        """Canonical URLs of every archived document."""
        return {url for (url,) in self.db.execute("select url from documents").fetchall()}

    def known_urls(self) -> set[str]:
        """URLs the crawl need not fetch again: documents, and pages stored without one
        (another URL's content), except those waiting in `errors` for a retry."""
        rows = self.db.execute("""
            select url from documents
            union select url from pages where status between 200 and 299
                and url not in (select url from errors where url is not null)""")
        return {url for (url,) in rows.fetchall()}

    def refresh_candidates(self, older_than_days: float, limit: int
                           ) -> list[tuple[str, str | None, str | None]]:
        """(url, etag, last_modified) of documents checked longest ago, oldest first."""
        rows = self.db.execute("""
            select d.url,
              (select etag from pages where url = d.url order by fetched_at desc limit 1),
              (select last_modified from pages where url = d.url order by fetched_at desc
               limit 1)
            from documents d
            where julianday(d.last_seen) <= julianday('now') - ?
            order by julianday(d.last_seen), d.url limit ?""", [older_than_days, limit])
        return [tuple(row) for row in rows.fetchall()]

    def mark_checked(self, url: str, at: str) -> None:
        """A 304 (not modified) counts as seeing the document again."""
        self.db.execute(
            "update documents set last_seen = max(coalesce(last_seen, ''), ?) where url = ?",
            [utc_iso(at), url])

    # raw pages

    def page_body(self, sha256: str) -> bytes | None:
        """The raw bytes of a stored body, by its sha256."""
        row = self.db.execute("select body from pages where sha256 = ? and body is not null "
                              "limit 1", [sha256]).fetchone()
        return gzip.decompress(row[0]) if row else None

    def latest_pages(self) -> Iterator[tuple[str, str, bytes]]:
        """(url, fetched_url, html) of the latest successful fetch of every document page."""
        for page in self.latest_page_rows():
            yield page["url"], page["fetched_url"], page["html"]

    def latest_page_rows(self) -> Iterator[dict[str, Any]]:
        """The latest successful fetch of every document page: url, fetched_url, content_type,
        fetched_at and html (the raw bytes), in URL order."""
        rows = list(self.db.query("""
            select url, fetched_url, content_type, fetched_at, sha256 from pages p
            where id = (select id from pages q where q.url = p.url and q.kind = 'document'
                        and q.status between 200 and 299 order by q.fetched_at desc, q.id desc
                        limit 1)
            order by url"""))
        for row in rows:
            html = self.page_body(row.pop("sha256"))
            if html is not None:
                yield {**row, "html": html}

    def newest_documents(self, limit: int = 5) -> list[dict[str, Any]]:
        """The most recently published documents: published, lang, title, url."""
        return list(self.db.query(
            "select published, lang, title, url from documents"
            " order by published desc, url limit ?", [limit]))

    def latest_polls(self) -> list[dict[str, Any]]:
        """Each poll with the options and counts of its latest snapshot."""
        polls = []
        for poll in self.db.query("select id, question from polls order by id"):
            snapshot = next(self.db.query(
                "select counts from poll_snapshots where poll_id = ?"
                " order by captured_at desc, id desc limit 1", [poll["id"]]), None)
            options = json.loads(snapshot["counts"]) if snapshot else []
            polls.append({"question": poll["question"], "options": options})
        return polls

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (for summaries and tests)."""
        names = ("documents", "revisions", "people", "participants", "highlights", "authors",
                 "polls", "poll_options", "poll_snapshots", "pages", "crawls", "errors")
        return {name: self.db[name].count for name in names}


def _match_on_page(speaker: str, page_people: dict[str, int]) -> int | None:
    """The id of the page's participant a speaker refers to ("A. Kortunov", "Dr. Ellison")."""
    names = list(page_people)
    found = resolve_mention(speaker, names)
    return page_people[found] if found else None
