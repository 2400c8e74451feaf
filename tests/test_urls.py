"""URL knowledge (site-notes §1, §10.1): canonical form, language, sections, listings."""

from __future__ import annotations

import pytest

from riac_archive import urls

NEWS = "https://russiancouncil.ru/en/news/riac-hosted-a-round-table/"

CANONICAL = [
    # hosts, schemes, trailing dot, case
    ("https://russiancouncil.ru/en/news/riac-hosted-a-round-table/", NEWS),
    ("http://russiancouncil.ru/en/news/riac-hosted-a-round-table/", NEWS),
    ("https://russiancouncil.ru./en/news/riac-hosted-a-round-table/", NEWS),
    ("http://russiancouncil.ru./en/news/riac-hosted-a-round-table/", NEWS),
    ("https://www.russiancouncil.ru/en/news/riac-hosted-a-round-table/", NEWS),
    ("https://beta.russiancouncil.ru/en/news/riac-hosted-a-round-table/", NEWS),
    ("HTTPS://RussianCouncil.RU/en/news/riac-hosted-a-round-table/", NEWS),
    ("https://russiancouncil.ru:443/en/news/riac-hosted-a-round-table/", NEWS),
    ("  https://russiancouncil.ru/en/news/riac-hosted-a-round-table/  ", NEWS),
    ("//russiancouncil.ru/en/news/riac-hosted-a-round-table/", NEWS),
    ("russiancouncil.ru/en/news/riac-hosted-a-round-table/", NEWS),
    ("/en/news/riac-hosted-a-round-table/", NEWS),
    # a local mirror is the same document
    ("http://127.0.0.1:8765/en/news/riac-hosted-a-round-table/", NEWS),
    ("http://127.0.0.1:8765/en/news/riac-hosted-a-round-table/?sphrase_id=77", NEWS),
    # sphrase_id, fragments, other noise
    ("https://russiancouncil.ru/en/news/riac-hosted-a-round-table/?sphrase_id=1234", NEWS),
    ("http://russiancouncil.ru./en/news/riac-hosted-a-round-table/?sphrase_id=98765", NEWS),
    ("https://russiancouncil.ru/en/news/riac-hosted-a-round-table/#comments", NEWS),
    ("https://russiancouncil.ru/en/news/riac-hosted-a-round-table/?utm_source=x&sphrase_id=2",
     NEWS),
    # trailing slash, AMP with and without it
    ("https://russiancouncil.ru/en/news/riac-hosted-a-round-table", NEWS),
    ("https://russiancouncil.ru/en/amp/news/riac-hosted-a-round-table/", NEWS),
    ("https://russiancouncil.ru/en/amp/news/riac-hosted-a-round-table", NEWS),
    ("http://beta.russiancouncil.ru./en/amp/news/riac-hosted-a-round-table?sphrase_id=5", NEWS),
    ("https://russiancouncil.ru/en//news//riac-hosted-a-round-table/", NEWS),
    # Russian pages: no prefix
    ("http://russiancouncil.ru/news/vstrecha-s-delegatsiey/",
     "https://russiancouncil.ru/news/vstrecha-s-delegatsiey/"),
    ("https://russiancouncil.ru/amp/news/vstrecha-s-delegatsiey",
     "https://russiancouncil.ru/news/vstrecha-s-delegatsiey/"),
    # the path's case is kept (only the host is case-insensitive)
    ("https://russiancouncil.ru/en/news/Mixed-Case/",
     "https://russiancouncil.ru/en/news/Mixed-Case/"),
    # slugs as printed: truncated, leading or trailing hyphen, dropped letters
    ("https://russiancouncil.ru/en/news/eksperty-rsmd-vstretilis-s-predstavitelyami-severnogo-fonda-/",
     "https://russiancouncil.ru/en/news/eksperty-rsmd-vstretilis-s-predstavitelyami-severnogo-fonda-/"),
    ("https://russiancouncil.ru/en/news/-gateway-to-the-north-no-more-/",
     "https://russiancouncil.ru/en/news/-gateway-to-the-north-no-more-/"),
    # percent-encoding kept byte-exact; a raw ligature is encoded
    ("https://russiancouncil.ru/en/blogs/so%EF%AC%81/",
     "https://russiancouncil.ru/en/blogs/so%EF%AC%81/"),
    ("https://russiancouncil.ru/en/blogs/so%ef%ac%81",
     "https://russiancouncil.ru/en/blogs/so%ef%ac%81/"),
    ("https://russiancouncil.ru/en/blogs/so\ufb01/",
     "https://russiancouncil.ru/en/blogs/so%EF%AC%81/"),
    # listings: PAGEN_1, more, tags and q kept (sorted, byte-exact); sphrase_id dropped
    ("https://russiancouncil.ru/en/blogs/some-blog?PAGEN_1=2&more=Y",
     "https://russiancouncil.ru/en/blogs/some-blog/?PAGEN_1=2&more=Y"),
    ("https://russiancouncil.ru/en/blogs/some-blog/?more=Y&PAGEN_1=138&sphrase_id=9",
     "https://russiancouncil.ru/en/blogs/some-blog/?PAGEN_1=138&more=Y"),
    ("https://russiancouncil.ru/en/search/?tags=Arctic%2CNorway%2CNorth+Atlantic",
     "https://russiancouncil.ru/en/search/?tags=Arctic%2CNorway%2CNorth+Atlantic"),
    ("http://russiancouncil.ru./en/search/?tags=Arctic%2CNorway&PAGEN_1=6&sphrase_id=3",
     "https://russiancouncil.ru/en/search/?PAGEN_1=6&tags=Arctic%2CNorway"),
    ("https://russiancouncil.ru/en/search/index.php?tags=Arctic%2cNorway",
     "https://russiancouncil.ru/en/search/?tags=Arctic%2cNorway"),
    ("http://127.0.0.1:8000/en/news/index.php?PAGEN_1=2",
     "https://russiancouncil.ru/en/news/?PAGEN_1=2"),
    ("https://russiancouncil.ru/en/search/?q=arctic+ice&tags=",
     "https://russiancouncil.ru/en/search/?q=arctic+ice&tags="),
    ("https://russiancouncil.ru/en/search/?q=%D0%90%D1%80%D0%BA%D1%82%D0%B8%D0%BA%D0%B0",
     "https://russiancouncil.ru/en/search/?q=%D0%90%D1%80%D0%BA%D1%82%D0%B8%D0%BA%D0%B0"),
    ("https://russiancouncil.ru/en/search/?q=арктика",
     "https://russiancouncil.ru/en/search/?q=%D0%B0%D1%80%D0%BA%D1%82%D0%B8%D0%BA%D0%B0"),
    # old site
    ("https://russiancouncil.ru/en/inner/index.php?PROJECT_THEME_ID_4=12&sphrase_id=1",
     "https://russiancouncil.ru/en/inner/?PROJECT_THEME_ID_4=12"),
    ("https://russiancouncil.ru/en/?page_4=2&offset_4=20",
     "https://russiancouncil.ru/en/?offset_4=20&page_4=2"),
    # homepages, profiles
    ("https://russiancouncil.ru/en", "https://russiancouncil.ru/en/"),
    ("http://russiancouncil.ru.", "https://russiancouncil.ru/"),
    ("https://russiancouncil.ru/en/profile/reader/ivan-petrov-1234",
     "https://russiancouncil.ru/en/profile/reader/ivan-petrov-1234/"),
]


