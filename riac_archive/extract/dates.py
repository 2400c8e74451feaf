"""English and Russian dates through python-dateutil.

Two entry points:
- `parse_date` reads a string that is only a date ("June 2, 2025", "2 июня 2025 г.", ISO).
- `find_event_date` reads the date a body's opening sentence starts with ("On March 12, 2019,",
  "14–15 октября 2022 г. …", "On the 9th of April this year").

Month and weekday names of both languages live in one dateutil `parserinfo` subclass; the regular
expressions below only find where a date is and what shape it has (ranges, ordinals, "On the …
of"), its month word is looked up in that vocabulary, and `datetime.date` builds the date.
dateutil's parser reads only the other standalone dates ("02.06.2025", RFC 2822).

Policy (site-notes §6, §10.8):
- A range ("14–16", "10 — 11 december", "30 June – 2 July 2019") gives its first day.
- A missing year is resolved against the reference (publication) date: the latest candidate not
  more than ~2 months after it, so "December 28" on a page published January 3 is last year's.
  "this year"/"этого года" means the reference's own year, "last year"/"прошлого года" the one
  before. Without a reference a yearless date gives None: never a guess.
- Only the opening of the first line counts, after an optional "On"/"On the" and weekday. As a
  fallback an English "on <date>" inside the first sentence is accepted ("… opened at MGIMO
  University on June 5"): in event reports the first sentence names the event itself, so a
  date introduced by "on" there is its date. Dates later in the text are never used.
- Day-first is assumed for all-numeric dates ("02.06.2025"), as the site is Russian.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as du_parser

from riac_archive.extract.text import clean_space

# How far after the publication date an event with no year may lie (announcements).
_FUTURE_SLACK = timedelta(days=61)

_RU_MONTHS = [
    ("январь", "января", "январе", "янв"),
    ("февраль", "февраля", "феврале", "фев", "февр"),
    ("март", "марта", "марте", "мар"),
    ("апрель", "апреля", "апреле", "апр"),
    ("май", "мая", "мае"),
    ("июнь", "июня", "июне", "июн"),
    ("июль", "июля", "июле", "июл"),
    ("август", "августа", "августе", "авг"),
    ("сентябрь", "сентября", "сентябре", "сен", "сент"),
    ("октябрь", "октября", "октябре", "окт"),
    ("ноябрь", "ноября", "ноябре", "ноя", "нояб"),
    ("декабрь", "декабря", "декабре", "дек"),
]
_RU_WEEKDAYS = [
    ("пн", "понедельник"), ("вт", "вторник"), ("ср", "среда", "среду"), ("чт", "четверг"),
    ("пт", "пятница", "пятницу"), ("сб", "суббота", "субботу"), ("вс", "воскресенье"),
]


class RiacParserInfo(du_parser.parserinfo):
    """dateutil vocabulary for the site: English plus Russian months (all cases) and weekdays."""

    JUMP = du_parser.parserinfo.JUMP + ["the", "г", "гг", "год", "года", "году"]
    MONTHS = [en + ru for en, ru in zip(du_parser.parserinfo.MONTHS, _RU_MONTHS, strict=True)]
    WEEKDAYS = [en + ru for en, ru in zip(du_parser.parserinfo.WEEKDAYS, _RU_WEEKDAYS,
                                          strict=True)]


_INFO = RiacParserInfo(dayfirst=True)


def _longest(names: list[tuple[str, ...]]) -> int:
    """The length of the longest name as dateutil looks it up (lower-cased)."""
    return max(len(name.lower()) for group in names for name in group)


# How far after the opener `_skip_opener` skips ("On Tuesday, ") the day of a date opening a
# space-collapsed line starts at the latest: after "the " or a month name, its "." and a space
# (a name longer than every vocabulary entry is no month). Measured from the opener actually
# skipped, so a wider `_ON` or `_WEEKDAY` needs no change here.
_DAY_AFTER_OPENER_MAX = max(len("the "), _longest(RiacParserInfo.MONTHS) + len(". "))
_ASCII_DIGIT = re.compile("[0-9]")
_LEADING_DIGITS = re.compile(r"\d+")

_WORD = r"[^\W\d_]{3,}\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_DASH = r"\s*[-‐‑‒–—―−]\s*"
_YEAR = r"(?:1[89]|2[01])\d{2}(?!\d)"
_END = r"(?![^\W_])"
# "March 12, 2019", "September 14–16, 2017", "March 30 – April 1, 2019", "October 11"
_MONTH_DAY = re.compile(
    rf"(?P<month>{_WORD})\s+(?P<day>{_DAY})(?:{_DASH}(?:{_WORD}\s+)?{_DAY})?"
    rf"(?:,?\s+(?P<year>{_YEAR}))?{_END}", re.I)
# "4 October 2016", "the 9th of April", "14–15 октября 2022", "30 June – 2 July 2019"
_DAY_MONTH = re.compile(
    rf"(?:the\s+)?(?P<day>{_DAY})(?:{_DASH}{_DAY})?(?:\s+of)?\s+(?P<month>{_WORD})"
    rf"(?:{_DASH}{_DAY}(?:\s+of)?\s+{_WORD})?(?:,?\s+(?P<year>{_YEAR}))?{_END}", re.I)
_ON = re.compile(r"on\s+", re.I)
_WEEKDAY = re.compile(r"([^\W\d_]+),?\s+")
_RELATIVE_YEAR = [
    (re.compile(r",?\s*(?:of\s+)?this\s+year\b|\s*(?:этого|текущего|сего)\s+года", re.I), 0),
    (re.compile(r",?\s*(?:of\s+)?last\s+year\b|\s*прошлого\s+года", re.I), -1),
]
# What may follow a standalone date: "г.", "года", punctuation, a time of day.
_DATE_TAIL = re.compile(
    r"[\s,.]*(?:гг?|года?|г\.)?[\s,.]*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*", re.I)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# A sentence end not after "г", "No" or an initial; the look-behinds come after the mark (and
# include it) so that the search can skip straight to the marks.
_SENTENCE_END = re.compile(
    r"[.!?](?<![\s.][A-ZА-ЯЁ].)(?<!\bг.)(?<!\bNo.)\s+(?=[\"“«A-ZА-ЯЁ])")
# r"\bon\s+(?:the\s+)?" under re.I (no other character folds to these letters), spelled to start
# with a character class: the search then skips to the o's instead of trying every position.
_ON_WORD = re.compile(r"[oO](?<!\w.)[nN]\s+(?:[tT][hH][eE]\s+)?")


class _DateParts:
    """The pieces of a date found in text: day, month number, year if printed, where it ends."""

    def __init__(self, day: int, month: int, year: int | None, end: int) -> None:
        self.day, self.month, self.year, self.end = day, month, year, end


def _match_parts(text: str, pos: int = 0) -> _DateParts | None:
    """The date that starts exactly at `pos` in `text` (day-first or month-first), else None."""
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.match(text, pos)
        month = _INFO.month(match.group("month").rstrip(".")) if match else None
        if month:
            day = int(_LEADING_DIGITS.match(match.group("day")).group())
            year = int(match.group("year")) if match.group("year") else None
            return _DateParts(day, month, year, match.end())
    return None


def _build(parts: _DateParts, year: int) -> date | None:
    """The date of `parts` in `year`; None when it does not exist (a 30 February)."""
    try:
        return date(year, parts.month, parts.day)
    except (ValueError, TypeError, OverflowError):
        return None


def _as_date(value: object) -> date | None:
    """A reference given as date, datetime or ISO string, as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    return None


