"""The site-wide poll (site-notes §3): found by its shape, never by indentation.

Counted shape (articles, listings)::

    Poll conducted                      optional
    1. <question>                       "1." optional, or on its own line before the question
    <option label>                      then its count "N (P%)" on the next line,
    33 (31%)                            or both on one line: "<label> 24 (22%)"
    ...                                 at least two options
    Poll results / Poll archive         optional (old homepage)

Old homepage shape: a question ("1. …" or ending in "?"), option labels without counts or none
at all, then "Poll results" / "Poll archive".

Numbers are checked, never trusted: each disagreement becomes a sentence in `Poll.problems`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from itertools import compress, repeat
from typing import NamedTuple

from riac_archive.extract.paragraphs import SEPARATOR, lines_with
from riac_archive.extract.text import BLANKS, clean_space, fold
from riac_archive.items import Poll, PollOption

_INT = r"[-−]?\d+"
_PERCENT = r"[-−]?\d+(?:[.,]\d+)?"
_COUNT = re.compile(rf"(?P<votes>{_INT})\s*\(\s*(?P<percent>{_PERCENT})\s*%\s*\)")
_BARE_PERCENT = re.compile(rf"\(?\s*{_PERCENT}\s*%\s*\)?")
# The count after its label, spaced or glued by adjacent inline elements ("Russia24 (22%)").
_LABEL_AND_COUNT = re.compile(rf"(?P<label>.*?(?:\S(?=\s)|[^\d\s]))\s*{_COUNT.pattern}")
_NUMBERED = re.compile(r"1\s*[.)]\s*(?P<text>.*)")
_CONDUCTED = "poll conducted"
_TRAILERS = frozenset({"poll results", "poll archive"})
_TRAILER_MAX = max(len(t) for t in _TRAILERS) + 4
_HOMEPAGE_LOOKBACK = 12  # lines scanned back from "Poll results" for the question

_NO_POLL: tuple[None, None, None] = (None, None, None)
# The non-empty lines one option spans at most: its label, a bar's bare percentage, its count
# ("Yes" / "31%" / "33 (31%)"). `_read_option` reads no further, so an option starts at most
# _OPTION_LINES_MAX - 1 lines before a line with a percentage; widen both together.
_OPTION_LINES_MAX = 3
# The non-empty lines `_question_at` and `_include_conducted` read before a run's first option:
# the question, "1." and "Poll conducted".
_QUESTION_LINES_MAX = 3
# The non-empty lines read before a percentage (the rest of its option, then the question's).
_NEAR_BEFORE = _OPTION_LINES_MAX - 1 + _QUESTION_LINES_MAX


def _number(text: str) -> float:
    """A printed number as float (Unicode minus, decimal comma allowed)."""
    return float(text.replace("−", "-").replace(",", "."))


def _count(line: str) -> tuple[int, float] | None:
    """(votes, percent) of a count line "33 (31%)", else None."""
    match = _COUNT.fullmatch(line)
    return (int(_number(match["votes"])), _number(match["percent"])) if match else None


def _is_label(line: str) -> bool:
    """A line that can be an option label: text that is not a count or a poll label."""
    folded = fold(line)
    return bool(folded) and _count(line) is None and folded not in _TRAILERS | {_CONDUCTED}


def _read_option(lines: list[str], pos: list[int], k: int) -> tuple[PollOption, int] | None:
    """The option starting at non-empty position k and the position after it, else None.

    It reads up to `_OPTION_LINES_MAX` lines from k: label, bare percentage, count."""
    line = lines[pos[k]]
    # Every option shows a percentage, on its own line or on the next: most lines are skipped.
    inline = _inline_option(line, k) if "%" in line else None
    if inline:
        return inline
    after = k + 1
    # A bar chart may print the bare percentage ("31%") between the label and its count.
    if after + 1 < len(pos) and _BARE_PERCENT.fullmatch(lines[pos[after]]):
        after += 1
    if after < len(pos) and "%" in lines[pos[after]] and _is_label(line):
        counted = _count(lines[pos[after]])
        if counted:
            return PollOption(line, counted[0], counted[1]), after + 1
    return None


def _inline_option(line: str, k: int) -> tuple[PollOption, int] | None:
    """An option printed with its count on one line, "<label> 24 (22%)", else None."""
    inline = _LABEL_AND_COUNT.fullmatch(line)
    if inline and _count(line) is None:
        votes, percent = _count(f"{inline['votes']} ({inline['percent']}%)")
        return PollOption(inline["label"], votes, percent), k + 1
    return None


def _read_options(lines: list[str], pos: list[int], k: int) -> tuple[list[PollOption], int]:
    """Consecutive counted options from position k, and the position after the last."""
    options: list[PollOption] = []
    while k < len(pos):
        found = _read_option(lines, pos, k)
        if found is None:
            break
        option, k = found
        options.append(option)
    return options, k


def _question_at(lines: list[str], pos: list[int], k: int) -> tuple[str | None, int]:
    """The question on non-empty position k and the position the poll starts at.

    The question is "1. <text>", a line after "1." or "Poll conducted", or one ending in "?".
    With `_include_conducted` it reads back to k - 2 (`_QUESTION_LINES_MAX` lines in all).
    Without one the poll starts at k + 1 (the first option) and the question is None.
    """
    if k < 0:
        return None, k + 1
    line = lines[pos[k]]
    if fold(line) == _CONDUCTED:
        return None, k
    numbered = _NUMBERED.fullmatch(line)
    if numbered and numbered["text"]:
        return numbered["text"], _include_conducted(lines, pos, k)
    before = fold(lines[pos[k - 1]]) if k >= 1 else ""
    if before in ("1.", "1)"):
        return line, _include_conducted(lines, pos, k - 1)
    if before == _CONDUCTED or line.endswith("?"):
        return line, _include_conducted(lines, pos, k)
    return None, k + 1


def _include_conducted(lines: list[str], pos: list[int], k: int) -> int:
    """Position k, or the one before it when that is the "Poll conducted" line."""
    return k - 1 if k >= 1 and fold(lines[pos[k - 1]]) == _CONDUCTED else k


def _after_trailers(lines: list[str], pos: list[int], k: int) -> int:
    """The position after any "Poll results"/"Poll archive" lines starting at k."""
    # Cleaned here: the lines after a counted poll are not cleaned beforehand.
    while k < len(pos) and fold(clean_space(lines[pos[k]])) in _TRAILERS:
        k += 1
    return k


def _span(lines: list[str], pos: list[int], first: int, after: int) -> tuple[int, int]:
    """The [start, end) line span of non-empty positions first..after-1."""
    return pos[first], pos[after - 1] + 1


def _option_starts(pos: list[int], percent: list[int]) -> list[int]:
    """The non-empty positions an option may start at: an option shows its percentage on its
    own line or on one of the next `_OPTION_LINES_MAX - 1`, so no other position needs reading."""
    marked = [bisect_left(pos, index) for index in percent]
    return sorted({k - back for k in marked for back in range(_OPTION_LINES_MAX) if k >= back})


def _counted_runs(lines: list[str], pos: list[int], percent: list[int]
                  ) -> list[tuple[Poll, int, int, bool]]:
    """Every run of 2+ counted options: (poll, start, end, marked by "Poll conducted"/"1.")."""
    runs = []
    k = 0
    for start in _option_starts(pos, percent):
        if start < k:  # inside the run just read
            continue
        options, after = _read_options(lines, pos, start)
        if len(options) < 2:
            continue
        question, first = _question_at(lines, pos, start - 1)
        poll = _validated(Poll(question or "", options))
        if question is None:
            poll.problems.insert(0, "The poll has no question line.")
        marked = fold(lines[pos[first]]) == _CONDUCTED or bool(_NUMBERED.match(lines[pos[first]]))
        runs.append((poll, *_span(lines, pos, first, _after_trailers(lines, pos, after)), marked))
        k = after
    return runs


def _counted_poll(lines: list[str], pos: list[int], percent: list[int]
                  ) -> tuple[Poll | None, int | None, int | None]:
    """The marked counted poll, else the last counted run (the poll follows the content).

    `percent` are the indexes of the lines with a percentage.
    """
    runs = _counted_runs(lines, pos, percent)
    if not runs:
        return _NO_POLL
    poll, start, end, _ = next((run for run in runs if run[3]), runs[-1])
    return poll, start, end


def _homepage_poll(lines: list[str], pos: list[int]) -> tuple[Poll | None, int | None, int | None]:
    """The old homepage shape: question, labels without counts, "Poll results"/"Poll archive"."""
    trailer = _first_trailer(lines)
    if trailer is None:
        return _NO_POLL
    k = bisect_left(pos, trailer)
    for q in range(k - 1, max(-1, k - 1 - _HOMEPAGE_LOOKBACK), -1):
        question, first = _question_at(lines, pos, q)
        if question is not None:
            labels = [lines[pos[i]] for i in range(q + 1, k)]
            poll = Poll(question, [PollOption(label) for label in labels])
            return (poll, *_span(lines, pos, first, _after_trailers(lines, pos, k)))
    return _NO_POLL


def _first_trailer(lines: list[str]) -> int | None:
    """Index of the first "Poll results"/"Poll archive" line, else None (`lines` cleaned)."""
    short = list(compress(range(len(lines)), map(_TRAILER_MAX.__ge__, map(len, lines))))
    # A line folds to a trailer only if its NFKC casefolded form holds "poll" (cleaned lines
    # have no zero-width characters for fold to drop): found in one pass over them all.
    joined = unicodedata.normalize("NFKC", SEPARATOR.join(map(lines.__getitem__, short)))
    parts = joined.casefold().split(SEPARATOR)
    if len(parts) == len(short):
        short = [short[k] for k in lines_with(parts, "poll")]
    return next((i for i in short if fold(lines[i]) in _TRAILERS), None)


def _percent_text(value: float) -> str:
    """A percentage as the site prints it: "31%", "4.5%"."""
    return f"{value:g}%"


def _option_problems(option: PollOption, total: int) -> list[str]:
    """Sentences for an option whose numbers are impossible or disagree with the total."""
    problems = []
    label, votes, percent = option.label, option.votes, option.percent
    if votes is not None and votes < 0:
        problems.append(f'Option "{label}" has a negative vote count ({votes}).')
    if percent is not None and not 0 <= percent <= 100:
        problems.append(f'Option "{label}" shows an impossible percentage '
                        f"({_percent_text(percent)}).")
    elif votes is not None and percent is not None and total > 0 and votes >= 0:
        expected = round(100 * votes / total)
        if abs(expected - percent) > 1:
            problems.append(f'Option "{label}" shows {_percent_text(percent)}, but {votes} of '
                            f"{total} votes is {expected}%.")
    return problems


def _total_problems(options: list[PollOption], total: int) -> list[str]:
    """Sentences for a poll whose percentages cannot add up."""
    percents = [o.percent for o in options if o.percent is not None]
    if not percents:
        return []
    if total <= 0 and any(p != 0 for p in percents):
        return [f"The options add up to {total} votes but show non-zero percentages."]
    summed = sum(percents)
    if total > 0 and abs(summed - 100) > 2:
        return [f"The percentages add up to {_percent_text(summed)}, not 100%."]
    return []


def _validated(poll: Poll) -> Poll:
    """The poll with total_votes set and every numeric disagreement listed in problems."""
    counted = [o.votes for o in poll.options if o.votes is not None]
    poll.total_votes = sum(counted) if counted else None
    total = poll.total_votes or 0
    for option in poll.options:
        poll.problems.extend(_option_problems(option, total))
    poll.problems.extend(_total_problems(poll.options, total))
    return poll


def find_poll(lines: list[str]) -> tuple[Poll | None, int | None, int | None]:
    """The poll among the page's lines, with the [start, end) line span it occupies."""
    if not lines:
        return _NO_POLL
    texts = _texts(lines)
    read = _read_lines(texts)
    poll, start, end = _counted_poll(read.lines, read.pos, read.percent)
    if poll is None:
        poll, start, end = _homepage_poll(read.lines if read.complete else _cleaned(texts),
                                          read.pos)
    if poll is None or start is None or end is None:
        return poll, start, end
    return poll, read.origin[start], read.origin[end - 1] + 1


