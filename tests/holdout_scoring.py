"""Score the extractor on the holdout rounds (tests/holdout*/) the way the acceptance check does.

Each round directory holds pages written blind to the extractor: `<name>.html` beside a
hand-written `<name>.json` = `{"url": ..., "lead": [<the lead block(s) the page prints twice, or
its first paragraph>], "expected": {<the full record, docs/record.md>}}`, a `README.md` saying
what the round covers, and a `chrome.json` = `{"labels": [...], "patterns": [...]}` with the
round's own chrome, used on top of the shared base lists below (a round without one: base only).

One check per field per page (14 per page):
canonical URL, lang, section, title, published, translation link, rating, no chrome in
paragraphs, each lead sentence exactly once, no near-duplicate paragraphs, participants' names
(a set), highlights per speaker (speaker -> number of points), authors, poll counts (votes list).

Run: `.venv/bin/python tests/holdout_scoring.py [ROUND_DIR ...]` from the repository root
(default: every tests/holdout*/ directory); exit 1 when any round scores below the pass mark.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riac_archive.extract import extract_page
from riac_archive.extract.text import fold

TESTS = Path(__file__).resolve().parent
NEAR_DUPLICATE_RATIO = 0.9
NEAR_DUPLICATE_MIN_LENGTH = 30  # shorter blocks (names, headings) may legitimately repeat
PASS_MARK = 95.0

# Whole-paragraph chrome every round shares: widget labels, menus, language links, footers.
BASE_CHROME_LABELS = [
    "Print", "Распечатать", "Читать на русском", "Read in English", "Print Читать на русском",
    "Распечатать Read in English", "Rate this article", "Оценить статью", "Share this article",
    "Поделиться статьей", "Short version", "Full version", "Video", "Poll conducted",
    "For business", "For researchers", "For students", "Бизнесу", "Исследователям", "Студентам",
    "Tags:", "Теги:", "Most read", "Menu", "Find", "Найти", "Login", "Sign up", "RU", "EN",
    "RU EN", "VK", "Telegram", "X", "RSS", "Other materials by the author",
    "Другие материалы автора", "Читайте также", "Analytics", "Interview", "News", "Events",
    "About Council", "Projects", "Publications", "Regions", "Contacts", "Mission",
    "Board of Trustees", "Presidium", "Staff", "Main", "Home", "Главная", "Мероприятия",
    "О Совете", "Проекты", "Аналитика и комментарии", "Образование", "Контакты", "Arctic",
    "Full version of the site",
]

# Chrome every round shares that must not appear anywhere inside a paragraph.
BASE_CHROME_PATTERNS = [
    r"\((?:no votes|votes: \d+, rating: [\d.]+|\d+ votes?)\)",
    r"\((?:Голосов: \d+, Рейтинг: [\d.]+|\d+ голос(?:а|ов)?)\)",
    r"^(?:Region|Type|Регион|Тип):", r"Rate this article", r"Share this article",
    r"Оценить статью", r"Поделиться статьей", r"Poll conducted",
    r"what are the US long-term goals for Russia", r"U\.S\. wants to (?:establish|deter|dissolve)",
    r"\b\d+ \(\d+%\)", r"©", r"cookies", r"Only registered users", r"processing of personal data",
    r"welcome@russiancouncil\.ru", r"\+7 \(495\)", r"^Tags:", r"^Теги:", r"Search the site",
    r"Поиск по сайту",
]

_SENTENCE_END = re.compile(r"(?<=[.!?…”»])\s+(?=[A-ZА-ЯЁ“«\"])")
_TRAILING = ".;:!?…”»\"' "


@dataclass(frozen=True)
class Chrome:
    """One round's chrome: folded whole-paragraph labels and compiled patterns."""

    labels: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


def _round_order(directory: Path) -> int:
    """A round directory's number (tests/holdout/ is round 1)."""
    suffix = directory.name.removeprefix("holdout")
    return int(suffix) if suffix.isdigit() else 1


def round_dirs() -> list[Path]:
    """Every tests/holdout*/ directory, in round order."""
    found = [p for p in TESTS.glob("holdout*") if p.is_dir()]
    return sorted(found, key=lambda p: (_round_order(p), p.name))


def page_names(directory: Path) -> list[str]:
    """The round's pages that have an expectation (`<name>.json`), by name."""
    return sorted(p.stem for p in directory.glob("*.json") if p.name != "chrome.json")


