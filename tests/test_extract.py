"""Every fixture page against its hand-written expectation, one assertion per record field.

`tests/fixtures/<name>.html` is a page, `<name>.json` says what a perfect extractor returns for it:
`{"url": ..., "expected": {<record>}}`, or `{"url": ..., "error": true}` when extraction must raise
ExtractionError. The expectations were written by hand from docs/record.md (see
tests/fixtures/README.md); never regenerate them from the extractor's output.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from riac_archive.extract import ExtractionError, extract_page
from riac_archive.items import Document

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
RECORD_FIELDS = [f.name for f in dataclasses.fields(Document)]
CLI_FIXTURE = "ru-news-delegation"
CLI_ERROR_FIXTURE = "error-not-html"


def _spec(name: str) -> dict[str, Any]:
    """The parsed `<name>.json` of a fixture."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _fixture_names() -> list[str]:
    """Every fixture that has an expectation file, sorted."""
    return sorted(p.stem for p in FIXTURES.glob("*.json"))


def _document_names() -> list[str]:
    """Fixtures whose expectation is a record."""
    return [n for n in _fixture_names() if not _spec(n).get("error")]


def _error_names() -> list[str]:
    """Fixtures on which extraction must fail."""
    return [n for n in _fixture_names() if _spec(n).get("error")]


@functools.cache
def _extract(name: str) -> dict[str, Any] | BaseException:
    """The extractor's record for a fixture (or what it raised), computed once per run."""
    spec = _spec(name)
    try:
        return extract_page((FIXTURES / f"{name}.html").read_bytes(), spec["url"])
    except Exception as exc:  # reported by every field test of this fixture
        return exc


def _pretty(value: Any) -> list[str]:
    """A value as indented JSON lines, for diffs."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).splitlines()


def _diff(name: str, field: str, actual: Any, expected: Any) -> str:
    """A readable unified diff between what the extractor gave and the expectation."""
    lines = difflib.unified_diff(_pretty(expected), _pretty(actual), "expected", "extracted",
                                 lineterm="")
    return f"{name}: field {field!r} differs\n" + "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "field"),
    [pytest.param(n, f, id=f"{n}-{f}") for n in _document_names() for f in RECORD_FIELDS],
)
def test_field(name: str, field: str) -> None:
    """One field of the extracted record equals the hand-written expectation."""
    record = _extract(name)
    if isinstance(record, BaseException):
        raise record
    expected = _spec(name)["expected"][field]
    assert field in record, f"{name}: the record has no field {field!r}"
    assert record[field] == expected, _diff(name, field, record[field], expected)


@pytest.mark.parametrize("name", _error_names())
def test_error_fixture_raises(name: str) -> None:
    """A page that is not a RIAC page (empty body, not HTML) raises ExtractionError."""
    html = (FIXTURES / f"{name}.html").read_bytes()
    with pytest.raises(ExtractionError):
        extract_page(html, _spec(name)["url"])


@pytest.mark.parametrize("name", _fixture_names())
def test_fixture_is_well_formed(name: str) -> None:
    """Each expectation has its page and names every record field, or is an error case."""
    spec = _spec(name)
    assert (FIXTURES / f"{name}.html").is_file(), f"{name}.json has no {name}.html beside it"
    assert isinstance(spec.get("url"), str) and spec["url"].startswith("http")
    if spec.get("error"):
        assert set(spec) == {"url", "error"} and spec["error"] is True
    else:
        assert set(spec) == {"url", "expected"}
        assert list(spec["expected"]) == RECORD_FIELDS


def test_enough_fixtures() -> None:
    """The yardstick covers at least 18 pages, and every page has an expectation."""
    pages = sorted(p.stem for p in FIXTURES.glob("*.html"))
    assert pages == _fixture_names()
    assert len(pages) >= 18


def _cli() -> list[str]:
    """The `riac-archive` command: the installed console script, else the same entry point."""
    script = Path(sys.executable).with_name("riac-archive")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from riac_archive.cli import main; main()"]


def _run_extract(name: str) -> subprocess.CompletedProcess[bytes]:
    """Run `riac-archive extract PATH --url URL` on a fixture, capturing raw bytes."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    command = [*_cli(), "extract", str(FIXTURES / f"{name}.html"), "--url", _spec(name)["url"]]
    return subprocess.run(command, capture_output=True, env=env, timeout=60, check=False)


def test_cli_prints_utf8_json() -> None:
    """The command prints the record as UTF-8 JSON, Cyrillic as is, not \\u-escaped."""
    result = _run_extract(CLI_FIXTURE)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    stdout = result.stdout.decode("utf-8")
    expected = _spec(CLI_FIXTURE)["expected"]
    assert expected["title"] in stdout
    assert "\\u04" not in stdout
    assert json.loads(stdout)["url"] == expected["url"]


def test_cli_error_is_one_line() -> None:
    """On a page that cannot be extracted: exit code 1, one plain line on stderr, no traceback."""
    result = _run_extract(CLI_ERROR_FIXTURE)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert result.stdout == b""
