"""A blind mirror of russiancouncil.ru for acceptance-style crawl checks, and a faulty server.

Written without reading the spider or tests/fixtures/site/: listing pages in both languages with
a Bitrix-like pager ("1 2 3 … Next", relative, path-absolute and absolute `?PAGEN_1=N` links,
some with `&sphrase_id=`), teasers with images and dates, the site-wide poll on every page,
detail pages reused from tests/fixtures and tests/holdout* under new slugs, URL variants of one
document (sphrase_id, AMP without a slash, www./beta./trailing-dot hosts, http), off-site links
(example.invalid) and a robots.txt that disallows one listed page.

`build_mirror(root)` writes the site; `serve_mirror(root)` serves it on 127.0.0.1 with a log of
every request and optional faults (503 for the first N answers, every Nth answer cut mid-body,
stalls, ETag/304).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from riac_archive.fixture_server import in_background

TESTS = Path(__file__).parent
SITE = "https://russiancouncil.ru"
DEFAULT_POLL_COUNTS = (33, 30, 24, 21)
POLL_QUESTION = "In your opinion, what are the US long-term goals for Russia?"
POLL_OPTIONS = (
    "U.S. wants to establish partnership relations with Russia on condition that it meets the "
    "U.S. requirements",
    "U.S. wants to deter Russia’s military and political activity",
    "U.S. wants to dissolve Russia",
    "U.S. wants to establish alliance relations with Russia under the US conditions to rival "
    "China",
)


@dataclass(frozen=True)
class Doc:
    """One detail page of the mirror: its canonical path, the page it reuses, its teaser date."""

    key: str
    path: str  # canonical path without the leading slash, e.g. "en/news/x/"
    source: str  # a page under tests/, reused as the detail page's HTML
    date: str  # as a listing prints it

    @property
    def url(self) -> str:
        """The document's canonical URL."""
        return f"{SITE}/{self.path}"


DOCS: tuple[Doc, ...] = (
    Doc("n1", "en/news/russian-armenian-roundtable-at-tass-mirror/",
        "fixtures/seed-plain.html", "03 june 2025"),
    Doc("n2", "en/news/arctic-shipping-cooperation-or-competition-mirror/",
        "fixtures/arctic-shipping-semicolon-list.html", "May 14, 2025"),
    Doc("n3", "en/news/fourth-russia-korea-dialogue-mirror-edition/",
        "fixtures/korea-dialogue-comma-list.html", "22 April 2025"),
    Doc("n4", "en/news/barents-fisheries-round-table-mirror/",
        "holdout/barents-fisheries-semicolon-prose.html", "10 — 11 march 2025"),
    Doc("n5", "en/news/riac-meets-korea-institute-delegation-mirror/",
        "holdout4/en-news-br-only-body-plural-title-korean-names.html", "February 2, 2025"),
    Doc("n6", "en/news/nordic-security-forum-helsinki-mirror/",
        "holdout/nordic-forum-lead-longer-key-quotes.html", "15 january 2025"),
    Doc("a1", "en/analytics-and-comments/analytics/iran-and-russia-in-syria-mirror/",
        "fixtures/analytics-one-author.html", "June 1, 2025"),
    Doc("a2", "en/analytics-and-comments/analytics/northern-sea-route-cargo-ice-mirror/",
        "holdout/analytics-nsr-two-authors-figure.html", "April 9, 2025"),
    Doc("a3", "en/analytics-and-comments/analytics/arctic-shipping-2030-scenarios-mirror/",
        "holdout5/en-analytics-three-authors-exact-lead-no-slash.html", "March 3, 2025"),
    Doc("c1", "en/analytics-and-comments/comments/red-sea-crisis-shipping-mirror/",
        "fixtures/comment-two-authors.html", "May 30, 2025"),
    Doc("i1", "en/analytics-and-comments/interview/timofeev-sanctions-stay-mirror/",
        "fixtures/interview-topics-pipes.html", "May 2, 2025"),
    Doc("r1", "news/eksperty-rsmd-vstretilis-s-severnym-fondom-zerkalo/",
        "fixtures/ru-news-delegation.html", "12 мая 2025"),
    Doc("r2", "news/v-rsmd-obsudili-kaspiyskiy-region-zerkalo/",
        "holdout/ru-caspian-title-before-name.html", "3 апреля 2025"),
    Doc("r3", "news/rossiya-i-severnaya-evropa-dialog-zerkalo/",
        "holdout4/ru-news-old-font-tables-two-titles-instrumental.html", "18 марта 2025"),
    Doc("ra1", "analytics-and-comments/analytics/rossiya-i-zaliv-zerkalo/",
        "fixtures/ru-analytics-byline.html", "20 мая 2025"),
    Doc("ra2", "analytics-and-comments/analytics/baltiyskoe-more-zerkalo/",
        "holdout2/ru-analytics-bitrix-two-authors.html", "1 апреля 2025"),
    Doc("rc1", "analytics-and-comments/comments/energeticheskiy-krizis-zerkalo/",
        "holdout/ru-comment-energy-one-author.html", "7 мая 2025"),
    Doc("ri1", "analytics-and-comments/interview/ivanov-dialog-zerkalo/",
        "fixtures/ru-interview-unlabelled.html", "25 апреля 2025"),
)
# Listed on /en/news/ page 2 but disallowed by robots.txt: never requested, never archived.
DISALLOWED = Doc("x1", "en/news/riac-and-ljubljana-balkan-connectivity-mirror/",
                 "holdout/balkan-seminar-intro-bullets-br.html", "01 march 2025")
