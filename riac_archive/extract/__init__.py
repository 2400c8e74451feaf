"""Pure extraction: (html, url) -> the document record. No network, no database.

`extract_page` serves the spider, offline re-extraction (`reparse`), the `extract` command and
the tests alike. The record's fields are described in docs/record.md.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from lxml import etree

from riac_archive import urls
from riac_archive.extract.blocks import Block
from riac_archive.extract.dates import find_event_date
from riac_archive.extract.highlights import parse_highlights
from riac_archive.extract.html import (
    PageBlocks,
    TimeMark,
    parse_html,
    read_page,
)
from riac_archive.extract.page import (
    BYLINE_SECTIONS,
    Markup,
    find_title,
    is_date_line,
    is_share_label,
    parse_authors,
    parse_labels,
    parse_published,
    parse_translation_url,
    read_markup,
    strip_chrome,
)
from riac_archive.extract.paragraphs import (
    collapse_duplicates,
    is_chrome,
    is_rating_widget,
    parse_rating,
)
from riac_archive.extract.people import parse_participants
from riac_archive.extract.poll import find_poll
from riac_archive.extract.text import fold
from riac_archive.items import Document, Poll

__all__ = ["ExtractionError", "extract_document", "extract_page", "extract_poll"]

# Headings after which a page shows other material, not the document's body.
_TAIL_HEADINGS = re.compile(
    r"^(related( materials| articles| news)?|see also|read also|also read|more on the topic|"
    r"other (news|materials)|comments|читайте также|материалы по теме|похожие материалы|"
    r"другие материалы|комментарии|most read|most popular|popular|latest news|популярное|"
    r"самое читаемое|последние новости)\s*:?$", re.I)
# Lines that start the page's tail: the repeated rating widget, the footer.
_TAIL_LABELS = frozenset({"for business"})
_TAIL_STARTS = ("poll conducted", "©", "(c) ", "copyright ")
# The other interview rendering's login widget, printed right after its title line.
_LOGIN_LABELS = frozenset({"in", "login if you are already registered"})
_TITLE_LINE_SCAN = 12
_TAIL_LINE_MAX = 60  # the longest tail label or heading
_QUESTION_SLACK = 20  # "1. " and spaces around the poll question
_DATE_LINE_SCAN = 4
_BYLINE_SCAN = 12  # bylines follow a share label among the body's first blocks
_TEASER_MIN_WORDS = 4  # breadcrumbs ("News", "Новости") are shorter than headlines
_LABEL_LINE_MAX = 40  # a sidebar's or teaser group's title


class ExtractionError(ValueError):
    """The input cannot be read as a RIAC page (not HTML, no body)."""


def extract_page(html: bytes | str, url: str, content_type: str | None = None) -> dict[str, Any]:
    """The record of one saved page as a JSON-ready dict (see docs/record.md)."""
    return extract_document(html, url, content_type).to_record()


def _parse_root(html: bytes | str, content_type: str | None) -> etree._Element:
    """The DOM of a page, or ExtractionError when the input is not HTML."""
    root = parse_html(html, content_type)
    if root is None:
        raise ExtractionError("the file is not an HTML page.")
    return root


def extract_poll(html: bytes | str, url: str = urls.SITE_BASE) -> Poll | None:
    """The site-wide poll shown on any page (listings included), or None."""
    root = _parse_root(html, None)
    return find_poll([b.text for b in read_page(root, url).blocks])[0]


def extract_document(html: bytes | str, url: str, content_type: str | None = None) -> Document:
    """One saved page as a Document; ExtractionError when it has no readable body."""
    root = _parse_root(html, content_type)
    markup = read_markup(root)
    title, title_element = find_title(root, markup)
    page = read_page(root, url, title_element)
    if all(is_chrome(block.text) for block in page.blocks):
        raise ExtractionError("the page has no body text.")
    doc = Document(url=urls.canonical_url(url), lang=urls.language(url),
                   section=urls.section(url), slug=urls.slug(url))
    doc.title, title_at, title_date = _locate_title(page, title)
    content = _content_blocks(page, title_at, doc.title)
    _page_fields(doc, root, page, markup)
    near = _near_title(page, title_at, content)
    if title_date is not None:
        near.insert(0, Block("para", title_date))
    published = parse_published(root, near, _article_times(page, title_at), markup)
    doc.published = published.isoformat() if published else None
    body = _body_blocks(content, doc, url)
    texts, doc.duplicates_removed = collapse_duplicates([b.text for b in body])
    doc.paragraphs = texts
    doc.event_date = _event_date(texts, published)
    if doc.section not in BYLINE_SECTIONS:  # people on bylined pages are their authors
        _people(doc, _realign(texts, body))
    return doc


def _locate_title(page: PageBlocks, title: str | None) -> tuple[str | None, int, str | None]:
    """The title, the index of the block printing it (-1 when none does), and a date printed
    on the same line as the title."""
    title_at = _title_index(page, title)
    if title is None:
        title, title_at = _title_line(page)
    dated = _dated_title_line(page, title) if title_at < 0 else None
    return (title, *dated) if dated else (title, title_at, None)


def _content_blocks(page: PageBlocks, title_at: int, title: str | None) -> list[Block]:
    """The blocks after the title, without furniture, title copies and bare <time> lines."""
    stamps = _time_blocks(page)
    # Share labels stay even inside furniture: bylines start after them (site-notes §2.1).
    return [b for i, b in enumerate(page.blocks)
            if i > title_at and (not page.chrome[i] or is_share_label(b.text))
            and b.text != title and i not in stamps]


def _page_fields(doc: Document, root: etree._Element, page: PageBlocks,
                 markup: Markup | None = None) -> None:
    """Fields read from anywhere on the page: rating, poll, language link, Region/Type."""
    lines = [b.text for b in page.blocks]
    doc.rating = parse_rating(lines)
    doc.poll = find_poll(lines)[0]
    doc.translation_url = parse_translation_url(root, page.blocks, doc.lang, markup)
    doc.regions, doc.type = parse_labels(page.blocks)


def _people(doc: Document, body: list[Block]) -> None:
    """Participants and per-speaker highlights of an event report."""
    doc.participants = parse_participants(_merge_definitions(body), doc.lang)
    doc.highlights = parse_highlights(body, doc.participants)


def _merge_definitions(blocks: list[Block]) -> list[Block]:
    """A <dt> name with its <dd> positions read as one list item: "Name, Title, Org; Title 2"."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if block.tag == "dd" and previous is not None and previous.tag in ("dt", "dl-item"):
            separator = ", " if previous.tag == "dt" else "; "
            merged[-1] = Block("item", previous.text + separator + block.text, "dl-item")
        else:
            merged.append(block)
    return merged


