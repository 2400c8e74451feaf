"""Page-level fields: title, publication date, labels, language link, bylines, body blocks."""

from __future__ import annotations

import functools
import re
from datetime import date
from itertools import chain
from operator import attrgetter, itemgetter
from typing import NamedTuple

from lxml import etree

from riac_archive import urls
from riac_archive.extract.blocks import Block
from riac_archive.extract.dates import parse_date
from riac_archive.extract.html import TimeMark, text_content
from riac_archive.extract.paragraphs import (
    LABEL_WORDS,
    RATING_LABELS,
    SHARE_LABELS,
    fold_may_start,
    is_chrome,
    lines_with,
)
from riac_archive.extract.text import clean_space, fold
from riac_archive.items import Author

TRANSLATION_LABELS = {"читать на русском": "ru", "read in english": "en"}
_SHARE_ROWS = ("share:", "поделиться:")
_SHARE_FIRSTS = frozenset(label[0] for label in (*SHARE_LABELS, *_SHARE_ROWS))
# Language switcher items: accepted only when they link to a document in the other language.
SWITCHER_LABELS = {"ru": "ru", "рус": "ru", "русский": "ru", "en": "en", "eng": "en",
                   "english": "en"}
_TITLE_SUFFIX = re.compile(r"\s+(?:::|[-|–—:/])\s+(?:RIAC|РСМД"
                           r"|Russian International Affairs Council"
                           r"|Российский совет по международным делам)\b.*$", re.I)
_TITLE_PREFIX = re.compile(r"^(?:RIAC|РСМД|Russian International Affairs Council"
                           r"|Российский совет по международным делам)\s*(?:::|[-|–—:»/])\s*",
                           re.I)
_BODY_ELEMENTS = etree.XPath("//body//*[self::span or self::div or self::p or self::strong "
                             "or self::b or self::header or self::td]")
# Section names a template may print as its h1 above the article's own title.
_SECTION_NAMES = frozenset({
    "news", "analytics", "comments", "interview", "interviews", "publications", "events",
    "analytics and comments", "новости", "аналитика", "комментарии", "интервью", "публикации",
    "мероприятия", "аналитика и комментарии"})
_SITE_NAME = re.compile(r"riac|рсмд|russian international affairs council|"
                        r"российский совет по международным делам")
# The Region/Type label words (is_chrome's too): the three patterns below are built from them,
# so that the prefilter (_LABEL_START) always admits what the label patterns read.
_LABEL_WORDS = "|".join(LABEL_WORDS)
_LABEL = re.compile(rf"^({_LABEL_WORDS})\s*:\s*(.+)$", re.I)
# A line starting like a Region/Type label (read by lines_with: at the start or after NUL).
_LABEL_START = re.compile(f"(?<![^\x00])(?:{_LABEL_WORDS})", re.I)
_BARE_LABEL = re.compile(rf"^(?:{_LABEL_WORDS})\s*:?$", re.I)  # the colon may be drawn by CSS
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
# Sections whose pages carry author blocks after the share widget.
BYLINE_SECTIONS = frozenset({"analytics", "comments", "interview", "publications", "blogs"})
_CREDENTIAL_WORDS = re.compile(
    r"Ph\.?\s?D|\bDr\b|Professor|Fellow|Member|Expert|Director|Head|Researcher|Analyst|"
    r"Candidate|Doctor|Lecturer|Editor|Chair|Ambassador|Intern|President|Adviser|Advisor|"
    r"Consultant|Student|Journalist|Manager|blogger|RIAC|MGIMO|University|Institute|"
    r"к\.\s?\w+\.\s?н\.|д\.\s?\w+\.\s?н\.|профессор|член|РСМД|сотрудник|директор|эксперт|"
    r"руководитель|заведующ|доцент|аналитик|МГИМО|университет|институт", re.I)
_UPPER = "A-ZА-ЯЁÀ-ÖØ-ÞĀ-Ž"
# A capitalised name word, with hyphen/apostrophe parts ("Abdul-Karimova", "O’Hara", "Seán").
_NAME_WORD = (rf"[{_UPPER}][^\W\d_]*(?:[-'’][^\W\d_]+)*|[{_UPPER}]\.(?:\s?[{_UPPER}]\.)?")
_BYLINE_NAME = re.compile(rf"^(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{1,3}}$")
# Compiled once: lxml would otherwise compile each expression again on every page.
# `//*[@itemprop='datePublished']` written as below: libxml2 then tests only the elements
# that have the attribute (three times faster).
_PUBLISHED_META = etree.XPath(
    "//meta[@property='article:published_time' or @name='article:published_time' or "
    "@itemprop='datePublished' or @name='date' or @name='pubdate']/@content"
    " | //@itemprop[. = 'datePublished']/../@datetime"
)
_PUBLISHED_ITEMS = etree.XPath("//@itemprop[. = 'datePublished']/..")
_TIME_DATETIMES = etree.XPath("//time/@datetime")
_TEXT_NODES = etree.XPath("text()")
_LD_TYPE = "application/ld+json"
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


