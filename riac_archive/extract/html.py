"""HTML to text blocks: decoding, the DOM walk, and structural chrome containers.

The site's markup is unknown, so nothing here depends on its classes: blocks follow plain HTML
semantics (block elements, `li`, `h1`-`h6`, `br`, form controls), and class/id names only *add*
evidence that a container is a menu, sidebar or footer. One walk over the DOM gives every block,
whether it sits in a furniture container, and the page's `<time>` elements.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
)

from riac_archive.extract.blocks import Block
from riac_archive.extract.paragraphs import is_chrome
from riac_archive.extract.text import clean_space, drop_invisible

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
# Before it, whitespace and the controls parse_document turns into spaces.
_XML_DECLARATION = re.compile(r"^[\s\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]*<\?xml[^>]*\?>")
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
# The same characters in UTF-8: the C0 ones and DEL are single bytes, C1 is 0xC2 0x80-0x9F
# (0xC2 only ever leads a sequence, so this cannot match inside another character).
_C0_TO_SPACE = bytes.maketrans(bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F]), b" " * 29)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_CYRILLIC_SINGLE_BYTE = frozenset({"cp1251", "windows1251", "koi8r", "iso88595"})
_UTF8_OR_CYRILLIC = _CYRILLIC_SINGLE_BYTE | {"utf8"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HAS_MARKUP = re.compile(r"<\s*[a-zA-Z!]")
# The same in bytes: its \s is ASCII whitespace only, so a match here is a match in the text.
_HAS_MARKUP_BYTES = re.compile(rb"<\s*[a-zA-Z!]")
_UTF8_BOM = b"\xef\xbb\xbf"
# What entering an element does, by tag (_category): inline text, a block start, a table cell,
# a line break, a link, a <time>, a separated widget, bold, <q>, skipped (with or without a
# space), a comment or PI.
(_INLINE, _BLOCK, _CELL, _BR, _LINK, _TIME, _SPACED, _BOLD, _QUOTE,
 _SKIP, _SKIP_SPACED, _NODE) = range(1, 13)  # from 1: `get(tag) or` falls back on a miss only
_INLINE_CATEGORIES = {"br": _BR, "a": _LINK, "time": _TIME, "q": _QUOTE}
_CATEGORIES: dict[object, int] = {}
_CATEGORIES_MAX = 2048
_BLOCK_KINDS = {**{tag: "heading" for tag in HEADING_TAGS}, "li": "item"}  # others: "para"
# What leaving an element does: nothing, end the block, a space, a closing quote mark.
_LEAVE_NONE, _LEAVE_FLUSH, _LEAVE_SPACE, _LEAVE_QUOTE = range(4)
_CHROME_TAGS = STRUCTURAL_CHROME_TAGS | {"header", "footer"}  # chrome by tag alone
_ARTICLE_TAGS = frozenset({"article", "main"})
_LEAVE_MARKS = {_LEAVE_SPACE: " ", _LEAVE_QUOTE: "\u201d"}
_SEPARATOR = "\x00"  # joins the runs of text for cleaning (lxml text never holds NUL)
# huge_tree: libxml2 otherwise drops everything nested deeper than 255 elements. A plain
# etree parser: lxml.html's element classes cost a Python call per element touched.
_PARSER = etree.HTMLParser(huge_tree=True)
# For UTF-8 bytes: with the encoding given, a <meta charset> in the page cannot override it.
_UTF8_PARSER = etree.HTMLParser(huge_tree=True, encoding="utf-8")
_STRING_VALUE = etree.XPath("string()")


def parse_html(html: bytes | str, content_type: str | None = None) -> etree._Element | None:
    """The lxml root of a page, as parse_document(decode_html(html, content_type)) gives it."""
    if isinstance(html, bytes):
        data = _utf8_source(html, content_type)
        # lxml reads the UTF-8 bytes themselves: no decoding to text and encoding back.
        if data is not None and not _starts_xml(data) and _HAS_MARKUP_BYTES.search(data):
            return _parse(_controls_to_spaces(data), _UTF8_PARSER)
    return parse_document(decode_html(html, content_type))


def _starts_xml(data: bytes) -> bool:
    """True when the first markup is "<?xml": only there can an XML declaration stand."""
    return data.startswith(b"<?xml", data.find(b"<"))


def _utf8_source(html: bytes, content_type: str | None) -> bytes | None:
    """The bytes without their BOM when decode_html reads them as UTF-8, else None."""
    data = html[3:] if html.startswith(_UTF8_BOM) else html
    if not (data.isascii() or _is_utf8(data)):
        return None
    if data is not html:  # a UTF-8 BOM settles the encoding
        return data
    encoding = http_content_type_encoding(content_type)
    if encoding is None:
        encoding = html_body_declared_encoding(html)
    # Undeclared valid UTF-8 is sniffed as UTF-8; a Cyrillic declaration over it is ignored.
    if encoding is None or _normal_encoding(encoding) in _UTF8_OR_CYRILLIC:
        return html
    return None


def _normal_encoding(encoding: str) -> str:
    """An encoding name as decode_html compares them: "windows-1251" -> "windows1251"."""
    return encoding.replace("-", "").replace("_", "").lower()


def decode_html(html: bytes | str, content_type: str | None = None) -> str:
    """Bytes to text: BOM, header, meta charset, then UTF-8 if valid, else cp1251 (Russian)."""
    # `_utf8_source` repeats this choice for bytes read as UTF-8: a new rule here goes there too
    # (tests/test_parse_html.py compares the two paths).
    if isinstance(html, str):
        return html
    encoding, text = html_to_unicode(content_type, html, auto_detect_fun=_sniff_encoding)
    declared = _normal_encoding(encoding)
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
    text = _XML_DECLARATION.sub("", text, count=1)
    # A second declaration: lxml refuses the str (the page is no page), so keep parsing a str.
    if text.startswith("<?xml"):
        return _parse(_CONTROL.sub(" ", text), _PARSER)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: lxml reads the str as best it can
        return _parse(_CONTROL.sub(" ", text), _PARSER)
    # lxml parses UTF-8 bytes faster than a str, and the controls are quicker found in bytes.
    return _parse(_controls_to_spaces(data), _UTF8_PARSER)


def _controls_to_spaces(data: bytes) -> bytes:
    """UTF-8 bytes with every character _CONTROL matches made a space, as _CONTROL.sub does."""
    data = data.translate(_C0_TO_SPACE)
    return _C1_UTF8.sub(b" ", data) if b"\xc2" in data else data


def _parse(source: str | bytes, parser: etree.HTMLParser) -> etree._Element | None:
    """The root element lxml parses from the source, or None."""
    try:
        root = etree.fromstring(source, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root if root is not None and isinstance(root.tag, str) else None


def text_content(element: etree._Element) -> str:
    """All text inside an element, as lxml.html's `text_content()` gives it."""
    return _STRING_VALUE(element)


