"""The claim catalogue through REFI-QDA: a code per claim coding its mentions, and back as claims."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import Session

from db.annotate import claims, codes, highlights
from db.formats.collect import Scope
from db.formats.exchange import import_exchange
from db.formats.export import export
from db.formats.qdpx_claims import CLAIMS_GUID, MAX_NAME, describe, read_claim
from db.formats.qdpx_read import load_qdpx
from db.store.models import Claim, Claimant, Rating
from db.store.project import Project, open_project
from tests.db.test_claim_exports import snapshot
from tests.db.test_claims import article
from tests.db.test_export import refi_qda_schema

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
PRODUCERS = Path(__file__).resolve().parent.parent / "fixtures" / "refi-qda" / "producers"
LONG = "The envoy said that " + "the talks would go on for many more weeks " * 4 + "in Geneva"
GENEVA, ENVOY = "talks would resume in Geneva", "The UN envoy"


def coded(s: Session, aid: int, phrase: str, code: int) -> int:
    text = s.connection().exec_driver_sql("SELECT text FROM article WHERE id = ?", (aid,))
    start = text.scalar_one().index(phrase)
    return highlights.add(
        s, article_id=aid, start=start, end=start + len(phrase), code_id=code, coder="R. A."
    )


@pytest.fixture
def catalogue(project: Project) -> Project:
    """Two claims: one checked, with a verdict and a claimant known by aliases, mentioned in two
    articles; one long, mentioned once. One coded highlight mentions nothing."""
    with project.session() as s:
        a = article(s, "Reuters", "2017-03-04", "a")
        b = article(s, "Tehran Times", "2017-03-05", "b")
        quote = next(c.id for c in codes.all_codes(s) if c.name == "Quote")
        envoy = claims.add_claimant(s, "Staffan de Mistura", ["the UN envoy", "de Mistura"])
        claims.add_rating(s, "False", 1)
        true = claims.add_rating(s, "Mostly true (so far)", 4.5)
        talks = claims.add(s, "Talks will resume in Geneva", claimant_id=envoy, made_on="2017-03")
        claims.update(
            s,
            talks,
            status="checked",
            rating_id=true,
            reasoning="They did, on 23 March.\n\nStatus: not a field\n  indented",
            tags=["Syria", "talks"],
            evidence=[
                {"url": "https://un.org/press", "note": "UN press release"},
                {"url": "https://example.org/a", "note": ""},
            ],
            notes="**Check** the date",
        )
        claims.link(s, talks, coded(s, a, GENEVA, quote), coder="R. A.")
        claims.link(s, talks, coded(s, b, GENEVA, quote))
        long = claims.add(s, LONG)
        claims.link(s, long, coded(s, b, ENVOY, quote))
        coded(s, a, ENVOY, quote)  # coded, but it mentions no claim
    return project


def qde(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("project.qde"))


def marks(p: Project) -> list[tuple[str, str, str | None]]:
    """Each highlight as (quote, code, the claim it mentions), in article order."""
    with p.session() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT h.exact, coalesce(c.name, ''), k.wording FROM highlight h "
            "LEFT JOIN code c ON c.id = h.code_id LEFT JOIN mention m ON m.highlight_id = h.id "
            "LEFT JOIN claim k ON k.id = m.claim_id ORDER BY h.article_id, h.start"
        )
        return [(r[0], r[1], r[2]) for r in rows]


def codebook(p: Project) -> list[tuple[str, str]]:
    with p.session() as s:
        book = codes.all_codes(s)
        return [(codes.path(book, c.id), c.description) for c in book]


def test_claims_go_out_as_a_code_each_coding_their_mentions(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.qdpx"
    export(catalogue, "qdpx", out)
    root = qde(out)
    assert refi_qda_schema().validate(root), refi_qda_schema().error_log
    (box,) = [c for c in root.iter(Q + "Code") if c.get("guid") == CLAIMS_GUID]
    assert (box.get("name"), box.get("isCodable")) == ("Claims", "false")
    children = box.findall(Q + "Code")
    assert [c.get("isCodable") for c in children] == ["true", "true"]
    talks, long = children
    assert talks.get("name") == "Talks will resume in Geneva"
    name = long.get("name") or ""
    assert len(name) <= MAX_NAME and name.endswith("…") and LONG.startswith(name[:-1])
    record = talks.findtext(Q + "Description") or ""
    assert "Claimant: Staffan de Mistura (person)\nAlso known as: the UN envoy\n" in record
    assert "Verdict: Mostly true (so far) (4.5)\nReasoning: They did, on 23 March.\n" in record
    assert "Evidence: https://un.org/press — UN press release\n" in record
    assert f"Claim: {LONG}\n" in (long.findtext(Q + "Description") or "")
    # Each mention's selection: its own code's coding, then its claim's.
    refs = {c.get("guid"): c.get("name") for c in root.iter(Q + "Code")}
    selections = [
        (sel.get("name"), [refs[r.get("targetGUID")] for r in sel.iter(Q + "CodeRef")])
        for sel in root.iter(Q + "PlainTextSelection")
    ]
    assert selections == [
        (ENVOY, ["Quote"]),
        (GENEVA, ["Quote", "Talks will resume in Geneva"]),
        (ENVOY, ["Quote", name]),
        (GENEVA, ["Quote", "Talks will resume in Geneva"]),
    ]


def test_round_trip_rebuilds_the_claims_their_mentions_and_verdicts_once(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.qdpx"
    export(catalogue, "qdpx", out)
    with open_project(tmp_path / "empty.claimdesk") as p:
        import_exchange(p, out)
        assert snapshot(p) == snapshot(catalogue)
        assert marks(p) == marks(catalogue)
        assert codebook(p) == codebook(catalogue)  # no code of a claim among the codes
        with p.session() as s:
            assert [(v.wording, v.verdict, v.mentions) for v in claims.all_claims(s)] == [
                ("Talks will resume in Geneva", "Mostly true (so far)", 2),
                (LONG, "", 1),
            ]
        import_exchange(p, out)  # again: nothing twice
        assert snapshot(p) == snapshot(catalogue) and codebook(p) == codebook(catalogue)
    before = snapshot(catalogue), marks(catalogue)
    import_exchange(catalogue, out)  # into the project that holds them: the same claims
    assert (snapshot(catalogue), marks(catalogue)) == before


def as_qualcoder_writes(path: Path, out: Path) -> Path:
    """The archive as QualCoder exports what it imported: new GUIDs, one selection a coding."""
    root = qde(path)
    fresh: dict[str, str] = {}
    for c in root.iter(Q + "Code"):
        fresh[c.get("guid") or ""] = str(uuid.uuid4())
        c.set("guid", fresh[c.get("guid") or ""])
    for source in root.iter(Q + "TextSource"):
        for sel in source.findall(Q + "PlainTextSelection"):
            at = source.index(sel)
            source.remove(sel)
            for n, coding in enumerate(sel.findall(Q + "Coding")):
                ref = coding.find(Q + "CodeRef")
                assert ref is not None
                ref.set("targetGUID", fresh[ref.get("targetGUID") or ""])
                one = etree.Element(Q + "PlainTextSelection", dict(sel.attrib))
                one.set("guid", str(uuid.uuid4()))
                coding.set("guid", str(uuid.uuid4()))
                one.append(coding)
                source.insert(at + n, one)
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            body = z.read(info)
            w.writestr(info, etree.tostring(root) if info.filename == "project.qde" else body)
    return out


def test_claims_come_back_from_a_tool_that_renames_guids_and_splits_selections(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "claims.qdpx"
    export(catalogue, "qdpx", out)
    again = as_qualcoder_writes(out, tmp_path / "qualcoder.qdpx")
    assert len(list(qde(again).iter(Q + "PlainTextSelection"))) == 7
    with open_project(tmp_path / "empty.claimdesk") as p:
        import_exchange(p, again)
        assert snapshot(p) == snapshot(catalogue)
        assert marks(p) == marks(catalogue)  # each mention's two selections are one highlight
        assert [path for path, _ in codebook(p)] == [path for path, _ in codebook(catalogue)]


def test_articles_chosen_carry_the_claims_mentioned_in_them(
    catalogue: Project, tmp_path: Path
) -> None:
    out = tmp_path / "a.qdpx"
    export(catalogue, "qdpx", out, scope=Scope(article_ids=[1]))
    root = qde(out)
    assert refi_qda_schema().validate(root), refi_qda_schema().error_log
    (box,) = [c for c in root.iter(Q + "Code") if c.get("guid") == CLAIMS_GUID]
    assert [c.get("name") for c in box.findall(Q + "Code")] == ["Talks will resume in Geneva"]
    with open_project(tmp_path / "empty.claimdesk") as p:
        import_exchange(p, out)
        assert marks(p) == [
            (ENVOY, "Quote", None),
            (GENEVA, "Quote", "Talks will resume in Geneva"),
        ]


def test_a_claim_code_name_another_code_has_is_made_unique(
    catalogue: Project, tmp_path: Path
) -> None:
    with catalogue.session() as s:
        codes.add(s, "talks will resume in geneva")
        codes.add(s, "Claims")
    out = tmp_path / "claims.qdpx"
    export(catalogue, "qdpx", out)
    root = qde(out)
    (box,) = [c for c in root.iter(Q + "Code") if c.get("guid") == CLAIMS_GUID]
    assert box.get("name") == "Claims (Claimdesk)"
    assert box.findall(Q + "Code")[0].get("name") == "Talks will resume in Geneva (2)"
    with open_project(tmp_path / "empty.claimdesk") as p:
        import_exchange(p, out)
        assert codebook(p) == codebook(catalogue)
        assert snapshot(p) == snapshot(catalogue)


def test_another_tools_claims_code_stays_a_code() -> None:
    inc = load_qdpx(PRODUCERS / "nvivo-mac" / "nvivo-mac-structure.qdpx")
    assert "Claims" in [c.name for c in inc.codes] and inc.claims == []
    assert all(h.code for a in inc.articles for h in a.highlights)


def test_the_record_reads_back_exactly_and_a_bad_field_is_said() -> None:
    claim = Claim(
        uid=str(uuid.uuid4()),
        wording="Prices fell",
        status="checking",
        made_on="2024-02-29",
        reasoning="First line.\n\nTag: still reasoning\n  two spaces in",
        tags='["a; b", "c"]',
        evidence='[{"url": "https://x.org/?q=1", "note": "A — dash"}]',
        notes="# Notes\n\n- one",
    )
    who = Claimant(uid=str(uuid.uuid4()), name="Ministry (of Finance)", kind="organisation")
    rating = Rating(uid=str(uuid.uuid4()), label="Half true", value=3)
    found = read_claim(describe(claim, who, rating).replace("\n", "\r\n"))
    assert found is not None and found.warnings == []
    c = found.claim
    assert (c.uid, c.wording, c.status, c.made_on) == (
        claim.uid,
        "Prices fell",
        "checking",
        "2024-02-29",
    )
    assert (c.reasoning, c.notes, c.tags) == (claim.reasoning, claim.notes, ["a; b", "c"])
    assert c.evidence == [{"url": "https://x.org/?q=1", "note": "A — dash"}]
    assert found.claimant is not None and (found.claimant.name, found.claimant.kind) == (
        "Ministry (of Finance)",
        "organisation",
    )
    assert (c.claimant, c.rating) == (who.uid, rating.uid)
    assert found.rating is not None and (found.rating.label, found.rating.value) == ("Half true", 3)
    edited = describe(claim, None, None).replace("Status: checking", "Status: done")
    bad = read_claim(edited.replace("2024-02-29", "last week"))
    assert bad is not None and (bad.claim.status, bad.claim.made_on) == ("open", None)
    assert len(bad.warnings) == 2
    assert read_claim("Claim: a code's own memo\nStatus: open") is None