# The AMP copy served at /en/amp/news/<slug> (no slash) for n6; only the AMP link is listed.
AMP_SOURCE = "fixtures/amp-nordic-security.html"
EDITED_DOC = "a1"  # the document whose text `build_mirror(edited=True)` changes
EDIT = ("partnership of convenience", "partnership of necessity")
BY_KEY = {doc.key: doc for doc in DOCS}


def _variant(doc: Doc, how: str) -> str:
    """A link to `doc` in one of the shapes the site uses (all are the same document)."""
    slug_path = "/" + doc.path
    shapes = {
        "relative": slug_path,
        "sphrase": f"{slug_path}?sphrase_id={sum(map(ord, doc.key)) * 37 + 10000}",
        "www": f"https://www.russiancouncil.ru{slug_path}",
        "beta": f"http://beta.russiancouncil.ru{slug_path}?sphrase_id=4412",
        "dot": f"https://russiancouncil.ru.{slug_path.rstrip('/')}",
        "http": f"http://russiancouncil.ru{slug_path}",
        "amp": slug_path.replace("/en/news/", "/en/amp/news/").rstrip("/"),
    }
    return shapes[how]


# (lang, section listing path) -> pages, each a list of (doc key, teaser link shape, image shape).
LISTINGS: dict[str, list[list[tuple[str, str, str]]]] = {
    "en/news/": [
        [("n1", "relative", "sphrase"), ("n2", "www", "relative"), ("n3", "sphrase", "http")],
        [("n4", "dot", "relative"), ("x1", "relative", "relative"), ("c1", "www", "www")],
        [("n5", "http", "beta"), ("n6", "amp", "amp")],
    ],
    "news/": [
        [("r1", "relative", "relative"), ("r2", "sphrase", "dot")],
        [("r3", "beta", "relative")],
    ],
    "en/analytics-and-comments/analytics/": [
        [("a1", "relative", "sphrase"), ("a2", "dot", "relative")],
        [("a3", "http", "www")],
    ],
    "analytics-and-comments/analytics/": [
        [("ra1", "www", "relative")],
        [("ra2", "relative", "sphrase")],
    ],
    "en/analytics-and-comments/comments/": [[("c1", "relative", "relative")]],
    "analytics-and-comments/comments/": [[("rc1", "sphrase", "relative")]],
    "en/analytics-and-comments/interview/": [[("i1", "beta", "relative")]],
    "analytics-and-comments/interview/": [[("ri1", "relative", "http")]],
}
SIDEBAR_LINKS = ("n2:sphrase", "a2:www", "r1:dot", "n6:amp")
SIDEBAR_KEYS = {item.split(":")[0] for item in SIDEBAR_LINKS}
OFF_SITE_LINKS = (
    "https://example.invalid/en/news/off-site-story/",
    "http://russiancouncil.ru.example.invalid/en/news/look-alike-host/",
    "//example.invalid/news/protocol-relative/",
    "https://www.example.invalid/en/analytics-and-comments/analytics/elsewhere/",
)
CHROME_LINKS = (
    "/en/about-us/", "/en/experts/", "/en/blogs/", "/en/blogs/some-author/?PAGEN_1=2&more=Y",
    "/en/search/?tags=Arctic%2CNorway", "/en/rss/", "/upload/iblock/7f3/riac-report.pdf",
    "mailto:welcome@russiancouncil.ru", "javascript:void(0)", "#top",
)


