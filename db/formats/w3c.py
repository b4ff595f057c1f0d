"""W3C Web Annotation: one ``AnnotationCollection`` (JSON-LD) with an annotation per highlight.

Each annotation tags its code, comments with its note, and targets the article by a
TextQuoteSelector (exact, prefix and suffix of about 32 code points cut at grapheme clusters)
and a TextPositionSelector, both in code points of the article's canonical text. A highlight
with neither code nor note has no body, and one whose coder was not recorded has no creator:
the model allows both, and nothing true could stand in for them. The annotations are the
collection's one embedded page; an empty collection has none (total 0).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from db.formats.collect import ProjectData, Row, generator
from db.store.models import utc_now

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")


def direction(text: str) -> str:
    """``rtl`` when most letters are Hebrew or Arabic script, else ``ltr``."""
    letters = len(_LETTER.findall(text))
    return "rtl" if letters and len(_RTL.findall(text)) * 2 > letters else "ltr"


def source_of(article: Row) -> str:
    return article["url"] or f"urn:uuid:{article['uid']}"


def bodies(data: ProjectData, h: Row) -> list[dict[str, Any]]:
    """The highlight's code (tagging) and note (commenting), those it has."""
    body: list[dict[str, Any]] = []
    if h["code_id"] is not None:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "format": "text/plain",
                "value": data.code_path(h["code_id"]),
            }
        )
    if note := h["note"]:
        comment = {
            "type": "TextualBody",
            "purpose": "commenting",
            "format": note["format"],
            "value": note["body"],
            "textDirection": direction(note["body"]),
        }
        if note["lang"]:
            comment["language"] = note["lang"]
        body.append(comment)
    return body


def annotation(data: ProjectData, article: Row, h: Row) -> dict[str, Any]:
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": source_of(article),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": h["exact"],
                "prefix": h["prefix"],
                "suffix": h["suffix"],
            },
            {"type": "TextPositionSelector", "start": h["start"], "end": h["end"]},
        ],
    }
    if article["published"]:
        target["state"] = {"type": "TimeState", "sourceDate": f"{article['published']}T00:00:00Z"}
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{h['uid']}",
        "type": "Annotation",
        "motivation": "highlighting",
        "created": h["created"],
        "modified": h["modified"],
        "generator": {"type": "Software", "name": generator()},
        "target": target,
    }
    if body := bodies(data, h):
        out["body"] = body
    if h["coder"]:
        person = uuid.uuid5(uuid.NAMESPACE_URL, f"claimdesk:coder:{h['coder']}")
        out["creator"] = {"id": f"urn:uuid:{person}", "type": "Person", "name": h["coder"]}
    return out


def write_w3c(data: ProjectData, output: Path, *, label: str) -> int:
    """Write the collection; returns the number of annotations."""
    items = [
        {k: v for k, v in annotation(data, art.row, h).items() if k != "@context"}
        for art in data.articles(annotated=True)
        for h in art.highlights
    ]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": label,
        "created": utc_now(),
        "total": len(items),
    }
    if items:  # a page has one or more annotations
        page = f"urn:uuid:{uuid.uuid4()}"
        collection["first"] = {
            "id": page,
            "type": "AnnotationPage",
            "partOf": collection["id"],
            "startIndex": 0,
            "items": items,
        }
        collection["last"] = page
    output.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(items)
