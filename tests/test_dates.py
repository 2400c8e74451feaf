"""English and Russian dates: standalone strings and the date a body opens with."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from riac_archive.extract import dates
from riac_archive.extract.dates import RiacParserInfo, find_event_date, parse_date

STANDALONE = [
    ("June 2, 2025", date(2025, 6, 2)),
    ("2 June 2025", date(2025, 6, 2)),
    ("06 july 2015", date(2015, 7, 6)),
    ("10 — 11 december 2014", date(2014, 12, 10)),
    ("December 30, 2015", date(2015, 12, 30)),
    ("31 March 2021", date(2021, 3, 31)),
    ("Sept. 3, 2019", date(2019, 9, 3)),
    ("Monday, June 2, 2025", date(2025, 6, 2)),
    ("30 June – 2 July 2019", date(2019, 6, 30)),
    ("2 июня 2025 г.", date(2025, 6, 2)),
    ("2 июня 2025 г", date(2025, 6, 2)),
    ("18 сентября 2013 года", date(2013, 9, 18)),
    ("1 ЯНВАРЯ 2020", date(2020, 1, 1)),
    ("3 мая 2018", date(2018, 5, 3)),
    ("Март 5, 2018", date(2018, 3, 5)),
    ("5 дек. 2017", date(2017, 12, 5)),
    ("2025-06-02", date(2025, 6, 2)),
    ("2025-06-02T10:00:00+03:00", date(2025, 6, 2)),
    ("2025-06-01T23:30:00-05:00", date(2025, 6, 1)),  # the date as printed, not moved to UTC
    ("02.06.2025", date(2025, 6, 2)),  # day first
    ("Tue, 03 Jun 2025 10:00:00 GMT", date(2025, 6, 3)),  # an HTTP Last-Modified header
    ("  June\u00a02,\n2025 ", date(2025, 6, 2)),
    ("29 February 2020", date(2020, 2, 29)),
]

JUNK = [
    "", "   ", "junk", "12", "2025", "June 2025", "Read in English", "Feb 30, 2020",
    "29 February 2019", "31.02.2020", "2025-13-45", "On 5 occasions", "42 июнябрь 2020",
    "June 2, 2025 was a Monday and the meeting ran late",
]


@pytest.mark.parametrize("text, expected", STANDALONE, ids=[t for t, _ in STANDALONE])
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", JUNK)
def test_parse_date_junk_is_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("value", [None, 12, b"June 2, 2025", ["June 2, 2025"]])
def test_parse_date_non_string_is_none(value: object) -> None:
    assert parse_date(value) is None  # type: ignore[arg-type]


def test_parse_date_default_year_fills_a_missing_year_only() -> None:
    assert parse_date("December 30") is None
    assert parse_date("December 30", default_year=2014) == date(2014, 12, 30)
    assert parse_date("30 декабря", default_year=2014) == date(2014, 12, 30)
    assert parse_date("June 2, 2025", default_year=2014) == date(2025, 6, 2)
    assert parse_date("29 February", default_year=2019) is None


def test_russian_months_come_from_the_dateutil_parserinfo() -> None:
    info = RiacParserInfo()
    for word, month in [("января", 1), ("январь", 1), ("янв", 1), ("феврале", 2), ("мая", 5),
                        ("май", 5), ("сент", 9), ("ноября", 11), ("Декабря", 12), ("July", 7)]:
        assert info.month(word) == month, word
    assert info.weekday("вторник") == 1


PUBLISHED = date(2019, 6, 20)

OPENERS = [
    ("On March 12, 2019, RIAC hosted a round table.", date(2019, 3, 12)),
    ("On March 12 2019 RIAC hosted a round table.", date(2019, 3, 12)),
    ("On 4 October 2016, RIAC and the Institute held a seminar.", date(2016, 10, 4)),
    ("On May 3rd, 2014, a conference opened in Moscow.", date(2014, 5, 3)),
    ("On the 9th of April this year, experts met in Oslo.", date(2019, 4, 9)),
    ("On September 14–16, 2017 the forum met in Oslo.", date(2017, 9, 14)),
    ("On April 2-4, 2015, a delegation visited RIAC.", date(2015, 4, 2)),
    ("June 26-27, 2023 saw the second round of talks.", date(2023, 6, 26)),
    ("September 14–16, 2017, Oslo hosted the Arctic Forum.", date(2017, 9, 14)),
    ("On Tuesday, March 12, 2019, RIAC hosted a meeting.", date(2019, 3, 12)),
    ("On March 30 – April 1, 2019, the school was held.", date(2019, 3, 30)),
    ("On October 11, RIAC hosted a meeting.", date(2018, 10, 11)),  # no year: before June 2019
    ("1-3 March, the summer school met in Kazan.", date(2019, 3, 1)),
    ("On June 5, RIAC hosted a briefing.", date(2019, 6, 5)),
    ("On July 30, RIAC will host a briefing.", date(2019, 7, 30)),  # announcement: within 2 months
    ("On September 1, RIAC hosted a briefing.", date(2018, 9, 1)),  # too far ahead: last year
    ("12 марта в МГИМО прошла конференция.", date(2019, 3, 12)),
    ("14–15 октября 2022 г. в Москве прошел форум.", date(2022, 10, 14)),
    ("3 апреля 2024 г. состоялась встреча.", date(2024, 4, 3)),
    ("26-27 июня 2023 г. прошла конференция.", date(2023, 6, 26)),
    ("18 сентября 2013 года в РСМД состоялся круглый стол.", date(2013, 9, 18)),
    ("5 мая этого года эксперты РСМД встретились с делегацией.", date(2019, 5, 5)),
    ("On the 9th of April last year, experts met in Oslo.", date(2018, 4, 9)),
    ("  \n  On March 12, 2019, RIAC hosted a round table.\nOn May 1, 2020, …", date(2019, 3, 12)),
    # a date inside the first sentence, introduced by "on" (the fallback)
    ("The Arctic Forum opened at MGIMO University on June 5 with a keynote.", date(2019, 6, 5)),
    ("The summer school held at MGIMO on 4 October 2016 gathered 40 students.",
     date(2016, 10, 4)),
]


@pytest.mark.parametrize("text, expected", OPENERS, ids=[t[:40] for t, _ in OPENERS])
def test_find_event_date(text: str, expected: date) -> None:
    assert find_event_date(text, PUBLISHED) == expected


NO_EVENT_DATE = [
    "",
    "RIAC President Igor Ivanov opened the conference.",
    "On 5 occasions the delegation met the minister.",
    "May 2019 saw several meetings.",
    # a date after the first sentence is not the event's date
    "Participants discussed the Arctic. Lavrov visited Yerevan on May 21, 2025.",
    # a date in the middle of the sentence without "on"
    "The treaty signed 12 March 2010 remains in force.",
    "Participants included:",
]


@pytest.mark.parametrize("text", NO_EVENT_DATE)
def test_find_event_date_none(text: str) -> None:
    assert find_event_date(text, PUBLISHED) is None


def test_no_year_and_no_reference_is_none() -> None:
    assert find_event_date("On October 11, RIAC hosted a meeting.") is None
    assert find_event_date("12 марта в МГИМО прошла конференция.", None) is None
    assert find_event_date("On the 9th of April this year, experts met.") is None


def test_a_printed_year_needs_no_reference() -> None:
    assert find_event_date("On March 12, 2019, RIAC hosted a round table.") == date(2019, 3, 12)


@pytest.mark.parametrize("reference, expected", [
    (date(2016, 1, 3), date(2015, 12, 28)),  # published in January: December was last year
    (date(2015, 12, 30), date(2015, 12, 28)),
    (date(2015, 11, 15), date(2015, 12, 28)),  # an announcement six weeks ahead
    (date(2015, 9, 1), date(2014, 12, 28)),  # four months ahead is too far: last year's
    (datetime(2016, 1, 3, 10, 0), date(2015, 12, 28)),
    ("2016-01-03", date(2015, 12, 28)),
])
def test_missing_year_is_resolved_around_new_year(reference: object, expected: date) -> None:
    assert find_event_date("On December 28, RIAC hosted a meeting.", reference) == expected


def test_january_event_in_a_december_page_is_next_year() -> None:
    published = date(2015, 12, 20)
    assert find_event_date("On January 15, RIAC will host a meeting.", published) == date(
        2016, 1, 15)


def test_february_29_without_a_year_finds_a_leap_year() -> None:
    assert find_event_date("On February 29, RIAC hosted a meeting.", date(2021, 3, 1)) == date(
        2020, 2, 29)


@pytest.mark.parametrize("value", [None, 5, b"On March 12, 2019,"])
def test_find_event_date_non_string_is_none(value: object) -> None:
    assert find_event_date(value, PUBLISHED) is None  # type: ignore[arg-type]


LONG_OPENERS = [
    ("On Wednesday, September 14, 2022, the council met in Moscow.", date(2022, 9, 14)),
    ("On Wednesday, the 14th of September 2022, the council met.", date(2022, 9, 14)),
    ("Воскресенье, 11 сентября 2022 г. в МГИМО прошла конференция.", date(2022, 9, 11)),
]


@pytest.mark.parametrize(("text", "expected"), LONG_OPENERS)
def test_event_date_after_the_longest_openers(text: str, expected: date) -> None:
    # The gate on where the day may start is measured from the opener actually skipped.
    assert find_event_date(text) == expected == parse_date(text.split(" 2022")[0] + " 2022")


def test_event_date_gate_follows_a_wider_opener(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "_ON", re.compile(r"on\s+(?:the\s+afternoon\s+of\s+)?", re.I))
    text = "On the afternoon of Wednesday, September 14, 2022, the council met."
    assert dates.find_event_date(text) == date(2022, 9, 14)
    assert dates.parse_date(text.split(", the council")[0]) == date(2022, 9, 14)
