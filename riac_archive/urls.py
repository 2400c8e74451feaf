"""What the project knows about russiancouncil.ru URLs: canonical form, language, sections.

The path is a page's identity: hosts (www., beta., a trailing dot, a local mirror), the scheme,
`sphrase_id` and the AMP segment are variants of one document (site-notes §1, §10.1).
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, quote, unquote_plus, urlsplit, urlunsplit

SITE_HOST = "russiancouncil.ru"
SITE_BASE = f"https://{SITE_HOST}"
SITE_HOSTS = frozenset({SITE_HOST, f"www.{SITE_HOST}", f"beta.{SITE_HOST}"})

# Query parameters that change what a page shows; everything else (sphrase_id, utm_*) is noise.
KEPT_PARAMS = ("PAGEN_1", "more", "tags", "q", "page_4", "offset_4", "PROJECT_THEME_ID_4")

# (section name, path below the language prefix) of the listings the crawl starts from.
LISTING_SECTIONS: dict[str, str] = {
    "news": "news/",
    "analytics": "analytics-and-comments/analytics/",
    "comments": "analytics-and-comments/comments/",
    "interview": "analytics-and-comments/interview/",
}

_DETAIL_PATTERNS = [
    (re.compile(r"^news/(?P<slug>[^/]+)/$"), "news"),
    (re.compile(r"^analytics-and-comments/(?P<sec>analytics|comments|interview)/(?P<slug>[^/]+)/$"),
     None),
    (re.compile(r"^activity/publications/(?P<slug>[^/]+)/$"), "publications"),
]
_SAFE_PATH_CHARS = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY_CHARS = "/%:@!$'()*+,;=-._~?"
_BARE_SITE_URL = re.compile(r"(?:www\.|beta\.)?russiancouncil\.ru\.?(?::\d+)?(?:/|$)", re.I)


def _canonical_path(path: str) -> str:
    """Percent-encode raw characters (keeping escapes), drop AMP and index.php, add the slash."""
    path = quote(path or "/", safe=_SAFE_PATH_CHARS)
    path = re.sub(r"/{2,}", "/", path)
    path = re.sub(r"^/(en/)?amp/", r"/\1", path)
    path = re.sub(r"/index\.php$", "/", path)  # Bitrix serves a folder's index.php at the folder
    last = path.rsplit("/", 1)[-1]
    if not path.endswith("/") and "." not in last:
        path += "/"
    return path


def _canonical_query(query: str) -> str:
    """Keep the parameters that select content, sorted by name, each byte-exact; drop the rest."""
    kept = []
    for raw in query.split("&"):
        name = unquote_plus(raw.split("=", 1)[0])
        if raw and name in KEPT_PARAMS:
            kept.append((name, quote(raw, safe=_SAFE_QUERY_CHARS)))
    return "&".join(raw for _, raw in sorted(kept))


def _split(url: str) -> SplitResult:
    """urlsplit, reading a bare "russiancouncil.ru/..." (no scheme) as a site URL."""
    url = url.strip()
    if _BARE_SITE_URL.match(url):
        url = "https://" + url
    return urlsplit(url)


def canonical_url(url: str) -> str:
    """The one URL a page is known by: https://russiancouncil.ru/<path>/ plus content params."""
    parts = _split(url)
    return urlunsplit(("https", SITE_HOST, _canonical_path(parts.path),
                       _canonical_query(parts.query), ""))


def site_path(url: str) -> str:
    """The canonical path without the leading slash ("en/news/x/")."""
    return urlsplit(canonical_url(url)).path.lstrip("/")


def host_of(url: str) -> str:
    """Lower-case host without port, trailing dot or credentials."""
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def is_site_url(url: str, base_url: str = SITE_BASE) -> bool:
    """True for links to the site's own hosts or to the configured base URL (a mirror)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    host, base = urlsplit(url), urlsplit(base_url)
    if host_of(url) in SITE_HOSTS:
        return True
    return host_of(url) == host_of(base_url) and host.port == base.port


def language(url: str) -> str:
    """"en" for pages under /en/, "ru" otherwise; the prefix is the only language signal."""
    return "en" if site_path(url).startswith("en/") else "ru"


def _local_path(url: str) -> str:
    """The canonical path below the language prefix ("news/x/")."""
    path = site_path(url)
    return path[3:] if path.startswith("en/") else path


def section(url: str) -> str | None:
    """The site section a URL belongs to: news, analytics, comments, interview, publications..."""
    path = _local_path(url)
    match = re.match(r"analytics-and-comments/(analytics|comments|interview)/", path)
    if match:
        return match.group(1)
    if path.startswith(("activity/publications/", "publications/")):
        return "publications"
    first = path.split("/", 1)[0]
    return first or None


def slug(url: str) -> str | None:
    """The last path segment of a page below its section, as printed (never parsed for meaning)."""
    if listing_section(url):
        return None
    segments = [s for s in _local_path(url).split("/") if s]
    return segments[-1] if len(segments) >= 2 else None


def is_document_url(url: str) -> bool:
    """True for detail pages: a news item, an article, a publication."""
    parts = urlsplit(canonical_url(url))
    if parts.query:
        return False
    return any(p.match(_local_path(url)) for p, _ in _DETAIL_PATTERNS)


def listing_section(url: str) -> str | None:
    """The section of a listing page (/en/news/, .../analytics/?PAGEN_1=2), else None."""
    path = _local_path(url)
    for name, listing_path in LISTING_SECTIONS.items():
        if path == listing_path:
            return name
    return None


def page_number(url: str) -> int:
    """The PAGEN_1 page number of a listing URL (1 when absent or malformed)."""
    value = dict(parse_qsl(urlsplit(url).query)).get("PAGEN_1", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def listing_url(lang: str, section_name: str, page: int = 1, base_url: str = SITE_BASE) -> str:
    """The URL of page `page` of a section's listing, on the base URL."""
    prefix = "en/" if lang == "en" else ""
    query = f"?PAGEN_1={page}" if page > 1 else ""
    return f"{base_url.rstrip('/')}/{prefix}{LISTING_SECTIONS[section_name]}{query}"


def on_base(url: str, base_url: str = SITE_BASE) -> str:
    """The URL to request for a (canonical) URL when crawling through `base_url`."""
    canon = urlsplit(canonical_url(url))
    base = urlsplit(base_url.rstrip("/"))
    return urlunsplit((base.scheme, base.netloc, base.path + canon.path, canon.query, ""))
