"""Chrome stripping, the rating widget, and duplicate lead collapse.

Chrome is recognised by its exact label or format in either language, never by position
(site-notes §2, §3, §10.4–5). The lead the site prints twice is collapsed on normalised words
(site-notes §4, §10.9): see `collapse_duplicates`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import compress, count, islice
from typing import NamedTuple

from riac_archive.extract.text import BLANKS, clean_space, drop_invisible, fold
from riac_archive.items import Rating

# The rating and share widgets' labels (page.py finds the widgets by them too), folded.
RATING_LABELS = frozenset({"rate this article", "оценить статью"})
SHARE_LABELS = frozenset({"share this article", "поделиться статьей", "поделиться статьёй"})
# Whole-line labels, compared folded (casefolded, quotes/dashes unified).
_CHROME_LABELS = RATING_LABELS | SHARE_LABELS | frozenset({
    "short version", "full version",
    "login if you are already registered", "in",
    "poll conducted", "poll results", "poll archive",
    "for business", "for researchers", "for students", "close window", "закрыть окно",
    "details", "подробности",
})


def _alternatives(words: Sequence[str]) -> str:
    """A non-capturing group matching any of `words` (regex fragments)."""
    return "(?:" + "|".join(words) + ")"


# Each pattern below that opens with words takes them from its *_WORDS tuple: the shortcuts
# (`_CHROME_OPENINGS`, `_CHROME_FIRSTS`, built after the patterns) are built from the same
# tuples, so add a new opening word to the tuple, never to the pattern itself.
# Print and language links, alone or several on one line ("Распечатать Read in English").
_LINK_WORDS = ("print", "распечатать", "читать на русском", "read in english")
_LINK_LINE = re.compile(rf"(?:{_alternatives(_LINK_WORDS)}\s*)+")
# "Region: Russia, Europe" / "Type: News": a short list of names, no sentence inside.
LABEL_WORDS = ("region", "type")  # the Region/Type labels (page.py reads them too)
_LABEL_LINE = re.compile(_alternatives(LABEL_WORDS) + r"\s*:\s*[^.!?:]{1,80}")

_NUMBER = r"\d+(?:[.,]\d+)?"
_PIPE = r"\s*\|?"
# The rating patterns open with "(": a new one opening otherwise needs its start in _CHROME_SIGNS.
_RATING_FULL = re.compile(
    rf"\(\s*(?:votes|голос(?:ов|а)?)\s*:\s*(?P<votes>\d+)\s*,\s*(?:rating|рейтинг)\s*:\s*"
    rf"(?P<value>{_NUMBER})\s*\){_PIPE}", re.I)
_RATING_COUNT = re.compile(rf"\(\s*(?P<votes>\d+)\s+(?:votes?|голос(?:ов|а)?)\s*\){_PIPE}", re.I)
_RATING_NONE = re.compile(rf"\(\s*(?:no votes|нет голосов)\s*\){_PIPE}", re.I)

# Lead collapse: how far down the lead may start, how long a copy may be, minimum sizes.
_LEAD_START_MAX = 3
_BLOCK_MAX = 6
_COPY_START_MAX = 8
_MIN_WORDS, _MIN_CHARS = 5, 25
# A near copy: the shorter's words recur in the longer in order, all but 3% of them.
_NEAR_MIN_WORDS, _NEAR_MISSING = 10, 0.03
_GLOBAL_MIN_CHARS = 60
_WORD = re.compile(r"\w+")
# No chrome line is longer (even several widget items printed on one line).
_CHROME_MAX_CHARS = 300


def is_chrome(text: str) -> bool:
    """True for a line that is site chrome (print/language links, labels, rating, share...)."""
    if not isinstance(text, str) or len(text) > _CHROME_MAX_CHARS:
        return False
    return _may_be_chrome(text) and _is_chrome_line(text)



_OPENING_SCAN = 40  # characters read for a line's first word


def _may_be_chrome(text: str) -> bool:
    """False for a line whose folded form cannot start like any chrome line (most body text),
    told from its first character, without folding the line."""
    return fold_may_start(text, _CHROME_FIRSTS)


def _opens_like_chrome(text: str) -> bool:
    """False for a line whose folded form cannot start like any chrome line, told from its
    first word, without folding the whole line."""
    # The start of `fold(clean_space(text))` but for quotes and dashes (in no opening): all
    # words but the last one read are the line's own (NFKC may join that one with what follows).
    head = clean_space(unicodedata.normalize("NFKC", clean_space(text[:_OPENING_SCAN])))
    first, *rest = head.casefold().split(" ", 1)
    if not rest:  # no whole word read
        return True
    # re.I lets a dotless ı stand for i in widget items.
    return first[:1] in _CHROME_SIGNS or first.replace("ı", "i").startswith(_CHROME_OPENINGS)


def fold_may_start(text: str, firsts: frozenset[str]) -> bool:
    """False when `fold(text)` (or fold of the cleaned text) cannot start with any of `firsts`,
    told from the first character that is not blank, without folding the whole line.

    `firsts` must be plain characters (letters without accents, digits, punctuation) that a
    composition of that character with the marks after it cannot lead to: not "h", which
    "ḣ" + U+0331 recomposes into "ẖ", casefolded "h" + U+0331 (tests check the sets in use).
    """
    first = text[:1]
    if not first or first in BLANKS:
        stripped = text.lstrip(BLANKS)
        if not stripped:
            return False  # folds to ""
        first = stripped[0]
    head = _FOLDED_HEADS.get(first) or unicodedata.normalize("NFKC", first).casefold()
    return not head or head[0].isspace() or head[0] in firsts


# NFKC + casefold of the characters lines usually start with (Latin, Cyrillic), made once.
_FOLDED_HEADS = {c: unicodedata.normalize("NFKC", c).casefold() for c in map(chr, range(0x500))}


@functools.lru_cache(maxsize=1024)
def _is_chrome_line(text: str) -> bool:
    """is_chrome for a short string (cached: the same widget lines recur on every page)."""
    return _opens_like_chrome(text) and _matches_chrome(text)


def _matches_chrome(text: str) -> bool:
    """The full test of a short line: its folded form against every chrome label and pattern."""
    line = clean_space(text)
    folded = fold(line)
    if not folded:
        return False
    if folded in _CHROME_LABELS or _LINK_LINE.fullmatch(folded):
        return True
    if _LABEL_LINE.fullmatch(folded) or _rating_of_line(line) is not None:
        return True
    if _STARS.fullmatch(folded) or _CREDIT_LINE.fullmatch(folded) or _PROMO.match(folded):
        return True
    if _TAG_LINE.fullmatch(folded):
        return True
    return _is_widget_run(folded)


# Rating stars printed as text ("★★★★½", "☆☆☆☆☆"); they are in _CHROME_SIGNS.
_STAR_SIGNS = "★☆✩✪✫✬✭✮✯⭐½"
_STARS = re.compile(rf"(?:[{_STAR_SIGNS} ]|1⁄2)+")  # NFKC (fold) turns ½ into 1⁄2
# A call to follow the site elsewhere: "Subscribe to our Telegram channel", «Подписывайтесь на …».
_PROMO_WORDS = ("subscribe", "follow us", "join us", r"подпис\w*", "читайте нас", "присоединяйтесь")
_PROMO = re.compile(_alternatives(_PROMO_WORDS)
                    + r"\b.{0,150}(?:telegram|channel|newsletter|twitter|vk\b|канал|рассылк|"
                    r"телеграм|дзен|вконтакте)")
# A tag list: "Tags: Arctic, Norway", «Теги: Австралия».
_TAG_WORDS = ("tags", "теги", "ключевые слова", "keywords")
_TAG_LINE = re.compile(_alternatives(_TAG_WORDS) + r"\s*:\s*[^.!?]{1,200}")
# A photo credit under a picture: "Photo: TASS", "Фото: РИА Новости".
_CREDIT_WORDS = ("photo", "image", "фото", "источник фото")
_CREDIT_LINE = re.compile(_alternatives(_CREDIT_WORDS) + r"\s*:\s*[^.!?]{1,80}")

# The first word of a folded chrome line starts with one of these (the first word of every
# label and of every *_WORDS alternative), or the line starts with one of `_CHROME_SIGNS`.
_CHROME_OPENINGS = tuple(sorted({
    re.match(r"\w+", phrase).group()
    for phrase in (*_CHROME_LABELS, *_LINK_WORDS, *LABEL_WORDS, *_PROMO_WORDS, *_TAG_WORDS,
                  *_CREDIT_WORDS)}))
# Chrome that opens with no word: rating "(", separator "|", stars, "1" (½ folds to 1⁄2).
_CHROME_SIGNS = frozenset("(|1" + _STAR_SIGNS)
# The characters a folded chrome line can start with: the first letters of the openings with
# whatever re.I matches them with (ſ, ı, İ, K, ᲂ...; none past U+3000), and the signs.
_CHROME_FIRSTS = frozenset(re.findall(
    "[" + "".join({opening[0] for opening in _CHROME_OPENINGS}) + "]",
    "".join(map(chr, range(0x3000))), re.I)) | _CHROME_SIGNS


# One widget item at the start of a line: several of them may share one block of markup.
_WIDGET_ITEM = re.compile(
    "|".join(sorted((re.escape(label) for label in _CHROME_LABELS if label != "in"),
                    key=len, reverse=True))
    + "".join("|" + re.sub(r"\?P<\w+>", "?:", p.pattern)
              for p in (_RATING_FULL, _RATING_COUNT, _RATING_NONE))
    + "|" + "|".join(_LINK_WORDS) + r"|\||" + _STARS.pattern, re.I)


def _is_widget_run(folded: str) -> bool:
    """True for a line made only of widget items ("Rate this article (no votes) (0 votes)")."""
    position, items = 0, 0
    while position < len(folded):
        match = _WIDGET_ITEM.match(folded, position)
        if not match:
            return False
        position, items = match.end(), items + 1
        while position < len(folded) and folded[position] == " ":
            position += 1
    return items > 1


def _rating_of_line(line: str) -> Rating | None:
    """The rating one widget line states, or None when the line is not a rating line."""
    # A rating line starts with "(" or a widget item: prose with brackets is never folded.
    if len(line) > _CHROME_MAX_CHARS or "(" not in line or not _may_be_chrome(line):
        return None
    line = clean_space(line)
    full = _RATING_FULL.fullmatch(line)
    if full:
        votes = int(full.group("votes"))
        value = float(full.group("value").replace(",", "."))
        return Rating(value if votes else None, votes)
    count = _RATING_COUNT.fullmatch(line)
    if count:
        return Rating(None, int(count.group("votes")))
    if _RATING_NONE.fullmatch(line):
        return Rating(None, 0)
    if _is_widget_run(fold(line)):
        return _rating_in_run(line)
    return None


def _rating_in_run(line: str) -> Rating | None:
    """The rating stated inside a run of widget items on one line."""
    for pattern in (_RATING_FULL, _RATING_COUNT, _RATING_NONE):
        found = pattern.search(line)
        if found:
            return _rating_of_line(found.group(0))
    return None


_RATE_LABELS = frozenset({"rate this article", "оценить статью"})


def is_rating_widget(text: str) -> bool:
    """True for a line of the rating widget: its label, or a line stating the rating."""
    return fold(text) in _RATE_LABELS or _rating_of_line(text) is not None


def parse_rating(lines: list[str]) -> Rating | None:
    """The first rating widget found among the page's lines, in any wording the site uses.

    An unknown wording is simply not recognised (None), so the caller can record it.
    """
    lines = strings(lines)
    for index in lines_with(lines, "("):  # every rating wording is in brackets
        rating = _rating_of_line(lines[index])
        if rating is not None:
            return _with_value(rating, lines[index + 1:index + 3])
    return None


def strings(lines: list[str] | None) -> list[str]:
    """The lines that are strings, as a list (the list itself when all are)."""
    if isinstance(lines, list):
        try:
            "".join(lines)  # one C-level pass: all lines are strings (the usual case)
            return lines
        except TypeError:
            pass
    return [line for line in lines or [] if isinstance(line, str)]


SEPARATOR = "\x00"  # joins a page's lines: never in its text (lxml refuses NUL characters)


def lines_with(lines: list[str], mark: str | re.Pattern[str]) -> list[int]:
    """Indexes of the lines that contain `mark` (a string, or a pattern searched for), by
    C-level searches of the joined lines (a Python test per line costs more on pages of a few
    hundred lines). A pattern sees SEPARATOR between lines: `(?<![^\x00])` anchors it at a
    line's start."""
    if isinstance(mark, str):
        holds, find = (lambda line: mark in line), (lambda text, start: text.find(mark, start))
    else:
        holds, find = mark.search, _pattern_finder(mark)
    joined = SEPARATOR.join(lines)
    if joined.count(SEPARATOR) != len(lines) - 1:  # a line holds the separator itself
        return [index for index, line in enumerate(lines) if holds(line)]
    found: list[int] = []
    index, position = 0, 0
    while (hit := find(joined, position)) >= 0:
        index += joined.count(SEPARATOR, position, hit)
        found.append(index)
        position = joined.find(SEPARATOR, hit)  # go on from the next line
        if position < 0:
            break
    return found


