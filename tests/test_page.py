"""Page-level helpers: chrome stripping around the rating widget."""

import pytest

from riac_archive.extract.blocks import Block
from riac_archive.extract.page import strip_chrome


def _texts(*lines: str) -> list[str]:
    """The texts strip_chrome keeps from blocks made of `lines`."""
    return [b.text for b in strip_chrome([Block("para", line) for line in lines])]


def test_a_rating_in_an_unknown_wording_after_its_label_is_not_body_text():
    kept = _texts("Rate this article", "(Stimmen: 3, Bewertung: 5)", "(3 Stimmen)",
                  "On June 2, 2025, RIAC hosted a round table.")
    assert kept == ["On June 2, 2025, RIAC hosted a round table."]


def test_a_parenthesised_paragraph_away_from_the_widget_stays():
    kept = _texts("On June 2, 2025, RIAC hosted a round table.", "(The transcript follows.)")
    assert kept == ["On June 2, 2025, RIAC hosted a round table.", "(The transcript follows.)"]


def test_a_date_line_with_a_view_counter_or_time_is_a_date_line():
    from riac_archive.extract.page import is_date_line

    assert is_date_line("November 18, 2024 2 317")
    assert is_date_line("03.06.2025 10:15")
    assert not is_date_line("In 2024 15 countries took part")


TITLED_PAGE = """<html><head><title>{title}</title></head><body>{top}
<h2>Russia and the Arctic Council After 2025</h2><p>On March 12, 2025, RIAC met.</p>
</body></html>"""


@pytest.mark.parametrize("title, top", [
    ("RIAC :: Russia and the Arctic Council After 2025", '<h1><a href="/en/">RIAC</a></h1>'),
    ("Russia and the Arctic Council After 2025 | РСМД", "<h1>News</h1>"),
    ("Russia and the Arctic Council After 2025 - RIAC", ""),
])
def test_the_title_heading_is_the_one_the_title_tag_names(title, top):
    from riac_archive.extract import extract_page

    record = extract_page(TITLED_PAGE.format(title=title, top=top),
                          "https://russiancouncil.ru/en/news/x/")
    assert record["title"] == "Russia and the Arctic Council After 2025"
    assert record["paragraphs"] == ["On March 12, 2025, RIAC met."]


def test_the_publication_date_may_come_from_json_ld():
    from riac_archive.extract import extract_page

    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2024-04-04T09:00:00+03:00"}</script></head><body>'
            "<h1>Experts met</h1><p>On April 3, 2024, RIAC experts met.</p></body></html>")
    assert extract_page(page, "https://russiancouncil.ru/news/x/")["published"] == "2024-04-04"


def test_a_share_row_and_icon_glyphs_are_not_body_text_and_bylines_follow_them():
    from riac_archive.extract import extract_page

    page = ("<html><body><h1>Talks</h1><div>\uf02f Print</div><div>Share: VK Telegram X</div>"
            "<p>Elena Markova</p><p>Ph.D. in History, RIAC Member</p>"
            "<p>The interview opens with a long question about the Arctic and its future.</p>"
            "</body></html>")
    record = extract_page(page, "https://russiancouncil.ru/en/analytics-and-comments/interview/x/")
    assert record["authors"] == [{"name": "Elena Markova",
                                  "credentials": "Ph.D. in History, RIAC Member"}]
    assert record["paragraphs"] == [
        "The interview opens with a long question about the Arctic and its future."]


def test_a_language_switcher_counts_only_when_it_links_to_the_other_document():
    from riac_archive.extract import extract_page

    page = ('<html><body><ul><li><a href="/en/">EN</a></li><li><a href="/">RU</a></li></ul>'
            "<h1>Talks</h1><p>On June 2, 2025, RIAC hosted talks on the Arctic.</p></body></html>")
    url = "https://russiancouncil.ru/en/news/talks/"
    assert extract_page(page, url)["translation_url"] is None
    linked = page.replace('<a href="/">RU</a>', '<a href="/news/peregovory/">RU</a>')
    assert extract_page(linked, url)["translation_url"] == (
        "https://russiancouncil.ru/news/peregovory/")


