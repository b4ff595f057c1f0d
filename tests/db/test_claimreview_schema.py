"""The ClaimReview export against schema.org's vocabulary and Google's ClaimReview documentation.

``tests/fixtures/schema-org/vocabulary.json`` is the part of schema.org's vocabulary (release
and licence in that folder's README) the export can reach. :func:`vocabulary_problems` checks
every node of the JSON-LD against it: its ``@type`` is a schema.org class; each property is a
schema.org property, not superseded, whose ``domainIncludes`` names the node's type or one of
its superclasses; each value fits the property's ``rangeIncludes``: a node whose ``@type`` is a
listed class or under one, or a literal of a listed data type (Text, URL, Date, DateTime,
Number, Boolean, checked by their form).

:func:`google_gaps` lists what Google's "Fact check (ClaimReview) structured data" page marks
required or recommended and a ClaimReview leaves out or gets wrong. ClaimReview:
``claimReviewed``, ``reviewRating`` and ``url`` required; ``author`` (an Organization or Person
with a ``name``), ``datePublished`` and ``itemReviewed`` (a Claim) recommended. Rating:
``alternateName`` required; ``ratingValue``, ``bestRating`` and ``worstRating`` recommended, as
numbers, the value between the worst and the best. Claim: ``author``, ``datePublished``,
``appearance`` and ``firstAppearance`` recommended.

What the project cannot know, and a user adds before publishing the markup:

- ``url``: the page where the fact check is published (required);
- ``datePublished`` of the review: when it was published (recommended);
- ``author`` of the review, unless the export is given the reviewer's name;
- ``reviewRating`` for a claim not yet checked (required: such a claim is not a fact check).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from db.annotate import claims
from db.formats.export import export
from db.store.project import Project
from tests.conftest import FIXTURES
from tests.db import test_claim_exports
from tests.db.test_claims import article, mark

VOCABULARY = FIXTURES / "schema-org" / "vocabulary.json"
REVIEWER = "R. A. Coder"

catalogue = test_claim_exports.catalogue  # the fixture: two claims, a person and an organisation


@cache
def vocabulary() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    return loaded


def supers(name: str) -> set[str]:
    """``name`` and every class (or data type) above it."""
    v = vocabulary()
    found, todo = {name}, [name]
    while todo:
        kind = todo.pop()
        for parent in v["classes"].get(kind, []) + v["datatypes"].get(kind, []):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")  # ISO 8601, to the year or month too


def _is_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    if "T" not in value:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_url(value: str) -> bool:
    """An absolute web address: what a reader (or a search engine) can open."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


def literal_types(value: object) -> set[str]:
    """The schema.org data types ``value``, a JSON literal, is written as."""
    if isinstance(value, bool):
        return {"Boolean"}
    if isinstance(value, int):
        return {"Integer", "Number"}
    if isinstance(value, float):
        return {"Float", "Number"} if math.isfinite(value) else set()
    if isinstance(value, str):
        checks = {"URL": _is_url, "Date": _is_date, "DateTime": _is_datetime}
        return {"Text"} | {name for name, ok in checks.items() if ok(value)}
    return set()


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return kind if isinstance(kind, list) else [kind]


def vocabulary_problems(doc: dict[str, Any]) -> list[str]:
    """Every way ``doc`` (a ClaimReview export) departs from schema.org's vocabulary."""
    said: list[str] = []
    if doc.get("@context") != "https://schema.org":
        said.append(f"@context is {doc.get('@context')!r}, not 'https://schema.org'")
    if set(doc) - {"@context", "@graph"}:
        said.append(f"unexpected top-level keys {sorted(set(doc) - {'@context', '@graph'})}")
    graph = doc.get("@graph")
    if not isinstance(graph, list):
        return [*said, "@graph is not a list"]
    for i, node in enumerate(graph):
        said += _node_problems(f"@graph[{i}]", node)
    return said


def _node_problems(where: str, node: object) -> list[str]:
    v = vocabulary()
    if not isinstance(node, dict):
        return [f"{where}: {node!r} is not a node"]
    said: list[str] = []
    kinds = _types(node)
    if not kinds:
        said.append(f"{where}: a node without @type")
    for kind in kinds:
        if kind not in v["classes"]:
            said.append(f"{where}: @type {kind!r} is not a schema.org class (of the extract)")
        elif "supersededBy" in v["notes"].get(kind, {}):
            said.append(f"{where}: @type {kind!r} is superseded")
    above = set().union(*(supers(k) for k in kinds)) if kinds else set()
    if "@id" in node and not re.fullmatch(r"[a-z][a-z0-9+.-]*:\S+", str(node["@id"])):
        said.append(f"{where}: @id {node['@id']!r} is not an absolute IRI")
    for key, value in node.items():
        if key in ("@type", "@id"):
            continue
        at = f"{where}.{key}"
        prop = v["properties"].get(key)
        if prop is None:
            said.append(f"{at}: not a schema.org property (of the extract)")
            continue
        if "supersededBy" in v["notes"].get(key, {}):
            said.append(f"{at}: superseded by {v['notes'][key]['supersededBy']}")
        if kinds and not above & set(prop["domainIncludes"]):
            said.append(f"{at}: not a property of {kinds} (domain {prop['domainIncludes']})")
        values = value if isinstance(value, list) else [value]
        for j, item in enumerate(values):
            here = f"{at}[{j}]" if isinstance(value, list) else at
            said += _value_problems(here, item, set(prop["rangeIncludes"]))
    return said