def _pattern_finder(pattern: re.Pattern[str]) -> Callable[[str, int], int]:
    """str.find's contract for a pattern: where its next match starts, or -1."""
    def find(text: str, start: int) -> int:
        match = pattern.search(text, start)
        return match.start() if match else -1
    return find


def _with_value(rating: Rating, following: list[str]) -> Rating:
    """A bare "(N votes)" line completed by the "(votes: N, rating: R)" line right after it."""
    if rating.value is not None or not rating.votes:
        return rating
    for line in following:
        found = _rating_of_line(line)
        if found is not None and found.votes == rating.votes and found.value is not None:
            return found
    return rating


# ---------------------------------------------------------------- duplicate collapse


def _comparison_text(text: str) -> str:
    """`fold(text)` as far as its words go: NFKC, zero-width characters gone, casefolded.

    fold's other steps (quotes, dashes, spacing) only change characters that are not word
    characters, so both give the same words; its quote/dash translation is the slow part.
    """
    return drop_invisible(unicodedata.normalize("NFKC", text)).casefold()


class _Paragraph(NamedTuple):
    """What the lead collapse compares of one paragraph."""

    words: list[str]  # comparison words, in order
    vocabulary: frozenset[str]  # the distinct ones
    opening: list[str]  # the first words an exact or prefix copy must share
    half: int  # matched words it needs to take part in a copy (`_half`)