@functools.lru_cache(maxsize=1024)
def _names_furniture(names: str) -> bool:
    """True when a class/id string holds a furniture token (cached: templates repeat them)."""
    tokens = set(names.lower().split())
    tokens |= {part for token in tokens for part in _TOKEN_PARTS.split(token) if part}
    return not tokens.isdisjoint(CHROME_HINTS)


def _chrome_kind(element: etree._Element, tag: str, in_article: bool,
                 names: list[str]) -> str | None:
    """"tag" for nav/aside and a site-level header/footer, "hint" for a container whose class
    or id names furniture, else None. `names` are the element's attribute names."""
    if tag in STRUCTURAL_CHROME_TAGS:
        return "tag"
    if tag in ("header", "footer") and not in_article:
        return "tag"
    if "class" not in names and "id" not in names:
        return None
    hint = _names_furniture(f"{element.get('class', '')} {element.get('id', '')}")
    return "hint" if hint else None


# The attributes `_is_hidden` reads: the walk asks it only about elements that carry one, so a
# new hiding rule must add its attribute here.
_HIDING_ATTRIBUTES = frozenset({"hidden", "style"})


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


# The walk's state inside an element: (kind, tag, chrome containers, in <article>/<main>, bold).
_State = tuple[str, str, tuple[int, ...], bool, bool]
_TOP: _State = ("para", "p", (), False, False)
# A flushed text's state, raw bold text, links and link characters.
_Pending = tuple[_State, str, list[tuple[str, str]], int]


