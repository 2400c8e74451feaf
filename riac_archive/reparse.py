"""Offline re-extraction: run the current extractor over the archived raw pages, no network.

A document whose extraction changed gets a new revision; a document whose `documents` row was
lost is rebuilt from its latest raw page with the same content hash.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from riac_archive.items import Document
from riac_archive.storage import Archive

DEFAULT_DB = "data/riac.db"
Extractor = Callable[..., Document | dict[str, Any]]  # (html, url, content_type=...) -> record
OUTCOMES = ("new", "revised", "unchanged", "restored", "failed")


def _current_extractor() -> Extractor:
    """The project's extractor (imported late so the CLI starts fast)."""
    from riac_archive.extract import extract_document

    return extract_document  # extract_page's record, as the Document storage takes directly


def _extract(extract: Extractor, page: dict[str, Any]) -> Document | dict[str, Any]:
    """The record of one raw page, read as the spider reads it (canonical URL, content type)."""
    return extract(page["html"], page["url"], content_type=page["content_type"])


def reparse_archive(archive: Archive, extract: Extractor | None = None) -> Counter[str]:
    """Re-extract the latest raw page of every document; count what happened to each."""
    extract = extract or _current_extractor()
    outcomes: Counter[str] = Counter()
    if merged := archive.rekey_people():  # the name normaliser may have changed
        outcomes["people merged"] = merged
    states = archive.document_states()  # lets an unchanged document skip the database
    for page in archive.latest_page_rows():
        try:
            record = _extract(extract, page)
        except Exception as exc:  # one unreadable page must not stop the others
            archive.record_error(page["url"], None, "extract", f"reparse: {exc}")
            outcomes["failed"] += 1
            continue
        outcomes[archive.save_document(record, at=page["fetched_at"], source="reparse",
                                       states=states)] += 1
    return outcomes


def summary_line(outcomes: Counter[str]) -> str:
    """One line: how many pages were reparsed and what happened to them."""
    names = (*OUTCOMES, "people merged")
    parts = ", ".join(f"{outcomes[name]} {name}" for name in names if outcomes[name])
    total = sum(outcomes[name] for name in OUTCOMES)
    return f"reparsed {total} page{'s' if total != 1 else ''}" + (f": {parts}" if parts else "")


def archive_path(argument: Path | None, option: Path | None) -> Path:
    """The archive named by the DB argument or --db, else the default."""
    return argument or option or Path(DEFAULT_DB)


@click.command()
@click.argument("db_argument", metavar="[DB]", required=False,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", "db_option", type=click.Path(dir_okay=False, path_type=Path),
              help=f"The SQLite archive (default {DEFAULT_DB}).")
def reparse(db_argument: Path | None, db_option: Path | None) -> None:
    """Re-run the extractor over the latest raw page of every document (no network)."""
    db_path = archive_path(db_argument, db_option)
    if not db_path.is_file():
        raise click.ClickException(f"there is no archive at {db_path}.")
    with Archive(db_path) as archive:
        outcomes = reparse_archive(archive)
    click.echo(summary_line(outcomes))