class _Texts:
    """The comparison text and words of each paragraph, made once per `collapse_duplicates`
    call and only when a step asks (most paragraphs are never split).

    What the lead collapse learns about paragraphs is kept too: each pass after a collapse
    asks about the same paragraphs again.
    """

    def __init__(self) -> None:
        self._folded: dict[str, str] = {}
        self._content: dict[str, bool] = {}
        self._paragraphs: dict[str, _Paragraph] = {}
        self._pairs: dict[tuple[str, str], bool] = {}
        self._copies: dict[tuple[tuple[str, ...], tuple[str, ...]], list[_Copy]] = {}

    def folded(self, text: str) -> str:
        """The paragraph's comparison text."""
        folded = self._folded.get(text)
        if folded is None:
            folded = self._folded[text] = _comparison_text(text)
        return folded

    def is_content(self, text: str) -> bool:
        """True for a paragraph with comparison words that is not chrome ("* * *" is not)."""
        known = self._content.get(text)
        if known is None:
            known = self._content[text] = self._has_words(text) and not is_chrome(text)
        return known

    def _has_words(self, text: str) -> bool:
        """True when the paragraph has comparison words, without splitting all of it."""
        folded = self.folded(text)
        first = _WORD.search(folded)
        # A lone leading "On" is dropped: it takes a second word.
        return first is not None and (
            first.group() != "on" or _WORD.search(folded, first.end()) is not None)

    def paragraph(self, text: str) -> _Paragraph:
        """The paragraph's comparison words and what is derived from them."""
        paragraph = self._paragraphs.get(text)
        if paragraph is None:
            words = _WORD.findall(self.folded(text))
            words = words[1:] if words[:1] == ["on"] else words
            paragraph = self._paragraphs[text] = _Paragraph(
                words, frozenset(words), words[:_MIN_WORDS - 1], _half(words))
        return paragraph

    def norm(self, text: str) -> str:
        """A normalised key for exact-duplicate checks."""
        return " ".join(self.paragraph(text).words)

    def block(self, texts: Sequence[str]) -> _Block:
        """The words of consecutive paragraphs."""
        paragraphs = [self.paragraph(text) for text in texts]
        words = [paragraph.words for paragraph in paragraphs]
        joined = words[0] if len(words) == 1 else [w for para in words for w in para]
        vocabulary = frozenset().union(*[paragraph.vocabulary for paragraph in paragraphs])
        return _Block(words, joined, vocabulary)

    def may_pair(self, a: str, b: str, lead: _Paragraph, copy: _Paragraph) -> bool:
        """Whether a lead starting with paragraph a (`lead`) may be copied by a block starting
        with b (`copy`): `_may_copy` and `_openings_pair` (kept for the next passes)."""
        known = self._pairs.get((a, b))
        if known is None:
            known = self._pairs[a, b] = (_may_copy(lead.vocabulary, copy.vocabulary)
                                         and _openings_pair(lead, copy))
        return known

    def copies(self, lead: tuple[str, ...], following: tuple[str, ...]) -> list[_Copy]:
        """`_copies` of the lead block among the paragraphs that follow it."""
        known = self._copies.get((lead, following))
        if known is None:
            known = self._copies[lead, following] = _copies(self.block(lead), following, self)
        return known


