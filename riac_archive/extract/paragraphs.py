"""Chrome stripping, the rating widget, and duplicate lead collapse.

Chrome is recognised by its exact label or format in either language, never by position
(site-notes §2, §3, §10.4–5). The lead the site prints twice is collapsed on normalised words
(site-notes §4, §10.9): see `collapse_duplicates`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from riac_archive.extract.text import clean_space, fold
from riac_archive.items import Rating

# Whole-line labels, compared folded (casefolded, quotes/dashes unified).
_CHROME_LABELS = frozenset({
    "rate this article", "оценить статью",
    "share this article", "поделиться статьей", "поделиться статьёй",
    "short version", "full version",
    "login if you are already registered", "in",
    "poll conducted", "poll results", "poll archive",
    "for business", "for researchers", "for students", "close window", "закрыть окно",
    "details", "подробности",
})
# Print and language links, alone or several on one line ("Распечатать Read in English").
_LINK_LINE = re.compile(r"(?:(?:print|распечатать|читать на русском|read in english)\s*)+")
# "Region: Russia, Europe" / "Type: News": a short list of names, no sentence inside.
_LABEL_LINE = re.compile(r"(?:region|type)\s*:\s*[^.!?:]{1,80}")

_NUMBER = r"\d+(?:[.,]\d+)?"
_PIPE = r"\s*\|?"
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
    return _is_chrome_line(text)


@functools.lru_cache(maxsize=1024)
def _is_chrome_line(text: str) -> bool:
    """is_chrome for a short string (cached: the same widget lines recur on every page)."""
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


# Rating stars printed as text ("★★★★½", "☆☆☆☆☆").
_STARS = re.compile(r"(?:[★☆✩✪✫✬✭✮✯⭐½ ]|1⁄2)+")  # NFKC (fold) turns ½ into 1⁄2
# A call to follow the site elsewhere: "Subscribe to our Telegram channel", «Подписывайтесь на …».
_PROMO = re.compile(r"(?:subscribe|follow us|join us|подпис\w*|читайте нас|присоединяйтесь)"
                    r"\b.{0,150}(?:telegram|channel|newsletter|twitter|vk\b|канал|рассылк|"
                    r"телеграм|дзен|вконтакте)")
# A tag list: "Tags: Arctic, Norway", «Теги: Австралия».
_TAG_LINE = re.compile(r"(?:tags|теги|ключевые слова|keywords)\s*:\s*[^.!?]{1,200}")
# A photo credit under a picture: "Photo: TASS", "Фото: РИА Новости".
_CREDIT_LINE = re.compile(r"(?:photo|image|фото|источник фото)\s*:\s*[^.!?]{1,80}")


# One widget item at the start of a line: several of them may share one block of markup.
_WIDGET_ITEM = re.compile(
    "|".join(sorted((re.escape(label) for label in _CHROME_LABELS if label != "in"),
                    key=len, reverse=True))
    + "".join("|" + re.sub(r"\?P<\w+>", "?:", p.pattern)
              for p in (_RATING_FULL, _RATING_COUNT, _RATING_NONE))
    + r"|print|распечатать|читать на русском|read in english|\||" + _STARS.pattern, re.I)


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
    if len(line) > _CHROME_MAX_CHARS or "(" not in line:
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
    lines = [line for line in lines or [] if isinstance(line, str)]
    for index, line in enumerate(lines):
        rating = _rating_of_line(line)
        if rating is not None:
            return _with_value(rating, lines[index + 1:index + 3])
    return None


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


def _words(text: str) -> list[str]:
    """Comparison words: folded, punctuation and quotes gone, a leading "On" dropped."""
    return list(_word_tuple(text))


@functools.lru_cache(maxsize=256)
def _word_tuple(text: str) -> tuple[str, ...]:
    """_words, cached: a paragraph is compared with many candidate blocks."""
    words = _WORD.findall(fold(text))
    return tuple(words[1:] if words[:1] == ["on"] else words)


def _may_copy(a: frozenset[str], b: frozenset[str]) -> bool:
    """A cheap necessary condition for two blocks' first paragraphs to be copies: they share
    at least a third of the smaller one's distinct words (copies share nearly all)."""
    return 3 * len(a & b) >= min(len(a), len(b))