def _value_problems(where: str, value: object, range_: set[str]) -> list[str]:
    if isinstance(value, dict):
        said = _node_problems(where, value)
        kinds = _types(value)
        if kinds and not any(supers(k) & range_ for k in kinds):
            said.append(f"{where}: a {kinds} where {sorted(range_)} is expected")
        return said
    if any(supers(t) & range_ for t in literal_types(value)):
        return []
    return [f"{where}: {value!r} is not one of {sorted(range_)}"]


def _named(node: object, kinds: tuple[str, ...] = ("Organization", "Person")) -> bool:
    return (
        isinstance(node, dict)
        and bool(set(_types(node)) & set(kinds))
        and isinstance(node.get("name"), str)
        and bool(node["name"].strip())
    )


def _dated(value: object) -> bool:
    return isinstance(value, str) and (_is_date(value) or _is_datetime(value))


def google_gaps(review: dict[str, Any]) -> list[str]:
    """What Google's ClaimReview documentation asks of ``review`` that it lacks or gets wrong."""
    gaps: list[str] = []
    if _types(review) != ["ClaimReview"]:
        gaps.append("@type ClaimReview")
    wording = review.get("claimReviewed")
    if not (isinstance(wording, str) and wording.strip()):
        gaps.append("claimReviewed")
    if not _is_url(str(review.get("url", ""))):
        gaps.append("url")
    if not _named(review.get("author")):
        gaps.append("author")
    if not _dated(review.get("datePublished")):
        gaps.append("datePublished")
    rating = review.get("reviewRating")
    if rating is None:
        gaps.append("reviewRating")
    else:
        gaps += [f"reviewRating.{g}" for g in _rating_gaps(rating)]
    item = review.get("itemReviewed")
    if not (isinstance(item, dict) and "Claim" in _types(item)):
        return [*gaps, "itemReviewed"]
    if not _named(item.get("author")):
        gaps.append("itemReviewed.author")
    if not _dated(item.get("datePublished")):
        gaps.append("itemReviewed.datePublished")
    seen = item.get("appearance", [])
    seen = seen if isinstance(seen, list) else [seen]
    works = [
        w
        for w in seen
        if isinstance(w, dict) and any("CreativeWork" in supers(k) for k in _types(w))
    ]
    if not seen or works != seen:
        gaps.append("itemReviewed.appearance")
    if item.get("firstAppearance") not in seen:
        gaps.append("itemReviewed.firstAppearance")
    return gaps


def _rating_gaps(rating: object) -> list[str]:
    if not isinstance(rating, dict) or _types(rating) != ["Rating"]:
        return ["@type Rating"]
    gaps = []
    label = rating.get("alternateName")
    if not (isinstance(label, str) and label.strip()):
        gaps.append("alternateName")
    numbers: dict[str, float] = {}
    for name in ("ratingValue", "bestRating", "worstRating"):
        value = rating.get(name)
        if isinstance(value, int | float) and "Number" in literal_types(value):
            numbers[name] = value
        else:
            gaps.append(name)
    if len(numbers) == 3 and not (
        numbers["worstRating"] <= numbers["ratingValue"] <= numbers["bestRating"]
    ):
        gaps.append("ratingValue between worstRating and bestRating")
    return gaps


@pytest.fixture
def rich(catalogue: Project) -> Project:
    """The catalogue, and a claim of an organisation's, checked False, made in a month (no day),
    mentioned in an article that has no URL and in one whose URL is no web address, with an
    evidence link and a note that is not one.
    """
    with catalogue.session() as s:
        un = claims.find_claimant(s, "United Nations")
        false = next(r.id for r in claims.scale(s) if r.label == "False")
        cid = claims.add(s, "Aid convoys reached Aleppo", claimant_id=un, made_on="2017-03")
        claims.update(
            s,
            cid,
            status="checked",
            rating_id=false,
            reasoning="None had crossed by then.",
            tags=["Syria", "aid"],
            evidence=[
                {"url": "https://example.org/convoys", "note": "Convoy log"},
                {"url": "Phone", "note": "call with the UN press office, 6 March"},
            ],
        )
        later = article(s, "Al-Monitor", "2017-03-06", "c")
        s.connection().exec_driver_sql(
            "UPDATE article SET url = 'al-monitor.com/pulse/2017/03' WHERE id = ?", (later,)
        )
        for aid in (2, later):
            claims.link(s, cid, mark(s, aid, "The UN envoy said"))
    return catalogue


def exported(project: Project, tmp_path: Path, **options: Any) -> dict[str, Any]:
    out = tmp_path / "claims.jsonld"
    export(project, "claimreview", out, **options)
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