class _Block(NamedTuple):
    """A run of consecutive content paragraphs: per-paragraph word lists, all of them in order
    and the distinct ones."""

    words: list[list[str]]
    joined: list[str]
    vocabulary: frozenset[str]


class _Copy(NamedTuple):
    """A block of `size` paragraphs found to copy a lead block."""

    size: int
    kind: str  # "exact", "near" or "prefix"
    matched: int  # words the two blocks share in order


_KIND_RANKS = {"exact": 2, "near": 1, "prefix": 0}


@dataclass
class _Match:
    """A lead block A and the block B right after it found to be copies of each other."""

    lead: list[int]  # the indexes of A's paragraphs
    copy: list[int]  # the indexes of B's paragraphs
    kind: str
    matched: int

    def rank(self) -> tuple[int, int, int, int]:
        """Sort key: more shared words first, then earlier, exact > near > prefix, fewer paras."""
        size = len(self.lead) + len(self.copy)
        return (self.matched, -self.lead[0], _KIND_RANKS[self.kind], -size)


def _may_copy(a: frozenset[str], b: frozenset[str]) -> bool:
    """A cheap necessary condition for two blocks' first paragraphs to be copies: they share
    at least a third of the smaller one's distinct words (copies share nearly all)."""
    return 3 * len(a & b) >= min(len(a), len(b))