def _time_blocks(page: PageBlocks) -> set[int]:
    """Blocks that are nothing but a `<time>` element: date metadata, not body text."""
    return {t.block_index for t in page.times
            if t.block_index < len(page.blocks) and page.blocks[t.block_index].text == t.text}


def _title_index(page: PageBlocks, title: str | None) -> int:
    """Index of the block printing the title (its h1 first), -1 when the page does not print it."""
    if not title:
        return -1
    found = [i for i, b in enumerate(page.blocks) if b.text == title and not page.chrome[i]]
    h1 = next((i for i in found if page.blocks[i].tag == "h1"), None)
    return h1 if h1 is not None else (found[0] if found else -1)


def _dated_title_line(page: PageBlocks, title: str | None) -> tuple[int, str] | None:
    """The block printing the title with its date on the same line, and that date."""
    if not title:
        return None
    for index, block in enumerate(page.blocks[:_TITLE_LINE_SCAN]):
        rest = block.text[len(title):].strip(" ,|–—-") if block.text.startswith(title) else ""
        if rest and is_date_line(rest):
            return index, rest
    return None


def _title_line(page: PageBlocks) -> tuple[str | None, int]:
    """Without any title markup: the line printed before the "In" / "Login ..." widget (the
    other interview rendering, site-notes §2.1), date lines and chrome skipped."""
    login = next((i for i, b in enumerate(page.blocks[:_TITLE_LINE_SCAN])
                  if fold(b.text) in _LOGIN_LABELS), None)
    for index in range(login - 1 if login else -1, -1, -1):
        block = page.blocks[index]
        if page.chrome[index] or block.link_only:
            break
        if not (is_chrome(block.text) or is_date_line(block.text)):
            return block.text, index
    return None, -1


def _near_title(page: PageBlocks, title_at: int, content: list[Block]) -> list[Block]:
    """Blocks where a date line may stand: right after the title, and the line just before it
    (unless that line follows a link, like a teaser's date)."""
    near = content[:_DATE_LINE_SCAN]
    before = title_at - 1
    if before >= 0 and not page.chrome[before] and not (
            before >= 1 and _is_teaser_link(page.blocks[before - 1])):
        near.append(page.blocks[before])
    return near


def _is_teaser_link(block: Block) -> bool:
    """A link to another document or a headline-like link (a teaser whose date may follow),
    not a breadcrumb (a short link to a section or the home page)."""
    return block.link_only and not is_chrome(block.text) and (
        len(block.text.split()) >= _TEASER_MIN_WORDS or any(
        urls.is_document_url(href) for _, href in block.links))


def _article_times(page: PageBlocks, title_at: int) -> list[TimeMark]:
    """The `<time>`s outside furniture, those at or after the title first."""
    times = [t for t in page.times if not t.in_chrome]
    return sorted(times, key=lambda t: t.block_index < title_at)


def _body_blocks(content: list[Block], doc: Document, page_url: str) -> list[Block]:
    """The document's own blocks: bylines taken out, chrome and page furniture dropped."""
    body = _cut_tail(content, doc.poll)
    if doc.section in BYLINE_SECTIONS:
        start = _byline_start(body)
        doc.authors, used = parse_authors(body[start:])
        body = body[:start] + body[start + used:]
    body = strip_chrome(body)
    body = [b for i, b in enumerate(body) if not (i < 3 and is_date_line(b.text))]
    body = _drop_teasers(body, page_url)
    # A lone "Video" line closing the body labels an embedded player (site-notes §2.2).
    while body and fold(body[-1].text) == "video":
        body.pop()
    return body