def test_an_xhtml_page_with_an_xml_declaration_is_read():
    from riac_archive.extract import extract_page

    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
            'Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Talks</h1>'
            "<p>On June 2, 2025, RIAC hosted talks.</p></body></html>")
    record = extract_page(page.encode(), "https://russiancouncil.ru/en/news/talks/")
    assert (record["title"], record["event_date"]) == ("Talks", "2025-06-02")


def test_a_title_printed_in_a_span_anchors_the_body_even_inside_a_header():
    from riac_archive.extract import extract_page

    page = ('<html><head><meta property="og:title" content="Arctic Talks"></head><body>'
            '<header class="article-header"><div><span>Arctic Talks</span></div>'
            '<time datetime="2025-06-03">3 June 2025</time></header>'
            "<p>On June 2, 2025, RIAC hosted talks on the Arctic.</p></body></html>")
    record = extract_page(page, "https://russiancouncil.ru/en/news/arctic-talks/")
    assert (record["title"], record["published"]) == ("Arctic Talks", "2025-06-03")
    assert record["paragraphs"] == ["On June 2, 2025, RIAC hosted talks on the Arctic."]


def test_q_elements_keep_the_quote_marks_a_browser_draws():
    from riac_archive.extract import extract_page

    page = ("<html><body><h1>Talks</h1><p>Igor Ivanov, RIAC President: <q>Dialogue matters.</q>"
            "</p></body></html>")
    record = extract_page(page, "https://russiancouncil.ru/en/news/talks/")
    assert record["paragraphs"] == ["Igor Ivanov, RIAC President: “Dialogue matters.”"]


@pytest.mark.parametrize("name", ["Leila Abdul-Karimova", "Sean O’Hara", "Anna-Maria Seán"])
def test_byline_names_may_have_hyphens_apostrophes_and_accents(name):
    from riac_archive.extract.page import parse_authors

    blocks = [Block("para", name), Block("para", "Ph.D. in History, RIAC Member")]
    assert parse_authors(blocks)[0][0].name == name


def test_soft_hyphens_breaks_in_titles_and_split_labels_are_read_as_printed():
    from riac_archive.extract import extract_page

    page = ("<html><body><h1>Inte\u00adgration in the Arctic<br>Council</h1>"
            "<dl><dt>Region:</dt><dd>Russia, Middle East</dd><dt>Type:</dt><dd>News</dd></dl>"
            "<riac-rating>Rate this article (no votes) (0 votes)</riac-rating>"
            "<p>On June 2, 2025, RIAC hosted talks.</p></body></html>")
    record = extract_page(page, "https://russiancouncil.ru/en/news/x/")
    assert record["title"] == "Integration in the Arctic Council"
    assert (record["regions"], record["type"]) == (["Russia", "Middle East"], "News")
    assert record["paragraphs"] == ["On June 2, 2025, RIAC hosted talks."]
    assert record["rating"] == {"value": None, "votes": 0}


def test_credentials_set_on_two_lines_after_a_comma_are_one_byline():
    from riac_archive.extract.page import parse_authors

    blocks = [Block("para", "Elena Markova"),
              Block("para", "Ph.D. in History, Leading Research Fellow at the Institute of "
                            "Oriental Studies,"),
              Block("para", "RIAC Member"),
              Block("para", "Viktor Lapin"), Block("para", "RIAC expert")]
    authors, used = parse_authors(blocks)
    assert [(a.name, a.credentials) for a in authors] == [
        ("Elena Markova", "Ph.D. in History, Leading Research Fellow at the Institute of "
                          "Oriental Studies, RIAC Member"),
        ("Viktor Lapin", "RIAC expert")]
    assert used == 5


def test_a_labelled_date_line_is_a_date_line():
    from riac_archive.extract.page import is_date_line

    assert is_date_line("Published: March 7, 2019")
    assert is_date_line("Дата: 07.03.2019")
    assert not is_date_line("Published: the RIAC report on the Arctic")


def test_labels_whose_colon_is_drawn_by_css_still_give_type_and_region():
    from riac_archive.extract.page import parse_labels, strip_chrome

    blocks = [Block("para", "Type"), Block("para", "News"),
              Block("para", "On June 2, 2025, RIAC hosted talks.")]
    assert parse_labels(blocks) == ([], "News")
    assert [b.text for b in strip_chrome(blocks)] == ["On June 2, 2025, RIAC hosted talks."]