def poll_html(counts: tuple[int, ...] = DEFAULT_POLL_COUNTS) -> str:
    """The site-wide poll widget, laid out as site-notes §3 shows its text."""
    total = sum(counts)
    rows = "".join(
        f'<tr><td class="vote-answer">{html.escape(label)}&nbsp;&nbsp;</td></tr>'
        f'<tr><td class="vote-count"><span>{count}</span> ({round(100 * count / total)}%)'
        f'<div class="bar" style="width:{round(100 * count / total)}%"></div></td></tr>'
        for label, count in zip(POLL_OPTIONS, counts, strict=True))
    return ('<div class="sidebar-vote"><div class="vote-head">Poll conducted</div>'
            f'<ol class="vote-questions"><li><div class="vote-q">{POLL_QUESTION}</div>'
            f'<table class="vote-results">{rows}</table></li></ol></div>')


def _pager_href(listing: str, page: int, style: int) -> str:
    """A pager link to page `page` of `listing` in one of four spellings."""
    if page == 1:
        return f"/{listing}" if style % 2 else f"{SITE}/{listing}"
    spellings = [
        f"?PAGEN_1={page}",
        f"/{listing}?PAGEN_1={page}&sphrase_id=5512",
        f"https://www.russiancouncil.ru/{listing}?PAGEN_1={page}",
        f"{SITE}./{listing}?sphrase_id=77&PAGEN_1={page}",
    ]
    return spellings[style % len(spellings)]


def _pager(listing: str, page: int, pages: int, lang: str) -> str:
    """A "1 2 3 … Next" pager (Russian: "След."), current page unlinked."""
    if pages == 1:
        return ""
    items = []
    for number in range(1, pages + 1):
        if number == page:
            items.append(f'<li class="bx-active"><span>{number}</span></li>')
        else:
            href = html.escape(_pager_href(listing, number, number + page))
            items.append(f'<li><a href="{href}">{number}</a></li>')
    items.append('<li class="bx-dots"><span>…</span></li>')
    if page < pages:
        label = "Next" if lang == "en" else "След."
        href = html.escape(_pager_href(listing, page + 1, page))
        items.append(f'<li class="bx-next"><a href="{href}">{label}</a></li>')
    return f'<div class="bx-pagination"><ul>{"".join(items)}</ul></div>'


def _title_of(doc: Doc) -> str:
    """The document's title as its fixture's expectation has it."""
    expected = json.loads((TESTS / doc.source).with_suffix(".json").read_text())["expected"]
    return expected.get("title") or doc.key


def _teaser(doc: Doc, link: str, image: str, number: int) -> str:
    """One listing teaser: image link, date, title link, snippet."""
    title = html.escape(_title_of(doc))
    return (f'<div class="news-item"><a class="news-item__img" '
            f'href="{html.escape(_variant(doc, image))}"><img '
            f'src="/upload/resize_cache/iblock/{number:03d}/360_240_2/teaser{number}.jpg" '
            f'alt="{title}"></a><div class="news-item__date">{doc.date}</div>'
            f'<div class="news-item__title"><a href="{html.escape(_variant(doc, link))}">'
            f'{title}</a></div><p class="news-item__text">{title[:40]}…</p></div>')


def _chrome_links(lang: str) -> str:
    """Menus, an off-site block and a sidebar with variant links to documents."""
    menu = "".join(f'<li><a href="{html.escape(href)}">{href}</a></li>' for href in CHROME_LINKS)
    off = "".join(f'<li><a href="{href}">Partner</a></li>' for href in OFF_SITE_LINKS)
    side = "".join(
        f'<li><a href="{html.escape(_variant(BY_KEY[key], how))}">'
        f"{html.escape(_title_of(BY_KEY[key]))}</a></li>"
        for key, how in (item.split(":") for item in SIDEBAR_LINKS))
    other = "/news/" if lang == "en" else "/en/news/"
    return (f'<ul class="menu">{menu}<li><a href="{other}">{"RU" if lang == "en" else "EN"}'
            f'</a></li></ul><ul class="partners">{off}</ul><div class="popular"><h4>Popular'
            f"</h4><ul>{side}</ul></div>")


def listing_html(listing: str, page: int, counts: tuple[int, ...]) -> str:
    """One listing page: chrome, teasers, pager, poll."""
    lang = "en" if listing.startswith("en/") else "ru"
    pages = LISTINGS[listing]
    teasers = "".join(_teaser(DISALLOWED if key == "x1" else BY_KEY[key], link, image, i)
                      for i, (key, link, image) in enumerate(pages[page - 1], start=page * 10))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{listing} page {page}</title></head><body>"
            f'<header>{_chrome_links(lang)}</header><main><h1>{listing}</h1>'
            f'<div class="news-list">{teasers}</div>{_pager(listing, page, len(pages), lang)}'
            f"</main><aside>{poll_html(counts)}</aside>"
            "<footer>For business For researchers For students</footer></body></html>")


