"""The site-wide poll (site-notes §3): shapes, spans and honest number checks."""

from __future__ import annotations

import pytest

from riac_archive.extract.poll import find_poll
from riac_archive.items import Poll, PollOption

QUESTION = "In your opinion, what are the US long-term goals for Russia?"
LABELS = [
    "U.S. wants to establish partnership relations with Russia on condition that it meets the "
    "U.S. requirements",
    "U.S. wants to deter Russia’s military and political activity",
    "U.S. wants to dissolve Russia",
    "U.S. wants to establish alliance relations with Russia under the US conditions to rival "
    "China",
]
COUNTS = ["33 (31%)", "30 (28%)", "24 (22%)", "21 (19%)"]
SEED_POLL = Poll(
    question=QUESTION,
    options=[PollOption(LABELS[0], 33, 31.0), PollOption(LABELS[1], 30, 28.0),
             PollOption(LABELS[2], 24, 22.0), PollOption(LABELS[3], 21, 19.0)],
    total_votes=108,
    problems=[],
)
BEFORE = ["(no votes)", "\u00a0(0 votes)", "Share this article", ""]
AFTER = ["For business", "For researchers", "For students"]


def _options(counts: list[str] = COUNTS) -> list[str]:
    """Label and count lines, alternating, as the seed page prints them."""
    return [line for pair in zip(LABELS, counts, strict=True) for line in pair]


def test_seed_page_poll_with_its_span() -> None:
    lines = BEFORE + ["Poll conducted", "", f"1. {QUESTION}", *_options()] + AFTER
    poll, start, end = find_poll(lines)
    assert poll == SEED_POLL
    assert (start, end) == (4, 15)
    assert lines[start] == "Poll conducted" and lines[end - 1] == "21 (19%)"
    assert lines[end] == "For business"


def test_indentation_and_trailing_spaces_do_not_matter() -> None:
    raw = ["Rate this article", "Poll conducted", "", f"  1. {QUESTION}"]
    for label, count in zip(LABELS, COUNTS, strict=True):
        raw += [f"    {label}  ", f"     {count}"]
    poll, start, end = find_poll(raw)
    assert poll == SEED_POLL
    assert (start, end) == (1, 12)


def test_without_poll_conducted() -> None:
    lines = ["Share this article", f"1. {QUESTION}", *_options(), "For business"]
    assert find_poll(lines) == (SEED_POLL, 1, 10)


def test_without_the_number() -> None:
    lines = ["Poll conducted", QUESTION, *_options()]
    assert find_poll(lines) == (SEED_POLL, 0, 10)


def test_number_on_its_own_line() -> None:
    lines = ["Poll conducted", "1.", QUESTION, *_options()]
    assert find_poll(lines) == (SEED_POLL, 0, 11)


def test_counts_at_the_end_of_the_label_lines() -> None:
    lines = ["Poll conducted", f"1. {QUESTION}"]
    lines += [f"{label} {count}" for label, count in zip(LABELS, COUNTS, strict=True)]
    assert find_poll(lines) == (SEED_POLL, 0, 6)


def test_mixed_inline_and_separate_counts_with_blank_lines() -> None:
    lines = ["Poll conducted", "", f"1. {QUESTION}", "", LABELS[0], "33 (31%)", "",
             f"{LABELS[1]} 30 (28%)", LABELS[2], "", "24 (22%)", f"{LABELS[3]}  21 ( 19 % )", ""]
    assert find_poll(lines) == (SEED_POLL, 0, 12)


def test_a_survey_table_in_the_body_is_not_the_poll() -> None:
    body = ["What do Russians think of the EU?", "Positive", "24 (22%)", "Negative", "85 (78%)",
            "The survey was conducted in May."]
    lines = body + ["Rate this article", "Poll conducted", f"1. {QUESTION}", *_options()]
    assert find_poll(lines) == (SEED_POLL, 7, 17)


def test_the_last_unmarked_run_is_taken() -> None:
    body = ["What do Russians think of the EU?", "Positive", "24 (22%)", "Negative", "85 (78%)",
            "The survey was conducted in May."]
    lines = body + ["Share this article", QUESTION, *_options()]
    assert find_poll(lines) == (SEED_POLL, 7, 16)


def test_no_question_line_is_reported() -> None:
    lines = ["Share this article", *_options()]
    poll, start, end = find_poll(lines)
    assert (start, end) == (1, 9)
    assert poll.question == ""
    assert poll.options == SEED_POLL.options
    assert poll.problems == ["The poll has no question line."]


def test_decimal_percentages() -> None:
    lines = [f"1. {QUESTION}", "Yes", "1 (33.3%)", "No", "2 (66,7%)"]
    poll, _, _ = find_poll(lines)
    assert poll == Poll(QUESTION, [PollOption("Yes", 1, 33.3), PollOption("No", 2, 66.7)], 3, [])


