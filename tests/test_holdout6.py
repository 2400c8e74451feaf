"""The sixth holdout round (tests/holdout6/): markup written without reading the extractor,
the fixtures, the earlier rounds' pages or tests/markup_variants.py; every page a different,
unusual-but-plausible template (WordPress, Drupal, Tilda, XHTML strict, microdata, AMP, tables...).

Two families of tests, one assertion each:
- `test_check[<page>-<check>]`: the 14 acceptance-style checks of tests/holdout6/score.py
  (canonical URL, lang, section, title, published, translation link, rating, no chrome, lead
  sentences once, no near-duplicates, participants' names, highlights per speaker, authors,
  poll counts).
- `test_field[<page>-<field>]`: every record field against the hand-written expectation, as
  tests/test_extract.py does for the fixtures (stricter: full paragraphs, positions, roles).
Some may fail while the extractor learns these markups; `score.py` prints the overall percentage.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from riac_archive.items import Document

HOLDOUT = Path(__file__).parent / "holdout6"
RECORD_FIELDS = [f.name for f in dataclasses.fields(Document)]


def _load_score() -> ModuleType:
    """tests/holdout6/score.py as a module (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("holdout6_score", HOLDOUT / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score = _load_score()
SPECS: dict[str, dict[str, Any]] = score.load_specs()


@functools.cache
def _record(name: str) -> dict[str, Any] | BaseException:
    """The extractor's record for a holdout page, computed once per run."""
    return score.extract(name, SPECS[name])


def _pretty(value: Any) -> str:
    """A value as indented JSON for failure messages."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


@pytest.mark.parametrize(("name", "check"),
                         [pytest.param(n, c, id=f"{n}-{c}") for n in SPECS for c in score.CHECKS])
def test_check(name: str, check: str) -> None:
    """One acceptance-style check of one holdout page passes."""
    record = _record(name)
    if isinstance(record, BaseException):
        raise record
    ok, want, got = score.run_check(check, SPECS[name], record)
    assert ok, f"{name} [{check}]\nexpected: {_pretty(want)}\ngot: {_pretty(got)}"


@pytest.mark.parametrize(("name", "field"),
                         [pytest.param(n, f, id=f"{n}-{f}") for n in SPECS for f in RECORD_FIELDS])
def test_field(name: str, field: str) -> None:
    """One record field of one holdout page equals the hand-written expectation."""
    record = _record(name)
    if isinstance(record, BaseException):
        raise record
    expected = SPECS[name]["expected"][field]
    got = record.get(field)
    assert got == expected, f"{name}: {field!r}\nexpected: {_pretty(expected)}\ngot: {_pretty(got)}"


@pytest.mark.parametrize("name", list(SPECS))
def test_expectation_is_consistent(name: str) -> None:
    """The hand-written expectation itself passes the content checks and names every field."""
    spec = SPECS[name]
    expected = spec["expected"]
    assert (HOLDOUT / f"{name}.html").is_file()
    assert list(expected) == RECORD_FIELDS
    assert spec["lead"], "the spec names the lead block(s)"
    for check in ("no_chrome", "lead_once", "no_near_duplicates"):
        ok, _, got = score.run_check(check, spec, expected)
        assert ok, f"{name}: the expectation fails {check}: {got}"


def test_enough_holdout_pages() -> None:
    """At least 12 holdout pages, each with its expectation."""
    pages = sorted(p.stem for p in HOLDOUT.glob("*.html"))
    assert pages == sorted(SPECS)
    assert len(pages) >= 12
