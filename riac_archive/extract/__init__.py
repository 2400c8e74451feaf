"""Pure extraction: (html, url) -> the document record. No network, no database."""

from __future__ import annotations

from typing import Any


class ExtractionError(ValueError):
    """The input cannot be read as a RIAC page (not HTML, no body)."""


def extract_page(html: bytes | str, url: str) -> dict[str, Any]:
    """The record of one saved page (see docs/record.md). (stub)"""
    raise NotImplementedError