def html_names(directory: Path) -> list[str]:
    """The round's pages that have markup (`<name>.html`), by name."""
    return sorted(p.stem for p in directory.glob("*.html"))


@functools.cache
def load_chrome(directory: Path) -> Chrome:
    """The shared base chrome plus the round's `chrome.json` (none yet: base only)."""
    path = directory / "chrome.json"
    own = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    labels = BASE_CHROME_LABELS + list(own.get("labels", []))
    patterns = BASE_CHROME_PATTERNS + list(own.get("patterns", []))
    return Chrome(frozenset(fold(s) for s in labels),
                  tuple(re.compile(p, re.I) for p in dict.fromkeys(patterns)))


@functools.cache
def load_spec(directory: Path, name: str) -> dict[str, Any]:
    """One holdout page's hand-written spec."""
    return json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))


def load_specs(directory: Path) -> dict[str, dict[str, Any]]:
    """Every page spec of one round, by name."""
    return {name: load_spec(directory, name) for name in page_names(directory)}


def extract(directory: Path, name: str, spec: dict[str, Any]) -> dict[str, Any] | BaseException:
    """The extractor's record for a holdout page, or what it raised."""
    try:
        return extract_page((directory / f"{name}.html").read_bytes(), spec["url"])
    except Exception as exc:  # a crash fails every check of the page
        return exc


def chrome_in(paragraphs: list[str], chrome: Chrome) -> list[str]:
    """The paragraphs that are, or contain, a known chrome line."""
    return [p for p in paragraphs
            if fold(p) in chrome.labels or any(rx.search(p) for rx in chrome.patterns)]


def lead_sentences(lead: list[str]) -> list[str]:
    """The lead's sentences as comparison keys (folded, trailing punctuation dropped)."""
    keys = []
    for block in lead:
        keys += [fold(s).rstrip(_TRAILING) for s in _SENTENCE_END.split(block)]
    return [k for k in keys if k]


def sentence_counts(lead: list[str], paragraphs: list[str]) -> dict[str, int]:
    """How many times each lead sentence occurs across the paragraphs."""
    folded = [fold(p) for p in paragraphs]
    return {s: sum(p.count(s) for p in folded) for s in lead_sentences(lead)}


def near_duplicates(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Pairs of paragraphs whose difflib ratio exceeds the near-duplicate threshold."""
    pairs = []
    long_enough = [p for p in paragraphs if len(p) >= NEAR_DUPLICATE_MIN_LENGTH]
    for i, a in enumerate(long_enough):
        for b in long_enough[i + 1:]:
            matcher = difflib.SequenceMatcher(None, a, b)
            if matcher.real_quick_ratio() > NEAR_DUPLICATE_RATIO and \
                    matcher.ratio() > NEAR_DUPLICATE_RATIO:
                pairs.append((a[:60], b[:60]))
    return pairs


def participant_names(record: dict[str, Any]) -> list[str]:
    """The participants' names as a sorted list (compared as a set)."""
    return sorted({p["name"] for p in record.get("participants") or []})


def highlight_counts(record: dict[str, Any]) -> dict[str, int]:
    """Speaker -> number of points."""
    return {h["speaker"]: len(h["points"]) for h in record.get("highlights") or []}


def poll_counts(record: dict[str, Any]) -> list[int | None]:
    """The poll options' vote counts in order ([] without a poll)."""
    poll = record.get("poll")
    return [o["votes"] for o in poll["options"]] if poll else []


def _field(name: str) -> Callable[[dict[str, Any]], Any]:
    """A check that compares one record field as is."""
    return lambda record: record.get(name)


# check name -> what to compare, taken from a record (the expectation or the extraction).
VALUE_CHECKS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "url": _field("url"),
    "lang": _field("lang"),
    "section": _field("section"),
    "title": _field("title"),
    "published": _field("published"),
    "translation_url": _field("translation_url"),
    "rating": _field("rating"),
    "participants": participant_names,
    "highlights": highlight_counts,
    "authors": _field("authors"),
    "poll": poll_counts,
}
CHECKS = [*list(VALUE_CHECKS)[:7], "no_chrome", "lead_once", "no_near_duplicates",
          *list(VALUE_CHECKS)[7:]]