@pytest.mark.parametrize("url, expected", CANONICAL, ids=[c[0] for c in CANONICAL])
def test_canonical_url(url: str, expected: str) -> None:
    assert urls.canonical_url(url) == expected


@pytest.mark.parametrize("url", [c[0] for c in CANONICAL])
def test_canonical_url_is_idempotent(url: str) -> None:
    once = urls.canonical_url(url)
    assert urls.canonical_url(once) == once


@pytest.mark.parametrize("url, lang", [
    (NEWS, "en"),
    ("https://russiancouncil.ru/en", "en"),
    ("https://russiancouncil.ru/en/amp/news/x", "en"),
    ("http://127.0.0.1:8765/en/news/x/", "en"),
    ("https://russiancouncil.ru/news/vstrecha-s-delegatsiey-universiteta-tsinkhua/", "ru"),
    ("https://russiancouncil.ru/", "ru"),
    # a Russian slug on an English page is still English; an English slug at the root Russian
    ("https://russiancouncil.ru/en/news/vstrecha-s-delegatsiey-universiteta-tsinkhua/", "en"),
    ("https://russiancouncil.ru/news/riac-hosted-a-round-table/", "ru"),
    ("https://russiancouncil.ru/enigma-of-the-arctic/", "ru"),  # "en" only as a whole segment
])
def test_language(url: str, lang: str) -> None:
    assert urls.language(url) == lang