class _Walker:
    """One depth-first pass over the DOM collecting the raw text of each block-level run.

    The runs are cleaned (icon glyphs, whitespace) and made blocks after the walk, all in one
    pass over the page's text instead of one per block.
    """

    def __init__(self, base_url: str, keep: frozenset[etree._Element],
                 title: etree._Element | None) -> None:
        self.base_url = base_url
        self.origin = _origin(base_url)
        self.keep = keep
        self.title = title
        self.parts: list[str] = []  # the pending text
        self.raws: list[str] = []  # one per flushed run of text that is not only whitespace
        self.bold_parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.link_chars = 0
        self.pending: list[_Pending] = []  # one per raw
        self.times: list[TimeMark] = []  # block_index: a `pending` index until read_page maps it
        self.title_pending: int | None = None  # `pending` index where the `keep` element starts
        self.container_count = 0
        self.hinted: dict[int, bool] = {}  # container -> only its class/id marks it as furniture

    def flush(self, state: _State) -> None:
        """End the pending text as one run of `state` (its kind, tag and containers)."""
        parts = self.parts
        if not parts:
            return
        raw = parts[0] if len(parts) == 1 else "".join(parts)
        parts.clear()  # cleared, not replaced: the walk holds these lists
        if not raw.isspace():  # whitespace alone makes no block (indentation between tags)
            self.raws.append(raw)
            bold = "".join(self.bold_parts) if self.bold_parts else ""
            self.pending.append((state, bold, self.links or [], self.link_chars))
        if self.bold_parts:
            self.bold_parts.clear()
        if self.links:
            self.links, self.link_chars = [], 0

    def link(self, element: etree._Element, href: str, text: str | None) -> None:
        """Record an anchor's text and absolute href (`text`: the anchor's own .text)."""
        # A childless anchor's text is all its text: no XPath call for a plain menu link.
        label = clean_space(text or "" if len(element) == 0 else text_content(element))
        url = _join_origin(self.origin, href) if self.origin else None
        if url is None:
            url = urljoin(self.base_url, href.strip())
        self.links.append((label, url))
        self.link_chars += len(label)

    def time(self, element: etree._Element, in_chrome: bool) -> None:
        """Record a `<time>` element at the current position."""
        text = element.text or "" if len(element) == 0 else text_content(element)
        self.times.append(TimeMark(element.get("datetime"), clean_space(text),
                                   len(self.pending), in_chrome))

    def container(self, furniture: str, context: tuple[int, ...]) -> tuple[int, ...]:
        """Open a furniture container: the chrome containers inside it."""
        self.container_count += 1
        self.hinted[self.container_count] = furniture == "hint"
        return (*context, self.container_count)


def _origin(base_url: str) -> str:
    """"scheme://host/" of the base URL, or "" when it has none (or does not parse)."""
    try:
        parts = urlsplit(base_url)
    except ValueError:
        return ""  # urljoin raises for every link, as before
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""


def _origin_relative(href: str) -> bool:
    """A root-relative path ("/en/news/") or an absolute http(s) URL with a host: urljoin reads
    only the base's scheme and host for these."""
    if "\t" in href or "\n" in href or "\r" in href:
        return False  # urlsplit deletes these: "/\t/" would become "//", a host-less URL
    if href[:1] == "/":
        return href[1:2] != "/"  # "//host" may have an empty host, then the base path counts
    scheme, _, rest = href.partition("://")
    return scheme in ("http", "https") and rest[:1].isalnum()


@functools.lru_cache(maxsize=4096)
def _join_origin(origin: str, href: str) -> str | None:
    """urljoin(origin, href.strip()) when the href is origin-relative, else None (the base's
    path counts). Cached on the raw href: menus link the same pages on every page of a site."""
    href = href.strip()
    return urljoin(origin, href) if _origin_relative(href) else None


def _only_links(text: str, links: list[tuple[str, str]], link_chars: int) -> bool:
    """True when a block's text is its links' text, separators (", ", " | ") aside."""
    if link_chars >= len(text) - 2:
        return True
    rest = text
    for label, _ in links:
        rest = rest.replace(label, "", 1)
    return not any(ch.isalnum() for ch in rest)


def _category(tag: object) -> int:
    """What entering an element with this tag does (comments and PIs are _NODE)."""
    if not isinstance(tag, str):
        return _NODE
    if tag in SKIPPED_TAGS:
        return _SKIP_SPACED if tag in SEPARATED_TAGS else _SKIP
    if tag in CELL_TAGS:
        return _CELL
    if _is_block(tag):
        return _BLOCK
    if tag in SEPARATED_TAGS:
        return _SPACED
    if tag in BOLD_TAGS:
        return _BOLD
    return _INLINE_CATEGORIES.get(tag, _INLINE)


