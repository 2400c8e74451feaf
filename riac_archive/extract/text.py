"""Text helpers shared by every extraction module."""

from __future__ import annotations

import functools
import unicodedata

_QUOTES = str.maketrans({c: '"' for c in "“”„«»‟″\u201f"} | {c: "'" for c in "‘’‚‛′`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


INVISIBLE = "\u200b\u00ad"  # zero-width space, soft hyphen: printed as nothing


def drop_invisible(text: str) -> str:
    """The text without its zero-width spaces and soft hyphens (none in ASCII text)."""
    if text.isascii():  # O(1)
        return text
    return text.replace("\u200b", "").replace("\u00ad", "")


def clean_space(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, newlines) to one space and strip; drop
    zero-width spaces and soft hyphens."""
    # str.split() splits on exactly the characters regex \s matches (Py_UNICODE_ISSPACE).
    return " ".join(drop_invisible(text).split())


# Whatever `clean_space` removes: whitespace (str.isspace: none past U+3000) and INVISIBLE.
BLANKS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + INVISIBLE


@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """A comparison key: NFKC, casefolded, quotes and dashes unified, whitespace collapsed.

    Cached: the same lines are folded by several extraction steps of a page.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return clean_space(text).casefold()
