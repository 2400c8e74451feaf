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


def test_lines_with_a_pattern_anchored_at_line_starts():
    start = page._LABEL_START  # "Region"/"Type" at a line's start
    lines = ["Region: Russia", "x type: y", "TYPE", "Mid Region", "typed"]
    assert paragraphs.lines_with(lines, start) == [0, 2, 4]
    assert paragraphs.lines_with([*lines, "a\x00b"], start) == [0, 2, 4]  # the per-line path


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


def test_homepage_poll_found_among_untidy_lines():
    lines = ["Menu", "  Which  way? ", "Left", "Right", " POLL\u00a0RESULTS ", "Footer"]
    found = poll.find_poll(lines)
    assert found == poll.find_poll([clean_space(line) for line in lines])
    assert found[0] is not None and found[0].question == "Which way?"


@pytest.mark.parametrize("label", sorted(paragraphs._CHROME_LABELS))
def test_every_chrome_label_passes_the_shortcuts(label):
    # _CHROME_FIRSTS/_CHROME_OPENINGS are built from the labels: a new label must pass them.
    for text in (label, label.upper(), label.capitalize(), f"  {label.title()}\u00a0"):
        assert paragraphs.is_chrome(text), text


# One line per alternative of every chrome pattern, written out: a pattern widened without its
# *_WORDS tuple, or a shortcut set that misses a pattern, fails here.
CHROME_SAMPLES = [
    "Print", "Распечатать", "Читать на русском", "Read in English", "Region: Russia",
    "Type: News", "Photo: TASS", "Image: Reuters", "Фото: РИА Новости", "Источник фото: ТАСС",
    "Subscribe to our Telegram channel", "Follow us on Twitter", "Join us on Telegram",
    "Подписывайтесь на наш канал", "Читайте нас в Дзен", "Присоединяйтесь к нам ВКонтакте",
    "Tags: Arctic", "Теги: Австралия", "Ключевые слова: Арктика", "Keywords: Arctic",
    "(Votes: 3, Rating: 4.5)", "(голосов: 3, рейтинг: 4,5)", "(3 votes)", "(3 голоса)",
    "(no votes)", "(нет голосов)", "★★★★½", "☆☆☆☆☆", "| Print",
    "Rate this article (no votes) (0 votes)"]
# A line for every word of the tuples the patterns and the shortcut sets are both built from.
TUPLE_TAILS = {"_LINK_WORDS": "", "LABEL_WORDS": ": Russia", "_CREDIT_WORDS": ": Reuters",
               "_TAG_WORDS": ": Arctic", "_PROMO_WORDS": " on our Telegram channel"}
FROM_TUPLES = [word.replace(r"\w*", "") + tail for name, tail in TUPLE_TAILS.items()
               for word in getattr(paragraphs, name)]


@pytest.mark.parametrize("line", CHROME_SAMPLES + FROM_TUPLES)
def test_every_chrome_pattern_passes_the_shortcuts(line):
    for text in (line, line.upper(), f" {line}\u00a0"):
        assert paragraphs.is_chrome(text) == paragraphs._matches_chrome(text) is True, text


# The longest counted shape, untidy: "Poll conducted", "1." and the question, then a label, its
# bar and its count (the most lines an option and its question span).
LONGEST_POLL = ["Poll conducted", "1.", "Which way?", "Yes", "31%", "33 (31%)", "No", "28%",
                "30 (28%)"]


@pytest.mark.parametrize("shape", [POLL, LONGEST_POLL], ids=["usual", "longest"])
@pytest.mark.parametrize("pad", PADS)
def test_find_poll_reads_untidy_lines_as_their_clean_form(shape, pad):
    lines = ["Body text.", *[pad(line) for line in shape], "Footer"]
    expected = poll.find_poll([clean_space(line) for line in lines])
    assert poll.find_poll(lines) == expected
    assert expected[0] is not None and expected[0].question == "Which way?"
    if shape is LONGEST_POLL:  # the poll spans every line of the shape
        assert (expected[1], expected[2]) == (1, 1 + len(LONGEST_POLL))
