"""Pure extraction: (html, url) -> the document record. No network, no database.

`extract_page` serves the spider, offline re-extraction (`reparse`), the `extract` command and
the tests alike. The record's fields are described in docs/record.md.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from riac_archive import urls
from riac_archive.extract.blocks import Block
from riac_archive.extract.dates import find_event_date
from riac_archive.extract.highlights import parse_highlights
from riac_archive.extract.html import chrome_containers, decode_html, parse_document, to_blocks
from riac_archive.extract.page import (
    BYLINE_SECTIONS,
    is_date_line,
    is_share_label,
    parse_authors,
    parse_labels,
    parse_published,
    parse_title,
    parse_translation_url,
    strip_chrome,
)
from riac_archive.extract.paragraphs import collapse_duplicates, is_chrome, parse_rating
from riac_archive.extract.people import parse_participants
from riac_archive.extract.poll import find_poll
from riac_archive.extract.text import fold
from riac_archive.items import Document, Participant, Poll

__all__ = ["ExtractionError", "extract_document", "extract_page", "extract_poll"]

# Headings after which a page shows other material, not the document's body.
_TAIL_HEADINGS = re.compile(
    r"^(related( materials| articles| news)?|see also|read also|also read|more on the topic|"
    r"other (news|materials)|comments|читайте также|материалы по теме|похожие материалы|"
    r"другие материалы|комментарии)\s*:?$", re.I)
# Lines that start the page's tail: the repeated rating widget, the footer.
_TAIL_LABELS = frozenset({"for business"})
_TAIL_STARTS = ("rate this article", "оценить статью", "poll conducted")


class ExtractionError(ValueError):
    """The input cannot be read as a RIAC page (not HTML, no body)."""


def extract_page(html: bytes | str, url: str, content_type: str | None = None) -> dict[str, Any]:
    """The record of one saved page as a JSON-ready dict (see docs/record.md)."""
    return extract_document(html, url, content_type).to_record()


def _parse_root(html: bytes | str, content_type: str | None) -> etree._Element:
    """The DOM of a page, or ExtractionError when the input is not HTML."""
    root = parse_document(decode_html(html, content_type))
    if root is None:
        raise ExtractionError("the file is not an HTML page.")
    return root


def extract_poll(html: bytes | str, url: str = urls.SITE_BASE) -> Poll | None:
    """The site-wide poll shown on any page (listings included), or None."""
    root = _parse_root(html, None)
    return find_poll([b.text for b in to_blocks(root, url)])[0]


def extract_document(html: bytes | str, url: str, content_type: str | None = None) -> Document:
    """One saved page as a Document; ExtractionError when it has no readable body."""
    root = _parse_root(html, content_type)
    page_blocks = to_blocks(root, url)
    if not any(not is_chrome(b.text) for b in page_blocks):
        raise ExtractionError("the page has no body text.")
    canonical, lang = urls.canonical_url(url), urls.language(url)
    doc = Document(url=canonical, lang=lang, section=urls.section(url), slug=urls.slug(url))
    doc.title = parse_title(root)
    h1 = root.find(".//h1")
    content = to_blocks(root, url, chrome_containers(root, [h1] if h1 is not None else []))
    content = _after_title(content, doc.title)
    lines = [b.text for b in page_blocks]
    doc.rating = parse_rating(lines)
    doc.poll = find_poll(lines)[0]
    doc.translation_url = parse_translation_url(root, page_blocks, lang)
    doc.regions, doc.type = parse_labels(page_blocks)
    published = parse_published(root, content[:4])
    doc.published = published.isoformat() if published else None
    body = _body_blocks(content, doc)
    texts, doc.duplicates_removed = collapse_duplicates([b.text for b in body])
    body = _realign(texts, body)
    doc.paragraphs = texts
    doc.event_date = _event_date(texts, published)
    if doc.section not in BYLINE_SECTIONS:  # articles have authors; events have participants
        doc.participants = parse_participants(body, lang)
        doc.highlights = parse_highlights(body, doc.participants)
        _add_missing_speakers(doc)
    return doc


def _after_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The blocks after the title's h1 (or title line), without further copies of the title."""
    if not title:
        return blocks
    h1 = next((i for i, b in enumerate(blocks) if b.tag == "h1" and b.text == title), None)
    start = h1 if h1 is not None else next(
        (i for i, b in enumerate(blocks) if b.text == title), -1)
    return [b for b in blocks[start + 1:] if b.text != title]