def _category_of(tag: object) -> int:
    """_category, memoised in a bounded dict (a page may invent any number of custom tags)."""
    category = _CATEGORIES.get(tag)
    if category is None:
        category = _category(tag)
        if len(_CATEGORIES) < _CATEGORIES_MAX:
            _CATEGORIES[tag] = category
    return category


def _is_block(tag: str) -> bool:
    """A block-level element; custom elements (<riac-rating>, <amp-accordion>) count as blocks."""
    return tag in BLOCK_TAGS or "-" in tag


def _is_data_cell(cell: etree._Element) -> bool:
    """A table cell holding only inline content (a figure, a label), not a layout column."""
    return not any(isinstance(d.tag, str) and _is_block(d.tag) and d.tag != "br"
                   for d in cell.iterdescendants())


def _enter(element: etree._Element, category: int, state: _State, names: list[str],
           w: _Walker) -> tuple[int, _State]:
    """Enter a shown element: note links and <time>s, flush at block starts, space out
    widgets. Returns what leaving it does and the state inside it (its text is the caller's)."""
    if category == _LINK:
        href = element.get("href") if "href" in names else None
        if href:
            w.link(element, href, element.text)
    elif category == _BLOCK or (category == _CELL and not _is_data_cell(element)):
        return _LEAVE_FLUSH, _block_state(element, state, names, w)
    elif category in (_CELL, _SPACED):
        w.parts.append(" ")  # a table row of figures reads as one line: "Vietnam 7.1 6.8"
        return _LEAVE_SPACE, state
    elif category == _BOLD:
        return _LEAVE_NONE, (*state[:4], True) if not state[4] else state
    elif category == _BR:
        if state[0] == "heading":
            w.parts.append(" ")  # a heading set on several lines is still one heading
        else:
            w.flush(state)
    elif category == _TIME:
        w.time(element, bool(state[2]))
    elif category == _QUOTE:
        w.parts.append("\u201c")  # browsers draw a <q>'s quote marks; the text has none
        return _LEAVE_QUOTE, state
    return _LEAVE_NONE, state


def _skipped(element: etree._Element, category: int, w: _Walker) -> bool:
    """True for an element left out with its content (scripts, controls, hidden elements)."""
    if category < _SKIP and not _is_hidden(element):
        return False
    if category in (_SKIP_SPACED, _SPACED):
        w.parts.append(" ")  # form controls and labels never run into a neighbour's text
    return True


def _block_state(element: etree._Element, state: _State, names: list[str],
                 w: _Walker) -> _State:
    """Start a block element: flush the text before it; the state inside it."""
    # `_walk` inlines this for every block element below the start: keep the two in step.
    w.flush(state)
    tag = element.tag
    context = state[2]
    if (names or tag in _CHROME_TAGS) and element not in w.keep:
        context = _furniture(element, tag, names, state, w)
    return (_BLOCK_KINDS.get(tag, "para"), tag, context, state[3] or tag in _ARTICLE_TAGS,
            state[4])


def _furniture(element: etree._Element, tag: str, names: list[str], state: _State,
               w: _Walker) -> tuple[int, ...]:
    """The chrome containers inside a block element: its parent's, plus itself if furniture."""
    furniture = _chrome_kind(element, tag, state[3], names)
    return w.container(furniture, state[2]) if furniture else state[2]