class Markup(NamedTuple):
    """The elements page-level fields are read from, each kind in document order."""

    metas: list[etree._Element]
    titles: list[etree._Element]
    headings: list[etree._Element]  # h1, h2, h3
    scripts: list[etree._Element]
    links: list[etree._Element]


def read_markup(root: etree._Element) -> Markup:
    """The page's meta, title, h1-h3, script and link elements, in one C-level walk of the
    document (an XPath per kind walks the whole tree each time)."""
    markup = Markup([], [], [], [], [])
    lists = {"meta": markup.metas, "title": markup.titles, "h1": markup.headings,
             "h2": markup.headings, "h3": markup.headings, "script": markup.scripts,
             "link": markup.links}
    for element in root.getroottree().getroot().iter(*lists):
        lists[element.tag].append(element)
    return markup


def _site_name(text: str) -> bool:
    """True for a heading that only names the site (a logo in an h1)."""
    return bool(_SITE_NAME.fullmatch(fold(text)))


def find_title(root: etree._Element, markup: Markup | None = None
               ) -> tuple[str | None, etree._Element | None]:
    """The title and its heading: the h1 (else h2/h3) that og:title/<title> names, else the first
    h1 that is not a site logo or section name; else og:title or <title> (element None).

    `markup` is `read_markup(root)`, when the caller has it.
    """
    markup = markup or read_markup(root)
    named = named_titles(root, markup)
    folded = {fold(t) for t in named}
    headings = [(clean_space(_text_with_breaks(el)), el) for el in markup.headings]
    for text, el in headings:
        if text and fold(text) in folded:
            return text, el
    h1s = [(text, el) for text, el in headings
           if el.tag == "h1" and text and not _site_name(text) and fold(text) not in _SECTION_NAMES]
    if h1s:
        return h1s[0]
    if not named:
        return None, None
    return named[0], _element_printing(root, named[0])


def _element_printing(root: etree._Element, title: str) -> etree._Element | None:
    """The first element in the body whose whole text is the title (a title in a <span>)."""
    for element in _BODY_ELEMENTS(root):
        if len(element) <= 3 and clean_space(text_content(element)) == title:
            return element
    return None


def _text_with_breaks(element: etree._Element) -> str:
    """An element's text with each <br> read as a space (a title set on several lines)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "br":
            parts.append(" ")
        elif isinstance(child.tag, str):
            parts.append(_text_with_breaks(child))
        parts.append(child.tail or "")
    return "".join(parts)


def named_titles(root: etree._Element, markup: Markup | None = None) -> list[str]:
    """og:title, then <title>, each without the site's name before or after it."""
    markup = markup or read_markup(root)
    found = [clean_space(meta.get("content")) for meta in markup.metas
             if meta.get("property") == "og:title" and meta.get("content") is not None]
    # The <title>s inside `root` (the whole document's when root is its root element).
    titles = markup.titles if root.getparent() is None else root.iter("title")
    found += [clean_space(text_content(t)) for t in titles]
    found = [_without_site_name(t) for t in found]
    return [t for t in found if t and not _site_name(t)]


def _without_site_name(title: str) -> str:
    """"RIAC :: Title", "Title - RIAC", "Title | РСМД" -> "Title"."""
    return _TITLE_PREFIX.sub("", _TITLE_SUFFIX.sub("", title))


def parse_published(root: etree._Element, blocks_near_title: list[Block],
                    times: list[TimeMark] | None = None, markup: Markup | None = None
                    ) -> date | None:
    """The publication date the page states: meta tags, <time>, or a date line by the title.

    `times` are the page's `<time>` elements outside furniture, best first; without them every
    `<time>` counts. `markup` is `read_markup(root)`, when the caller has it.
    """
    markup = markup or read_markup(root)
    candidates = _published_meta(root, markup)
    scripts = [script for script in markup.scripts if script.get("type") == _LD_TYPE]
    candidates += [m for script in scripts for text in _TEXT_NODES(script)
                   for m in _LD_PUBLISHED.findall(text)]
    if times is None:
        candidates += _TIME_DATETIMES(root)
        candidates += [clean_space(text_content(t)) for t in root.iter("time")]
    else:
        candidates += [t.datetime for t in times if t.datetime]
        candidates += [t.text for t in times]
    candidates += [block.text for block in blocks_near_title]
    for text in candidates:
        found = _parse_date_line(str(text))
        if found:
            return found
    return None


