"""HTML to text blocks: decoding, the DOM walk, and structural chrome containers.

The site's markup is unknown, so nothing here depends on its classes: blocks follow plain HTML
semantics (block elements, `li`, `h1`-`h6`, `br`, form controls), and class/id names only *add*
evidence that a container is a menu, sidebar or footer. One walk over the DOM gives every block,
whether it sits in a furniture container, and the page's `<time>` elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from w3lib.encoding import html_to_unicode

from riac_archive.extract.blocks import Block
from riac_archive.extract.paragraphs import is_chrome
from riac_archive.extract.text import clean_space

BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote section article main header footer "
    "aside nav table thead tbody tfoot tr td th caption figure figcaption form fieldset legend "
    "address pre hr center details summary dialog menu hgroup search body html".split()
)
SKIPPED_TAGS = frozenset(
    "script style noscript template svg iframe button select option input textarea head title "
    "meta link object embed canvas video audio map".split()
)
CELL_TAGS = frozenset({"td", "th"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Icon-font glyphs (Unicode private use area) drawn beside labels: "\uf02f Print".
_ICON_GLYPHS = re.compile("[\ue000-\uf8ff]")
# Form controls and their labels are separate widgets: their text never runs into a neighbour's.
SEPARATED_TAGS = frozenset("input button select textarea label".split())
BOLD_TAGS = frozenset({"strong", "b"})
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
STRUCTURAL_CHROME_TAGS = frozenset({"nav", "aside"})
# Whole class/id tokens that mark page furniture rather than content.
CHROME_HINTS = frozenset(
    "nav navbar navigation menu topmenu mainmenu sidebar breadcrumb breadcrumbs share social "
    "sharing related banner cookie cookies subscribe footer promo noprint".split()
)
# Bullet marks printed as text; dashes count only before a space ("— Name, title").
_BULLET = re.compile(r"^(?:[•·●▪◦‣∙]|[-–—](?=\s))\s*")
_BULLET_MARKS = "•·●▪◦‣∙-–—"  # the first character of every _BULLET match
_TOKEN_PARTS = re.compile(r"[-_]")
_BOLD_LINE_MAX = 120
_PROSE_MIN = 80  # characters of a block of running text
_LINK_DENSITY_MAX = 0.2  # a body's share of link text is below this
# C0/C1 control characters other than tab, newline and carriage return (lxml refuses some).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CYRILLIC_SINGLE_BYTE = frozenset({"cp1251", "windows1251", "koi8r", "iso88595"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HAS_MARKUP = re.compile(r"<\s*[a-zA-Z!]")
# huge_tree: libxml2 otherwise drops everything nested deeper than 255 elements. A plain
# etree parser: lxml.html's element classes cost a Python call per element touched.
_PARSER = etree.HTMLParser(huge_tree=True)
_STRING_VALUE = etree.XPath("string()")


def decode_html(html: bytes | str, content_type: str | None = None) -> str:
    """Bytes to text: BOM, header, meta charset, then UTF-8 if valid, else cp1251 (Russian)."""
    if isinstance(html, str):
        return html
    encoding, text = html_to_unicode(content_type, html, auto_detect_fun=_sniff_encoding)
    declared = encoding.replace("-", "").replace("_", "").lower()
    # A wrong declaration (old Bitrix templates): real cp1251 Russian text is never valid
    # UTF-8, and valid UTF-8 with non-ASCII letters is never meant as cp1251.
    if declared == "utf8" and "\ufffd" in text and _sniff_encoding(html) == "cp1251":
        return html.decode("cp1251", errors="replace")
    if declared in _CYRILLIC_SINGLE_BYTE and not html.isascii() and _is_utf8(html):
        return html.decode("utf-8")
    return text


def _is_utf8(body: bytes) -> bool:
    """True when the bytes are valid UTF-8."""
    return _sniff_encoding(body) == "utf-8"


def _sniff_encoding(body: bytes) -> str:
    """UTF-8 when the bytes decode as UTF-8; otherwise the Cyrillic single-byte cp1251."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def parse_document(text: str) -> etree._Element | None:
    """The lxml root of an HTML text, or None when it holds no markup at all."""
    if not _HAS_MARKUP.search(text):
        return None
    # lxml refuses a str that carries an XML encoding declaration (XHTML pages): drop it.
    text = _XML_DECLARATION.sub("", _CONTROL.sub(" ", text), count=1)
    try:
        root = etree.fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def text_content(element: etree._Element) -> str:
    """All text inside an element, as lxml.html's `text_content()` gives it."""
    return _STRING_VALUE(element)


def _class_tokens(element: etree._Element) -> set[str]:
    """The lower-cased class and id tokens of an element, split on spaces, - and _ too."""
    raw = f"{element.get('class', '')} {element.get('id', '')}".lower()
    tokens = set(raw.split())
    return tokens | {part for token in tokens for part in _TOKEN_PARTS.split(token) if part}


