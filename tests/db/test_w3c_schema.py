"""The W3C export against the W3C Web Annotation test suite (``tests/fixtures/w3c``, see README).

The suite's ``.test`` files list JSON Schema (draft-04) "assertions", each a ``must``, ``should``
or ``may``, that its web harness (JSONtest.js) applies one by one to a pasted annotation,
collection or page. :func:`run_test` does what that harness does: an assertion passes when the
content's validity is its ``expectedResult``; an unexpected result continues, or skips (or
aborts) the assertions after it, as its ``onUnexpectedResult`` says; formats are checked as
the harness's validator (Ajv, "fast" formats) checks them. The harness leaves failed ``should``
and ``may`` assertions out of its report where a test lists them in ``skipFailures``; here they
are counted all the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from db.annotate import codes, highlights, notes
from db.articles.detail import get
from db.formats.export import export
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.store.project import Project
from tests.conftest import FIXTURES

SUITE = FIXTURES / "w3c"
ANNOTATION_TESTS = (
    "annotations/annotationMusts.test",
    "annotations/annotationOptionals.test",
    "annotations/annotationsAgentOptionals.test",
)
COLLECTION_TESTS = ("collections/collectionMusts.test", "collections/collectionOptionals.test")
PAGE_TESTS = ("collections/pages/pageMusts.test", "collections/pages/pageOptionals.test")
KINDS = ("must", "should", "may")
# What the harness does after an unexpected result; the assertions after a skip or an abort
# are not run.
_ACTIONS = {
    "failAndContinue": "continue",
    "passAndContinue": "continue",
    "failAndSkip": "skip",
    "passAndSkip": "skip",
    "failAndAbort": "abort",
    "passAndAbort": "abort",
}
# Ajv's "fast" formats, the only two the suite's schemas use (JavaScript's \d is ASCII only).
_FORMATS = {
    "uri": re.compile(r"^(?:[a-z][a-z0-9+\-.]*:)(?:/?/)?[^\s]*$", re.IGNORECASE),
    "date-time": re.compile(
        r"^[0-9]{4}-[0-1][0-9]-[0-3][0-9][t\s](?:[0-2][0-9]:[0-5][0-9]:[0-5][0-9]|23:59:60)"
        r"(?:\.[0-9]+)?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)$",
        re.IGNORECASE,
    ),
}

# SHOULDs the export claims for every annotation; those it claims only where they apply follow.
CLAIMED = {
    "annotations/3.3.1-annotationCreatedImplemented.json",
    "annotations/3.3.5-annotationSingleMotivationImplemented.json",
    "annotations/3.3.2-annotationGeneratorAgentTypeImplemented.json",
    "annotations/3.3.2-annotationGeneratorAgentSingleNameImplemented.json",
    "annotations/specificResource/4.2.4-prefix.json",
    "annotations/specificResource/4.2.4-suffix.json",
}
WITH_BODY = {  # a highlight with neither code nor note has no body (the model allows none)
    "annotations/3.1-bodyKeyFound.json",
    "annotations/bodiesTargets/3.2.1-bodySingleFormat.json",
    "annotations/bodiesTargets/3.2.4-bodyETBTypeTextualBody.json",
}
WITH_CODER = {  # a highlight whose coder was not recorded has no creator
    "annotations/3.3.1-annotationSingleCreatorImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentIdImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentTypeImplemented.json",
    "annotations/3.3.2-annotationCreatorAgentSingleNameImplemented.json",
}
COLLECTION_CLAIMED = {
    "collections/5.1-collectionLabelImplemented.json",
    "collections/5.1-collectionTotalImplemented.json",
}
WITH_PAGE = {  # an empty project's collection has no page
    "collections/5.1-collectionLastImplemented.json",
    "collections/pages/5.2-pagePartOfImplemented.json",
    "collections/pages/5.2-pageStartIndexImplemented.json",
}


@dataclass(frozen=True)
class Outcome:
    assertion: str  # its file in the suite
    kind: str  # must, should or may
    passed: bool | None  # None: not run (an assertion before it skipped the rest)


@cache
def load(name: str) -> Any:
    return json.loads((SUITE / name).read_text(encoding="utf-8"))


@cache
def registry() -> Registry[Any]:
    """The suite's shared definitions, by the ids its assertions' ``$ref`` name them with."""
    schemas = [load(f"definitions/{p.name}") for p in sorted((SUITE / "definitions").iterdir())]
    return Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT4)) for s in schemas
    )


@cache
def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, pattern in _FORMATS.items():
        checker.checks(name)(
            lambda value, p=pattern: not isinstance(value, str) or bool(p.match(value))
        )
    return checker


@cache
def validator(name: str) -> Draft4Validator:
    return Draft4Validator(load(name), registry=registry(), format_checker=format_checker())


def kind_of(schema: dict[str, Any]) -> str:
    kind = str(schema.get("assertionType", "must")).lower()
    return kind if kind in KINDS else "must"


def run_test(test: str, content: Any) -> list[Outcome]:
    """Each assertion of ``test`` applied to ``content``, in order, as the harness applies them."""
    outcomes, action = [], "continue"
    for name in load(test)["assertions"]:
        assert isinstance(name, str), "the vendored tests list assertion files only"
        schema = load(name)
        if action != "continue":
            outcomes.append(Outcome(name, kind_of(schema), None))
            continue
        valid = validator(name).is_valid(content)
        passed = valid == (schema.get("expectedResult", "valid") == "valid")
        if not passed:
            action = _ACTIONS.get(schema.get("onUnexpectedResult", "failAndContinue"), "continue")
        outcomes.append(Outcome(name, kind_of(schema), passed))
    return outcomes


def run_tests(tests: tuple[str, ...], content: Any) -> list[Outcome]:
    return [o for t in tests for o in run_test(t, content)]


def failed(outcomes: list[Outcome], kind: str) -> list[str]:
    return [o.assertion for o in outcomes if o.kind == kind and o.passed is False]


# -- the export ------------------------------------------------------------------------------

TEXT = (
    "The minister said unemployment fell by 40% in a single year, a claim the opposition "
    "disputes.\n\n"
    "قال الوزير إنَّ البطالةَ انخفضت بنسبة أربعين في المئة خلال عامٍ واحد.\n\n"
    "Crowds 🇮🇷 cheered 👨‍👩‍👧 as the café opened.\n"
)


@pytest.fixture
def annotated(project: Project) -> Project:
    annotate(project)
    return project


def annotate(project: Project) -> None:
    """Coded and uncoded highlights, with and without a note and a coder, in two scripts."""
    with project.session() as s:
        (aid,) = store_articles(s, [(parse_text(TEXT), "mixed.txt")])
        text = get(s, aid).text  # type: ignore[union-attr]
        claim = codes.add(s, "Claim", color="#AA3300")

        def mark(quote: str, **kw: Any) -> int:
            start = text.index(quote)
            return highlights.add(s, article_id=aid, start=start, end=start + len(quote), **kw)

        coded = mark("unemployment fell by 40%", code_id=claim, coder="R. Analyst")
        notes.save(s, "Check the *labour survey* first:\n\n- 2023\n- 2024", highlight_id=coded,
                   fmt="text/markdown")  # fmt: skip
        arabic = mark("انخفضت بنسبة أربعين", code_id=claim)
        notes.save(s, "ملاحظة بالعربية على هذا الادعاء", highlight_id=arabic)
        mark("in a single year", code_id=claim, coder="R. Analyst")  # no note
        mark("the opposition disputes", coder="R. Analyst")  # uncoded, no note
        plain = mark("Crowds 🇮🇷 cheered")  # uncoded, no coder, a note
        notes.save(s, "Who counted the crowd?", highlight_id=plain)
        mark("café")  # nothing but the highlight


def exported(project: Project, path: Path) -> dict[str, Any]:
    export(project, "w3c", path)
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def standalone(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each annotation of the collection as it reads on its own: with the collection's context."""
    for item in doc.get("first", {}).get("items", []):
        yield {"@context": doc["@context"], **item}


