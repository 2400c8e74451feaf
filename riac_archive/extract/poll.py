"""The site-wide poll. (stub)"""

from __future__ import annotations

from riac_archive.items import Poll


def find_poll(lines: list[str]) -> tuple[Poll | None, int | None, int | None]:
    """The poll among the page's lines, with the [start, end) line span it occupies."""
    raise NotImplementedError