@pytest.mark.parametrize("url, expected", [
    (NEWS, "news"),
    ("https://russiancouncil.ru/news/x/", "news"),
    ("https://russiancouncil.ru/en/amp/news/x", "news"),
    ("https://russiancouncil.ru/en/analytics-and-comments/analytics/x/", "analytics"),
    ("https://russiancouncil.ru/en/analytics-and-comments/comments/x/", "comments"),
    ("https://russiancouncil.ru/analytics-and-comments/interview/x/", "interview"),
    ("https://russiancouncil.ru/en/activity/publications/x/", "publications"),
    ("https://russiancouncil.ru/en/publications/policybriefs/", "publications"),
    ("https://russiancouncil.ru/en/blogs/some-author/", "blogs"),
    ("https://russiancouncil.ru/en/search/?tags=Arctic", "search"),
    ("https://russiancouncil.ru/en/", None),
    ("https://russiancouncil.ru/", None),
])
def test_section(url: str, expected: str | None) -> None:
    assert urls.section(url) == expected


@pytest.mark.parametrize("url, expected", [
    (NEWS, "riac-hosted-a-round-table"),
    ("https://russiancouncil.ru/en/amp/news/riac-hosted-a-round-table",
     "riac-hosted-a-round-table"),
    ("https://russiancouncil.ru/news/vstrecha-ekspertov-rsmd-s-delegatsiey-instituta-arkticheskik/",
     "vstrecha-ekspertov-rsmd-s-delegatsiey-instituta-arkticheskik"),
    ("https://russiancouncil.ru/en/news/-gateway-to-the-north-no-more-/",
     "-gateway-to-the-north-no-more-"),
    ("https://russiancouncil.ru/en/analytics-and-comments/analytics/a-new-arctic/", "a-new-arctic"),
    ("https://russiancouncil.ru/en/blogs/so%EF%AC%81/", "so%EF%AC%81"),
    ("https://russiancouncil.ru/en/news/", None),
    ("https://russiancouncil.ru/en/analytics-and-comments/analytics/?PAGEN_1=3", None),
    ("https://russiancouncil.ru/en/", None),
])
def test_slug(url: str, expected: str | None) -> None:
    assert urls.slug(url) == expected


@pytest.mark.parametrize("url, expected", [
    (NEWS, True),
    ("http://beta.russiancouncil.ru./en/amp/news/x?sphrase_id=5", True),
    ("https://russiancouncil.ru/news/x/", True),
    ("https://russiancouncil.ru/en/analytics-and-comments/analytics/x/", True),
    ("https://russiancouncil.ru/en/analytics-and-comments/interview/x/", True),
    ("https://russiancouncil.ru/en/activity/publications/x/", True),
    ("http://127.0.0.1:8765/en/news/x/", True),
    ("https://russiancouncil.ru/en/news/", False),
    ("https://russiancouncil.ru/en/news/?PAGEN_1=2", False),
    ("https://russiancouncil.ru/en/analytics-and-comments/analytics/", False),
    ("https://russiancouncil.ru/en/blogs/some-blog?PAGEN_1=2&more=Y", False),
    ("https://russiancouncil.ru/en/search/?tags=Arctic", False),
    ("https://russiancouncil.ru/en/profile/reader/ivan-petrov-1234", False),
    ("https://russiancouncil.ru/en/andrey-kortunov/", False),
    ("https://russiancouncil.ru/en/publications/policybriefs/", False),
    ("https://russiancouncil.ru/en/news/x/comments/", False),
    ("https://russiancouncil.ru/en/", False),
])
def test_is_document_url(url: str, expected: bool) -> None:
    assert urls.is_document_url(url) is expected


