"""What the parsers recover from a file: the article's metadata and its blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.store.models import BODY_KINDS, BlockKind

#: Blocks left out of the article text index: site furniture, repeated text, and captions
#: (which have an index of their own).
HIDDEN_KINDS = frozenset({BlockKind.BOILERPLATE, BlockKind.OTHER, BlockKind.CAPTION})


@dataclass(frozen=True)
class BlockSpan:
    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True)
class CaptionDraft:
    text: str
    credit: str | None
    start: int
    end: int
    anchor: int  # start of the body block it stood beside


@dataclass
class ParsedArticle:
    """A parsed article over its canonical ``text``; every block is a span of that text."""

    text: str
    title: str | None = None
    section: list[str] = field(default_factory=list)
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None
    encoding: str | None = None
    blocks: list[BlockSpan] = field(default_factory=list)
    captions: list[CaptionDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def block_text(self, block: BlockSpan) -> str:
        return self.text[block.start : block.end]

    def hidden_spans(self) -> list[tuple[int, int]]:
        """Spans left out of the article text index."""
        return [(b.start, b.end) for b in self.blocks if b.kind in HIDDEN_KINDS]

    def body_blocks(self) -> list[BlockSpan]:
        return [b for b in self.blocks if b.kind in BODY_KINDS]

    def to_json(self) -> dict[str, Any]:
        """The ``claimdesk parse --json`` shape."""
        return {
            "title": self.title,
            "section": self.section,
            "byline": self.byline,
            "published": self.published,
            "blocks": [{"kind": str(b.kind), "text": self.block_text(b)} for b in self.blocks],
            "warnings": self.warnings,
        }