class _Read(NamedTuple):
    """The lines as the counted poll reads them."""

    lines: list[str]  # cleaned, all of them when `complete`, else those around percentages
    pos: list[int]  # the indexes of the non-empty lines
    percent: list[int]  # the indexes of the lines with a percentage
    origin: Sequence[int]  # for each line, the index of the page line it comes from
    complete: bool


def _read_lines(texts: list[str]) -> _Read:
    """The lines cleaned as far as the counted poll needs, each option on a line of its own."""
    clean = _all_clean(texts)  # usually: then the lines are read as they are
    stripped = texts if clean else map(str.strip, texts, repeat(BLANKS))  # "" when blank
    pos = list(compress(range(len(texts)), stripped))
    percent = lines_with(texts, "%")
    # Else only the lines around a percentage are read before the homepage shape: clean those.
    cleaned = texts if clean else _cleaned_near(texts, pos, percent)
    if not any(len(_COUNT.findall(cleaned[index])) > 1 for index in percent):
        return _Read(cleaned, pos, percent, range(len(texts)), clean)
    cleaned, origin = _one_count_per_line(_cleaned(texts))  # several options on one line
    pos = list(compress(range(len(cleaned)), cleaned))
    return _Read(cleaned, pos, lines_with(cleaned, "%"), origin, True)


