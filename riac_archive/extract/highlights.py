"""Per-speaker discussion highlights and "Key quotes". (stub)"""

from __future__ import annotations

from riac_archive.extract.blocks import Block
from riac_archive.items import Highlight, Participant


def parse_highlights(blocks: list[Block], participants: list[Participant]) -> list[Highlight]:
    """Per-speaker bullet sections and Key quotes, each speaker matched to a participant."""
    raise NotImplementedError
