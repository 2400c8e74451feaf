"""Per-speaker discussion highlights and "Key quotes".

Two sections are read (site-notes §5, §5.4):
- a highlights heading ("Discussion Highlights", "Key points", "Основные тезисы"), then for each
  speaker a short name line ("Name" or "Name, title") followed by that speaker's points (item
  blocks, or paragraphs when the bullets were printed as <p>•…</p>). The section ends at a
  heading that is not a name line, or at a paragraph after item-block points;
- a "Key quotes" heading, then paragraphs `Name, title: "quote"`; a paragraph that is only a
  quote continues the previous speaker. The point is the quote without its outer quote marks.

One Highlight per speaker, in order of first appearance (a speaker with bullets and a quote
gets both in one entry). `speaker` is the matching participant's name (`resolve_mention`), else
the name as printed. Per-speaker prose paragraphs ("Natalia Reznik noted that …") are not turned
into highlights: prose paragraphs stay in `paragraphs`.
"""

from __future__ import annotations

import re

from riac_archive.extract.blocks import Block
from riac_archive.extract.people import (
    block_text,
    parse_name_line,
    prose_position,
    resolve_mention,
)
from riac_archive.extract.text import clean_space
from riac_archive.items import Highlight, Participant

_HIGHLIGHTS_HEADING = re.compile(
    r"(?:discussion highlights|highlights(?: of the discussion)?|key points|key takeaways|"
    r"main points|key theses|speakers' highlights|основные тезисы|ключевые тезисы|"
    r"тезисы выступлений|основные положения)\s*:?",
    re.I,
)
_QUOTES_HEADING = re.compile(r"(?:key quotes|quotes|quotations|ключевые цитаты|цитаты)\s*:?", re.I)
# Both headings in one pass; a text both would match is a highlights heading, as when tried first.
_SECTION_HEADING = re.compile(
    f"(?P<bullets>{_HIGHLIGHTS_HEADING.pattern})|(?P<quotes>{_QUOTES_HEADING.pattern})", re.I
)
_QUOTE_LINE = re.compile(r"^(?P<who>[^:\"“«„]{3,200}?):\s*(?P<quote>[\"“«„].*)$")
_OPEN_QUOTES = "\"“«„'‘"
_CLOSE_QUOTES = "\"”»“'’"


def _unquote(text: str) -> str:
    """The quote without its outer quote marks (and a full stop printed after them)."""
    text = clean_space(text)
    if text.endswith(".") and len(text) > 1 and text[-2] in _CLOSE_QUOTES:
        text = text[:-1]
    if text[:1] in _OPEN_QUOTES and text[-1:] in _CLOSE_QUOTES:
        text = text[1:-1]
    return text.strip()


def _quote_line(text: str) -> tuple[str, str | None, str] | None:
    """`Name, title: "quote"` as (name, title, quote), else None."""
    match = _QUOTE_LINE.match(clean_space(text))
    if not match:
        return None
    line = parse_name_line(match.group("who"))
    if line is None:
        return None
    return line[0], line[1], _unquote(match.group("quote"))


class _Collector:
    """Highlights in order of first appearance, one per speaker, plus the titles seen."""

    def __init__(self, participants: list[Participant]):
        self.names = [p.name for p in participants]
        self.highlights: list[Highlight] = []
        self.titles: dict[str, str | None] = {}

    def speaker(self, name: str, title: str | None) -> Highlight:
        """The highlight entry for a speaker (matched to a participant), created when new."""
        resolved = resolve_mention(name, self.names) or resolve_mention(
            name, [h.speaker for h in self.highlights]) or name
        self.titles.setdefault(resolved, title)
        for highlight in self.highlights:
            if highlight.speaker == resolved:
                return highlight
        highlight = Highlight(resolved, [])
        self.highlights.append(highlight)
        return highlight


def _section_of(block: Block, text: str) -> str | None:
    """"bullets" or "quotes" when the block (its text given) is a section heading, else None."""
    if len(text) > 60 or block.kind not in ("heading", "para"):
        return None
    match = _SECTION_HEADING.fullmatch(text)
    return match.lastgroup if match else None


def _collect(blocks: list[Block], participants: list[Participant]) -> _Collector:
    """Walk the blocks once, filling highlights from every highlights and quotes section."""
    out = _Collector(participants)
    mode: str | None = None
    current: Highlight | None = None
    point_kind: str | None = None
    for block in blocks:
        text = block_text(block)
        section = _section_of(block, text)
        if section:
            mode, current, point_kind = section, None, None
            continue
        if not text or mode is None:
            continue
        if mode == "bullets":
            mode, current, point_kind = _bullet_step(out, block, text, current, point_kind)
        else:
            mode, current = _quote_step(out, block, text, current)
    return out


def _bullet_step(out: _Collector, block: Block, text: str, current: Highlight | None,
                 point_kind: str | None) -> tuple[str | None, Highlight | None, str | None]:
    """One block of a highlights section: a speaker line, a point, or the section's end."""
    line = parse_name_line(text) if block.kind != "item" and len(text) <= 120 else None
    if line:
        return "bullets", out.speaker(*line), None
    if block.kind == "heading" or (point_kind == "item" and block.kind == "para"):
        return None, None, None
    if current is not None:
        current.points.append(text)
        return "bullets", current, point_kind or block.kind
    return "bullets", None, None


def _quote_step(out: _Collector, block: Block, text: str,
                current: Highlight | None) -> tuple[str | None, Highlight | None]:
    """One block of a Key quotes section: a quote line, a continued quote, or the end."""
    found = _quote_line(text)
    if found:
        highlight = out.speaker(found[0], found[1])
        highlight.points.append(found[2])
        return "quotes", highlight
    if current is not None and block.kind != "heading" and text[:1] in _OPEN_QUOTES:
        current.points.append(_unquote(text))
        return "quotes", current
    return None, None


def parse_highlights(blocks: list[Block], participants: list[Participant]) -> list[Highlight]:
    """Per-speaker bullet sections and Key quotes, each speaker matched to a participant."""
    return [h for h in _collect(blocks, participants).highlights if h.points]


def missing_speakers(blocks: list[Block], participants: list[Participant]) -> list[Participant]:
    """Highlight and quote speakers not among `participants`, as role "speaker" entries."""
    collected = _collect(blocks, participants)
    known = {p.name for p in participants}
    out = []
    for highlight in collected.highlights:
        if highlight.speaker in known or not highlight.points:
            continue
        title = collected.titles.get(highlight.speaker)
        positions = [prose_position(t) for t in _split_titles(title)] if title else []
        out.append(Participant(highlight.speaker, positions, "speaker"))
    return out


def _split_titles(title: str) -> list[str]:
    """The comma chunks of a name line's title."""
    return [t.strip() for t in re.split(r",\s*(?![^()]*\))", title) if t.strip()]
