"""The extractor's shortcuts give what the slow, plain computation gives (issue 8)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from riac_archive.extract import page, paragraphs, poll
from riac_archive.extract.text import clean_space, fold

WORD = re.compile(r"\w+")
MARKS = ["\u0301", "\u0307", "\u0308", "\u030c", "\u0331", "\u0345"]
ODD_STARTS = ["", " ", "\u200b", "\u00ad", "\xa0", "´", "\u0301", "Ｒ", "ſ", "ı", "K", "ᲂ",
              "\u3000", "¨", "ﬁ", "Ⓡ", "𝐑", "﹙", "ḣ\u0331", "I\u0307", "t\u0308"]


def test_lines_with_finds_every_line_holding_the_mark():
    lines = ["a%", "", "b", "%c%", "d", "e%"]
    assert paragraphs.lines_with(lines, "%") == [0, 3, 5]
    assert paragraphs.lines_with(["x\x00%", "y", "%"], "%") == [0, 2]  # separator in a line
    assert paragraphs.lines_with([], "%") == []


@pytest.mark.parametrize("text", ["Тройка «ОПЕК+» — on the rise", "exam\u00adple co\u200bop",
                                  "İstanbul ½ ™ ﬁne ß", "e\u200b\u0301 done", "“Quoted” — dash"])
def test_comparison_text_has_the_words_of_fold(text):
    assert WORD.findall(paragraphs._comparison_text(text)) == WORD.findall(fold(text))


def test_fold_may_start_never_rules_out_a_start_fold_gives():
    sets = [paragraphs._CHROME_FIRSTS, page._SHARE_FIRSTS, page._RATING_FIRSTS]
    starts = [chr(i) for i in range(0x20, 0x3000) if unicodedata.decomposition(chr(i))]
    for start in starts + ODD_STARTS:
        for mark in ["", *MARKS]:
            text = start + mark + "x"
            for folded in (fold(text), fold(clean_space(text))):
                for firsts in sets:
                    if folded and folded[0] in firsts:
                        assert paragraphs.fold_may_start(text, firsts), text


CHROME = ["Print", "Rate this article", "(3 votes)", "★★★★½", "In", "Region: Russia",
          "Photo: TASS", "Tags: Arctic", "| Print", "Подписывайтесь на наш Телеграм-канал",
          "Ключевые слова: Арктика", "Распечатать Read in English", "Поделиться статьей"]
INSERTS = ["", "\u200b", "\u00ad", "\u0301", "\u0307", "ı", " ", "\xa0", "K", "ſ"]


@pytest.mark.parametrize("label", CHROME)
@pytest.mark.parametrize("start", ODD_STARTS)
def test_chrome_shortcuts_never_rule_out_a_chrome_line(label, start):
    for at in range(len(label) + 1):
        for insert in INSERTS:
            text = start + label[:at] + insert + label[at:]
            if paragraphs._matches_chrome(text):
                assert paragraphs._may_be_chrome(text) and paragraphs._opens_like_chrome(text)
            assert paragraphs.is_chrome(text) == paragraphs._matches_chrome(text)


POLL = ["Poll conducted", "1. Which way?", "Yes", "33 (31%)", "No", "31%", "30 (28%)",
        "Poll results"]


PADS = [lambda s: s, lambda s: f"  {s} \t", lambda s: s.replace(" ", "\u200b ")]


@pytest.mark.parametrize("pad", PADS)
def test_find_poll_reads_untidy_lines_as_their_clean_form(pad):
    lines = ["Body text.", *[pad(line) for line in POLL], "Footer"]
    expected = poll.find_poll([clean_space(line) for line in lines])
    assert poll.find_poll(lines) == expected
    assert expected[0] is not None and expected[0].question == "Which way?"


def test_homepage_poll_found_among_untidy_lines():
    lines = ["Menu", "  Which  way? ", "Left", "Right", " POLL\u00a0RESULTS ", "Footer"]
    found = poll.find_poll(lines)
    assert found == poll.find_poll([clean_space(line) for line in lines])
    assert found[0] is not None and found[0].question == "Which way?"


@pytest.mark.parametrize("label", sorted(paragraphs._CHROME_LABELS))
def test_every_chrome_label_passes_the_shortcuts(label):
    # A label added to _CHROME_LABELS must also be added to _CHROME_FIRSTS/_CHROME_OPENINGS,
    # or is_chrome would silently stop seeing it: this fails first.
    for text in (label, label.upper(), label.capitalize(), f"  {label.title()}\u00a0"):
        assert paragraphs.is_chrome(text), text