def _openings_pair(a: _Paragraph, b: _Paragraph) -> bool:
    """A necessary condition for a lead starting with paragraph a and a copy starting with b,
    beyond `_may_copy`: the same first words (an exact or prefix copy of 5+ words: up to 4 of
    them, or all of the shorter paragraph), or else (a near copy, whose paired words run in
    order and take half of each paragraph) as many shared words, each way, as half the
    shorter paragraph has."""
    opening = min(len(a.opening), len(b.opening))
    if a.opening[:opening] == b.opening[:opening]:
        return True
    need = min(a.half, b.half)
    return (_shared_count(a.words, b.vocabulary) >= need
            and _shared_count(b.words, a.vocabulary) >= need)


def _is_prefix(short: list[str], long: list[str]) -> bool:
    """True when `short` starts `long` (its last word may be cut, as in "…" summaries)."""
    if len(short) > len(long) or not short:
        return False
    head, last = short[:-1], short[-1]
    return long[: len(head)] == head and long[len(head)].startswith(last)


def _matched_positions(short: list[str], long: list[str]
                       ) -> tuple[Sequence[int], Sequence[int]]:
    """Positions of words of `short` and of `long` that difflib pairs up, in increasing order."""
    if long[:len(short)] == short:  # difflib pairs a whole prefix with the start of `long`
        return range(len(short)), range(len(short))
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    blocks = matcher.get_matching_blocks()  # increasing in both lists
    return ([i for a, _, size in blocks for i in range(a, a + size)],
            [i for _, b, size in blocks for i in range(b, b + size)])


