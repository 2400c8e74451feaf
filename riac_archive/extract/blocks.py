"""The page as an ordered list of text blocks: the unit every other extraction step reads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """One visible block of text in reading order.

    kind: "heading" (h1-h6, or a short line wholly in <strong>/<b>), "item" (li, or a line that
    starts with a bullet mark, removed from `text`), "para" (everything else).
    `links` holds (text, absolute href) of the anchors inside the block; `link_only` is True when
    the whole text is link text (menus, teasers, language links).
    """

    kind: str
    text: str
    tag: str = "p"
    links: list[tuple[str, str]] = field(default_factory=list)
    link_only: bool = False
