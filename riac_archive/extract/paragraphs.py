"""Chrome stripping, the rating widget, and duplicate lead collapse. (stub)"""

from __future__ import annotations

from riac_archive.items import Rating


def is_chrome(text: str) -> bool:
    """True for a line that is site chrome (print/language links, labels, rating, share...)."""
    raise NotImplementedError


def parse_rating(lines: list[str]) -> Rating | None:
    """The first rating widget found among the page's lines, in any wording the site uses."""
    raise NotImplementedError


def collapse_duplicates(paragraphs: list[str]) -> tuple[list[str], int]:
    """Drop the lead copies the site prints twice; return the paragraphs and how many went."""
    raise NotImplementedError