def _norm(text: str) -> str:
    """A normalised key for exact-duplicate checks."""
    return " ".join(_words(text))


@dataclass
class _Block:
    """A run of consecutive content paragraphs: their indexes and per-paragraph word lists."""

    indexes: list[int]
    words: list[list[str]]
    joined: list[str] = field(init=False)  # all words of the block in order
    vocabulary: frozenset[str] = field(init=False)  # its distinct words

    def __post_init__(self) -> None:
        """Join the words once: a lead block is compared with several copies."""
        self.joined = [w for para in self.words for w in para]
        self.vocabulary = frozenset(self.joined)

    def owners(self) -> list[int]:
        """For each joined word, the position of the paragraph (within the block) it is from."""
        return [n for n, para in enumerate(self.words) for _ in para]


@dataclass
class _Match:
    """A lead block A and a later block B found to be copies of each other."""

    lead: _Block
    copy: _Block
    kind: str  # "exact", "near" or "prefix"
    matched: int  # words the two blocks share in order

    def rank(self) -> tuple[int, int, int, int]:
        """Sort key: more shared words first, then earlier, exact > near > prefix, fewer paras."""
        kinds = {"exact": 2, "near": 1, "prefix": 0}
        size = len(self.lead.indexes) + len(self.copy.indexes)
        return (self.matched, -self.lead.indexes[0], kinds[self.kind], -size)


def _is_prefix(short: list[str], long: list[str]) -> bool:
    """True when `short` starts `long` (its last word may be cut, as in "…" summaries)."""
    if len(short) > len(long) or not short:
        return False
    head, last = short[:-1], short[-1]
    return long[: len(head)] == head and long[len(head)].startswith(last)


def _matched_positions(short: list[str], long: list[str]) -> tuple[set[int], set[int]]:
    """Positions of words of `short` and of `long` that difflib pairs up in order."""
    if long[:len(short)] == short:  # difflib pairs a whole prefix with the start of `long`
        return set(range(len(short))), set(range(len(short)))
    return _difflib_positions(tuple(short), tuple(long))


@functools.lru_cache(maxsize=64)
def _difflib_positions(short: tuple[str, ...], long: tuple[str, ...]
                       ) -> tuple[set[int], set[int]]:
    """_matched_positions through difflib (cached: a near copy is checked twice)."""
    matcher = SequenceMatcher(None, short, long, autojunk=False)
    in_short: set[int] = set()
    in_long: set[int] = set()
    for a, b, size in matcher.get_matching_blocks():
        in_short.update(range(a, a + size))
        in_long.update(range(b, b + size))
    return in_short, in_long


def _relation(short: list[str], long: list[str],
              short_words: frozenset[str], long_words: frozenset[str]) -> str | None:
    """How two word lists relate: "exact", "prefix" (short starts long), "near", or None.

    `short_words` and `long_words` are the distinct words of each list.
    """
    if len(short) < _MIN_WORDS or len(" ".join(short)) < _MIN_CHARS:
        return None
    if short == long:
        return "exact"
    if _is_prefix(short, long):
        return "prefix"
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
    in_short, _ = _matched_positions(short, long)
    return "near" if len(short) - len(in_short) <= allowed else None


def _every_paragraph_used(block: _Block, used: set[int], open_end: bool) -> bool:
    """True when each paragraph of the block has at least half its words matched.

    With `open_end` the block's last paragraph only needs one matched word: a longer copy may
    go on past the text the other copy has.
    """
    owners = block.owners()
    hits_per_paragraph = Counter(map(owners.__getitem__, used))
    for n, para in enumerate(block.words):
        hits = hits_per_paragraph[n]
        needed = 1 if open_end and n == len(block.words) - 1 else _half(para)
        if hits < needed:
            return False
    return True


