"""How a careless reader's renderer takes Markdown: raw HTML on, every link followed."""

from __future__ import annotations

from markdown_it import MarkdownIt


class LaxMarkdown(MarkdownIt):
    """CommonMark with raw HTML, and no check of where links go."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True})

    def validateLink(self, url: str) -> bool:
        return True