def _published_meta(root: etree._Element, markup: Markup) -> list[str]:
    """The dates meta tags and itemprop="datePublished" elements state, in document order."""
    if _PUBLISHED_ITEMS(root):  # elements of both kinds: let XPath keep their order
        return _PUBLISHED_META(root)
    return [meta.get("content") for meta in markup.metas
            if meta.get("content") is not None and _is_published_meta(meta)]


def _is_published_meta(meta: etree._Element) -> bool:
    """A meta tag naming the publication date."""
    return (meta.get("property") == "article:published_time"
            or meta.get("name") in ("article:published_time", "date", "pubdate")
            or meta.get("itemprop") == "datePublished")


# A date followed by a time and/or a view counter: "November 18, 2024 2 317", "03.06.2025 10:15".
# "Published: March 7, 2019", "Дата: 07.03.2019": a label before a date line.
_DATE_LABEL = re.compile(r"^(?:published|posted|date|опубликовано|дата(?: публикации)?)\s*:\s*",
                         re.I)
_DATE_WITH_TAIL = re.compile(r"^(?P<date>.+?\d{4})(?:,?\s+\d{1,2}:\d{2})?(?:\s+\d[\d\s]*)?$")


def _parse_date_line(text: str) -> date | None:
    """A line that is only a date, maybe with a time or view counter after it, else None."""
    text = _DATE_LABEL.sub("", clean_space(text))
    found = _parse_bare_date(text)
    tail = _DATE_WITH_TAIL.match(text) if found is None else None
    if tail and tail.group("date") != text:
        found = _parse_bare_date(tail.group("date"))
    return found


