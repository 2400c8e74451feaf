"""Text helpers shared by every extraction module."""

from __future__ import annotations

import functools
import unicodedata

_QUOTES = str.maketrans({c: '"' for c in "“”„«»‟″\u201f"} | {c: "'" for c in "‘’‚‛′`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


def clean_space(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, newlines) to one space and strip."""
    # str.split() splits on exactly the characters regex \s matches (Py_UNICODE_ISSPACE).
    if text.isascii():  # O(1): no zero-width space or soft hyphen to drop
        return " ".join(text.split())
    return " ".join(text.replace("\u200b", "").replace("\u00ad", "").split())  # ZWSP, soft hyphen


@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """A comparison key: NFKC, casefolded, quotes and dashes unified, whitespace collapsed.

    Cached: the same lines are folded by several extraction steps of a page.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return clean_space(text).casefold()
