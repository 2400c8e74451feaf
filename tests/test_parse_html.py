"""parse_html reads UTF-8 bytes as they are: it must give the tree of decode + parse_document."""

from __future__ import annotations

import pytest
from lxml import etree

from riac_archive.extract.html import decode_html, parse_document, parse_html

_BOM = b"\xef\xbb\xbf"
_RU = "<p>Привет, «мир»\xa0— текст</p>"
PAGES = [
    b"<p>plain ASCII</p>",
    _RU.encode(),
    _BOM + _RU.encode(),
    _BOM + _RU.encode("cp1251"),  # a BOM over bytes that are not UTF-8
    _RU.encode("cp1251"),
    b'<meta charset="utf-8">' + _RU.encode("cp1251"),  # a wrong declaration
    b'<meta charset="windows-1251">' + _RU.encode(),  # wrong the other way
    b'<meta charset="windows-1251">' + _RU.encode("cp1251"),
    b'<meta charset="koi8-r"><p>ASCII under koi8-r</p>',
    b'<meta charset="iso-8859-1"><p>ASCII under latin-1</p>',
    b'<meta charset="iso-8859-1">' + "<p>café</p>".encode(),  # read as cp1252 mojibake
    b'<meta charset="utf-16"><p>ASCII under utf-16</p>',
    b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">' + _RU.encode(),
    "<p>C0 \x00\x01\x0b\x1f\x7f and C1 \x80\x85\x9f, not \xa0 or р</p>".encode(),
    b'<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>XHTML</p></body></html>',
    b'  \n<?xml version="1.0"?><p>spaces before the declaration</p>',
    '\u3000<?xml version="1.0"?><p>ideographic space before it</p>'.encode(),
    b'<p>a declaration later: <?xml version="1.0"?></p>',
    "<\u3000p>Unicode space after the bracket".encode(),
    b"<!-- only a comment -->",
    b"no markup at all",
    b"<",
    b"",
    _BOM,
]
HEADERS = [None, "text/html", "text/html; charset=utf-8", "text/html; charset=windows-1251",
           "text/html; charset=latin-1", 'text/html; charset="utf-8"']


def _tree(root: etree._Element | None) -> bytes | None:
    return None if root is None else etree.tostring(root, encoding="unicode").encode()


@pytest.mark.parametrize("content_type", HEADERS)
@pytest.mark.parametrize("page", PAGES)
def test_parse_html_matches_decode_and_parse(page: bytes, content_type: str | None) -> None:
    """Every encoding case (BOM, header, meta, sniffing, declarations) gives the same tree."""
    expected = _tree(parse_document(decode_html(page, content_type)))
    assert _tree(parse_html(page, content_type)) == expected


def test_parse_html_reads_str_as_parse_document() -> None:
    """A str page is parsed as before."""
    assert _tree(parse_html(_RU)) == _tree(parse_document(_RU))
