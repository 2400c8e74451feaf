"""HTML to text blocks: decoding, the DOM walk, and removal of structural chrome.

The site's markup is unknown, so nothing here depends on its classes: blocks follow plain HTML
semantics (block elements, `li`, `h1`-`h6`, `br`), and class/id names only *add* evidence that a
container is a menu, sidebar or footer.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from w3lib.encoding import html_to_unicode

from riac_archive.extract.blocks import Block
from riac_archive.extract.text import clean_space

BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote section article main header footer "
    "aside nav table thead tbody tfoot tr td th figure figcaption form fieldset address pre hr "
    "center details summary body html".split()
)
SKIPPED_TAGS = frozenset(
    "script style noscript template svg iframe button select option input textarea head title "
    "meta link object embed canvas video audio map".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
STRUCTURAL_CHROME_TAGS = frozenset({"nav", "aside"})
# Whole class/id tokens that mark page furniture rather than content.
CHROME_HINTS = frozenset(
    "nav navbar navigation menu topmenu mainmenu sidebar breadcrumb breadcrumbs share social "
    "sharing related banner cookie cookies subscribe footer".split()
)
_BULLET = re.compile(r"^(?:[•·●▪◦‣∙]|-(?=\s))\s*")


def decode_html(html: bytes | str, content_type: str | None = None) -> str:
    """Bytes to text: BOM, header, meta charset, then UTF-8 if valid, else cp1251 (Russian)."""
    if isinstance(html, str):
        return html
    _, text = html_to_unicode(content_type, html, auto_detect_fun=_sniff_encoding)
    return text


def _sniff_encoding(body: bytes) -> str:
    """UTF-8 when the bytes decode as UTF-8; otherwise the Cyrillic single-byte cp1251."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def parse_document(text: str) -> etree._Element | None:
    """The lxml root of an HTML text, or None when it holds no markup at all."""
    if not re.search(r"<\s*[a-zA-Z!]", text):
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _class_tokens(element: etree._Element) -> set[str]:
    """The lower-cased class and id tokens of an element, split on spaces, - and _ too."""
    raw = f"{element.get('class', '')} {element.get('id', '')}".lower()
    tokens = set(raw.split())
    return tokens | {part for token in tokens for part in re.split(r"[-_]", token) if part}


def is_chrome_container(element: etree._Element) -> bool:
    """True for nav/aside, site-level header/footer, and containers named like furniture."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in STRUCTURAL_CHROME_TAGS:
        return True
    if tag in ("header", "footer") and not _inside(element, ("article", "main")):
        return True
    return bool(_class_tokens(element) & CHROME_HINTS)


def _inside(element: etree._Element, tags: tuple[str, ...]) -> bool:
    """True when one of the element's ancestors has one of the tags."""
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


class _BlockWriter:
    """Accumulates inline text and emits one Block per block-level boundary."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.link_chars = 0

    def flush(self, kind: str, tag: str) -> None:
        """Emit the pending text as a block (bullet lines become items)."""
        raw = "".join(self.parts)
        # Preformatted text keeps its line breaks (a poll printed in <pre>).
        for line in raw.split("\n") if tag == "pre" else [raw]:
            self._emit(kind, clean_space(line), tag)
        self.parts, self.links, self.link_chars = [], [], 0

    def _emit(self, kind: str, text: str, tag: str) -> None:
        """Append one block; a leading bullet mark makes it a list item."""
        bullet = _BULLET.match(text)
        if bullet:
            kind, text = "item", text[bullet.end():]
        if text:
            link_only = bool(self.links) and self.link_chars >= len(text) - 2
            self.blocks.append(Block(kind, text, tag, list(self.links), link_only))


def _kind_of(tag: str, parent_kind: str) -> str:
    """The kind of block an element's own text makes."""
    if tag in HEADING_TAGS:
        return "heading"
    if tag == "li":
        return "item"
    if tag in BLOCK_TAGS:
        return "para"
    return parent_kind


def _walk(element: etree._Element, writer: _BlockWriter, kind: str, tag: str,
          skip: frozenset[etree._Element]) -> None:
    """Depth-first walk writing text; block elements flush before and after themselves."""
    el_tag = element.tag if isinstance(element.tag, str) else ""
    # lxml keeps one proxy per element while it is referenced, so `skip` can hold elements.
    if el_tag in SKIPPED_TAGS or not el_tag or element in skip:
        return
    is_block = el_tag in BLOCK_TAGS
    if is_block:
        writer.flush(kind, tag)
        kind, tag = _kind_of(el_tag, kind), el_tag
    if el_tag == "br":
        writer.flush(kind, tag)
    if el_tag == "a" and element.get("href"):
        label = clean_space(element.text_content())
        writer.links.append((label, urljoin(writer.base_url, element.get("href", "").strip())))
        writer.link_chars += len(label)
    if element.text:
        writer.parts.append(element.text)
    for child in element:
        _walk(child, writer, kind, tag, skip)
        if child.tail:
            writer.parts.append(child.tail)
    if is_block:
        writer.flush(kind, tag)


def to_blocks(root: etree._Element, base_url: str,
              skip: frozenset[etree._Element] = frozenset()) -> list[Block]:
    """The visible text of `root` as blocks in reading order, skipping the elements in `skip`."""
    writer = _BlockWriter(base_url)
    body = root.find("body") if root.tag == "html" else root
    _walk(body if body is not None else root, writer, "para", "p", skip)
    writer.flush("para", "p")
    _mark_strong_lines(body if body is not None else root, writer.blocks)
    return writer.blocks


def _mark_strong_lines(root: etree._Element, blocks: list[Block]) -> None:
    """Short paragraphs written wholly in <strong>/<b> act as headings (speaker name lines)."""
    strong_texts = {
        clean_space(el.text_content())
        for el in root.iter("strong", "b")
        if len(clean_space(el.text_content())) <= 120
    }
    for block in blocks:
        if block.kind == "para" and block.text in strong_texts:
            block.kind = "heading"


def chrome_containers(
    root: etree._Element, keep: list[etree._Element]
) -> frozenset[etree._Element]:
    """Furniture containers to skip: never one holding a `keep` element or most of the text."""
    kept = {a for el in keep for a in el.iterancestors()} | set(keep)
    total = len(clean_space(root.text_content()))
    return frozenset(
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el not in kept
        and is_chrome_container(el)
        and len(clean_space(el.text_content())) < total / 2
    )
