"""A Markdown note written anew for the report reads as the note does, and reaches nothing."""

from __future__ import annotations

import re

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from db.formats.note_markdown import note_html, note_markdown, safe_link
from tests.db.markdown_reader import LaxMarkdown

#: Notes as researchers write them, and the corners of CommonMark they reach.
NOTES = [
    "**Key point**: the *minister* said `x < y` & more_than_that.",
    "# Claim\n\nSetext\n======\n\n## Who? #\n\n### C#",
    "1. first\n2. second\n\n   still the second\n3. third",
    "- tight\n- list\n  - nested\n    1) deep\n\n* another list\n+ and another",
    "> quoted *text*\n>\n> - with a list\n>\n> ```\n> code\n> ```",
    "````md\n```\n# not a heading\n```\n````\n\n~~~ a`b\nx\n~~~\n\n    indented # code",
    "| left | right | centre |\n|:--|--:|:-:|\n| `a\\|b` | **2** | [x](http://x.example) |",
    '[link](http://example.org/a_(b) "a \\"title\\" (here)") <https://example.org/?q=1&amp;r=2>',
    "![chart](http://example.org/c.png) and [![logo](http://example.org/l.png)](http://example.org)",
    "<b>raw</b> <!-- comment -->\n\n<div>\n*block*\n</div>\n\n&copy; &#35; &amp;",
    "line one  \nline two\\\nline three\nsoft",
    "1986. was a year\n- and a dash\n+ plus\n= equals\n\n***\n\n- ***\n- ___",
    "snake_case_name and ~~struck~~ and ~tilde and a_b_c *a **b** c* ***both***",
    "`` `ticks` `` and ` spaced ` and `` ` ``",
    "\\# not a heading\n\\> not a quote\n\\- not a list\n\\+ nor this\n1\\. nor this\ntext\n\\===",
    "2\\. not a list\n\n3\\) nor this",
    "\\[not a link\\](http://example.org) \\<b> \\*not em\\* \\`not code\\` \\~~not struck~~ \\&amp;",
    "[ref] and [other][ref]\n\n[ref]: http://example.org/ref 'T'",
]


def normalised(page: str) -> str:
    """HTML with blank runs made one space (a setext heading's line break reads as a space)."""
    return re.sub(r"\s+", " ", page.replace("\n</code>", "</code>"))


@pytest.mark.parametrize("note", NOTES)
def test_a_rewritten_note_renders_as_the_note(note: str) -> None:
    reader = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    assert normalised(reader.render(note_markdown(note, 3))) == normalised(note_html(note, 3))


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("http://example.org", True),
        ("HTTPS://example.org", True),
        ("mailto:who@example.org", True),
        ("relative/path.html", True),
        ("#fragment", True),
        ("page?x=a:b", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java%09script:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:image/png;base64,AAAA", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_links_go_out_only_to_the_web_or_mail(url: str, safe: bool) -> None:
    assert safe_link(url) is safe


PIECES = ["# ", "## ", "a", "b c", "*", "_", "**", "`", "[", "]", "(", ")", "<", ">", "&",
          "&amp;", "!", "\\", "-", "+", "1.", " ", "    ", "\n", "\n\n", "|", "~~", "===",
          "---", "```", "<b>", "<img src=x>", "[l](http://l.example)", "![i](http://i.example)",
          "<http://a.example>", "[j](javascript:x)", "<javascript:x>", "[r]", "[r]: javascript:x",
          "<script>", "javascript:x"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_no_note_fetches_runs_or_climbs_out_of_its_claim(note: str) -> None:
    page = LaxMarkdown().render(note_markdown(note, 3))
    doc = lxml.html.fragment_fromstring(page, create_parent="div")
    assert not doc.xpath("//img | //script | //h1 | //h2 | //h3 | //*[@src]")
    assert all(safe_link(a.get("href", "")) for a in doc.iter("a"))