def _has_poll(source: str) -> bool:
    """True when the reused page's expectation already carries the poll."""
    expected = json.loads((TESTS / source).with_suffix(".json").read_text())["expected"]
    return bool(expected.get("poll"))


def _charset(raw: bytes) -> str:
    """The charset a reused page declares in its markup (utf-8 when none)."""
    match = re.search(rb"charset=[\"']?([-\w]+)", raw[:2000], re.I)
    return match.group(1).decode() if match else "utf-8"


def detail_html(doc: Doc, counts: tuple[int, ...], edited: bool) -> bytes:
    """A reused page, with the poll added where it had none and the chosen text edit."""
    raw = (TESTS / doc.source).read_bytes()
    charset = _charset(raw)
    text = raw.decode(charset)
    if not _has_poll(doc.source):
        text = re.sub(r"(?i)</body>", poll_html(counts) + "</body>", text, count=1)
    if edited and doc.key == EDITED_DOC:
        text = text.replace(*EDIT)
    return text.encode(charset)


def _file_for_path(root: Path, target: str) -> Path:
    """fixture_server's layout: /a/b/ -> a/b/index.html, ?q -> index@q.html."""
    parts = urlsplit(target)
    directory = parts.path.strip("/")
    name = f"index@{parts.query}.html" if parts.query else "index.html"
    return root / directory / name


def build_mirror(root: Path, *, poll_counts: tuple[int, ...] = DEFAULT_POLL_COUNTS,
                 edited: bool = False) -> None:
    """Write the mirror into `root` (overwriting): listings, details, AMP copy, robots.txt."""
    root.mkdir(parents=True, exist_ok=True)
    files: dict[Path, bytes] = {}
    for listing, pages in LISTINGS.items():
        for page in range(1, len(pages) + 1):
            query = f"?PAGEN_1={page}" if page > 1 else ""
            files[_file_for_path(root, f"/{listing}{query}")] = listing_html(
                listing, page, poll_counts).encode()
    for doc in (*DOCS, DISALLOWED):
        files[_file_for_path(root, f"/{doc.path}")] = detail_html(doc, poll_counts, edited)
    amp = _variant(BY_KEY["n6"], "amp")
    files[_file_for_path(root, amp + "/")] = (TESTS / AMP_SOURCE).read_bytes()
    files[root / "robots.txt"] = (f"User-agent: *\nDisallow: /{DISALLOWED.path}\n"
                                  "Disallow: /bitrix/\nDisallow: /search/\n").encode()
    for file, text in files.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(text)


def listing_pages_leading_to(doc: Doc) -> set[str]:
    """Canonical URLs of the listing pages a crawl must get through to find `doc`."""
    urls = set()
    for listing, pages in LISTINGS.items():
        for number, page in enumerate(pages, start=1):
            if doc.key in {key for key, _, _ in page} or doc.key in SIDEBAR_KEYS:
                urls |= {f"{SITE}/{listing}" + (f"?PAGEN_1={n}" if n > 1 else "")
                         for n in range(1, number + 1)}
    return urls


def expected_urls() -> set[str]:
    """The canonical URLs the crawl must archive (not the disallowed page)."""
    return {doc.url for doc in DOCS}


def first_listing_targets() -> set[str]:
    """Request targets of the first page of each section's listing."""
    return {f"/{listing}" for listing in LISTINGS}


def served_targets() -> set[str]:
    """Every request target the mirror answers (canonical spelling), robots.txt included."""
    targets = {"/robots.txt"} | {f"/{doc.path}" for doc in (*DOCS, DISALLOWED)}
    for listing, pages in LISTINGS.items():
        targets |= {f"/{listing}" + (f"?PAGEN_1={n}" if n > 1 else "")
                    for n in range(1, len(pages) + 1)}
    return targets


# ---------------------------------------------------------------------------------------------
# The server


@dataclass
class Faults:
    """What the server does wrong; changeable between runs."""

    fail_first: int = 0  # answer 503 to this many first requests
    cut_every: int = 0  # cut every Nth answer mid-body (0: never)
    stalls: dict[str, int] = field(default_factory=dict)  # path -> stalls left (-1: always)
    stall_seconds: float = 3.0


@dataclass
class Logged:
    """One request the server saw and what it answered."""

    target: str
    status: int
    if_none_match: str | None
    fault: str = ""