def _skip_opener(text: str) -> int:
    """Index after a leading "On " and weekday ("On Tuesday, March 12"), 0 when none."""
    pos = 0
    on = _ON.match(text)
    if on:
        pos = on.end()
    weekday = _WEEKDAY.match(text, pos)
    if weekday and _INFO.weekday(weekday.group(1)) is not None:
        pos = weekday.end()
    return pos


def _iso_date(text: str) -> date | None:
    """An ISO date or datetime ("2025-06-02", "2025-06-02T10:00:00+03:00") as printed."""
    try:
        return du_parser.isoparse(text).date()
    except (ValueError, OverflowError):
        return None


def _dateutil_date(text: str, default_year: int | None) -> date | None:
    """Any other full date dateutil can read ("02.06.2025", RFC 2822); day and month required."""
    if len(text) > 60 or not (re.search(r"\d{4}", text) or re.search(r"[^\W\d_]{3,}", text)):
        return None
    try:
        first = du_parser.parse(text, parserinfo=_INFO, default=datetime(2000, 1, 1))
        second = du_parser.parse(text, parserinfo=_INFO, default=datetime(2004, 2, 2))
        if (first.month, first.day) != (second.month, second.day):
            return None
        if first.year == second.year:
            return first.date()
        if default_year is None:
            return None
        return du_parser.parse(text, parserinfo=_INFO, default=datetime(default_year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """A standalone date string in English or Russian ("June 2, 2025", "2 июня 2025 г.", ISO)."""
    if not isinstance(text, str):
        return None
    text = clean_space(text).rstrip(",;")
    if not text:
        return None
    if _ISO.match(text):
        return _iso_date(text)
    parts = _match_parts(text, _skip_opener(text))
    if parts and _DATE_TAIL.fullmatch(text, parts.end):
        year = parts.year if parts.year is not None else default_year
        return _build(parts, year) if year is not None else None
    return _dateutil_date(text, default_year)


def _resolve_year(parts: _DateParts, reference: date | None) -> date | None:
    """The yearless date as the latest one not more than ~2 months after the reference."""
    if reference is None:
        return None
    for year in (reference.year + 1, reference.year, reference.year - 1):
        found = _build(parts, year)
        if found and found <= reference + _FUTURE_SLACK:
            return found
    return None


def _relative_year(text: str, parts: _DateParts, reference: date | None) -> int | None:
    """The year a "this year"/"last year" after the date points to, given the reference."""
    if reference is None:
        return None
    for pattern, offset in _RELATIVE_YEAR:
        if pattern.match(text, parts.end):
            return reference.year + offset
    return None


def _first_sentence(text: str) -> str:
    """The text up to its first sentence end (not "г.", "No." or an initial)."""
    end = _SENTENCE_END.search(text)
    return text[: end.start()] if end else text


def _date_after_on(sentence: str) -> _DateParts | None:
    """The first "on <date>" inside a sentence ("… opened at MGIMO University on June 5")."""
    for on in _ON_WORD.finditer(sentence):
        parts = _match_parts(sentence, on.end())
        if parts:
            return parts
    return None


def _first_line(text: str) -> str:
    """The text's first non-blank line with its spaces collapsed."""
    # Printable text holds no line break and no space but " ": usually it is already clean.
    if text.isprintable() and "  " not in text and not text.startswith(" ") \
            and not text.endswith(" "):
        return text
    return next((clean_space(line) for line in text.splitlines() if line.strip()), "")


def find_event_date(text: str, reference: date | None = None) -> date | None:
    """The date a body's opening sentence starts with; a missing year resolved against reference."""
    if not isinstance(text, str):
        return None
    first_line = _first_line(text)
    digit = _ASCII_DIGIT.search(first_line)
    if digit is None:  # every date has a day, which starts with an ASCII digit
        return None
    # An opening date's day comes right after the opener ("On Tuesday, March 12").
    opener_end = _skip_opener(first_line)
    parts = _match_parts(first_line, opener_end) \
        if digit.start() <= opener_end + _DAY_AFTER_OPENER_MAX else None
    source = first_line
    if parts is None and _ON_WORD.search(first_line):  # "on" in the line, maybe in its sentence
        source = _first_sentence(first_line)
        parts = _date_after_on(source)
    if parts is None:
        return None
    reference = _as_date(reference)
    year = parts.year if parts.year is not None else _relative_year(source, parts, reference)
    if year is not None:
        return _build(parts, year)
    return _resolve_year(parts, reference)