def _relation(short: list[str], long: list[str], short_words: frozenset[str],
              long_words: frozenset[str]) -> tuple[str, Sequence[int], Sequence[int]] | None:
    """How two word lists relate: "exact", "prefix" (short starts long), "near", or None; with
    the positions of the words they pair up.

    `short_words` and `long_words` are the distinct words of each list.
    """
    if not _long_enough(short):
        return None
    if short == long:
        return "exact", *_matched_positions(short, long)
    if _is_prefix(short, long):
        return "prefix", *_matched_positions(short, long)
    allowed = int(_NEAR_MISSING * len(short))
    if len(short) < _NEAR_MIN_WORDS:
        return None
    # Cheap bounds before difflib; each missing distinct word is missing once at least.
    if len(short_words - long_words) > allowed:
        return None
    if sum(1 for word in short if word not in long_words) > allowed:
        return None
    shared = sum((Counter(short) & Counter(long)).values())
    if len(short) - shared > allowed:
        return None
    in_short, in_long = _matched_positions(short, long)
    return ("near", in_short, in_long) if len(short) - len(in_short) <= allowed else None


def _long_enough(words: list[str]) -> bool:
    """True for words enough to be a copy: 5 words and 25 characters at least."""
    return len(words) >= _MIN_WORDS and len(" ".join(words)) >= _MIN_CHARS


def _may_relate(short: _Block, long: _Block) -> bool:
    """A cheap necessary condition for `_relation`: 5 words at least, an exact or prefix copy
    starts with the same 4 words, a near one has all but 3% of the shorter's words."""
    if len(short.joined) < _MIN_WORDS:
        return False
    if short.joined[:_MIN_WORDS - 1] == long.joined[:_MIN_WORDS - 1]:
        return True
    allowed = int(_NEAR_MISSING * len(short.joined))
    return (len(short.joined) >= _NEAR_MIN_WORDS
            and len(short.vocabulary - long.vocabulary) <= allowed)


def _every_paragraph_used(block: _Block, used: Sequence[int], open_end: bool) -> bool:
    """True when each paragraph of the block has at least half its words matched.

    `used` are the matched positions in the block's joined words, in increasing order. With
    `open_end` the block's last paragraph only needs one matched word: a longer copy may go on
    past the text the other copy has.
    """
    start, last = 0, len(block.words) - 1
    for n, para in enumerate(block.words):
        end = start + len(para)
        hits = bisect_left(used, end) - bisect_left(used, start)
        if hits < (1 if open_end and n == last else _half(para)):
            return False
        start = end
    return True


