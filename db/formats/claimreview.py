"""Claims as schema.org ClaimReview (JSON-LD), the markup fact-checkers publish and search reads.

One ``ClaimReview`` a claim: ``claimReviewed`` is its wording; ``itemReviewed`` the ``Claim``,
its ``author`` the claimant (a Person or an Organization, with aliases as ``alternateName``),
``datePublished`` the date it was made, ``appearance`` the articles that mention it (each
``urn:uuid:<article uid>`` as its ``@id``, and its ``url`` where it has a web address) and
``firstAppearance`` the earliest of them. A checked claim with a verdict has a
``reviewRating``: its value on the project's scale, the scale's best and worst values, and the
verdict's label as ``alternateName``. Reasoning is the ``reviewBody``, tags ``keywords``,
evidence ``citation`` (a link as its ``url``, anything else as its ``name``). The review's
``author`` is the reviewer (a Person) when the export is told who that is.

Google's fact-check markup also requires the ``url`` of the page that publishes the fact check
and recommends its ``datePublished``: a project knows neither, so whoever publishes the markup
adds them (and the review's ``author``, where none was given).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import text

from db.annotate import claims
from db.annotate.claims import MentionView
from db.formats.collect import ProjectData
from db.store.models import Claim, Claimant, Rating

CONTEXT = "https://schema.org"

_ARTICLES = "SELECT id, uid, url FROM article WHERE id IN (SELECT value FROM json_each(:ids))"


def _is_link(text: str) -> bool:
    """Whether ``text`` is a web address (schema.org's ``url`` takes nothing else)."""
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(text.split()) == 1


def _work(m: MentionView, where: dict[int, tuple[str, str | None]]) -> dict[str, Any]:
    uid, url = where[m.article_id]
    work: dict[str, Any] = {"@type": "NewsArticle", "@id": f"urn:uuid:{uid}"}
    if url and _is_link(url):
        work["url"] = url
    if m.title:
        work["headline"] = m.title
    if m.published:
        work["datePublished"] = m.published
    if m.outlet:
        work["publisher"] = {"@type": "Organization", "name": m.outlet}
    return work


def _author(who: Claimant) -> dict[str, Any]:
    author: dict[str, Any] = {
        "@type": "Organization" if who.kind == "organisation" else "Person",
        "name": who.name,
    }
    if aliases := json.loads(who.aliases):
        author["alternateName"] = aliases
    return author


def _citation(evidence: dict[str, str]) -> dict[str, Any]:
    url, note = evidence["url"], evidence.get("note", "")
    if _is_link(url):
        return {"@type": "CreativeWork", "url": url, **({"name": note} if note else {})}
    return {"@type": "CreativeWork", "name": f"{url} {note}".strip()}


def review(
    claim: Claim,
    mentions: list[MentionView],
    where: dict[int, tuple[str, str | None]],
    claimant: Claimant | None,
    rating: Rating | None,
    scale: list[Rating],
    author: str = "",
) -> dict[str, Any]:
    """The ClaimReview of one claim; ``author``, the reviewer's name, is its author."""
    item: dict[str, Any] = {"@type": "Claim"}
    if claimant:
        item["author"] = _author(claimant)
    if claim.made_on:
        item["datePublished"] = claim.made_on
    works = [_work(m, where) for m in mentions]
    if works:
        item["appearance"] = works
        item["firstAppearance"] = works[0]  # mentions come earliest first
    out: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{claim.uid}",
        "claimReviewed": claim.wording,
        "itemReviewed": item,
        "dateCreated": claim.created,
        "dateModified": claim.modified,
    }
    if author.strip():
        out["author"] = {"@type": "Person", "name": author.strip()}
    if rating is not None and claim.status == "checked":
        values = [r.value for r in scale]
        out["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": max(values),
            "worstRating": min(values),
            "alternateName": rating.label,
        }
    if claim.reasoning:
        out["reviewBody"] = claim.reasoning
    if tags := json.loads(claim.tags):
        out["keywords"] = ", ".join(tags)
    if evidence := json.loads(claim.evidence):
        out["citation"] = [_citation(e) for e in evidence]
    return out


def write_claimreview(data: ProjectData, output: Path, *, author: str = "") -> int:
    """Write every claim (whose mentions are in scope, when articles are chosen); returns them.

    ``author`` is who reviewed the claims (the coder), each review's author.
    """
    s = data.s
    scale = claims.scale(s)
    ratings = {r.id: r for r in scale}
    people = {c.id: c for c in claims.claimants(s)}
    graph = []
    for view in claims.all_claims(s):
        mentions = data.claim_mentions(view.id)
        if mentions is None:
            continue
        ids = json.dumps(sorted({m.article_id for m in mentions}))
        where = {int(r[0]): (r[1], r[2]) for r in s.execute(text(_ARTICLES), {"ids": ids})}
        claim = claims.get(s, view.id)
        graph.append(
            review(
                claim,
                mentions,
                where,
                people.get(claim.claimant_id) if claim.claimant_id else None,
                ratings.get(claim.rating_id) if claim.rating_id else None,
                scale,
                author,
            )
        )
    doc = {"@context": CONTEXT, "@graph": graph}
    output.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(graph)
