"""A code's memo as one text, for formats with a single description per code (REFI-QDA, reports).

The definition comes first, then a blank line and a labelled line for each other field that is
filled in::

    Words attributed to a named person or body.

    When to use: direct speech, or speech reported with its speaker.
    When not to use: paraphrase that names no speaker.
    Example: “We will win,” she said.

:func:`read_memo` takes such a text apart again; a description written by another tool, with no
labelled lines, is all definition. A field may run over several lines.
"""

from __future__ import annotations

from typing import Protocol, TypedDict

#: The memo's fields after the definition, with their labels.
LABELS = (
    ("when_to_use", "When to use"),
    ("when_not", "When not to use"),
    ("example", "Example"),
)


class Memo(TypedDict):
    description: str
    when_to_use: str
    when_not: str
    example: str


class HasMemo(Protocol):
    @property
    def description(self) -> str: ...
    @property
    def when_to_use(self) -> str: ...
    @property
    def when_not(self) -> str: ...
    @property
    def example(self) -> str: ...


def memo_fields(code: HasMemo) -> list[tuple[str, str]]:
    """The filled-in fields after the definition: (label, text)."""
    return [(label, text) for key, label in LABELS if (text := getattr(code, key).strip())]


def memo_text(code: HasMemo) -> str:
    """The whole memo as one text, the definition first."""
    lines = [f"{label}: {text}" for label, text in memo_fields(code)]
    definition = code.description.strip()
    return "\n\n".join(part for part in (definition, "\n".join(lines)) if part)


def read_memo(text: str) -> Memo:
    """The memo's four fields (``description`` the definition) read back from :func:`memo_text`.

    A labelled line counts only at the start of the text or after a blank line, and the lines
    after it up to the next label belong to its field.
    """
    fields = {"description": "", **{key: "" for key, _ in LABELS}}
    prefixes = [(f"{label}:", key) for key, label in LABELS]
    current, after_blank = "description", True
    for line in text.splitlines():
        key = next((k for p, k in prefixes if line.startswith(p)), None)
        if key is not None and (after_blank or current != "description"):
            current = key
            line = line.split(":", 1)[1].removeprefix(" ")
        fields[current] += ("\n" if fields[current] or current == "description" else "") + line
        after_blank = not line.strip()
    return Memo(
        description=fields["description"].strip(),
        when_to_use=fields["when_to_use"].strip(),
        when_not=fields["when_not"].strip(),
        example=fields["example"].strip(),
    )