def _half(para: list[str]) -> int:
    """Matched words a paragraph needs to take part in a copy: half of them, at least one."""
    return max((len(para) + 1) // 2, 1)


def _shared_count(para: list[str], vocabulary: frozenset[str]) -> int:
    """How many of a paragraph's words (repeats counted) occur in the other block."""
    return sum(map(vocabulary.__contains__, para))


def _compare(lead: _Block, copy: _Block) -> tuple[str, int] | None:
    """The kind of copy and the words matched, when every paragraph of both blocks takes part."""
    if lead.joined == copy.joined:  # the usual copy: all words of both paragraphs match
        return ("exact", len(lead.joined)) if _long_enough(lead.joined) else None
    short, long = (lead, copy) if len(lead.joined) <= len(copy.joined) else (copy, lead)
    if not _may_relate(short, long):
        return None
    related = _relation(short.joined, long.joined, short.vocabulary, long.vocabulary)
    if related is None:
        return None
    kind, in_short, in_long = related
    if not (_every_paragraph_used(short, in_short, False)
            and _every_paragraph_used(long, in_long, kind == "prefix")):
        return None
    return kind, len(in_short)


def _candidates(content: list[int], paras: list[str], texts: _Texts) -> list[_Match]:
    """Every lead block near the top followed directly by a block that copies it.

    `paras` are the texts of the content paragraphs, `content` their indexes on the page.
    """
    found: list[_Match] = []
    last_copy_start = min(_COPY_START_MAX, len(content) - 1)
    # Where a block may start: those paragraphs are split once for every pair.
    heads = [texts.paragraph(text) for text in paras[:last_copy_start + 1]]
    for start in range(min(_LEAD_START_MAX + 1, len(content))):
        lead = heads[start]
        for copy_start in range(start + 1, min(start + _BLOCK_MAX, last_copy_start) + 1):
            if not texts.may_pair(paras[start], paras[copy_start], lead, heads[copy_start]):
                continue
            following = tuple(paras[copy_start:copy_start + _BLOCK_MAX])
            for found_copy in texts.copies(tuple(paras[start:copy_start]), following):
                found.append(_Match(content[start:copy_start],
                                    content[copy_start:copy_start + found_copy.size],
                                    found_copy.kind, found_copy.matched))
    return found


def _copies(lead: _Block, following: tuple[str, ...], texts: _Texts) -> list[_Copy]:
    """The blocks at the start of `following` (the paragraphs after the lead) that copy it."""
    found = []
    words: list[list[str]] = []
    joined: list[str] = []
    vocabulary: frozenset[str] = frozenset()
    needed = 0  # matched words the copy's paragraphs so far need
    for text in following:
        last = texts.paragraph(text)
        # Only lead words can be matched in the copy: a paragraph with none cannot take part,
        # and one with less than half of them only as the copy's last paragraph.
        shared = _shared_count(last.words, lead.vocabulary)
        # Longer than the lead, with paragraphs before the last needing more matched words
        # than the lead has: this copy and every longer one cannot match.
        if not shared or needed + 1 > len(lead.joined):
            break
        words.append(last.words)
        joined = joined + last.words
        vocabulary = vocabulary | last.vocabulary
        compared = _compare(lead, _Block(list(words), joined, vocabulary))
        if compared:
            found.append(_Copy(len(words), *compared))
            if compared[0] == "exact":  # a longer copy of this lead would rank lower
                break
        if shared < last.half:
            break
        needed += last.half
    return found


def _size(texts: list[str], words: _Texts) -> tuple[int, int]:
    """How complete a block is: its word count, then its letter count."""
    joined = words.block(texts).joined
    return len(joined), sum(len(word) for word in joined)


def _apply(paragraphs: list[str], match: _Match, texts: _Texts) -> tuple[list[str], int]:
    """Drop the less complete copy (fewer words, then fewer letters; on a tie the copy, unless
    it has more paragraphs than the lead).

    The two blocks are adjacent, so the kept one is where the lead was either way.
    """
    lead = _size([paragraphs[i] for i in match.lead], texts)
    copy = _size([paragraphs[i] for i in match.copy], texts)
    # On a tie the lead stays, unless the body splits it into more paragraphs (site-notes §4).
    body_wins = copy > lead or (copy == lead and len(match.copy) > len(match.lead))
    gone = set(match.lead if body_wins else match.copy)
    return [text for i, text in enumerate(paragraphs) if i not in gone], len(gone)


def _collapse_lead(paragraphs: list[str], texts: _Texts) -> tuple[list[str], int]:
    """Collapse the best lead/copy pair near the top, once; (paragraphs, dropped count)."""
    # The first content paragraphs (chrome and wordless lines ("* * *") are skipped over).
    content = list(islice(compress(count(), map(texts.is_content, paragraphs)),
                          _COPY_START_MAX + _BLOCK_MAX))
    matches = _candidates(content, [paragraphs[i] for i in content], texts)
    if not matches:
        return paragraphs, 0
    return _apply(paragraphs, max(matches, key=_Match.rank), texts)


# Letters whose counts in the comparison text are counts in its words ("o" and "n" are not:
# a leading "On" is dropped): paragraphs with other counts cannot be copies.
_SIGNATURE_LETTERS = ("e", "a", "е", "а")


def _signature(folded: str) -> tuple[int, ...]:
    """Letter counts that two paragraphs with the same words share."""
    return tuple(map(folded.count, _SIGNATURE_LETTERS))


def _drop_repeated(paragraphs: list[str], texts: _Texts) -> tuple[list[str], int]:
    """Drop later exact (normalised) copies of paragraphs of 60+ characters anywhere."""
    # A key is never longer than its comparison text: shorter paragraphs cannot be dropped
    # nor match one that is, and only paragraphs sharing a signature need their key.
    groups: dict[tuple[int, ...], list[int]] = {}
    for index, text in enumerate(paragraphs):
        folded = texts.folded(text)
        if len(folded) >= _GLOBAL_MIN_CHARS:
            groups.setdefault(_signature(folded), []).append(index)
    suspects = {index for group in groups.values() if len(group) > 1 for index in group}
    if not suspects:
        return list(paragraphs), 0
    seen: set[str] = set()
    kept: list[str] = []
    for index, text in enumerate(paragraphs):
        key = texts.norm(text) if index in suspects else ""
        if len(key) >= _GLOBAL_MIN_CHARS and key in seen:
            continue
        seen.add(key)
        kept.append(text)
    return kept, len(paragraphs) - len(kept)


def collapse_duplicates(paragraphs: list[str]) -> tuple[list[str], int]:
    """Drop the lead copies the site prints twice; return the paragraphs and how many went.

    Near the top (a lead starting within the first 4 content paragraphs, its copy within the
    first 8), a block of 1–6 paragraphs and the block right after it are copies when their
    normalised words (casefolded, no punctuation or quotes, a leading "On" ignored) are equal,
    one starts the other (a lead longer than body paragraph 1, a body longer than the lead, an
    AMP summary), or the shorter's words all recur in order in the longer, but for 3% (a tiny
    edit; words the longer adds are free). Every paragraph of both blocks must take part, so a
    block never swallows a neighbour. Chrome and wordless lines ("* * *") between copies are
    skipped over and left in place. The longer copy stays where the lead was; each dropped
    paragraph is counted. Elsewhere only exact copies of paragraphs of 60+ characters go:
    short repeats ("Yes.") can be real.
    """
    result = [p for p in paragraphs if isinstance(p, str)]
    texts = _Texts()
    removed = 0
    for _ in range(3):  # the lead may be printed more than twice (AMP summary + body copy)
        result, dropped = _collapse_lead(result, texts)
        removed += dropped
        if not dropped:
            break
    result, dropped = _drop_repeated(result, texts)
    return result, removed + dropped
