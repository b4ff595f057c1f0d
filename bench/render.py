"""HTML pages as plain text the way scrapers save them, and article texts read from corpus archives.

:func:`render` keeps everything a reader could see in the page's body (navigation, bylines,
captions, related links, comment threads): scripts, styles and other invisible elements go,
each block element stands on its own lines with a blank line between blocks, whitespace is
collapsed. The same page always gives the same text.

:func:`article_texts` reads members straight from a ``.tar.xz`` archive (HTML pages rendered,
text files as they are) and gives each one's canonical text, as an import would see it.
Usage: python -m bench.render ARCHIVE MEMBER  (prints the member's text)
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sys
import tarfile
from collections.abc import Iterable
from pathlib import Path

import lxml.html
from lxml import etree

from db.ingest.decode import DecodeError, decode

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"

#: Elements whose content is never seen: dropped with everything inside them.
INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"}
)
#: Elements that start and end a block of text.
BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr"),
        *("html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre"),
        *("section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)
_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
HTML_SUFFIXES = (".html", ".htm")


def page_text(data: bytes) -> str:
    """An HTML page's characters: UTF-8 where the bytes are UTF-8 (saved pages often keep a
    stale charset), else the page's stated charset, else cp1252."""
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        pass
    stated = _CHARSET.search(data[:4096])
    if stated:
        try:
            return data.decode(stated[1].decode("ascii").lower(), "replace")
        except LookupError:
            pass
    return data.decode("cp1252", "replace")


def render(data: bytes) -> str:
    """The page's visible text: blocks apart by a blank line, ``<br>`` a line break."""
    source = _XML_DECL.sub("", page_text(data))
    if not source.strip():
        return ""
    root = lxml.html.document_fromstring(source)
    out = _Text()
    _walk(root, out)
    return out.finish()


class _Text:
    """Collects inline text into lines and lines into blocks."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self.lines: list[str] = []
        self.words: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.words.append(text)

    def line_break(self) -> None:
        line = _SPACE.sub(" ", "".join(self.words)).strip()
        self.words = []
        if line:
            self.lines.append(line)

    def block_break(self) -> None:
        self.line_break()
        if self.lines:
            self.blocks.append(self.lines)
            self.lines = []

    def finish(self) -> str:
        self.block_break()
        return "".join("\n".join(block) + "\n\n" for block in self.blocks).rstrip("\n") + "\n"


def _walk(el: etree._Element, out: _Text) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""  # comments and processing instructions
    name = tag.lower()
    if tag and name not in INVISIBLE:
        block = name in BLOCKS
        if block:
            out.block_break()
        if name == "br":
            out.line_break()
        out.add(el.text)
        for child in el:
            _walk(child, out)
        if block:
            out.block_break()
    out.add(el.tail)


def member_text(name: str, data: bytes) -> str:
    """A member's canonical text: an HTML page rendered, a text file decoded."""
    if name.lower().endswith(HTML_SUFFIXES):
        data = render(data).encode("utf-8")
    return decode(data).text


def article_texts(
    archive: Path, members: Iterable[str], *, raw: Iterable[str] = ()
) -> dict[str, str]:
    """The canonical text of each named member of ``archive`` (``raw`` ones: their bytes read
    as UTF-8, untouched), read in one pass over it. A member that is not readable text is left
    out, as one that is not there."""
    wanted, as_is = set(members), set(raw)
    found: dict[str, str] = {}
    with tarfile.open(archive, "r:xz") as tar:
        for member in tar:
            name = member.name
            f = tar.extractfile(member) if name in wanted | as_is and member.isfile() else None
            if f is None:
                continue
            data = f.read()
            if name in as_is:
                found[name] = data.decode("utf-8", "replace")
            else:
                with contextlib.suppress(DecodeError):
                    found[name] = member_text(name, data)
    return found


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    archive = Path(argv[0])
    texts = article_texts(archive if archive.exists() else CORPORA / argv[0], [argv[1]])
    if argv[1] not in texts:
        print(f"{argv[1]} is not a file in {argv[0]}", file=sys.stderr)
        return 1
    sys.stdout.write(texts[argv[1]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
