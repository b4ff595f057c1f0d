"""Markdown notes in reports: rendered to HTML, or written anew as Markdown, nested and inert.

A note is parsed once with markdown-it: CommonMark with GitHub's tables and strikethrough, near
the window's preview (Qt's GitHub dialect). Raw HTML is not parsed, so it stays text; an image
becomes a link to its picture; a link whose scheme is not http, https or mailto stays text. The
note's headings go ``below`` levels down (under the report's h3, a note's ``#`` becomes h4;
none goes past h6).

The Markdown is written from the token stream, not patched with patterns: text is escaped so
that it reads as itself, code keeps its lines, every fence is closed and links carry their
address inline, so nothing in a note reaches the report around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

_SCHEMES = ("http:", "https:", "mailto:")


def safe_link(url: str) -> bool:
    """Whether a link may go out: http, https, mailto, or no scheme at all (a relative link).

    A list of what is allowed, not of what is not: markdown-it has percent-encoded blanks and
    control characters by then, so ``java%09script:`` has a colon before any slash and stays out.
    """
    head = re.split(r"[/?#]", url.strip().lower(), maxsplit=1)[0]
    return ":" not in head or head.startswith(_SCHEMES)


class _Parser(MarkdownIt):
    def __init__(self) -> None:
        super().__init__("commonmark", {"html": False})
        self.enable(["table", "strikethrough"])

    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return safe_link(url)  # stricter than markdown-it's own (it lets data:image/png through)


_PARSER = _Parser()


def note_tokens(body: str, below: int) -> list[Token]:
    """The note's tokens, headings ``below`` levels down and images made links."""
    tokens = _PARSER.parse(body)
    for t in tokens:
        if t.type in ("heading_open", "heading_close"):
            t.tag = f"h{min(int(t.tag[1:]) + below, 6)}"
        if t.children:
            t.children = _unpictured(t.children)
    return tokens


def _unpictured(children: Sequence[Token]) -> list[Token]:
    """Inline tokens with each image a link to it (inside a link, its description only)."""
    out: list[Token] = []
    depth = 0
    for c in children:
        if c.type in ("link_open", "link_close"):
            depth += c.nesting
        if c.type != "image":
            out.append(c)
            continue
        alt = _unpictured(c.children or [])
        if depth:
            out += alt
            continue
        link = Token("link_open", "a", 1, attrs={"href": c.attrs["src"]})
        if c.attrs.get("title"):
            link.attrs["title"] = c.attrs["title"]
        out += [link, *alt, Token("link_close", "a", -1)]
    return out


def note_html(body: str, below: int) -> str:
    page: str = _PARSER.renderer.render(note_tokens(body, below), _PARSER.options, {})
    return page


def note_markdown(body: str, below: int) -> str:
    return "\n".join(_blocks(SyntaxTreeNode(note_tokens(body, below)).children))


# Escaped wherever they are: they can open emphasis, code, a link, raw HTML, strikethrough or a
# table cell; "&" only where it could start an entity, "!" only where a link could follow.
_INLINE = re.compile(r"[\\`*_\[\]<~|]|&(?=[#A-Za-z0-9])|!$")
# Escaped at the start of a line, where they open a heading, quote, list, rule or underline.
_LINE_START = re.compile(r"^(?:(\d{1,9})(?=[.)])|([#>+=-]))")


def _text(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + m[0], text)


def _lines(text: str) -> list[str]:
    return [
        _LINE_START.sub(lambda m: f"{m[1]}\\" if m[1] else f"\\{m[2]}", line)
        for line in text.split("\n")
    ]


def _blocks(nodes: Sequence[SyntaxTreeNode], tight: bool = False) -> list[str]:
    lines: list[str] = []
    for node in nodes:
        if lines and not tight:
            lines.append("")
        lines += _block(node)
    return lines