def _walk(start: etree._Element, w: _Walker) -> None:
    """Depth-first walk in document order without recursion (any nesting depth).

    An open element is left when the next node is not its child; its tail then goes to its
    parent. Inline text, links and blocks are handled in the loop itself (as _enter does): it
    runs once per element of every page.
    """
    category = _category_of(start.tag)
    if category == _NODE or _skipped(start, category, w):
        return
    if start is w.title:
        w.title_pending = 0
    leave, state = _enter(start, category, _TOP, start.keys(), w)
    if start.text:
        w.parts.append(start.text)
    # The innermost open element, what leaving it does and the state inside it, in locals (every
    # node reads them); the stack holds the elements around it, above a sentinel: the walk ends
    # by leaving every element up to it.
    open_node, open_leave, open_state = start, leave, state
    stack: list[tuple[Any, int, Any]] = [(None, _LEAVE_NONE, None)]
    parts, bold_parts, title, keep = w.parts, w.bold_parts, w.title, w.keep
    categories = _CATEGORIES
    nodes = start.iter()
    next(nodes)
    for node in itertools.chain(nodes, (None,)):
        parent = node.getparent() if node is not None else None
        while open_node is not parent:  # leave the elements `node` is not inside
            closed, leave, inner = open_node, open_leave, open_state
            open_node, open_leave, open_state = stack.pop()
            if leave == _LEAVE_FLUSH:
                if parts:
                    w.flush(inner)
            elif leave:
                parts.append(_LEAVE_MARKS[leave])
            if open_state is not None:
                tail = closed.tail
                if tail:
                    parts.append(tail)
                    if open_state[4]:
                        bold_parts.append(tail)
        if node is None:
            break
        state = open_state
        if state is None:  # inside a skipped element
            stack.append((open_node, open_leave, None))
            open_node, open_leave = node, _LEAVE_NONE
            continue
        tag = node.tag
        category = categories.get(tag) or _category_of(tag)
        if category == _NODE:  # a comment or PI: only its tail is text
            tail = node.tail
            if tail:
                parts.append(tail)
                if state[4]:
                    bold_parts.append(tail)
            continue
        stack.append((open_node, open_leave, state))
        open_node = node
        names = node.keys()
        if (category >= _SKIP or names and not _HIDING_ATTRIBUTES.isdisjoint(names)) \
                and _skipped(node, category, w):
            open_leave, open_state = _LEAVE_NONE, None
            continue
        if node is title:
            w.flush(state)
            w.title_pending = len(w.pending)
        leave = _LEAVE_NONE
        text = node.text
        if category == _LINK:
            if "href" in names:
                href = node.get("href")
                if href:
                    w.link(node, href, text)
        # _block_state, inlined (every li, div and p of every page): keep the two in step.
        elif category == _BLOCK:
            if parts:
                w.flush(state)
            context = state[2]
            if (names or tag in _CHROME_TAGS) and node not in keep:
                context = _furniture(node, tag, names, state, w)
            state = (_BLOCK_KINDS.get(tag, "para"), tag, context,
                     state[3] or tag in _ARTICLE_TAGS, state[4])
            leave = _LEAVE_FLUSH
        elif category != _INLINE:
            leave, state = _enter(node, category, state, names, w)
        if text:
            parts.append(text)
            if state[4]:
                bold_parts.append(text)
        open_leave, open_state = leave, state


class _Emitted(NamedTuple):
    """The blocks of a walk, each block's chrome containers and link characters, and per
    pending run the number of blocks before it (what a block index was when it was flushed)."""

    blocks: list[Block]
    containers: list[tuple[int, ...]]
    linked: list[int]
    before: list[int]


def _emit_blocks(w: _Walker) -> _Emitted:
    """Clean the walk's runs of text in one pass and make them blocks."""
    raws = _strip_invisible(_SEPARATOR.join(w.raws)).split(_SEPARATOR) if w.raws else []
    out = _Emitted([], [], [], [])
    blocks, containers, linked, before = out
    for raw, (state, bold, links, link_chars) in zip(raws, w.pending, strict=True):
        before.append(len(blocks))
        if state[1] == "pre":  # a <pre> is one block per line, each with the links
            for line in raw.split("\n"):
                _add_block(out, " ".join(line.split()), state, bold, list(links), link_chars)
            continue
        text = " ".join(raw.split())
        if not text or bold or text[0] in _BULLET_MARKS:
            _add_block(out, text, state, bold, links, link_chars)
            continue
        # The common block (no bullet, no bold): _add_block's work without its call (keep the
        # two in step).
        link_only = bool(links) and (link_chars >= len(text) - 2
                                     or _only_links(text, links, link_chars))
        blocks.append(Block(state[0], text, state[1], links, link_only))
        containers.append(state[2])
        linked.append(link_chars)
    before.append(len(blocks))
    return out