def _body_blocks(content: list[Block], doc: Document) -> list[Block]:
    """The document's own blocks: bylines taken out, chrome and page furniture dropped."""
    body = _cut_tail(content, doc.poll)
    if doc.section in BYLINE_SECTIONS:
        start = _byline_start(body)
        doc.authors, used = parse_authors(body[start:])
        body = body[:start] + body[start + used:]
    body = strip_chrome(body)
    body = [b for i, b in enumerate(body) if not (i < 3 and is_date_line(b.text))]
    return [b for b in _drop_teasers(body) if fold(b.text) != "video" or b is not body[-1]]


def _byline_start(blocks: list[Block]) -> int:
    """Index just after the last top chrome line (share widget), where bylines begin."""
    for index, block in enumerate(blocks[:12]):
        if is_share_label(block.text):
            return index + 1
    top = 0
    while top < len(blocks) and (is_chrome(blocks[top].text) or is_date_line(blocks[top].text)):
        top += 1
    return top


def _is_prose(block: Block) -> bool:
    """A real paragraph of running text."""
    return block.kind == "para" and len(block.text) >= 80 and not is_chrome(block.text)


def _cut_tail(blocks: list[Block], poll: Poll | None) -> list[Block]:
    """Blocks up to the end-of-body rating widget, the poll, or a related-material heading."""
    seen_prose = False
    question = fold(poll.question) if poll else None
    for index, block in enumerate(blocks):
        folded = fold(block.text)
        ends = folded in _TAIL_LABELS or folded.startswith(_TAIL_STARTS) or (
            question and question in folded) or _TAIL_HEADINGS.match(block.text)
        if ends and seen_prose:
            return blocks[:index]
        if question and question in folded:
            return blocks[:index]
        seen_prose = seen_prose or _is_prose(block)
    return blocks


def _drop_teasers(blocks: list[Block]) -> list[Block]:
    """Drop menus and teasers (link-only blocks to other pages) and the headings over them."""
    teasers, seen_prose = set(), False
    for index, block in enumerate(blocks):
        if block.link_only and (not seen_prose or any(
                urls.is_document_url(href) or urls.listing_section(href)
                for _, href in block.links)):
            teasers.add(index)
        seen_prose = seen_prose or _is_prose(block)
    headings = {i for i in range(len(blocks) - 1)
                if blocks[i].kind == "heading" and i + 1 in teasers}
    return [b for i, b in enumerate(blocks) if i not in teasers | headings]


def _realign(texts: list[str], blocks: list[Block]) -> list[Block]:
    """The blocks that carry the deduplicated texts, in the texts' order."""
    pool = list(blocks)
    aligned = []
    for text in texts:
        match = next((b for b in pool if b.text == text), None)
        if match is None:
            match = Block("para", text)
        else:
            pool.remove(match)
        aligned.append(match)
    return aligned


def _event_date(texts: list[str], published: Any) -> str | None:
    """The date the body's opening states, tried on its first two paragraphs."""
    for text in texts[:2]:
        found = find_event_date(text, published)
        if found:
            return found.isoformat()
    return None


def _add_missing_speakers(doc: Document) -> None:
    """A highlight speaker the participant parser missed joins the participants as a speaker."""
    known = {p.name for p in doc.participants}
    for highlight in doc.highlights:
        if highlight.speaker not in known:
            doc.participants.append(Participant(highlight.speaker, [], "speaker"))
            known.add(highlight.speaker)