def _chrome_kind(element: etree._Element, tag: str, in_article: bool) -> str | None:
    """"tag" for nav/aside and a site-level header/footer, "hint" for a container whose class
    or id names furniture, else None."""
    if tag in STRUCTURAL_CHROME_TAGS:
        return "tag"
    if tag in ("header", "footer") and not in_article:
        return "tag"
    if element.get("class") is None and element.get("id") is None:
        return None
    return "hint" if _class_tokens(element) & CHROME_HINTS else None


def _is_hidden(element: etree._Element) -> bool:
    """True for an element the browser does not show (`hidden`, inline display:none)."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


@dataclass
class TimeMark:
    """A `<time>` element: its datetime attribute, its text, where it stands among the blocks."""

    datetime: str | None
    text: str
    block_index: int
    in_chrome: bool = False


@dataclass
class PageBlocks:
    """Every visible block in reading order, which of them sit in furniture, the `<time>`s."""

    blocks: list[Block] = field(default_factory=list)
    chrome: list[bool] = field(default_factory=list)
    times: list[TimeMark] = field(default_factory=list)


class _Walker:
    """One depth-first pass over the DOM emitting a Block per block-level boundary."""

    def __init__(self, base_url: str, keep: frozenset[etree._Element]) -> None:
        self.base_url = base_url
        self.keep = keep
        self.blocks: list[Block] = []
        self.containers: list[tuple[int, ...]] = []  # chrome containers around each block
        self.times: list[TimeMark] = []
        self.parts: list[str] = []
        self.bold_parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.link_chars = 0
        self.container_count = 0
        self.title: etree._Element | None = None
        self.title_block: int | None = None  # index of the first block of the `keep` element
        self.hinted: dict[int, bool] = {}  # container -> only its class/id marks it as furniture

    def flush(self, kind: str, tag: str, context: tuple[int, ...]) -> None:
        """Emit the pending text as one block (a <pre> as one block per line)."""
        if not self.parts:
            return
        raw = _ICON_GLYPHS.sub("", "".join(self.parts))
        bold = clean_space("".join(self.bold_parts)) if self.bold_parts else ""
        for line in raw.split("\n") if tag == "pre" else [raw]:
            self._emit(kind, clean_space(line), tag, bold, context)
        self.parts, self.bold_parts, self.links, self.link_chars = [], [], [], 0

    def _emit(self, kind: str, text: str, tag: str, bold: str, context: tuple[int, ...]) -> None:
        """Append one block: a leading bullet makes an item, a short all-bold line a heading."""
        if not text:
            return
        if kind == "para" and bold == text and len(text) <= _BOLD_LINE_MAX:
            kind = "heading"
        bullet = _BULLET.match(text) if text[0] in _BULLET_MARKS else None
        if bullet:
            kind, text = "item", text[bullet.end():]
            if not text:
                return
        link_only = bool(self.links) and _only_links(text, self.links, self.link_chars)
        self.blocks.append(Block(kind, text, tag, list(self.links), link_only))
        self.containers.append(context)

    def text(self, value: str, bold: bool) -> None:
        """Add inline text (also to the bold text when inside <strong>/<b>)."""
        self.parts.append(value)
        if bold:
            self.bold_parts.append(value)

    def link(self, element: etree._Element) -> None:
        """Record an anchor's text and absolute href."""
        label = clean_space(text_content(element))
        self.links.append((label, urljoin(self.base_url, element.get("href", "").strip())))
        self.link_chars += len(label)


def _only_links(text: str, links: list[tuple[str, str]], link_chars: int) -> bool:
    """True when a block's text is its links' text, separators (", ", " | ") aside."""
    if link_chars >= len(text) - 2:
        return True
    rest = text
    for label, _ in links:
        rest = rest.replace(label, "", 1)
    return not any(ch.isalnum() for ch in rest)


def _kind_of(tag: str, parent_kind: str) -> str:
    """The kind of block an element's own text makes."""
    if tag in HEADING_TAGS:
        return "heading"
    if tag == "li":
        return "item"
    if _is_block(tag):
        return "para"
    return parent_kind


# The walk's state inside an element: (kind, tag, chrome containers, in <article>/<main>, bold).
_State = tuple[str, str, tuple[int, ...], bool, bool]


def _open(element: etree._Element, w: _Walker, state: _State) -> _State | None:
    """Enter an element: flush at block starts, note links and <time>s, write its text.

    Returns the state inside it, or None when it is skipped (scripts, comments, controls).
    """
    el_tag = element.tag
    if not isinstance(el_tag, str) or el_tag in SKIPPED_TAGS or _is_hidden(element):
        if el_tag in SEPARATED_TAGS:
            w.parts.append(" ")
        return None
    kind, tag, context, in_article, bold = state
    if element is w.title:
        w.flush(kind, tag, context)
        w.title_block = len(w.blocks)
    if el_tag in CELL_TAGS and _is_data_cell(element):
        w.parts.append(" ")  # a table row of figures reads as one line: "Vietnam 7.1 6.8"
    elif _is_block(el_tag):
        w.flush(kind, tag, context)
        kind, tag = _kind_of(el_tag, kind), el_tag
        if element not in w.keep:
            furniture = _chrome_kind(element, el_tag, in_article)
            if furniture:
                w.container_count += 1
                w.hinted[w.container_count] = furniture == "hint"
                context = (*context, w.container_count)
        in_article = in_article or el_tag in ("article", "main")
    elif el_tag == "br":
        if kind == "heading":
            w.parts.append(" ")  # a heading set on several lines is still one heading
        else:
            w.flush(kind, tag, context)
    elif el_tag == "a" and element.get("href"):
        w.link(element)
    elif el_tag == "time":
        w.times.append(TimeMark(element.get("datetime"), clean_space(text_content(element)),
                                len(w.blocks), bool(context)))
    elif el_tag in SEPARATED_TAGS:
        w.parts.append(" ")
    bold = bold or el_tag in BOLD_TAGS
    if el_tag == "q":
        w.parts.append("“")  # browsers draw a <q>'s quote marks; the text has none
    if element.text:
        w.text(element.text, bold)
    return kind, tag, context, in_article, bold