def test_impossible_numbers_become_problems() -> None:
    lines = ["Poll conducted", "1. Should Russia join?", "Yes", "10 (50%)", "No", "10 (40%)",
             "Maybe", "−3 (−5%)", "Later", "4 (120%)"]
    poll, start, end = find_poll(lines)
    assert (start, end) == (0, 10)
    assert [(o.label, o.votes, o.percent) for o in poll.options] == [
        ("Yes", 10, 50.0), ("No", 10, 40.0), ("Maybe", -3, -5.0), ("Later", 4, 120.0)]
    assert poll.total_votes == 21
    assert poll.problems == [
        'Option "Yes" shows 50%, but 10 of 21 votes is 48%.',
        'Option "No" shows 40%, but 10 of 21 votes is 48%.',
        'Option "Maybe" has a negative vote count (-3).',
        'Option "Maybe" shows an impossible percentage (-5%).',
        'Option "Later" shows an impossible percentage (120%).',
        "The percentages add up to 205%, not 100%.",
    ]


def test_percentages_that_do_not_add_up() -> None:
    lines = [f"1. {QUESTION}", "Yes", "50 (45%)", "No", "50 (45%)"]
    poll, _, _ = find_poll(lines)
    assert poll.problems == [
        'Option "Yes" shows 45%, but 50 of 100 votes is 50%.',
        'Option "No" shows 45%, but 50 of 100 votes is 50%.',
        "The percentages add up to 90%, not 100%.",
    ]


def test_zero_votes_with_percentages() -> None:
    poll, _, _ = find_poll([f"1. {QUESTION}", "Yes", "0 (60%)", "No", "0 (40%)"])
    assert poll.total_votes == 0
    assert poll.problems == ["The options add up to 0 votes but show non-zero percentages."]


def test_one_point_rounding_is_tolerated() -> None:
    # 1/3 is 33.3%: printed as 34% by a site that rounds up, still within one point
    poll, _, _ = find_poll([f"1. {QUESTION}", "A", "1 (34%)", "B", "1 (33%)", "C", "1 (33%)"])
    assert poll.problems == []
    assert poll.total_votes == 3


def test_old_homepage_question_then_results_and_archive() -> None:
    question = ("Trump plans to increase the U.S. nuclear potential and doubts the New START's "
                "usefulness. How should Russia react?")
    lines = ["Foreign Affairs: Analysis", "", question, "Poll results", "Poll archive",
             "Eurasian Chronicle"]
    assert find_poll(lines) == (Poll(question, [], None, []), 2, 5)


def test_old_homepage_with_option_labels() -> None:
    lines = ["Menu", "1. How should Russia react?", "Build up forces", "Negotiate", "",
             "Poll results", "Poll archive"]
    poll, start, end = find_poll(lines)
    assert poll == Poll("How should Russia react?",
                        [PollOption("Build up forces"), PollOption("Negotiate")], None, [])
    assert (start, end) == (1, 7)


def test_counted_poll_followed_by_results_and_archive() -> None:
    lines = [f"1. {QUESTION}", *_options(), "Poll results", "", "Poll archive", "Day Figure"]
    assert find_poll(lines) == (SEED_POLL, 0, 12)


@pytest.mark.parametrize("lines", [
    [],
    ["Rate this article", "(no votes)", "Share this article", "For business"],
    ["Participants noted that 24 (22%) of respondents agreed.", "Other text."],
    ["Poll conducted", "1. A question with no answers?"],
    ["A single option", "12 (100%)"],
    ["Poll results"],
    ["Something", "Poll results", "Poll archive"],
])
def test_no_poll(lines: list[str]) -> None:
    assert find_poll(lines) == (None, None, None)


def test_non_string_lines_are_skipped() -> None:
    lines = [None, f"1. {QUESTION}", *_options()]
    assert find_poll(lines) == (SEED_POLL, 1, 10)  # type: ignore[arg-type]


def test_counts_glued_to_their_labels_by_adjacent_elements_are_read():
    lines = ["Poll conducted", "1. In your opinion, what are the US long-term goals for Russia?",
             "U.S. wants to deter Russia’s military and political activity30 (28%)",
             "U.S. wants to dissolve Russia24(22%)"]
    poll, _, _ = find_poll(lines)
    assert [(o.label, o.votes, o.percent) for o in poll.options] == [
        ("U.S. wants to deter Russia’s military and political activity", 30, 28.0),
        ("U.S. wants to dissolve Russia", 24, 22.0)]


def test_a_bar_charts_bare_percentage_between_label_and_count_is_skipped():
    lines = ["Poll conducted", "1. In your opinion, what are the US long-term goals for Russia?",
             "U.S. wants to deter Russia’s military and political activity", "28%", "30 (28%)",
             "U.S. wants to dissolve Russia", "22%", "24 (22%)"]
    poll, _, _ = find_poll(lines)
    assert [(o.votes, o.percent) for o in poll.options] == [(30, 28.0), (24, 22.0)]


def test_several_options_on_one_line_are_read_one_by_one():
    lines = ["Poll conducted", "1. In your opinion, what are the US long-term goals for Russia?",
             "U.S. wants to deter Russia’s military and political activity 30 (28%) "
             "U.S. wants to dissolve Russia 24 (22%)", "For business"]
    poll, start, end = find_poll(lines)
    assert [(o.label, o.votes) for o in poll.options] == [
        ("U.S. wants to deter Russia’s military and political activity", 30),
        ("U.S. wants to dissolve Russia", 24)]
    assert (start, end) == (0, 3)