def _add_block(out: _Emitted, text: str, state: _State, bold: str,
               links: list[tuple[str, str]], link_chars: int) -> None:
    """Append one block: a leading bullet makes an item, a short all-bold line a heading."""
    # `_emit_blocks` inlines the plain case (no bullet, no bold): keep the two in step.
    if not text:
        return
    kind = state[0]
    if bold and kind == "para" and len(text) <= _BOLD_LINE_MAX and clean_space(bold) == text:
        kind = "heading"
    if text[0] in _BULLET_MARKS:
        bullet = _BULLET.match(text)
        if bullet:
            kind, text = "item", text[bullet.end():]
            if not text:
                return
    link_only = bool(links) and (link_chars >= len(text) - 2
                                 or _only_links(text, links, link_chars))
    out.blocks.append(Block(kind, text, state[1], links, link_only))
    out.containers.append(state[2])
    out.linked.append(link_chars)


def _strip_invisible(text: str) -> str:
    """Drop icon-font glyphs, zero-width spaces and soft hyphens (none in ASCII text)."""
    if text.isascii():
        return text
    # Icon glyphs (U+E000-U+F8FF) are the UTF-8 sequences led by 0xEE or 0xEF: a bytes search
    # rules them out several times faster than the regex scan.
    data = text.encode("utf-8", "surrogatepass")
    if b"\xee" in data or b"\xef" in data:
        text = _ICON_GLYPHS.sub("", text)
    return drop_invisible(text)


def _chrome_flags(emitted: _Emitted, hinted: dict[int, bool],
                  title_block: int | None) -> list[bool]:
    """Per block: inside a furniture container.

    A nav/aside/site header/footer is furniture when it holds less than half the page's text.
    A container marked only by its class/id (a body wrapper may be named "…-share-…") is
    furniture unless it holds the body's first prose after the title, or reads like a body
    itself: two or more prose blocks and few links. On a page without a title block, the half
    rule and the longest block protect it too.
    """
    blocks, containers = emitted.blocks, emitted.containers
    if not hinted:  # no furniture container on the page
        return [False] * len(blocks)
    stats, total = _container_stats(emitted)
    body = _first_prose(blocks, title_block) if title_block is not None else None
    if body is None:
        body = max(range(len(blocks)), key=lambda i: len(blocks[i].text), default=None)
    protected = set(containers[body]) if body is not None else set()
    titled = title_block is not None
    furniture = set()
    for container, (size, linked, prose) in stats.items():
        if container in protected:
            continue
        if hinted[container] and titled:
            if not (prose >= 2 and linked < _LINK_DENSITY_MAX * size):
                furniture.add(container)
        elif size < total / 2:
            furniture.add(container)
    if not furniture:
        return [False] * len(blocks)
    return [bool(context) and not furniture.isdisjoint(context) for context in containers]


def _container_stats(emitted: _Emitted) -> tuple[dict[int, list[int]], int]:
    """Per chrome container: [characters, link characters, prose blocks] of the blocks in it;
    and the characters of all blocks."""
    by_context: dict[tuple[int, ...], list[int]] = {}  # summed first per innermost run
    total = 0
    for block, context, linked in zip(emitted.blocks, emitted.containers, emitted.linked,
                                      strict=True):
        size = len(block.text)
        total += size
        if context:
            entry = by_context.get(context)
            if entry is None:
                entry = by_context[context] = [0, 0, 0]
            entry[0] += size
            entry[1] += linked
            entry[2] += size >= _PROSE_MIN and _is_prose(block)
    stats: dict[int, list[int]] = {}
    for context, (size, linked, prose) in by_context.items():
        for container in context:
            entry = stats.setdefault(container, [0, 0, 0])
            entry[0] += size
            entry[1] += linked
            entry[2] += prose
    return stats, total


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
    walker = _Walker(base_url, kept, keep)
    body = root.find("body") if root.tag == "html" else root
    start = body if body is not None else root
    _walk(start, walker)
    walker.flush(_TOP)
    emitted = _emit_blocks(walker)
    before = emitted.before
    title_block = before[walker.title_pending] if walker.title_pending is not None else None
    chrome = _chrome_flags(emitted, walker.hinted, title_block)
    for mark in walker.times:
        mark.block_index = before[mark.block_index]
        mark.in_chrome = mark.in_chrome and (
            mark.block_index >= len(chrome) or chrome[mark.block_index])
    return PageBlocks(emitted.blocks, chrome, walker.times)