class MirrorServer(ThreadingHTTPServer):
    """Serves a built mirror, logs every request, misbehaves as `faults` says."""

    daemon_threads = True

    def __init__(self, root: Path, faults: Faults | None = None) -> None:
        super().__init__(("127.0.0.1", 0), MirrorHandler)
        self.root = root
        self.faults = faults or Faults()
        self.log: list[Logged] = []
        self.count = 0
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def next_number(self) -> int:
        """The 1-based number of this request (thread-safe)."""
        with self.lock:
            self.count += 1
            return self.count

    def take_stall(self, path: str) -> bool:
        """True when this request for `path` should stall (uses one up)."""
        with self.lock:
            left = self.faults.stalls.get(path, 0)
            if left > 0:
                self.faults.stalls[path] = left - 1
            return left != 0

    def record(self, entry: Logged) -> None:
        """Append to the request log."""
        with self.lock:
            self.log.append(entry)

    def targets(self) -> list[str]:
        """Every request target seen, in order."""
        with self.lock:
            return [entry.target for entry in self.log]

    def reset_log(self) -> None:
        """Forget the requests seen so far (between runs)."""
        with self.lock:
            self.log.clear()

    def file_for(self, target: str) -> Path | None:
        """The file answering a target; like the real site, sphrase_id is ignored."""
        parts = urlsplit(target)
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "sphrase_id"])
        path = unquote(parts.path)
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            path += "/"  # the AMP link without a slash, like the site
        file = self.root / "robots.txt" if path == "/robots.txt" else _file_for_path(
            self.root, path + (f"?{query}" if query else ""))
        return file if file.is_file() else None


def _content_type(target: str, body: bytes) -> str:
    """text/plain for robots.txt; a utf-8 charset only where the body is utf-8."""
    kind = "text/plain" if target.endswith(".txt") else "text/html"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return kind
    return f"{kind}; charset=utf-8"


class MirrorHandler(BaseHTTPRequestHandler):
    """GET with ETag/304 and the configured faults."""

    server: MirrorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Answer one GET, faults first."""
        number = self.server.next_number()
        faults = self.server.faults
        inm = self.headers.get("If-None-Match")
        if number <= faults.fail_first:
            self.server.record(Logged(self.path, 503, inm, "503"))
            self.send_bytes(503, b"<html><body>Service Unavailable</body></html>")
            return
        stalled = self.server.take_stall(urlsplit(self.path).path)
        if stalled:  # answered late: the crawler has usually given up by then
            time.sleep(faults.stall_seconds)
        file = self.server.file_for(self.path)
        if file is None:
            self.server.record(Logged(self.path, 404, inm, "stall" if stalled else ""))
            self.send_bytes(404, b"<html><body><p>Not found</p></body></html>")
            return
        body = file.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if inm is not None and etag in [tag.strip() for tag in inm.split(",")]:
            self.server.record(Logged(self.path, 304, inm, "stall" if stalled else ""))
            self.send_bytes(304, b"", {"ETag": etag})
            return
        cut = bool(faults.cut_every) and number % faults.cut_every == 0
        fault = "stall" if stalled else "cut" if cut else ""
        self.server.record(Logged(self.path, 200, inm, fault))
        self.send_bytes(200, body, {"ETag": etag}, cut=cut)

    def send_bytes(self, status: int, body: bytes, headers: dict[str, str] | None = None,
                   cut: bool = False) -> None:
        """Send an answer; `cut` promises the whole body, sends half and closes the socket."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", _content_type(self.path, body))
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if status != 304:
                self.wfile.write(body[: len(body) // 2] if cut else body)
            self.wfile.flush()
            if cut:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
        except OSError:  # the client gave up (a stall past its timeout)
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the log is `server.log`."""


@contextmanager
def serve_mirror(root: Path, faults: Faults | None = None) -> Iterator[MirrorServer]:
    """Serve a built mirror on 127.0.0.1 in a background thread."""
    with in_background(MirrorServer(root, faults), "blind-mirror") as server:
        yield server


class TrapHandler(BaseHTTPRequestHandler):
    """A proxy that refuses everything and logs it: any off-site request lands here."""

    server: TrapServer

    def answer(self) -> None:
        """Log the request line and refuse."""
        with self.server.lock:
            self.server.seen.append(f"{self.command} {self.path}")
        self.send_error(403)

    do_GET = do_HEAD = do_POST = do_CONNECT = answer  # noqa: N815 - http.server's naming

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


class TrapServer(ThreadingHTTPServer):
    """The off-site trap: set as http(s)_proxy so nothing leaves 127.0.0.1."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), TrapHandler)
        self.seen: list[str] = []
        self.lock = threading.Lock()


@contextmanager
def off_site_trap() -> Iterator[TrapServer]:
    """Run the trap proxy in a background thread."""
    with in_background(TrapServer(), "off-site-trap") as server:
        yield server
