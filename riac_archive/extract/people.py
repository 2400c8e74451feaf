"""Participants from headed lists and from prose, in English and Russian. (stub)"""

from __future__ import annotations

from riac_archive.extract.blocks import Block
from riac_archive.items import Participant


def parse_participants(blocks: list[Block], lang: str) -> list[Participant]:
    """Every person the body names as taking part, one entry per person, in reading order."""
    raise NotImplementedError