def _half(para: list[str]) -> int:
    """Matched words a paragraph needs to take part in a copy: half of them, at least one."""
    return max((len(para) + 1) // 2, 1)


def _shared_count(para: list[str], vocabulary: frozenset[str]) -> int:
    """How many of a paragraph's words (repeats counted) occur in the other block."""
    return sum(1 for word in para if word in vocabulary)


def _compare(lead: _Block, copy: _Block) -> _Match | None:
    """The match between two adjacent blocks, when every paragraph of both takes part."""
    first, second = lead.joined, copy.joined
    lead_is_short = len(first) <= len(second)
    short, long = (first, second) if lead_is_short else (second, first)
    short_block, long_block = (lead, copy) if lead_is_short else (copy, lead)
    kind = _relation(short, long, short_block.vocabulary, long_block.vocabulary)
    if kind is None:
        return None
    in_short, in_long = _matched_positions(short, long)
    open_end = kind == "prefix"
    if not (_every_paragraph_used(short_block, in_short, False)
            and _every_paragraph_used(long_block, in_long, open_end)):
        return None
    return _Match(lead, copy, kind, len(in_short))


def _candidates(content: list[int], words: list[list[str]]) -> list[_Match]:
    """Every lead block near the top followed directly by a block that copies it."""
    found = []
    word_sets = [frozenset(para) for para in words]
    for start in range(min(_LEAD_START_MAX + 1, len(content))):
        for size_a in range(1, _BLOCK_MAX + 1):
            copy_start = start + size_a
            if copy_start > min(_COPY_START_MAX, len(content) - 1):
                break
            if not _may_copy(word_sets[start], word_sets[copy_start]):
                continue
            lead = _Block(content[start:copy_start], words[start:copy_start])
            for size_b in range(1, min(_BLOCK_MAX, len(content) - copy_start) + 1):
                end = copy_start + size_b
                # Only lead words can be matched in the copy: a paragraph with none cannot take
                # part, and one with less than half of them only as the copy's last paragraph.
                shared = _shared_count(words[end - 1], lead.vocabulary)
                if not shared:
                    break
                match = _compare(lead, _Block(content[copy_start:end], words[copy_start:end]))
                if match:
                    found.append(match)
                if shared < _half(words[end - 1]):
                    break
    return found


def _size(block: _Block) -> tuple[int, int]:
    """How complete a block is: its word count, then its letter count."""
    joined = block.joined
    return len(joined), sum(len(word) for word in joined)


def _apply(paragraphs: list[str], match: _Match) -> tuple[list[str], int]:
    """Drop the less complete copy (fewer words, then fewer letters; on a tie the copy, unless
    it has more paragraphs than the lead).

    The two blocks are adjacent, so the kept one is where the lead was either way.
    """
    lead, copy = _size(match.lead), _size(match.copy)
    # On a tie the lead stays, unless the body splits it into more paragraphs (site-notes §4).
    body_wins = copy > lead or (copy == lead and len(match.copy.indexes) > len(match.lead.indexes))
    drop = match.lead if body_wins else match.copy
    gone = set(drop.indexes)
    return [text for i, text in enumerate(paragraphs) if i not in gone], len(gone)


def _collapse_lead(paragraphs: list[str]) -> tuple[list[str], int]:
    """Collapse the best lead/copy pair near the top, once; (paragraphs, dropped count)."""
    content, words = [], []  # chrome and wordless lines ("* * *") are skipped over
    for index, text in enumerate(paragraphs):
        if len(content) == _COPY_START_MAX + _BLOCK_MAX:
            break
        para_words = _words(text)
        if para_words and not is_chrome(text):
            content.append(index)
            words.append(para_words)
    matches = _candidates(content, words)
    if not matches:
        return paragraphs, 0
    return _apply(paragraphs, max(matches, key=_Match.rank))


def _drop_repeated(paragraphs: list[str]) -> tuple[list[str], int]:
    """Drop later exact (normalised) copies of paragraphs of 60+ characters anywhere."""
    seen: set[str] = set()
    kept: list[str] = []
    for text in paragraphs:
        key = _norm(text)
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
    removed = 0
    for _ in range(3):  # the lead may be printed more than twice (AMP summary + body copy)
        result, dropped = _collapse_lead(result)
        removed += dropped
        if not dropped:
            break
    result, dropped = _drop_repeated(result)
    return result, removed + dropped