@pytest.fixture
def doc(rich: Project, tmp_path: Path) -> dict[str, Any]:
    return exported(rich, tmp_path, review_author=REVIEWER)


def nodes(value: object) -> Iterator[dict[str, Any]]:
    """Every node in ``value``, outermost first."""
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


def test_every_node_of_the_export_is_schema_org(doc: dict[str, Any]) -> None:
    assert vocabulary_problems(doc) == []
    # ... and the check saw what the project holds: every kind of node, and a claim of each kind
    kinds = {k for n in nodes(doc["@graph"]) for k in _types(n)}
    kinds_made = {"ClaimReview", "Claim", "Person", "Organization", "NewsArticle", "Rating"}
    assert kinds == kinds_made | {"CreativeWork"}  # the evidence
    authors = [g["itemReviewed"].get("author", {}).get("@type") for g in doc["@graph"]]
    assert authors == ["Person", None, "Organization"]
    assert [("reviewRating" in g) for g in doc["@graph"]] == [True, False, True]


def test_the_vocabulary_check_finds_each_kind_of_mistake(doc: dict[str, Any]) -> None:
    """Each check fails on a copy of the export broken in its way; the copy unbroken passes."""

    def broken(change: str) -> list[str]:
        copy = json.loads(json.dumps(doc))
        checked, still_open, _ = copy["@graph"]
        item, rating = checked["itemReviewed"], checked["reviewRating"]
        if change == "@type":
            item["author"]["@type"] = "Human"
        elif change == "property":
            checked["claimReview"] = checked.pop("claimReviewed")
        elif change == "domain":
            rating["headline"] = "True"  # a CreativeWork's, not a Rating's
        elif change == "node range":
            item["appearance"][0]["publisher"] = {"@type": "Rating", "ratingValue": 1}
        elif change == "literal range":
            still_open["claimReviewed"] = 5  # a Number where Text is expected
        elif change == "url":
            item["appearance"][1]["url"] = "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"
        elif change == "date":
            item["datePublished"] = "3 March 2017"
        elif change == "datetime":
            checked["dateModified"] = "2017-03-32T10:00:00Z"
        elif change == "superseded":
            sibling = {"@type": "Person", "name": "B"}
            still_open["itemReviewed"]["author"] = {"@type": "Person", "siblings": sibling}
        elif change == "@context":
            copy["@context"] = "http://schema.org/"
        return vocabulary_problems(copy)

    changes = (
        "@type",
        "property",
        "domain",
        "node range",
        "literal range",
        "url",
        "date",
        "datetime",
        "superseded",
        "@context",
    )
    assert vocabulary_problems(json.loads(json.dumps(doc))) == []
    missed = [change for change in changes if not broken(change)]
    assert missed == []


def test_a_checked_claim_lacks_only_what_the_project_cannot_know(doc: dict[str, Any]) -> None:
    checked, still_open, by_organisation = doc["@graph"]
    assert google_gaps(checked) == ["url", "datePublished"]  # the page's, unknown here
    assert checked["author"] == {"@type": "Person", "name": REVIEWER}
    # an article without a web address is there by its identifier, with no "url" at all
    assert google_gaps(by_organisation) == ["url", "datePublished"]
    works = by_organisation["itemReviewed"]["appearance"]
    assert [w["publisher"]["name"] for w in works] == ["Tehran Times", "Al-Monitor"]
    assert all(w["@id"].startswith("urn:uuid:") and "url" not in w for w in works)
    assert by_organisation["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1.0,
        "bestRating": 5.0,
        "worstRating": 1.0,
        "alternateName": "False",
    }
    assert by_organisation["citation"] == [
        {"@type": "CreativeWork", "url": "https://example.org/convoys", "name": "Convoy log"},
        {"@type": "CreativeWork", "name": "Phone call with the UN press office, 6 March"},
    ]
    # a claim not yet checked is no fact check: no verdict, nobody who said it, nowhere seen
    assert google_gaps(still_open) == [
        "url",
        "datePublished",
        "reviewRating",
        "itemReviewed.author",
        "itemReviewed.datePublished",
        "itemReviewed.appearance",
        "itemReviewed.firstAppearance",
    ]


def test_without_a_reviewer_the_export_is_still_schema_org_and_lacks_the_author(
    rich: Project, tmp_path: Path
) -> None:
    doc = exported(rich, tmp_path)
    assert vocabulary_problems(doc) == []
    checked = doc["@graph"][0]
    assert "author" not in checked and google_gaps(checked) == ["url", "author", "datePublished"]


def test_google_gaps_finds_a_broken_rating(doc: dict[str, Any]) -> None:
    checked = json.loads(json.dumps(doc["@graph"][0]))
    rating = checked["reviewRating"]
    rating["ratingValue"], rating["alternateName"] = 7, ""
    assert google_gaps(checked) == [
        "url",
        "datePublished",
        "reviewRating.alternateName",
        "reviewRating.ratingValue between worstRating and bestRating",
    ]
    rating["bestRating"] = "5"
    assert "reviewRating.bestRating" in google_gaps(checked)
