"""Smoke test of the benchmarks (benchmarks/): a tiny mirror and the extraction measurement.

`make bench` is not part of the suite; this keeps its code from rotting in a few seconds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import mirror, report, stages  # noqa: E402
from riac_archive import urls  # noqa: E402
from riac_archive.extract import extract_page  # noqa: E402


@pytest.fixture(scope="module")
def tiny_mirror(tmp_path_factory: pytest.TempPathFactory) -> mirror.Mirror:
    """A 20-page mirror built once for this module."""
    return mirror.build_mirror(tmp_path_factory.mktemp("bench") / "site", 20)


def test_mirror_has_the_pages_listings_and_robots(tiny_mirror: mirror.Mirror) -> None:
    root = tiny_mirror.root
    assert len(tiny_mirror.documents) == 20
    assert all(page.file.is_file() for page in tiny_mirror.documents)
    assert "Disallow: /bitrix/" in (root / "robots.txt").read_text()
    # every listing the spider starts from exists, in both languages
    for lang in ("en", "ru"):
        for section in urls.LISTING_SECTIONS:
            assert (root / mirror.listing_path(lang, section).lstrip("/") / "index.html").is_file()
    assert all(urls.is_document_url(page.canonical) for page in tiny_mirror.documents)


def test_mirror_pages_differ_from_their_fixture(tiny_mirror: mirror.Mirror) -> None:
    first = tiny_mirror.documents[0]
    html = tiny_mirror.read(first).decode()
    assert first.path.endswith("-00000/")
    assert "The event brought together 20 guests." in html  # page 0's own sentence
    bodies = {tiny_mirror.read(page) for page in tiny_mirror.documents}
    assert len(bodies) == 20


def test_listing_paginates_with_pagen() -> None:
    html = mirror.listing_html("en", "news", 2, 5, [("May 1, 2020", "A title", "/en/news/a/")])
    assert 'href="/en/news/">1</a>' in html
    assert 'href="?PAGEN_1=3">3</a>' in html
    assert 'href="?PAGEN_1=5">5</a>' in html
    assert 'href="/en/news/a/">A title</a>' in html


def test_shifted_dates_stay_valid() -> None:
    # February 29 must never survive (it would be invalid in a shifted year)
    text = mirror._shift_months("On February 29, 2020 and 29.02.2020", 0)
    assert "February" not in text and ".02." not in text


def test_extraction_is_measured_against_parsel(tiny_mirror: mirror.Mirror) -> None:
    figure = stages.measure_extraction(tiny_mirror, profile_pages=5)
    assert figure.reason is None
    assert figure.value > 0 and figure.baseline > 0
    assert figure.ratio == pytest.approx(figure.value / figure.baseline)
    assert "extract_page" in figure.profile
    assert "| 1. Extraction, one core |" in report.table([figure])


def test_furniture_surrounds_the_page_in_its_language(tiny_mirror: mirror.Mirror) -> None:
    page = next(p for p in tiny_mirror.documents if p.path.startswith("en/"))
    html = tiny_mirror.read(page).decode()
    furnished = mirror.furnish(html, "en", 1)
    assert furnished.index("<nav") < furnished.index("<h1") < furnished.index("<aside")
    assert "Most read" in furnished and "Самое читаемое" not in furnished
    assert furnished.count("<a ") - html.count("<a ") > 100  # menus, teasers, footer links


def test_furniture_does_not_change_the_record(tiny_mirror: mirror.Mirror) -> None:
    # The site prints the same furniture around every document: none of it is the document.
    for page in tiny_mirror.documents:
        html = tiny_mirror.read(page).decode()
        furnished = mirror.furnish(html, urls.language(page.canonical), 3)
        assert extract_page(furnished, page.canonical) == extract_page(html, page.canonical), \
            page.path


def test_extraction_in_furniture_is_figure_1b(tiny_mirror: mirror.Mirror) -> None:
    figure = stages.measure_extraction(tiny_mirror, profile_pages=5, furnished=True)
    assert figure.reason is None and figure.ratio > 0
    assert "the furniture changed 0 of 5 records" in figure.note
    assert "| 1b. Extraction, pages in full site furniture |" in report.table([figure])


def test_a_failing_stage_is_reported_not_raised() -> None:
    def broken() -> stages.Figure:
        raise RuntimeError("riac-archive crawl exited with 2.")

    figure = stages.measured_stage("2. Full crawl", broken)
    assert figure.reason == "RuntimeError: riac-archive crawl exited with 2"
    assert "not measured: RuntimeError" in report.table([figure])


def test_memory_is_the_sum_of_both_processes_beside_the_larger_one(tmp_path: Path) -> None:
    run = stages.Run(0, 1.0, 1.0, 95 * 1024, tmp_path / "crawl.log")
    small = stages.crawl_memory({"riac/scrapy/max_rss_kib": 80 * 1024,
                                 "riac/worker/max_rss_kib": 40 * 1024}, run)
    large = stages.CrawlMemory(scrapy_kib=90 * 1024, worker_kib=60 * 1024, tree_kib=0)
    total, larger = stages.measure_memory(small, large, 200, 2000)
    assert (total.value, total.baseline, total.ratio) == (150.0, 120.0, 1.25)
    assert total.passed  # the target (<= 1.25) is on the sum
    assert (larger.value, larger.baseline, larger.ratio, larger.target) == (90.0, 80.0, 1.125,
                                                                            None)
    assert "Scrapy 80.0 + worker 40.0 MiB (wait4: 95.0)" in total.note
    table = report.table([total, larger])
    assert "| 5. Crawl peak RSS, Scrapy + worker (sum), 2000 vs 200 pages | 150 MiB |" in table
    assert "| 5b. Crawl peak RSS, larger process, 2000 vs 200 pages | 90.0 MiB |" in table


def test_memory_needs_the_crawl_process_peak_in_the_stats(tmp_path: Path) -> None:
    run = stages.Run(0, 1.0, 1.0, 95 * 1024, tmp_path / "crawl.log")
    with pytest.raises(RuntimeError, match="riac/scrapy/max_rss_kib"):
        stages.crawl_memory({"riac/worker/max_rss_kib": 40 * 1024}, run)
