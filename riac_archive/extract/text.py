"""Text helpers shared by every extraction module."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "“”„«»‟″\u201f"} | {c: "'" for c in "‘’‚‛′`´"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


def clean_space(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, newlines) to one space and strip."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u200b", "")).strip()


def fold(text: str) -> str:
    """A comparison key: NFKC, casefolded, quotes and dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return clean_space(text).casefold()
