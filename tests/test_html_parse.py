"""parse_document parses UTF-8 bytes: it must give the tree lxml gives for the str itself."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from riac_archive.extract.html import (
    _C1_UTF8,
    _controls_to_spaces,
    decode_html,
    parse_document,
    read_page,
)

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_STR_PARSER = etree.HTMLParser(huge_tree=True)


def _reference(text: str) -> bytes | None:
    """The tree the str path gives: controls to spaces, one XML declaration dropped."""
    if not re.search(r"<\s*[a-zA-Z!]", text):
        return None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", _CONTROLS.sub(" ", text), count=1)
    try:
        root = etree.fromstring(text, parser=_STR_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return etree.tostring(root) if root is not None and isinstance(root.tag, str) else None


def _tree(text: str) -> bytes | None:
    root = parse_document(text)
    return None if root is None else etree.tostring(root)


PAGES = [
    "<p>plain</p>",
    "<p>C0 \x00\x01\x08\x0b\x0e\x1f\x7f kept: \t\n\r\x0c</p>",
    "<p>C1 \x80\x85\x9f, not \xa0 or \xc2 or \u0100</p>",
    "<p>Cyrillic р (D1 80), Ѐ (D0 80), « » and NBSP\xa0</p>",
    "<p>icons \ue001\uf02f, emoji 😀, U+2028\u2028</p>",
    '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>XHTML</p></body></html>',
    '\x00 <?xml version="1.0" encoding="utf-8"?><p>control before the declaration</p>',
    '\x85<?xml version="1.0"?><p>C1 before the declaration</p>',
    '\u3000<?xml version="1.0"?><p>ideographic space before it</p>',
    '<?xml version="1.0"?><?xml version="1.0" encoding="utf-8"?><p>two declarations</p>',
    '<meta charset="windows-1251"><p>Привет: the text is already decoded</p>',
    "<p>lone surrogate \ud800 in a str</p>",
    "<!-- only a comment -->",
    "<",
]


@pytest.mark.parametrize("text", PAGES)
def test_parse_document_matches_the_str_parse(text: str) -> None:
    """Every decoding path (bytes, C0/C1 controls, declarations, surrogates) gives one tree."""
    assert _tree(text) == _reference(text)


def test_controls_to_spaces_touches_only_controls() -> None:
    """C1 controls are 0xC2 0x80-0x9F; the same continuation bytes in Cyrillic stay."""
    text = "a\x00b\x7fc\x85d р Ѐ « \xa0 \x9f"
    assert _controls_to_spaces(text.encode()).decode() == _CONTROLS.sub(" ", text)
    assert _C1_UTF8.search("рЀ«\xa0".encode()) is None


@pytest.mark.parametrize(("body", "charset", "text"), [
    ("Привет, мир".encode("cp1251"), "windows-1251", "Привет, мир"),
    ("Привет, мир".encode("cp1251"), "utf-8", "Привет, мир"),  # a wrong declaration
    ("Привет, мир".encode(), "windows-1251", "Привет, мир"),  # wrong the other way
    ("При\x85вет,\x00мир".encode(), "utf-8", "При вет, мир"),
])
def test_declared_and_real_encodings_read_the_same_text(body: bytes, charset: str,
                                                        text: str) -> None:
    """The meta charset of the page never overrides the text decode_html decoded."""
    page = f'<html><head><meta charset="{charset}"></head><body><p>'.encode() + body + b"</p>"
    blocks = read_page(parse_document(decode_html(page)), "https://russiancouncil.ru/").blocks
    assert [b.text for b in blocks] == [text]