def _parse_bare_date(text: str) -> date | None:
    """A string that is only a date ("03.06.2025", "June 3, 2025", ISO), else None."""
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        day, month, year = (int(g) for g in numeric.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if len(text) > 40 or not re.search(r"\d{4}", text):
        return None
    return parse_date(text)


def is_date_line(text: str) -> bool:
    """True for a block that is nothing but a date (metadata, not body text)."""
    return len(text) <= 40 and _parse_date_line(text) is not None


def _join_split_labels(blocks: list[Block]) -> list[Block]:
    """"Region:" printed apart from its value (a <dt>/<dd> pair) joined into one label line."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous and _BARE_LABEL.match(previous.text) and _is_label_value(block):
            label = f"{previous.text.rstrip(' :')}: {block.text}"
            joined[-1] = Block(previous.kind, label, previous.tag)
        else:
            joined.append(block)
    return joined


def _is_label_value(block: Block) -> bool:
    """A short value line: "Russia, Middle East", "News"."""
    return len(block.text) <= 80 and not re.search(r"[.!?:]", block.text)


def parse_labels(blocks: list[Block]) -> tuple[list[str], str | None]:
    """Region list and Type from "Region: Russia, Europe" / "Type: News" lines."""
    regions: list[str] = []
    doc_type = None
    for block in _join_split_labels(_label_candidates(blocks)):
        match = _LABEL.match(block.text)
        if not match:
            continue
        if match.group(1).lower() == "region" and not regions:
            regions = [clean_space(r) for r in match.group(2).split(",") if clean_space(r)]
        elif match.group(1).lower() == "type" and doc_type is None:
            doc_type = clean_space(match.group(2))
    return regions, doc_type


def _label_candidates(blocks: list[Block]) -> list[Block]:
    """The blocks a Region/Type label may be read from: those starting with "Region"/"Type"
    and the block after each, which may hold the value of a label printed apart. The others
    cannot take part."""
    starts = lines_with(list(map(attrgetter("text"), blocks)), _LABEL_START)
    keep = sorted({i + step for i in starts for step in (0, 1) if i + step < len(blocks)})
    return [blocks[i] for i in keep]


def parse_translation_url(root: etree._Element, blocks: list[Block], lang: str,
                          markup: Markup | None = None) -> str | None:
    """Canonical URL of the other-language version, from its link label or hreflang.

    `markup` is `read_markup(root)`, when the caller has it.
    """
    # One pass over the links labelled like a translation or a language switcher: a
    # translation label wins wherever it is, else the first switcher item that qualifies.
    links = list(chain.from_iterable(map(attrgetter("links"), blocks)))
    labelled = zip(links, map(_offered_languages, map(itemgetter(0), links)), strict=True)
    switchers = []
    for (_, href), (translation, switcher) in filter(itemgetter(1), labelled):
        if translation not in (None, lang) and _is_page_link(href):
            return urls.canonical_url(href)
        if switcher not in (None, lang):
            switchers.append(href)
    for href in switchers:
        if _is_page_link(href) and urls.is_document_url(href) and urls.language(href) != lang:
            return urls.canonical_url(href)
    for link in (markup or read_markup(root)).links:
        if link.get("rel") != "alternate" or link.get("hreflang") is None:
            continue
        hreflang = link.get("hreflang", "").lower()[:2]
        if hreflang in ("en", "ru") and hreflang != lang and link.get("href"):
            return urls.canonical_url(link.get("href"))
    return None


@functools.lru_cache(maxsize=1024)
def _offered_languages(label: str) -> tuple[str | None, str | None] | None:
    """The language a link label offers as a translation label and as a language switcher
    item, None for any other label (cached: menu labels recur on every page)."""
    folded = fold(label)
    translation, switcher = TRANSLATION_LABELS.get(folded), SWITCHER_LABELS.get(folded)
    return None if translation is None and switcher is None else (translation, switcher)


def _is_page_link(href: str) -> bool:
    """True for an http(s) link (not javascript:, not a bare fragment)."""
    return href.startswith(("http://", "https://"))


def is_share_label(text: str) -> bool:
    """True for "Share this article" in either language, or a "Share: VK Telegram" row."""
    if not fold_may_start(text, _SHARE_FIRSTS):  # most lines: no need to fold them
        return False
    folded = fold(text)
    return folded in SHARE_LABELS or (len(folded) <= 60 and folded.startswith(_SHARE_ROWS))


def parse_authors(blocks: list[Block]) -> tuple[list[Author], int]:
    """Byline blocks (name / credentials pairs) at the start of `blocks`, and how many they use."""
    authors: list[Author] = []
    index = 0
    while index < len(blocks):
        text = blocks[index].text
        following = blocks[index + 1].text if index + 1 < len(blocks) else ""
        if _is_byline_name(text) and _is_credentials(following):
            credentials, used = _credentials_run(blocks, index + 1)
            authors.append(Author(text, credentials))
            index += 1 + used
        elif _is_credentials(text) and (authors or index == 0):
            authors.append(_inline_author(blocks[index]))
            index += 1
        else:
            break
    return authors, index


def _credentials_run(blocks: list[Block], start: int) -> tuple[str, int]:
    """Credentials from `start`, joined with the lines that continue them (a line that ends
    with a comma goes on: "…Oriental Studies," / "RIAC Member"), and how many lines they use."""
    text, used = blocks[start].text, 1
    while (text.endswith(",") and start + used < len(blocks)
           and _is_credentials(blocks[start + used].text)):
        text, used = f"{text} {blocks[start + used].text}", used + 1
    return _tidy_credentials(text), used


def _inline_author(block: Block) -> Author:
    """A credentials block, or "Name Credentials" printed on one line (the name as its first
    link when it has one, else the shortest 2–4 word name the credentials can follow)."""
    text = block.text
    linked = [label for label, _ in block.links if label and text.startswith(label)]
    candidates = linked[:1] or [" ".join(text.split()[:n]) for n in (2, 3, 4)]
    for name in candidates:
        rest = text[len(name):].strip(" ,–—-:")
        if (_is_byline_name(name) and not _CREDENTIAL_WORDS.search(name)
                and _is_credentials(rest)):
            return Author(name, _tidy_credentials(rest))
    return Author(None, _tidy_credentials(text))


def _is_byline_name(text: str) -> bool:
    """A short line that is only a person's name (2–4 capitalised words or initials)."""
    return len(text) <= 50 and bool(_BYLINE_NAME.match(text))


def _is_credentials(text: str) -> bool:
    """A credentials line: short, no sentence ending, with a degree/title/affiliation word."""
    if not 0 < len(text) <= 300 or text.endswith(("!", "?", ":")):
        return False
    if text.endswith(".") and not re.search(r"(Ph\.\s?D\.|Sc\.|н\.)$", text):
        return False
    return bool(_CREDENTIAL_WORDS.search(text))


def _tidy_credentials(text: str) -> str:
    """Credentials with the site's stray space before commas removed."""
    return re.sub(r"\s+,", ",", text)


_RATING_FIRSTS = frozenset(label[0] for label in RATING_LABELS)
# A widget count in a wording we do not know yet: "(Stimmen: 3, Bewertung: 5)".
_WIDGET_COUNT = re.compile(r"^\([^()]{1,60}\)\s*\|?$")


def strip_chrome(blocks: list[Block]) -> list[Block]:
    """Blocks without chrome lines: labels, rating (any wording after its label), share, links."""
    kept: list[Block] = []
    after_rating = False
    for block in _join_split_labels(blocks):
        if after_rating and _WIDGET_COUNT.match(block.text):
            continue  # still the rating widget, in an unknown wording
        after_rating = fold_may_start(block.text, _RATING_FIRSTS) and (
            fold(block.text) in RATING_LABELS)
        if not (is_chrome(block.text) or _is_label_line(block.text)
                or is_share_label(block.text)):
            kept.append(block)
    return kept


def _is_label_line(text: str) -> bool:
    """"Region: Russia, Europe", "Type: News", or a label whose value is missing."""
    return bool(_LABEL.match(text) or _BARE_LABEL.match(text))
