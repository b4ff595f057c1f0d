"""Readers' comment threads under an article are comments, not its body. Texts written here."""

from __future__ import annotations

import pytest

from db.ingest.lines.labeller import BUNDLED
from db.ingest.parse_text import parse_text
from db.store.models import BlockKind as K

BODY = "\n\n".join(
    f"Paragraph {n} of the post says what the council decided about the harbour wall, and why "
    "the vote was put off until the spring."
    for n in range(1, 7)
)
THREAD = """Kommentare (2)

Jo Roe, 9. April 2020 / 08:34

I think the council is right to wait for the engineers' report before it spends the money.

Antworten

Sam Poe, 10. April 2020 / 20:50

Waiting costs more every winter the wall is not built.

Leave a Reply

Your email address will not be published.

Home

About

Contact
"""


def kinds(text: str, labeller: object) -> dict[str, str]:
    art = parse_text(text, labeller=BUNDLED if labeller else None)
    return {art.block_text(b): str(b.kind) for b in art.blocks}


@pytest.mark.parametrize("labeller", [None, BUNDLED], ids=["rules", "model"])
def test_a_thread_is_comments_until_its_form(labeller: object) -> None:
    got = kinds(f"Harbour wall vote put off\n\n{BODY}\n\n{THREAD}", labeller)
    assert got["Jo Roe, 9. April 2020 / 08:34"] == K.COMMENT
    assert got["Waiting costs more every winter the wall is not built."] == K.COMMENT
    assert got["Antworten"] == K.BOILERPLATE  # a reply button
    assert got["Leave a Reply"] == K.BOILERPLATE
    assert got["Your email address will not be published."] != K.COMMENT  # the form's, after it
    assert all(got[p] == K.PARAGRAPH for p in BODY.split("\n\n"))


def test_no_thread_under_a_count_of_none_or_a_bare_menu_word() -> None:
    none = THREAD.replace("Kommentare (2)", "0 Comments")
    got = kinds(f"Harbour wall vote put off\n\n{BODY}\n\n{none}", None)
    assert K.COMMENT not in got.values()
    menu = "Comments\n\nSubscribe\n\nPrivacy policy\n\nTerms of use\n"
    got = kinds(f"Harbour wall vote put off\n\n{BODY}\n\n{menu}", None)
    assert K.COMMENT not in got.values()