def _texts(lines: list[str]) -> list[str]:
    """The lines as a list of strings, "" for a line that is not text."""
    if isinstance(lines, list) and all(map(isinstance, lines, repeat(str))):
        return lines
    return [line if isinstance(line, str) else "" for line in lines]


def _all_clean(texts: list[str]) -> bool:
    """True when `clean_space` would leave every line as it is (C-level tests of the text)."""
    if not all(map(str.isprintable, texts)):  # other whitespace, zero-width characters
        return False
    joined = " ".join(texts)  # a double space: one in a line, or a space at a line's edge
    return "  " not in joined and joined[:1] != " " and joined[-1:] != " "


def _cleaned_near(texts: list[str], pos: list[int], percent: list[int]) -> list[str]:
    """The lines, those around each line with a percentage (where counted options, their
    question and "Poll conducted" stand) with their whitespace collapsed."""
    cleaned = list(texts)
    for index in percent:
        k = bisect_left(pos, index)
        for near in pos[max(0, k - _NEAR_BEFORE):k + 1]:
            cleaned[near] = clean_space(texts[near])
    return cleaned


def _cleaned(texts: list[str]) -> list[str]:
    """Each line with its whitespace collapsed (`clean_space`), done on the joined lines: a
    Python call per line costs more on long pages."""
    joined = SEPARATOR.join(texts)
    if joined.count(SEPARATOR) != len(texts) - 1:  # a line holds the separator itself
        return [clean_space(text) for text in texts]
    joined = clean_space(joined)  # the separator is no space: lines keep one space at most
    edges = joined.replace(" " + SEPARATOR, SEPARATOR).replace(SEPARATOR + " ", SEPARATOR)
    return edges.split(SEPARATOR)


def _one_count_per_line(lines: list[str]) -> tuple[list[str], list[int]]:
    """Lines holding several options ("A 33 (31%) B 30 (28%)", inline labels in a form) split
    after each count; with the index of the line each piece came from."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, line in enumerate(lines):
        ends = [m.end() for m in _COUNT.finditer(line)] if "%" in line else []
        cuts = [0, *ends[:-1], len(line)] if len(ends) > 1 else [0, len(line)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            pieces.append(line[a:b].strip())
            origin.append(index)
    return pieces, origin
