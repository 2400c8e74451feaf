"""Re-render a fixture's text in markups no fixture uses (the site's real HTML is unknown).

A fixture's hand-written expectation (`tests/fixtures/<name>.json`) gives the title, the body
paragraphs, the bylines, the rating, the translation link and the poll; `LAYOUTS` adds, by hand,
what the expectation does not say: which paragraphs are headings, bullets or speaker lines, which
were printed twice (the lead copy), and the chrome wording the page shows. Each `render_*`
function prints that same text in another markup, so the expectation stays valid whatever the
markup: an extractor that reads text by plain HTML semantics must give the same record.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
EN_RATE, EN_SHARE = "Rate this article", "Share this article"
RU_RATE, RU_SHARE = "Оценить статью", "Поделиться статьей"
FOOTER = ("For business", "For researchers", "For students")
MENU = (("About us", "/en/about-us/"), ("News", "/en/news/"),
        ("Analytics and Comments", "/en/analytics-and-comments/"), ("Experts", "/en/experts/"))
TEASERS = (("RIAC and the Arctic Council Secretariat Discuss Research Cooperation",
            "/en/news/riac-and-the-arctic-council-secretariat-discuss-research-cooperation/",
            "25 February 2021", "2021-02-25"),
           ("The Northern Sea Route in 2030",
            "/en/analytics-and-comments/analytics/the-northern-sea-route-in-2030/",
            "2 March 2021", "2021-03-02"))
TAGS = ("Arctic", "Russia", "Europe")


@dataclass(frozen=True)
class Layout:
    """What a fixture's expectation does not say about its page, written by hand.

    kinds: paragraph index -> "heading", "item" (a bullet), "speaker" (a name line over that
    speaker's bullets), "label" (`Name:` / `Name, title:` printed in bold before the text);
    other paragraphs are plain. lead: indexes of the paragraphs printed once more before the body
    (the lead copy the extractor must drop). body_copy: index -> the text the body prints there
    instead of the expected one (the less complete copy of a longer lead).
    """

    kinds: dict[int, str] = field(default_factory=dict)
    lead: tuple[int, ...] = ()
    body_copy: dict[int, str] = field(default_factory=dict)
    print_label: str | None = None
    labels: tuple[str, ...] = ()
    rating: tuple[str, ...] = ()
    share: bool = True
    amp: bool = False
    video: bool = False
    poll_heading: bool = True


_SEED_KINDS = {2: "para", 9: "heading", 10: "speaker", 16: "speaker", 21: "speaker",
               26: "speaker", 31: "speaker", 36: "speaker"}
_SEED_ITEMS = {i: "item" for i in [*range(3, 9), *range(11, 16), *range(17, 21), *range(22, 26),
                                   *range(27, 31), *range(32, 36), *range(37, 40)]}

LAYOUTS: dict[str, Layout] = {
    "seed-bitrix": Layout(
        kinds=_SEED_KINDS | _SEED_ITEMS, lead=(0, 1),
        body_copy={0: "On June 2, 2025, the TASS Press Center hosted a RIAC roundtable on "
                      "“Russian–Armenian Cooperation at the Present Stage.” The event included "
                      "a presentation of RIAC Policy Brief."},
        rating=(EN_RATE, "(no votes)", " (0 votes)")),
    "arctic-shipping-semicolon-list": Layout(
        lead=(0,), print_label="Print", labels=("Region: Russia, Europe", "Type: News"),
        rating=(EN_RATE, "(votes: 2, rating: 4.5)", " (2 votes)")),
    "analytics-one-author": Layout(
        kinds={2: "heading", 5: "item", 6: "item", 7: "item"}, lead=(0,), print_label="Print",
        labels=("Region: Middle East",), rating=(EN_RATE, "(votes: 3, rating: 5)", " (3 votes)")),
    "interview-topics-pipes": Layout(
        kinds={2: "item", 3: "item", 4: "item", 5: "heading", 6: "label", 7: "label",
               8: "heading", 9: "label", 10: "label"},
        rating=("(votes: 3, rating: 5) |", "(3 votes) |")),
    "amp-nordic-security": Layout(lead=(0, 1), share=False, amp=True),
    "news-video-poll-no-heading": Layout(
        kinds={1: "item", 2: "item", 3: "item"}, lead=(0, 1, 2, 3),
        labels=("Region: Russia, Africa", "Type: News"),
        rating=(EN_RATE, "(votes: 1, rating: 3)", " (1 vote)"), video=True, poll_heading=False),
    "istanbul-key-quotes": Layout(
        kinds={3: "heading", 6: "heading", 7: "label", 8: "label", 9: "label"}, lead=(0,),
        body_copy={0: "Gateway to the North No More?” was the question discussed at the "
                      "conference that RIAC and the Center for Strategic Studies (CSS) held in "
                      "Istanbul on the 9th of April this year."},
        print_label="Print", share=False),
    "korea-dialogue-comma-list": Layout(rating=(EN_RATE, "(no votes)", " (0 votes)")),
    "ru-news-delegation": Layout(
        lead=(0,), print_label="Распечатать",
        rating=(RU_RATE, "(Голосов: 3, Рейтинг: 4.79)", " (3 голоса)")),
    "ru-analytics-byline": Layout(
        kinds={2: "heading"}, print_label="Распечатать",
        rating=(RU_RATE, "(Голосов: 1, Рейтинг: 5)", " (1 голос)")),
}


@dataclass
class PageText:
    """Everything a page shows, as text, in reading order groups; the markup is added later."""

    name: str
    title: str
    lang: str
    published: date | None
    translation: tuple[str, str] | None  # (link label, site path)
    layout: Layout
    authors: list[tuple[str | None, str]]
    lead: list[tuple[str, str]]  # (kind, text)
    body: list[tuple[str, str]]
    poll: dict[str, Any] | None

    @property
    def rate(self) -> list[str]:
        """The rating widget's lines (empty when the page has none)."""
        return list(self.layout.rating)

    @property
    def share(self) -> str | None:
        """The share label, or None."""
        if not self.layout.share:
            return None
        return RU_SHARE if self.lang == "ru" else EN_SHARE

    def date_text(self, style: int = 0) -> str | None:
        """The publication date as a date line prints it ("3 June 2025", "June 3, 2025")."""
        day = self.published
        if day is None:
            return None
        if self.lang == "ru":
            return f"{day.day} {RU_MONTHS[day.month - 1]} {day.year}"
        month = EN_MONTHS[day.month - 1]
        return f"{month} {day.day}, {day.year}" if style else f"{day.day} {month} {day.year}"

    def top_links(self, host: str = "") -> list[tuple[str, str | None]]:
        """The print and language links line: (label, href or None for plain text); the
        language link is relative, or absolute on `host` ("http://www.russiancouncil.ru")."""
        links: list[tuple[str, str | None]] = []
        if self.layout.print_label:
            links.append((self.layout.print_label, "javascript:window.print()"))
        if self.translation:
            label, path = self.translation
            links.append((label, host + path))
        return links


def _spec(name: str) -> dict[str, Any]:
    """The parsed `<name>.json` of a fixture."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def page_text(name: str) -> PageText:
    """The text of fixture `name` from its expectation and its hand-written layout."""
    spec = _spec(name)
    expected, layout = spec["expected"], LAYOUTS[name]
    paragraphs = expected["paragraphs"]
    translation = None
    if expected["translation_url"]:
        label = "Read in English" if expected["lang"] == "ru" else "Читать на русском"
        translation = (label, urlsplit(expected["translation_url"]).path)
    published = expected["published"]
    return PageText(
        name=name, title=expected["title"], lang=expected["lang"],
        published=date.fromisoformat(published) if published else None,
        translation=translation, layout=layout,
        authors=[(a["name"], a["credentials"]) for a in expected["authors"]],
        lead=[(layout.kinds.get(i, "para"), paragraphs[i]) for i in layout.lead],
        body=[(layout.kinds.get(i, "para"), layout.body_copy.get(i, text))
              for i, text in enumerate(paragraphs)],
        poll=expected["poll"],
    )


# ------------------------------------------------------------------------------ small pieces


def esc(text: str) -> str:
    """Text escaped for HTML."""
    return html.escape(text, quote=True)


def link(label: str, href: str | None) -> str:
    """An anchor, or plain text without a href."""
    return f'<a href="{esc(href)}">{esc(label)}</a>' if href else esc(label)


def split_label(text: str) -> tuple[str, str]:
    """A `Name: text` / `Name, title: “quote”` paragraph as (label with colon, rest)."""
    head, rest = text.split(":", 1)
    return head + ":", rest.strip()


def count_text(option: dict[str, Any]) -> str:
    """An option's printed count, "33 (31%)"."""
    return f"{option['votes']} ({option['percent']:g}%)"


def head(page: PageText, title_tag: bool = True, extra: str = "") -> str:
    """The document start: doctype, <head> with charset and (optionally) a <title>."""
    title = f"<title>{esc(page.title)} - RIAC</title>" if title_tag else ""
    return (f'<!DOCTYPE html>\n<html lang="{page.lang}"><head><meta charset="utf-8">{title}'
            f"{extra}</head>\n<body>\n")


def rich(kind: str, text: str, bold: str = "b") -> str:
    """Inline markup of a body paragraph: bold labels and headings, escaped text."""
    if kind == "label":
        label, rest = split_label(text)
        return f"<{bold}>{esc(label)}</{bold}> {esc(rest)}"
    if kind in ("heading", "speaker"):
        return f"<{bold}>{esc(text)}</{bold}>"
    return esc(text)


def blocks_p(items: list[tuple[str, str]]) -> str:
    """Paragraphs as <p>, bullets as <ul><li>, headings as <h3>, speaker lines as <h4>."""
    out, in_list = [], False
    for kind, text in items:
        if kind == "item" and not in_list:
            out.append("<ul>")
        if kind != "item" and in_list:
            out.append("</ul>")
        in_list = kind == "item"
        if kind == "item":
            out.append(f"<li>{esc(text)}</li>")
        elif kind == "heading":
            out.append(f"<h3>{esc(text)}</h3>")
        elif kind == "speaker":
            out.append(f"<h4>{esc(text)}</h4>")
        else:
            out.append(f"<p>{rich(kind, text)}</p>")
    return "\n".join(out + (["</ul>"] if in_list else []))


def amp_parts(page: PageText) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Lead and body with AMP's "Short version"/"Full version" labels when the page has them."""
    if not page.layout.amp:
        return page.lead, page.body
    return [("heading", "Short version"), *page.lead], [("heading", "Full version"), *page.body]


def poll_lines(page: PageText) -> list[str]:
    """The poll as its printed lines: optional heading, "1. question", label, count, ..."""
    if not page.poll:
        return []
    lines = ["Poll conducted"] if page.layout.poll_heading else []
    lines.append(f"1. {page.poll['question']}")
    for option in page.poll["options"]:
        lines += [option["label"], count_text(option)]
    return lines


# ------------------------------------------------------------------------------ the variants


def render_div_br(page: PageText) -> str:
    """(a) One <div> per chrome line; the lead and body each one <div> of <br><br> paragraphs."""
    out = [head(page), f'<div class="ttl"><h1>{esc(page.title)}</h1></div>']
    if page.date_text():
        out.append(f"<div>{page.date_text(1)}</div>")
    out += [f"<div>{link(label, href)}</div>" for label, href in page.top_links()]
    out += [f"<div>{esc(label)}</div>" for label in page.layout.labels]
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    for name, credentials in page.authors:
        out.append(f"<div>{esc(name or '')}<br>{esc(credentials)}</div>")
    lead, body = amp_parts(page)

    def joined(items: list[tuple[str, str]]) -> str:
        parts = []
        for kind, text in items:
            sep = "<br>" if kind == "item" else "<br><br>"
            parts.append(("• " + esc(text) if kind == "item" else rich(kind, text)) + sep)
        return "".join(parts)

    if lead:
        out.append(f"<div>{joined(lead)}</div>")
    out.append(f"<div>{joined(body)}{'Video<br>' if page.layout.video else ''}</div>")
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    out.append("<div>" + "<br>".join(esc(line) for line in poll_lines(page)) + "</div>")
    out.append("<div>" + " ".join(link(f, "/en/" + f.split()[-1] + "/") for f in FOOTER) +
               "</div></body></html>")
    return "\n".join(out)


def _poll_table(page: PageText) -> str:
    """The poll as table rows: the question row, then label and count cells."""
    if not page.poll:
        return ""
    rows = ['<tr><td colspan="2">Poll conducted</td></tr>'] if page.layout.poll_heading else []
    rows.append(f'<tr><td colspan="2">1. {esc(page.poll["question"])}</td></tr>')
    for option in page.poll["options"]:
        rows.append(f"<tr><td>{esc(option['label'])}</td><td>{count_text(option)}</td></tr>")
    return '<table border="0">' + "".join(rows) + "</table>"


def render_table(page: PageText) -> str:
    """(b) Old Bitrix tables: menu column, body in a <td>, title in bold, poll as table rows."""
    menu = "<br>".join(link(label, href) for label, href in MENU)
    out = [head(page), '<table width="100%" cellpadding="0"><tr>',
           f'<td width="200" valign="top">{menu}</td><td valign="top">',
           f'<table><tr><td><font size="4"><b>{esc(page.title)}</b></font></td></tr>']
    if page.date_text():
        out.append(f"<tr><td><font size=1>{page.date_text()}</font></td></tr>")
    links = " ".join(link(label, href)
                     for label, href in page.top_links("http://www.russiancouncil.ru"))
    out += [f"<tr><td>{links}</td></tr>"] if links else []
    out += [f"<tr><td>{esc(label)}</td></tr>" for label in page.layout.labels]
    if page.rate:
        out.append("<tr><td>" + "</td></tr><tr><td>".join(esc(x) for x in page.rate) +
                   "</td></tr>")
    out += [f"<tr><td>{esc(page.share)}</td></tr>"] if page.share else []
    for name, credentials in page.authors:
        out.append(f"<tr><td><b>{esc(name or '')}</b></td></tr><tr><td>{esc(credentials)}"
                   "</td></tr>")
    lead, body = amp_parts(page)
    out.append(f"<tr><td>{blocks_p(lead)}</td></tr>" if lead else "")
    video = "<p>Video</p>" if page.layout.video else ""
    out.append(f"<tr><td>{blocks_p(body)}{video}</td></tr>")
    if page.rate:
        out.append("<tr><td>" + "<br>".join(esc(x) for x in page.rate) + "</td></tr>")
    out += [f"<tr><td>{esc(page.share)}</td></tr>"] if page.share else []
    out.append(f"</table></td></tr></table>{_poll_table(page)}")
    out.append("<table><tr>" + "".join(f"<td>{esc(f)}</td>" for f in FOOTER) +
               "</tr></table></body></html>")
    return "\n".join(out)


_SPEAKER_FORMS = ("<h4>{}</h4>", "<p><em>{}</em></p>", "<p><b>{}</b></p>",
                  '<div class="speaker">{}</div>')
_BULLET_FORMS = ("<p>- {}</p>", "<p>&bull; {}</p>")


def _bullets_and_speakers(items: list[tuple[str, str]]) -> str:
    """Bullets as <p>- …</p> / <p>&bull; …</p>, speaker lines in four different markups."""
    out, speakers, bullets = [], 0, 0
    for kind, text in items:
        if kind == "item":
            out.append(_BULLET_FORMS[bullets % 2].format(esc(text)))
            bullets += 1
        elif kind == "speaker":
            out.append(_SPEAKER_FORMS[speakers % 4].format(esc(text)))
            speakers += 1
        elif kind == "heading":
            out.append(f"<p><strong>{esc(text)}</strong></p>")
        else:
            out.append(f"<p>{rich(kind, text, 'strong')}</p>")
    return "\n".join(out)


def render_bullets(page: PageText) -> str:
    """(c) Bullets and speaker names in <p>, <em>, <b>, <h4> and <div class=speaker>."""
    out = [head(page), "<div>", f"<h1>{esc(page.title)}</h1>"]
    if page.date_text():
        out.append(f"<p>{page.date_text()}</p>")
    out.append("<p>" + " ".join(link(label, href) for label, href in page.top_links()) + "</p>")
    out += [f"<p>{esc(label)}</p>" for label in page.layout.labels]
    out += [f"<p>{esc(line)}</p>" for line in page.rate]
    out += [f"<p>{esc(page.share)}</p>"] if page.share else []
    for name, credentials in page.authors:
        out.append(f"<p><strong>{esc(name or '')}</strong><br>{esc(credentials)}</p>")
    lead, body = amp_parts(page)
    out += [_bullets_and_speakers(lead), _bullets_and_speakers(body)]
    out += ["<p>Video</p>"] if page.layout.video else []
    out += [f"<p>{esc(line)}</p>" for line in page.rate]
    out += [f"<p>{esc(page.share)}</p>"] if page.share else []
    out += [f"<p>{esc(line)}</p>" for line in poll_lines(page)]
    out.append("<p>" + " | ".join(FOOTER) + "</p></div></body></html>")
    return "\n".join(out)


def render_html5(page: PageText) -> str:
    """(d) HTML5: <aside> before <main><article>, <header> with h1 and <time>, breadcrumbs."""
    nav = "".join(f"<li>{link(label, href)}</li>" for label, href in MENU)
    teasers = "".join(f'<li>{link(t, h)} <time datetime="{iso}">{d}</time></li>'
                      for t, h, d, iso in TEASERS)
    out = [head(page), f"<header><nav><ul>{nav}</ul></nav></header>",
           f"<aside><h2>Popular</h2><ul>{teasers}</ul></aside>", "<main>",
           f'<ol><li><a href="/en/">Home</a></li><li><a href="/en/news/">News</a></li>'
           f"<li>{esc(page.title)}</li></ol>", "<article>", f"<header><h1>{esc(page.title)}</h1>"]
    if page.published:
        out.append(f'<time datetime="{page.published.isoformat()}T10:15:00+03:00">'
                   f"{page.date_text()}</time>")
    out.append("</header>")
    out += [f"<div>{link(label, href)}</div>"
            for label, href in page.top_links("https://beta.russiancouncil.ru")]
    out += [f"<div>{esc(label)}</div>" for label in page.layout.labels]
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    for name, credentials in page.authors:
        out.append(f"<section><h3>{esc(name or '')}</h3><p>{esc(credentials)}</p></section>")
    lead, body = amp_parts(page)
    out += [f"<section>{blocks_p(lead)}</section>"] if lead else []
    out.append(f"<section>{blocks_p(body)}</section>")
    out += ["<p>Video</p>"] if page.layout.video else []
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    out.append("</article>")
    out += [f"<section>{''.join(f'<p>{esc(x)}</p>' for x in poll_lines(page))}</section>"]
    out.append("</main><footer>" + "".join(f"<p>{esc(f)}</p>" for f in FOOTER) +
               "</footer></body></html>")
    return "\n".join(out)


def _radio_poll(page: PageText) -> str:
    """The poll as radio labels with counts in spans."""
    if not page.poll:
        return ""
    out = ["<div>Poll conducted</div>"] if page.layout.poll_heading else []
    out.append(f"<div>1. {esc(page.poll['question'])}</div>")
    for option in page.poll["options"]:
        out.append(f'<div><label><input type="radio" name="a"> {esc(option["label"])}</label>'
                   f"<span>{option['votes']}</span> <span>({option['percent']:g}%)</span></div>")
    return "<form>" + "".join(out) + "</form>"


def render_spans(page: PageText) -> str:
    """(e) No classes or ids; chrome in <span>s on one line; title in <h2>; radio-button poll."""
    out = [head(page), "<div>", f"<h2>{esc(page.title)}</h2>"]
    if page.date_text():
        out.append(f"<div><span>{page.date_text(1)}</span></div>")
    links = " ".join(f"<span>{link(label, href)}</span>"
                     for label, href in page.top_links("https://russiancouncil.ru."))
    out += [f"<div>{links}</div>"] if links else []
    out += [f"<div><span>{esc(label)}</span></div>" for label in page.layout.labels]
    widget = "".join(f"<span>{esc(x)}</span>" for x in page.rate)
    widget += f" <span>{esc(page.share)}</span>" if page.share else ""
    out += [f"<div>{widget}</div>"] if widget else []
    for name, credentials in page.authors:
        out.append(f"<div><span>{esc(name or '')}</span><br><span>{esc(credentials)}</span></div>")
    lead, body = amp_parts(page)
    out += [f"<div>{blocks_p(lead)}</div>"] if lead else []
    out.append(f"<div>{blocks_p(body)}</div>")
    out += ["<div><span>Video</span></div>"] if page.layout.video else []
    out += [f"<div>{widget}</div>"] if widget else []
    out.append(_radio_poll(page))
    out.append("<div>" + "".join(f"<span>{esc(f)}</span><br>" for f in FOOTER) +
               "</div></div></body></html>")
    return "\n".join(out)


def render_one_div(page: PageText) -> str:
    """(f) Everything in one <div> of text lines and <br>s (links are the only other tags)."""
    lines = [esc(page.title)]
    lines += [page.date_text()] if page.date_text() else []
    links = " ".join(link(label, href) for label, href in page.top_links())
    lines += [links] if links else []
    lines += [esc(x) for x in (*page.layout.labels, *page.rate)]
    lines += [esc(page.share)] if page.share else []
    for name, credentials in page.authors:
        lines += [esc(name)] if name else []
        lines.append(esc(credentials))
    lead, body = amp_parts(page)
    for kind, text in [*lead, *body]:
        lines.append(("• " if kind == "item" else "") + esc(text))
    lines += ["Video"] if page.layout.video else []
    lines += [esc(x) for x in page.rate] + ([esc(page.share)] if page.share else [])
    lines += [esc(x) for x in poll_lines(page)] + list(FOOTER)
    return head(page) + "<div>" + "<br><br>\n".join(lines) + "</div></body></html>"


def render_menu_teasers(page: PageText) -> str:
    """(g) A plain <div><ul> link menu before the <h1>; unheaded related teasers after the body."""
    menu = "".join(f"<li>{link(label, href)}</li>" for label, href in MENU)
    teasers = "".join(f"<div><div>{link(t, h)}</div><div>{d}</div></div>"
                      for t, h, d, _ in TEASERS)
    tags = ", ".join(link(tag, f"/en/search/?tags={tag}") for tag in TAGS)
    out = [head(page), f"<div><ul>{menu}</ul></div>", "<div>",
           f"<h1><span>{esc(page.title)}</span></h1>"]
    if page.date_text():
        out.append(f"<div>{page.date_text()}</div>")
    out += [f"<div>{link(label, href)}</div>" for label, href in page.top_links()]
    out += [f"<div>{esc(label)}</div>" for label in page.layout.labels]
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    for name, credentials in page.authors:
        out.append(f"<div><div>{link(name, '/en/some-expert/') if name else ''}</div>"
                   f"<div>{esc(credentials)}</div></div>")
    lead, body = amp_parts(page)
    out += [f"<div>{blocks_p(lead)}</div>"] if lead else []
    out.append(f"<div>{blocks_p(body)}</div>")
    out += ["<div>Video</div>"] if page.layout.video else []
    out.append(f"<div>{tags}</div><div>{teasers}</div>")
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    out.append("".join(f"<div>{esc(x)}</div>" for x in poll_lines(page)))
    out.append(f"</div><div>{teasers}</div>")
    out.append("<div><ul>" + "".join(f"<li>{link(f, '/en/x/')}</li>" for f in FOOTER) +
               "</ul></div></body></html>")
    return "\n".join(out)


def render_announce(page: PageText) -> str:
    """(h) The lead inside the article's <header> (with h1, <time>) and a <div class=announce>."""
    lead, body = amp_parts(page)
    out = [head(page), '<div class="page">', "<article>", f"<header><h1>{esc(page.title)}</h1>"]
    if page.published:
        out.append(f'<time datetime="{page.published.isoformat()}">{page.date_text(1)}</time>')
    out += [f'<div class="announce">{blocks_p(lead)}</div>'] if lead else []
    out.append("</header>")
    links = " ".join(link(label, href) for label, href in page.top_links())
    out += [f"<div>{links}</div>"] if links else []
    out += [f"<div>{esc(label)}</div>" for label in page.layout.labels]
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    for name, credentials in page.authors:
        out.append(f"<div><b>{esc(name or '')}</b></div><div><i>{esc(credentials)}</i></div>")
    out.append(f'<div class="detail">{blocks_p(body)}</div>')
    out += ["<div>Video</div>"] if page.layout.video else []
    out += [f"<div>{esc(line)}</div>" for line in page.rate]
    out += [f"<div>{esc(page.share)}</div>"] if page.share else []
    out.append("</article>" + "".join(f"<div>{esc(x)}</div>" for x in poll_lines(page)))
    out.append("</div><footer>" + " ".join(FOOTER) + "</footer></body></html>")
    return "\n".join(out)


def _wysiwyg_body(items: list[tuple[str, str]]) -> str:
    """Editor output: <P><SPAN style> paragraphs, &nbsp; spacers, <OL> bullets, bold spans."""
    out, in_list = [], False
    for kind, text in items:
        if kind == "item" and not in_list:
            out.append("<OL>")
        if kind != "item" and in_list:
            out.append("</OL>")
        in_list = kind == "item"
        if kind == "item":
            out.append(f"<LI><SPAN style=\"font-size:14px\">{esc(text)}</SPAN></LI>")
        elif kind in ("heading", "speaker"):
            out.append(f"<P><STRONG><SPAN>{esc(text)}</SPAN></STRONG></P>")
        else:
            out.append(f"<P style=text-align:justify><SPAN>{rich(kind, text, 'STRONG')}</SPAN>"
                       "</P>\r\n<P>&nbsp;</P>")
    return "\r\n".join(out + (["</OL>"] if in_list else []))


def render_wysiwyg(page: PageText) -> str:
    """(i) HTML 4 editor output: upper-case tags, unquoted attributes, CRLF, chrome as <LI>s."""
    tools = "".join(f"<LI>{link(label, href)}</LI>" for label, href in page.top_links())
    widget = "".join(f"<LI>{esc(x)}</LI>" for x in page.rate)
    widget += f"<LI>{esc(page.share)}</LI>" if page.share else ""
    out = [head(page), f"<TABLE><TR><TD><H1>{esc(page.title)}</H1>"]
    if page.date_text():
        out.append(f"<SPAN class=date>{page.date_text()}</SPAN><BR>")
    out += [f"<UL class=tools>{tools}</UL>"] if tools else []
    out += [f"<P>{esc(label)}</P>" for label in page.layout.labels]
    out += [f"<UL class=rate>{widget}</UL>"] if widget else []
    for name, credentials in page.authors:
        out.append(f"<P><A href=/en/x/><B>{esc(name or '')}</B></A><BR>\t{esc(credentials)}</P>")
    lead, body = amp_parts(page)
    out += [f"<DIV class=preview_text>{_wysiwyg_body(lead)}</DIV>"] if lead else []
    out.append(f"<DIV class=detail_text>{_wysiwyg_body(body)}</DIV>")
    out += ["<P>Video</P>"] if page.layout.video else []
    out += [f"<UL class=rate>{widget}</UL>"] if widget else []
    out.append("</TD></TR></TABLE>" + "".join(f"<P>{esc(x)}</P>" for x in poll_lines(page)))
    out.append("<P>" + "<BR>".join(FOOTER) + "</P></BODY></HTML>")
    return "\r\n".join(out)


VARIANTS: dict[str, Callable[[PageText], str]] = {
    "div-br": render_div_br,
    "table": render_table,
    "bullets-speakers": render_bullets,
    "html5-aside-first": render_html5,
    "no-classes-spans": render_spans,
    "one-div-br": render_one_div,
    "menu-teasers": render_menu_teasers,
    "announce-header": render_announce,
    "wysiwyg-upper-case": render_wysiwyg,
}


def render(name: str, variant: str) -> str:
    """Fixture `name`'s text in markup `variant`."""
    return VARIANTS[variant](page_text(name))
