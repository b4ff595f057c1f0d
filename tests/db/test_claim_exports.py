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