def _byline_start(blocks: list[Block]) -> int:
    """Index just after the last top chrome line (share widget), where bylines begin."""
    shares = [i + 1 for i, b in enumerate(blocks[:_BYLINE_SCAN]) if is_share_label(b.text)]
    # The share label bylines follow; a label with no byline after it may be the end repeat.
    for start in shares:
        if parse_authors(blocks[start:])[0]:
            return start
    top = 0
    while top < len(blocks) and (is_chrome(blocks[top].text) or is_date_line(blocks[top].text)):
        top += 1
    return top


def _is_prose(block: Block) -> bool:
    """A real paragraph of running text."""
    return block.kind == "para" and len(block.text) >= 80 and not is_chrome(block.text)


def _cut_tail(blocks: list[Block], poll: Poll | None) -> list[Block]:
    """Blocks before the page's tail: the poll, the footer, a related-material heading, and
    the rating widget the site repeats at the end of the body."""
    blocks = blocks[:_hard_tail(blocks, poll)]
    runs = _widget_runs(blocks)
    if not runs:
        return blocks
    last = runs[-1]
    if len(runs) >= 2 or _prose_chars(blocks[:last]) > _prose_chars(blocks[last:]):
        return blocks[:last]
    return blocks


def _hard_tail(blocks: list[Block], poll: Poll | None) -> int:
    """Index of the first block of the poll, the footer or a related-material heading."""
    seen_prose = False
    question = fold(poll.question) if poll and poll.question else None
    longest = max(len(question) + _QUESTION_SLACK if question else 0, _TAIL_LINE_MAX)
    for index, block in enumerate(blocks):
        # Tail lines are short: long paragraphs are not folded at all.
        folded = fold(block.text) if len(block.text) <= longest else ""
        if question and question in folded:
            return index
        ends = _starts_tail(block.text) or len(folded) <= _TAIL_LINE_MAX and (
            folded in _TAIL_LABELS or bool(_TAIL_HEADINGS.match(block.text)))
        if ends and seen_prose:
            return index
        seen_prose = seen_prose or _is_prose(block)
    return len(blocks)


def _starts_tail(text: str) -> bool:
    """A line that opens the page's tail whatever its length: the poll, a copyright line."""
    return text[:20].lower().startswith(_TAIL_STARTS)


def _widget_runs(blocks: list[Block]) -> list[int]:
    """Start indexes of the runs of chrome lines that hold a rating widget."""
    runs: list[int] = []
    start: int | None = None
    has_widget = False
    for index, block in enumerate([*blocks, Block("para", "")]):
        if block.text and is_chrome(block.text):
            start = index if start is None else start
            has_widget = has_widget or is_rating_widget(block.text)
            continue
        if start is not None and has_widget:
            runs.append(start)
        start, has_widget = None, False
    return runs


def _prose_chars(blocks: list[Block]) -> int:
    """How much body-like text the blocks hold (chrome and link-only blocks not counted)."""
    return sum(len(b.text) for b in blocks if not b.link_only and not is_chrome(b.text))


def _drop_teasers(blocks: list[Block], page_url: str) -> list[Block]:
    """Drop menus, tag lists and teasers (link-only blocks to other pages of the site), the
    date lines printed beside them, and the headings over them."""
    teasers, seen_prose = set(), False
    for index, block in enumerate(blocks):
        if block.link_only and (not seen_prose or _links_navigate(block, page_url)):
            teasers.add(index)
        seen_prose = seen_prose or _is_prose(block)
    dates = {j for i in teasers for j in (i - 1, i + 1)
             if 0 <= j < len(blocks) and j not in teasers and is_date_line(blocks[j].text)}
    dropped = teasers | dates
    headings = {i for i in range(len(blocks) - 1)
                if i + 1 in dropped and i not in dropped and _is_label_line(blocks[i])}
    return [b for i, b in enumerate(blocks) if i not in dropped | headings]


def _is_label_line(block: Block) -> bool:
    """A heading, or a short line without sentence punctuation ("Most read", "Популярное")."""
    return block.kind == "heading" or (
        len(block.text) <= _LABEL_LINE_MAX and not block.text.endswith((".", ":", ";", ","))
        and not _is_prose(block))


def _links_navigate(block: Block, page_url: str) -> bool:
    """True when a block's links lead to site pages: a document or listing among them, or
    every one of them on the site (tags, search, sections)."""
    hrefs = [href for _, href in block.links]
    if any(_is_site_page(h) for h in hrefs):
        return True
    return all(urls.is_site_url(h, page_url) for h in hrefs)


@functools.lru_cache(maxsize=1024)
def _is_site_page(href: str) -> bool:
    """True for a link to a document or a listing (cached: menus recur on every page)."""
    return urls.is_document_url(href) or bool(urls.listing_section(href))


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