def claimed(annotation: dict[str, Any]) -> set[str]:
    should = set(CLAIMED)
    if "body" in annotation:
        should |= WITH_BODY
    if "creator" in annotation:
        should |= WITH_CODER
    return should


def test_the_shoulds_claimed_are_the_suites() -> None:
    tests = ANNOTATION_TESTS + COLLECTION_TESTS + PAGE_TESTS
    shoulds = {a for t in tests for a in load(t)["assertions"] if kind_of(load(a)) == "should"}
    every = CLAIMED | WITH_BODY | WITH_CODER | COLLECTION_CLAIMED | WITH_PAGE
    assert every <= shoulds


def test_every_annotation_meets_every_must_and_the_shoulds_it_claims(
    annotated: Project, tmp_path: Path
) -> None:
    items = list(standalone(exported(annotated, tmp_path / "a.jsonld")))
    for item in items:
        outcomes = run_tests(ANNOTATION_TESTS, item)
        assert len(outcomes) == 54 + 74 + 36 and all(o.passed is not None for o in outcomes)
        quote = item["target"]["selector"][0]["exact"]
        assert failed(outcomes, "must") == [], quote
        assert set(failed(outcomes, "should")) & claimed(item) == set(), quote
    assert len(items) == 6
    assert sum("body" not in i for i in items) == 2 and sum("creator" in i for i in items) == 3