def _block(node: SyntaxTreeNode) -> list[str]:
    kind = node.type
    if kind == "paragraph":
        return _lines(_inline(node.children[0]))
    if kind == "heading":
        title = _inline(node.children[0], one_line=True)
        if title.endswith("#"):  # it would read as the closing sequence of #s
            title = title[:-1] + "\\#"
        return [f"{'#' * int(node.tag[1:])} {title}".rstrip()]
    if kind == "blockquote":
        return [f"> {line}" if line else ">" for line in _blocks(node.children) or [""]]
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind in ("fence", "code_block"):
        return _code(node.content, node.info)
    if kind == "hr":
        return ["___"]  # "***" or "---" would read as a bullet after "* " or "- "
    if kind == "table":
        return _table(node)
    return _lines(_text(node.content))


def _list(node: SyntaxTreeNode) -> list[str]:
    """Items with the list's own marker (lists side by side differ in it), loose or tight."""
    ordered = node.type == "ordered_list"
    tight = all(p.hidden for i in node.children for p in i.children if p.type == "paragraph")
    start = int(node.attrGet("start") or 1)
    lines: list[str] = []
    for i, item in enumerate(node.children):
        marker = f"{start + i}{node.markup}" if ordered else node.markup
        if lines and not tight:
            lines.append("")
        first, *rest = _blocks(item.children, tight) or [""]
        lines.append(f"{marker} {first}".rstrip())
        lines += [" " * (len(marker) + 1) + line if line else "" for line in rest]
    return lines


def _fence(code: str, mark: str, shortest: int) -> str:
    """A run of ``mark`` longer than any in ``code``."""
    runs = re.findall(f"{re.escape(mark)}+", code)
    return mark * max(shortest, 1 + max(map(len, runs), default=0))


def _code(content: str, info: str) -> list[str]:
    fence = _fence(content, "~" if "`" in info else "`", 3)
    lines = content.split("\n")
    return [fence + info, *(lines[:-1] if content.endswith("\n") or not content else lines), fence]


def _table(node: SyntaxTreeNode) -> list[str]:
    rows = [row for part in node.children for row in part.children]
    cells = [[_inline(c.children[0], one_line=True, cell=True) for c in r.children] for r in rows]
    align = {"text-align:left": ":--", "text-align:right": "--:", "text-align:center": ":-:"}
    rule = [align.get(str(c.attrGet("style")), "---") for c in rows[0].children]
    return [f"| {' | '.join(r)} |" for r in (cells[0], rule, *cells[1:])]


def _inline(node: SyntaxTreeNode, *, one_line: bool = False, cell: bool = False) -> str:
    return "".join(_span(c, one_line, cell) for c in node.children)


_MARKS = {"em": "*", "strong": "**", "s": "~~"}


def _span(node: SyntaxTreeNode, one_line: bool, cell: bool) -> str:
    kind = node.type
    if kind == "text":
        return _text(node.content)
    if kind in ("softbreak", "hardbreak"):
        return " " if one_line else "\n" if kind == "softbreak" else "\\\n"
    if kind == "code_inline":
        code = node.content.replace("|", "\\|") if cell else node.content
        ticks = _fence(code, "`", 1)
        # one space each side is taken off when both are there (unless it is all spaces)
        pad = "`" in (code[:1], code[-1:]) or (code[:1] == code[-1:] == " " and bool(code.strip()))
        return f"{ticks}{' ' * pad}{code}{' ' * pad}{ticks}"
    inner = "".join(_span(c, one_line, cell) for c in node.children)
    if kind == "link" and _inside_link(node):
        return inner  # a link in a link's text (an autolink) would take the link over
    if kind == "link":
        title = node.attrGet("title")
        said = ' "' + _text(str(title)).replace('"', '\\"') + '"' if title else ""
        href = str(node.attrGet("href")).replace("&", "\\&")  # an entity there would be decoded
        return f"[{inner}](<{href}>{said})"
    mark = _MARKS.get(kind, "")
    if kind in (getattr(node.parent, "type", ""), getattr(node.previous_sibling, "type", "")):
        mark = mark.replace("*", "_")  # "**" inside or after "*" would read as strong
    return f"{mark}{inner}{mark}"


def _inside_link(node: SyntaxTreeNode) -> bool:
    parent = node.parent
    while parent is not None and parent.type != "link":
        parent = parent.parent
    return parent is not None
