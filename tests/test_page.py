"""Page-level helpers: chrome stripping around the rating widget."""

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