ABBREVIATIONS = ["url", "lang", "sec", "title", "pub", "trans", "rate", "chrm", "lead", "ndup",
                 "part", "hl", "auth", "poll"]


def run_check(check: str, spec: dict[str, Any], record: dict[str, Any],
              chrome: Chrome) -> tuple[bool, Any, Any]:
    """(passed, expected, got) for one check of one page."""
    paragraphs = record.get("paragraphs") or []
    if check == "no_chrome":
        found = chrome_in(paragraphs, chrome)
        return not found, [], found
    if check == "lead_once":
        counts = sentence_counts(spec["lead"], paragraphs)
        wrong = {s[:70]: n for s, n in counts.items() if n != 1}
        return not wrong, "each lead sentence once", wrong
    if check == "no_near_duplicates":
        pairs = near_duplicates(paragraphs)
        return not pairs, [], pairs
    want, got = VALUE_CHECKS[check](spec["expected"]), VALUE_CHECKS[check](record)
    return want == got, want, got


def score_page(directory: Path, name: str) -> dict[str, tuple[bool, Any, Any]]:
    """Every check of one page (an unreadable spec or a crash fails them all)."""
    try:
        spec, chrome = load_spec(directory, name), load_chrome(directory)
    except (OSError, ValueError) as exc:
        return {c: (False, "a readable spec and chrome.json", repr(exc)) for c in CHECKS}
    record = extract(directory, name, spec)
    if isinstance(record, BaseException):
        return {c: (False, "a record", repr(record)) for c in CHECKS}
    return {c: run_check(c, spec, record, chrome) for c in CHECKS}


def _short(value: Any, limit: int = 400) -> str:
    """A value as compact JSON, cut to `limit` characters."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def tally(results: dict[str, dict[str, tuple[bool, Any, Any]]]) -> tuple[int, int]:
    """(checks passed, checks run) over a set of page results."""
    total = sum(len(c) for c in results.values())
    passed = sum(ok for checks in results.values() for ok, _, _ in checks.values())
    return passed, total


def print_report(title: str, results: dict[str, dict[str, tuple[bool, Any, Any]]]) -> float:
    """Print one round's page x check table and failures; return its percentage."""
    width = max(len(n) for n in results)
    print(f"== {title}\n" + " " * width + " " + " ".join(f"{a:>5}" for a in ABBREVIATIONS))
    for name, checks in results.items():
        cells = " ".join(f"{'ok' if checks[c][0] else 'FAIL':>5}" for c in CHECKS)
        print(f"{name:<{width}} {cells}")
    passed, total = tally(results)
    percent = 100.0 * passed / total
    print(f"\n{passed}/{total} checks passed: {percent:.1f}% (pass mark {PASS_MARK:.0f}%)\n")
    for name, checks in results.items():
        for check, (ok, want, got) in checks.items():
            if not ok:
                print(f"FAIL {name} [{check}]\n  expected: {_short(want)}\n"
                      f"  got:      {_short(got)}")
    return percent


def _display(directory: Path) -> str:
    """A round directory as a short path for the report."""
    try:
        return str(directory.relative_to(TESTS.parent))
    except ValueError:
        return str(directory)


def main(argv: list[str]) -> int:
    """Score the given rounds (default: all); exit 1 when any round is below the pass mark."""
    dirs = [Path(a).resolve() for a in argv] or round_dirs()
    missing = [a for a, d in zip(argv, dirs, strict=False) if not d.is_dir()]
    if missing:
        print(f"Not a round directory: {', '.join(missing)}.", file=sys.stderr)
        return 2
    failing, passed_all, total_all = [], 0, 0
    for directory in dirs:
        results = {name: score_page(directory, name) for name in page_names(directory)}
        if not results:  # a round being written: nothing to score yet
            print(f"== {_display(directory)}: no pages with an expectation yet, skipped\n")
            continue
        if print_report(_display(directory), results) < PASS_MARK:
            failing.append(_display(directory))
        passed, total = tally(results)
        passed_all, total_all = passed_all + passed, total_all + total
    overall = 100.0 * passed_all / total_all if total_all else 0.0
    print(f"== overall: {passed_all}/{total_all} checks passed: {overall:.1f}% over "
          f"{len(dirs)} round(s); below the pass mark: {', '.join(failing) or 'none'}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