def _is_block(tag: str) -> bool:
    """A block-level element; custom elements (<riac-rating>, <amp-accordion>) count as blocks."""
    return tag in BLOCK_TAGS or "-" in tag


def _is_data_cell(cell: etree._Element) -> bool:
    """A table cell holding only inline content (a figure, a label), not a layout column."""
    return not any(isinstance(d.tag, str) and _is_block(d.tag) and d.tag != "br"
                   for d in cell.iterdescendants())


def _close(element: etree._Element, w: _Walker, state: _State) -> None:
    """Leave an element: a block element ends its pending text."""
    if element.tag in CELL_TAGS and _is_data_cell(element):
        w.parts.append(" ")
    elif _is_block(element.tag):
        w.flush(state[0], state[1], state[2])
    elif element.tag in SEPARATED_TAGS:
        w.parts.append(" ")
    elif element.tag == "q":
        w.parts.append("”")


def _walk(start: etree._Element, w: _Walker) -> None:
    """Depth-first walk without recursion (any nesting depth); tails go to the parent."""
    inner = _open(start, w, ("para", "p", (), False, False))
    if inner is None:
        return
    frames = [(start, iter(start), inner)]
    while frames:
        element, children, inner = frames[-1]
        child = next(children, None)
        if child is None:
            frames.pop()
            _close(element, w, inner)
            if frames and element.tail:
                w.text(element.tail, frames[-1][2][4])
            continue
        child_state = _open(child, w, inner)
        if child_state is None:
            if child.tail:
                w.text(child.tail, inner[4])
            continue
        frames.append((child, iter(child), child_state))


def _chrome_flags(w: _Walker) -> list[bool]:
    """Per block: inside a furniture container.

    A nav/aside/site header/footer is furniture when it holds less than half the page's text.
    A container marked only by its class/id (a body wrapper may be named "…-share-…") is
    furniture unless it holds the body's first prose after the title, or reads like a body
    itself: two or more prose blocks and few links. On a page without a title block, the half
    rule and the longest block protect it too.
    """
    stats: dict[int, list[int]] = {}  # container -> [characters, link characters, prose blocks]
    total = 0
    for block, context in zip(w.blocks, w.containers, strict=True):
        total += len(block.text)
        linked = sum(len(label) for label, _ in block.links)
        prose = _is_prose(block)
        for container in context:
            entry = stats.setdefault(container, [0, 0, 0])
            entry[0] += len(block.text)
            entry[1] += linked
            entry[2] += prose
    body = _first_prose(w.blocks, w.title_block) if w.title_block is not None else None
    if body is None:
        body = max(range(len(w.blocks)), key=lambda i: len(w.blocks[i].text), default=None)
    protected = set(w.containers[body]) if body is not None else set()
    titled = w.title_block is not None
    furniture = set()
    for container, (size, linked, prose) in stats.items():
        if container in protected:
            continue
        if w.hinted[container] and titled:
            if not (prose >= 2 and linked < _LINK_DENSITY_MAX * size):
                furniture.add(container)
        elif size < total / 2:
            furniture.add(container)
    return [any(c in furniture for c in context) for context in w.containers]


def _is_prose(block: Block) -> bool:
    """A block of running text: 80+ characters, not only links, not chrome."""
    return len(block.text) >= _PROSE_MIN and not block.link_only and not is_chrome(block.text)


def _first_prose(blocks: list[Block], start: int) -> int | None:
    """Index of the first block of running text from `start`."""
    return next((i for i in range(start, len(blocks)) if _is_prose(blocks[i])), None)


def read_page(root: etree._Element, base_url: str,
              keep: etree._Element | None = None) -> PageBlocks:
    """The page's blocks, furniture flags and `<time>`s; `keep`'s containers are never chrome."""
    kept = frozenset([keep, *keep.iterancestors()]) if keep is not None else frozenset()
    walker = _Walker(base_url, kept)
    walker.title = keep
    body = root.find("body") if root.tag == "html" else root
    start = body if body is not None else root
    _walk(start, walker)
    walker.flush("para", "p", ())
    chrome = _chrome_flags(walker)
    for mark in walker.times:
        mark.in_chrome = mark.in_chrome and (
            mark.block_index >= len(chrome) or chrome[mark.block_index])
    return PageBlocks(walker.blocks, chrome, walker.times)
