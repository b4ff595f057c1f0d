"""Claims go out whole: in the JSON project export and back, and as schema.org ClaimReview."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from db.annotate import claims
from db.formats.claimreview import write_claimreview
from db.formats.collect import ProjectData, Scope
from db.formats.exchange import import_exchange
from db.formats.export import export
from db.store.project import Project, open_project
from tests.db.test_claims import article, mark


@pytest.fixture
def catalogue(project: Project) -> Project:
    with project.session() as s:
        ids = [
            article(s, "Reuters", "2017-03-04", "a"),
            article(s, "Tehran Times", "2017-03-05", "b"),
        ]
        s.connection().exec_driver_sql(
            "UPDATE article SET url = 'https://example.org/' || id WHERE id = ?", (ids[0],)
        )
        envoy = claims.add_claimant(s, "Staffan de Mistura", ["the UN envoy"])
        claims.add_claimant(s, "United Nations", kind="organisation")
        false, true = claims.add_rating(s, "False", 1), claims.add_rating(s, "True", 5)
        cid = claims.add(s, "Talks will resume in Geneva", claimant_id=envoy, made_on="2017-03-03")
        claims.update(
            s,
            cid,
            status="checked",
            rating_id=true,
            reasoning="They did, on 23 March.",
            tags=["Syria", "talks"],
            evidence=[{"url": "https://un.org/press", "note": "UN press release"}],
            notes="**Check** the date",
        )
        for aid in ids:
            claims.link(s, cid, mark(s, aid, "talks would resume in Geneva"))
        open_claim = claims.add(s, "Delegations arrive Monday")
        assert false and open_claim
    return project


def snapshot(p: Project) -> dict[str, object]:
    with p.session() as s:
        views = claims.all_claims(s)
        return {
            "claims": [
                (v.uid, v.wording, v.claimant, v.status, v.verdict, v.mentions, v.tags)
                for v in views
            ],
            "rows": [
                (c.reasoning, c.notes, c.evidence, c.made_on)
                for c in (claims.get(s, v.id) for v in views)
            ],
            "quotes": [[m.exact for m in claims.mentions(s, v.id)] for v in views],
            "people": [(p.name, p.kind, p.aliases) for p in claims.claimants(s)],
            "scale": [(r.label, r.value) for r in claims.scale(s)],
        }


def test_the_json_export_carries_the_catalogue_and_imports_it_once(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "project.json"
    export(catalogue, "json", out)
    with open_project(tmp_path / "copy.claimdesk") as p:
        import_exchange(p, out)
        assert snapshot(p) == snapshot(catalogue)
        import_exchange(p, out)  # again: the same claims, nothing twice
        assert snapshot(p) == snapshot(catalogue)


def test_claimreview_has_the_claim_its_author_appearances_and_verdict(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.jsonld"
    with catalogue.session() as s:
        assert write_claimreview(ProjectData(s), out) == 2
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == "https://schema.org"
    checked, still_open = doc["@graph"]
    assert checked["@type"] == "ClaimReview"
    assert checked["claimReviewed"] == "Talks will resume in Geneva"
    item = checked["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": "Staffan de Mistura",
        "alternateName": ["the UN envoy"],
    }
    assert item["datePublished"] == "2017-03-03"
    assert [a["publisher"]["name"] for a in item["appearance"]] == ["Reuters", "Tehran Times"]
    assert item["firstAppearance"]["url"] == "https://example.org/1"  # the earliest published
    no_url = item["appearance"][1]  # an article with no URL: named by its uid alone
    assert no_url["@id"].startswith("urn:uuid:") and "url" not in no_url
    assert checked["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5.0,
        "bestRating": 5.0,
        "worstRating": 1.0,
        "alternateName": "True",
    }
    assert (
        checked["reviewBody"] == "They did, on 23 March." and checked["keywords"] == "Syria, talks"
    )
    assert checked["citation"] == [
        {"@type": "CreativeWork", "url": "https://un.org/press", "name": "UN press release"}
    ]
    assert "reviewRating" not in still_open and "appearance" not in still_open["itemReviewed"]


def test_claimreview_of_chosen_articles_keeps_their_claims_only(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.jsonld"
    with catalogue.session() as s:
        assert write_claimreview(ProjectData(s, Scope(article_ids=[2])), out) == 1
    (only,) = json.loads(out.read_text(encoding="utf-8"))["@graph"]
    assert [a["publisher"]["name"] for a in only["itemReviewed"]["appearance"]] == ["Tehran Times"]


def test_the_command_line_exports_claimreview(catalogue: Project, tmp_path: Path) -> None:
    from tests.db.test_export import run

    out = tmp_path / "claims.jsonld"
    code, said, _ = run(
        "export", "--project", str(catalogue.path), "--format", "claimreview", "--output", str(out)
    )
    assert code == 0 and said.startswith("2 claims written")
    assert [g["claimReviewed"] for g in json.loads(out.read_text(encoding="utf-8"))["@graph"]] == [
        "Talks will resume in Geneva",
        "Delegations arrive Monday",
    ]


def test_claims_list_show_and_the_sheet_from_the_command_line(
    catalogue: Project, tmp_path: Path
) -> None:
    from tests.db.test_export import run

    project = str(catalogue.path)
    code, said, _ = run("claims", "list", "--project", project, "--json")
    listed = json.loads(said)
    assert code == 0 and [(c["wording"], c["mentions"], c["outlets"]) for c in listed] == [
        ("Talks will resume in Geneva", 2, 2),
        ("Delegations arrive Monday", 0, 0),
    ]
    code, said, _ = run("claims", "list", "--project", project, "--status", "checked")
    assert code == 0 and said.count("\n") == 1 and "True" in said
    code, said, _ = run("claims", "show", "--project", project, "--json", str(listed[0]["id"]))
    shown = json.loads(said)
    assert [m["outlet"] for m in shown["mentions"]] == ["Reuters", "Tehran Times"]
    code, said, _ = run("claims", "show", "--project", project, str(listed[0]["id"]))
    assert "«talks would resume in Geneva»" in said
    assert run("claims", "show", "--project", project, "999")[0] == 1
    sheet = tmp_path / "claims.csv"
    code, said, _ = run(
        "claims", "export", "--project", project, "--format", "csv", "--output", str(sheet)
    )
    assert code == 0 and said.startswith("2 claims written")
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert (rows[0]["Reuters"], rows[0]["Tehran Times"], rows[1]["Reuters"]) == ("1", "1", "0")
    refused = run("claims", "export", "--project", project, "--output", project)
    assert refused[0] == 2  # never over the project itself
    reviewed = tmp_path / "claims.jsonld"
    code, _, _ = run(
        "claims", "export", "--project", project, "--output", str(reviewed), "--reviewer", "R. Ames"
    )
    graph = json.loads(reviewed.read_text(encoding="utf-8"))["@graph"]
    assert code == 0 and {r["author"]["name"] for r in graph} == {"R. Ames"}


@pytest.fixture
def wire_copy(catalogue: Project) -> Project:
    """The Tehran Times article made a copy of the Reuters one: one story, two articles."""
    with catalogue.session() as s:
        s.connection().exec_driver_sql("UPDATE article SET story = 1")
    return catalogue


def test_a_claim_counts_its_stories_beside_its_mentions(wire_copy: Project) -> None:
    with wire_copy.session() as s:
        talks, monday = claims.all_claims(s)
        assert (talks.mentions, talks.outlets, talks.stories) == (2, 2, 1)
        assert monday.stories == 0
        assert {m.story for m in claims.mentions(s, talks.id)} == {1}


def test_one_per_story_counts_a_wire_story_once_in_every_claim_export(
    wire_copy: Project, tmp_path: Path
) -> None:
    one = Scope(one_per_story=True)
    sheet, review, whole = tmp_path / "c.csv", tmp_path / "c.jsonld", tmp_path / "p.json"
    export(wire_copy, "claims-csv", sheet, scope=one)
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert (first["mentions"], first["stories"], first["outlets"]) == ("1", "1", "1")
    assert first["Reuters"] == "1" and "Tehran Times" not in first  # the earliest copy counts
    export(wire_copy, "claimreview", review, scope=one)
    checked = json.loads(review.read_text(encoding="utf-8"))["@graph"][0]
    assert [a["publisher"]["name"] for a in checked["itemReviewed"]["appearance"]] == ["Reuters"]
    assert export(wire_copy, "json", whole, scope=one).count == 1
    assert export(wire_copy, "json", whole).count == 2
    export(wire_copy, "claims-csv", sheet)  # all copies, as before
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert (first["mentions"], first["stories"], first["Tehran Times"]) == ("2", "1", "1")


def test_one_per_story_from_the_command_line(wire_copy: Project, tmp_path: Path) -> None:
    from tests.db.test_export import run

    project, out = str(wire_copy.path), tmp_path / "a.csv"
    code, said, _ = run("claims", "list", "--project", project)
    assert code == 0 and "2 in   1 stories,   2 outlets" in said.splitlines()[0]
    code, said, _ = run(
        "export", "--project", project, "--format", "json", "--output", str(out), "--one-per-story"
    )
    assert code == 0 and said.startswith("1 articles written")
    sheet = tmp_path / "claims.csv"
    code, said, _ = run(
        "claims", "export", "--project", project, "--format", "csv", "--output", str(sheet),
        "--one-per-story",
    )  # fmt: skip
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.DictReader(f))["mentions"] == "1"


def test_one_per_story_takes_the_coded_copy_when_only_a_later_one_is_coded(
    project: Project, tmp_path: Path
) -> None:
    with project.session() as s:
        ids = [
            article(s, "Reuters", "2017-03-04", "a"),
            article(s, "Tehran Times", "2017-03-05", "b"),
            article(s, "Press TV", "2017-03-01", "c"),  # imported last, published first
        ]
        s.connection().exec_driver_sql("UPDATE article SET story = ?", (ids[0],))
        mark(s, ids[1], "talks would resume in Geneva")
    out = tmp_path / "one.jsonld"
    assert export(project, "w3c", out, scope=Scope(one_per_story=True)).count == 1
    assert (
        export(project, "json", tmp_path / "one.json", scope=Scope(one_per_story=True)).count == 1
    )
    whole = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert [a["outlet"] for a in whole["articles"]] == ["Press TV"]  # the earliest published