@pytest.mark.parametrize("url, expected", [
    ("https://russiancouncil.ru/en/news/", "news"),
    ("https://russiancouncil.ru/news/?PAGEN_1=4", "news"),
    ("http://127.0.0.1:8765/en/news/?PAGEN_1=2", "news"),
    ("https://russiancouncil.ru/en/analytics-and-comments/analytics/?PAGEN_1=3", "analytics"),
    ("https://russiancouncil.ru/analytics-and-comments/comments/", "comments"),
    ("https://russiancouncil.ru/en/analytics-and-comments/interview", "interview"),
    (NEWS, None),
    ("https://russiancouncil.ru/en/analytics-and-comments/", None),
    ("https://russiancouncil.ru/en/blogs/some-blog?PAGEN_1=2&more=Y", None),
    ("https://russiancouncil.ru/en/", None),
])
def test_listing_section(url: str, expected: str | None) -> None:
    assert urls.listing_section(url) == expected


@pytest.mark.parametrize("url, base, expected", [
    (NEWS, "http://127.0.0.1:8765", "http://127.0.0.1:8765/en/news/riac-hosted-a-round-table/"),
    (NEWS, "http://127.0.0.1:8765/", "http://127.0.0.1:8765/en/news/riac-hosted-a-round-table/"),
    ("http://beta.russiancouncil.ru./en/amp/news/x?sphrase_id=5", "http://127.0.0.1:9000",
     "http://127.0.0.1:9000/en/news/x/"),
    ("https://russiancouncil.ru/en/search/?tags=Arctic%2CNorway&PAGEN_1=2",
     "http://127.0.0.1:9000", "http://127.0.0.1:9000/en/search/?PAGEN_1=2&tags=Arctic%2CNorway"),
    ("http://127.0.0.1:9000/news/x/", "http://127.0.0.1:9000/site",
     "http://127.0.0.1:9000/site/news/x/"),
    (NEWS, urls.SITE_BASE, NEWS),
    ("http://www.russiancouncil.ru/en/news/riac-hosted-a-round-table", "https://russiancouncil.ru",
     NEWS),
])
def test_on_base(url: str, base: str, expected: str) -> None:
    assert urls.on_base(url, base) == expected


@pytest.mark.parametrize("url, base, expected", [
    (NEWS, urls.SITE_BASE, True),
    ("http://russiancouncil.ru./news/x/", urls.SITE_BASE, True),
    ("https://beta.russiancouncil.ru/en/", urls.SITE_BASE, True),
    ("http://127.0.0.1:8765/en/news/x/", "http://127.0.0.1:8765", True),
    ("http://127.0.0.1:8766/en/news/x/", "http://127.0.0.1:8765", False),
    ("https://example.org/en/news/x/", urls.SITE_BASE, False),
    ("https://russiancouncil.ru.evil.example/en/news/x/", urls.SITE_BASE, False),
    ("mailto:info@russiancouncil.ru", urls.SITE_BASE, False),
    ("javascript:void(0)", urls.SITE_BASE, False),
])
def test_is_site_url(url: str, base: str, expected: bool) -> None:
    assert urls.is_site_url(url, base) is expected


@pytest.mark.parametrize("url, page", [
    ("https://russiancouncil.ru/en/news/", 1),
    ("https://russiancouncil.ru/en/news/?PAGEN_1=7", 7),
    ("https://russiancouncil.ru/en/news/?PAGEN_1=0", 1),
    ("https://russiancouncil.ru/en/news/?PAGEN_1=abc", 1),
])
def test_page_number(url: str, page: int) -> None:
    assert urls.page_number(url) == page


def test_listing_url() -> None:
    assert urls.listing_url("en", "news") == "https://russiancouncil.ru/en/news/"
    assert urls.listing_url("ru", "analytics", 3, "http://127.0.0.1:8765/") == (
        "http://127.0.0.1:8765/analytics-and-comments/analytics/?PAGEN_1=3")
    assert urls.listing_section(urls.listing_url("en", "interview", 2)) == "interview"


def test_host_of() -> None:
    assert urls.host_of("HTTP://user:pw@RussianCouncil.RU.:8080/x") == "russiancouncil.ru"
    assert urls.site_path("http://beta.russiancouncil.ru./en/amp/news/x") == "en/news/x/"
