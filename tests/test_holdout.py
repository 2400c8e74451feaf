"""Every holdout round (tests/holdout*/): pages written blind to the extractor, the fixtures, the
earlier rounds' pages and tests/markup_variants.py (what each round covers: its README.md).

Three families of tests, one assertion each, ids `<round>/<page>-<check or field>`:
- `test_check`: the 14 acceptance-style checks of tests/holdout_scoring.py (canonical URL, lang,
  section, title, published, translation link, rating, no chrome, lead sentences once, no
  near-duplicates, participants' names, highlights per speaker, authors, poll counts).
- `test_field`: every record field against the hand-written expectation, as tests/test_extract.py
  does for the fixtures (stricter: full paragraphs, positions, roles).
- `test_expectation_is_consistent` / `test_enough_holdout_pages`: the expectations themselves.
A new round directory is picked up when it appears; collection needs only file names, so a
round being written (a half-saved JSON, no chrome.json yet) fails only its own tests.
`.venv/bin/python tests/holdout_scoring.py` prints each round's table and percentage.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from holdout_scoring import (
    CHECKS,
    extract,
    html_names,
    load_chrome,
    load_spec,
    page_names,
    round_dirs,
    run_check,
)

from riac_archive.items import Document

RECORD_FIELDS = [f.name for f in dataclasses.fields(Document)]
ROUNDS = round_dirs()
PAGES = [(d, n) for d in ROUNDS for n in page_names(d)]


@functools.cache
def _record(directory: Path, name: str) -> dict[str, Any]:
    """The extractor's record for a holdout page, computed once per run (a crash re-raised)."""
    record = extract(directory, name, load_spec(directory, name))
    if isinstance(record, BaseException):
        raise record
    return record


def _pretty(value: Any) -> str:
    """A value as indented JSON for failure messages."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _params(items: list[str]) -> list[Any]:
    """(round dir, page, item) for every page of every round, with `<round>/<page>-<item>` ids."""
    return [pytest.param(d, n, i, id=f"{d.name}/{n}-{i}") for d, n in PAGES for i in items]


@pytest.mark.parametrize(("directory", "name", "check"), _params(CHECKS))
def test_check(directory: Path, name: str, check: str) -> None:
    """One acceptance-style check of one holdout page passes."""
    spec, record = load_spec(directory, name), _record(directory, name)
    ok, want, got = run_check(check, spec, record, load_chrome(directory))
    assert ok, f"{directory.name}/{name} [{check}]\nexpected: {_pretty(want)}\ngot: {_pretty(got)}"


@pytest.mark.parametrize(("directory", "name", "field"), _params(RECORD_FIELDS))
def test_field(directory: Path, name: str, field: str) -> None:
    """One record field of one holdout page equals the hand-written expectation."""
    expected = load_spec(directory, name)["expected"][field]
    got = _record(directory, name).get(field)
    assert got == expected, (f"{directory.name}/{name}: {field!r}\n"
                             f"expected: {_pretty(expected)}\ngot: {_pretty(got)}")


@pytest.mark.parametrize(("directory", "name"),
                         [pytest.param(d, n, id=f"{d.name}/{n}") for d, n in PAGES])
def test_expectation_is_consistent(directory: Path, name: str) -> None:
    """The hand-written expectation itself passes the content checks and names every field."""
    spec = load_spec(directory, name)
    expected = spec["expected"]
    assert (directory / f"{name}.html").is_file()
    assert list(expected) == RECORD_FIELDS
    assert spec["lead"], "the spec names the lead block(s)"
    for check in ("no_chrome", "lead_once", "no_near_duplicates"):
        ok, _, got = run_check(check, spec, expected, load_chrome(directory))
        assert ok, f"{directory.name}/{name}: the expectation fails {check}: {got}"


@pytest.mark.parametrize("directory", [pytest.param(d, id=d.name) for d in ROUNDS])
def test_enough_holdout_pages(directory: Path) -> None:
    """At least 8 pages in each round, each with its expectation."""
    pages = html_names(directory)
    assert pages == page_names(directory)
    assert len(pages) >= 8


def test_every_round_is_collected() -> None:
    """Rounds 1-6 are all found (a glob gone wrong must not silently drop a round)."""
    names = [d.name for d in ROUNDS]
    assert names[:6] == ["holdout", *(f"holdout{n}" for n in range(2, 7))]