def test_the_collection_and_its_page_meet_every_must(annotated: Project, tmp_path: Path) -> None:
    doc = exported(annotated, tmp_path / "a.jsonld")
    outcomes = run_tests(COLLECTION_TESTS + PAGE_TESTS, doc)
    assert failed(outcomes, "must") == []
    assert set(failed(outcomes, "should")).isdisjoint(COLLECTION_CLAIMED | WITH_PAGE)
    assert doc["first"]["id"] == doc["last"] and doc["first"]["partOf"] == doc["id"]


def test_an_empty_project_is_a_collection_of_none(project: Project, tmp_path: Path) -> None:
    doc = exported(project, tmp_path / "empty.jsonld")
    assert doc["total"] == 0 and "first" not in doc and "last" not in doc
    outcomes = run_tests(COLLECTION_TESTS, doc)
    assert failed(outcomes, "must") == []
    assert set(failed(outcomes, "should")).isdisjoint(COLLECTION_CLAIMED)


# -- the harness itself, on the suite's own samples ------------------------------------------


def samples(kind: str) -> list[str]:
    folder = SUITE / "tools" / "samples" / kind
    return sorted(p.name for p in folder.glob("anno*.json"))


# Samples older than the suite's schemas: Composite, List and Independents left the model.
_STALE = {"anno11.json", "anno12.json", "anno13.json"}


@pytest.mark.parametrize("name", samples("correct"))
def test_the_suites_correct_samples_meet_every_must(name: str) -> None:
    sample = load(f"tools/samples/correct/{name}")
    stale = ["annotations/3.2-targetObjectsRecognized.json"] if name in _STALE else []
    assert failed(run_tests(ANNOTATION_TESTS, sample), "must") == stale


@pytest.mark.parametrize("name", samples("incorrect"))
def test_the_suites_incorrect_samples_fail_a_must(name: str) -> None:
    try:
        sample = load(f"tools/samples/incorrect/{name}")
    except json.JSONDecodeError:
        return  # the harness fails input that is not JSON before any assertion
    assert failed(run_tests(ANNOTATION_TESTS, sample), "must") != []


def test_the_suites_sample_collection_meets_every_must() -> None:
    sample = load("tools/samples/correct/collection1.json")
    assert failed(run_tests(COLLECTION_TESTS + PAGE_TESTS, sample), "must") == []
