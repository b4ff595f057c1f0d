"""The article-structure labels (tests/fixtures/structure) and the bench that scores against them.

The index is checked on every run; that its line numbers fit the texts regenerated from
../shared/corpora is checked with the corpora (``full_corpora``), and for the articles written
for the project (archive ``own``, kept in the repository) on every run. The scorer's arithmetic is
checked on small texts written here.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from bench.render import member_text, render, sha256
from bench.structure import (
    HEADER,
    LABELS,
    LAYOUTS,
    NONE,
    OWN,
    OWN_ARCHIVE,
    Labelled,
    Tally,
    floor_kinds,
    held_out,
    line_kinds,
    load,
    main,
    mismatch,
    read_labels,
    score,
    site_of,
)
from db.ingest.article import BlockSpan
from db.store.models import BlockKind as K
from tests.conftest import SHARED

ARCHIVES = (
    *("tehran-times", "horne2017", "scrapinghub-aeb", "trafilatura-eval", "readability"),
    OWN_ARCHIVE,
)


def test_index_is_well_formed_and_large_enough() -> None:
    articles = read_labels(LABELS)
    assert len(articles) >= 300
    assert {a.archive.removesuffix(".tar.xz") for a in articles} == set(ARCHIVES)
    assert len({site_of(a.member, {}) for a in articles}) >= 8
    assert len({a.member for a in articles}) == len(articles)
    held = sum(held_out(a.member) for a in articles)
    assert 0.25 < held / len(articles) < 0.42  # about a third, chosen by hash
    for art in articles:  # every article has a headline or body line, and nothing else is odd
        assert set(art.kinds.values()) <= {str(k) for k in K}
        assert {str(K.PARAGRAPH), str(K.HEADLINE)} & set(art.kinds.values()) or all(
            k == K.BOILERPLATE for k in art.kinds.values()
        )


def test_split_is_a_stable_hash_of_the_member_path() -> None:
    assert held_out("x") is (int(sha256("x"), 16) % 3 == 0)
    members = ["horne2017/random_real_1004.txt", "horne2017/random_real_1006.txt"]
    members += ["readability/cnn.html", "readability/blogger.html"]
    assert [held_out(m) for m in members] == [True, False, False, True]


def _index(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "labels.tsv"
    path.write_text("\t".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


SHA = "a" * 64


def _row(line: int | str, kind: str = "paragraph", member: str = "horne2017/a.txt") -> str:
    return f"horne2017.tar.xz\t{member}\t{SHA}\t{line}\t{kind}"


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        ([_row(0, "headlin")], "is not one of"),
        ([_row("-1")], "is not a number"),
        ([_row("one")], "is not a number"),
        ([_row(0), _row(0)], "labelled twice"),
        ([_row(0), _row(2)], "no label for line 1"),
        ([_row(0, member="readability/a.html")], "is not a member of"),
        ([_row(0).replace(SHA, "A" * 64)], "is not a SHA-256"),
        ([_row(0), _row(1).replace(SHA, "b" * 64)], "two SHA-256s"),
        ([_row(0) + "\tthe text"], "6 columns"),
    ],
)
def test_malformed_index_rows_are_refused(tmp_path: Path, rows: list[str], why: str) -> None:
    with pytest.raises(ValueError, match=why):
        read_labels(_index(tmp_path, rows))


def test_an_index_without_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.tsv"
    path.write_text(_row(0) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="first row"):
        read_labels(path)


# A hand-made article: 5 non-blank lines (a blank and a spaces-only line between them).
TEXT = "Big News Today\n\nBy A. Writer\nFirst para here.\n   \nPhoto: someone\nLast para.\n"
HEAD, BYLINE, FIRST, PHOTO, LAST = 0, 16, 29, 50, 65


def test_line_kinds_take_the_block_holding_most_of_a_line() -> None:
    blocks = [
        BlockSpan(K.HEADLINE, HEAD, 3),  # "Big": 3 visible characters
        BlockSpan(K.PARAGRAPH, 3, 14),  # " News Today": 9, the most, so paragraph
        BlockSpan(K.BYLINE, BYLINE, BYLINE + 12),
        BlockSpan(K.PARAGRAPH, FIRST, FIRST + 16),
        BlockSpan(K.CAPTION, PHOTO, PHOTO + 6),  # "Photo:" 6 against "someone" 7 ...
        BlockSpan(K.BOILERPLATE, PHOTO + 6, PHOTO + 14),  # ... so boilerplate
    ]  # "Last para." is in no block
    assert TEXT[LAST : LAST + 10] == "Last para."
    assert line_kinds(TEXT, blocks) == ["paragraph", "byline", "paragraph", "boilerplate", NONE]


def test_line_kinds_break_ties_by_block_order_and_ignore_spaces() -> None:
    text = "ab  cd\n"
    tie = [BlockSpan(K.CAPTION, 0, 2), BlockSpan(K.PARAGRAPH, 2, 6)]  # 2 visible each
    assert line_kinds(text, tie) == ["caption"]
    spaces_only = [BlockSpan(K.HEADLINE, 2, 4), BlockSpan(K.OTHER, 4, 6)]
    assert line_kinds(text, spaces_only) == ["other"]


def test_floor_is_a_headline_then_paragraphs() -> None:
    assert floor_kinds(3) == ["headline", "paragraph", "paragraph"]
    assert floor_kinds(0) == []


def test_tally_arithmetic() -> None:
    t = Tally()
    t.add(
        ["headline", "byline", "paragraph", "paragraph"],
        ["headline", "paragraph", "paragraph", "boilerplate"],
    )
    t.add(["boilerplate", "headline"], ["headline", "headline"])
    # right: lines 1 (headline), 3 (paragraph) and 6 (headline): 3 of 6
    assert t.lines == 6
    assert t.accuracy() == pytest.approx(3 / 6)
    # headline: said on lines 1, 5, 6, right on 1 and 6, labelled on 1 and 6
    p, r, f1, gold = t.prf("headline")
    assert (p, f1) == pytest.approx((2 / 3, 0.8))
    assert (r, gold) == (1.0, 2)
    # paragraph: said on 2 and 3, right on 3, labelled on 3 and 4
    assert t.prf("paragraph") == (0.5, 0.5, 0.5, 2)
    # boilerplate said once, wrongly; byline never said: precision 0 when nothing is right
    assert t.prf("boilerplate") == (0.0, 0.0, 0.0, 1)
    assert t.prf("byline") == (0.0, 0.0, 0.0, 1)
    assert t.prf("comment") == (0.0, 0.0, 0.0, 0)
    # the first article's headline lines match exactly ({0}); the second's do not ({1}, {0, 1})
    assert t.headline_exact() == 0.5


def _article(member: str, text: str, kinds: list[str]) -> Labelled:
    return Labelled("horne2017.tar.xz", member, sha256(text), dict(enumerate(kinds)))


def test_score_tallies_the_given_kinds_beside_the_floor_and_reports_stale_articles() -> None:
    good = _article("horne2017/good.txt", "Title\n\nBody one.\nBody two.\n", ["headline"] * 3)
    changed = _article("horne2017/changed.txt", "Old text\n", ["headline"])
    shorter = _article("horne2017/short.txt", "One\nTwo\n", ["headline", "paragraph", "other"])
    gone = _article("horne2017/gone.txt", "Gone\n", ["paragraph"])
    texts = {
        (a.archive, a.member): t
        for a, t in [(good, "Title\n\nBody one.\nBody two.\n"), (changed, "New text\n")]
    }
    texts[(shorter.archive, shorter.member)] = "One\nTwo\n"
    result = score(
        [good, changed, shorter, gone],
        texts,
        {good.member: "an outlet"},
        kinds=lambda text, member: ["headline", "paragraph", "headline"],
    )
    parser, floor = result.parser["all"], result.floor["all"]
    assert (parser.articles, parser.lines) == (1, 3)
    assert parser.accuracy() == pytest.approx(2 / 3)
    assert floor.accuracy() == pytest.approx(1 / 3)
    assert (parser.headline_exact(), floor.headline_exact()) == (0.0, 0.0)
    assert set(result.parser) == {"all", "horne2017", "horne2017: an outlet"}
    assert result.stale == [
        "horne2017/changed.txt: its text has changed (SHA-256 differs from the index)",
        "horne2017/short.txt: 2 lines, 3 labelled",
        "horne2017/gone.txt: not found in horne2017.tar.xz, or not readable text",
    ]


@pytest.mark.parametrize(
    ("layout", "laid"),
    [
        ("saved", "Title\n\n  \nBody one.\nBody two.\n"),
        ("no-blank-lines", "Title\nBody one.\nBody two.\n"),
        ("blank-after-each", "Title\n\nBody one.\n\nBody two.\n\n"),
    ],
)
def test_the_parser_is_scored_on_the_lines_laid_out_anew(layout: str, laid: str) -> None:
    text = "Title\n\n  \nBody one.\nBody two.\n"
    good = _article("horne2017/good.txt", text, ["headline", "paragraph", "paragraph"])
    given: list[str] = []

    def kinds(text: str, member: str) -> list[str]:
        given.append(text)
        return ["headline", "paragraph", "paragraph"]

    result = score([good], {(good.archive, good.member): text}, {}, kinds, LAYOUTS[layout])
    assert given == [laid] and result.parser["all"].accuracy() == 1.0


def _archive(path: Path, files: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:xz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


PAGE = (
    b"<html><head><title>T</title><style>p{}</style></head><body>"
    b"<nav><a>Home</a> <a>News</a></nav><h1>A  headline</h1>"
    b"<script>var x;</script><p>One<br>two\n  words</p><div>Tail</div></body></html>"
)


def test_render_keeps_visible_blocks_apart_and_drops_what_is_never_seen() -> None:
    assert render(PAGE) == "Home News\n\nA headline\n\nOne\ntwo words\n\nTail\n"
    assert render(PAGE) == render(PAGE)
    assert render("<p>caf\u00e9</p>".encode("cp1252")) == "caf\u00e9\n"  # not UTF-8: cp1252
    stale = b'<meta charset="iso-8859-2"><p>' + "\u0142\u00f3d\u017a".encode() + b"</p>"
    assert render(stale) == "\u0142\u00f3d\u017a\n"  # UTF-8 bytes win over a stale charset


def test_bench_reads_members_from_archives_and_reports_changed_texts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpora = tmp_path / "corpora"
    corpora.mkdir()
    text = "Headline here\n\nA body paragraph of the article.\r\n"
    _archive(
        corpora / "readability.tar.xz",
        {"readability/page.html": PAGE, "readability/MANIFEST.jsonl": b""},
    )
    _archive(corpora / "horne2017.tar.xz", {"horne2017/a.txt": text.encode("cp1252")})
    page_text = member_text("readability/page.html", PAGE)
    assert page_text == render(PAGE)
    rows = [
        f"horne2017.tar.xz\thorne2017/a.txt\t{sha256(member_text('a.txt', text.encode()))}\t{i}\t{k}"
        for i, k in enumerate(["headline", "paragraph"])
    ] + [
        f"readability.tar.xz\treadability/page.html\t{'0' * 64}\t{i}\tboilerplate" for i in range(4)
    ]
    assert (
        main(["--split", "all", "--labels", str(_index(tmp_path, rows)), "--corpora", str(corpora)])
        == 0
    )
    out = capsys.readouterr().out
    assert "split all, parser model, layout saved: 2 labelled articles" in out
    assert "1 article(s) left out:\n  readability/page.html: its text has changed" in out
    assert f"{'horne2017':42} {1:>8} {2:>6}" in out


def test_own_articles_are_read_from_the_repository_and_fit_their_labels(tmp_path: Path) -> None:
    own = [a for a in read_labels(LABELS) if a.archive == OWN_ARCHIVE]
    assert len(own) >= 8
    assert {a.member for a in own} == {f"{OWN_ARCHIVE}/{p.name}" for p in OWN.glob("*.txt")}
    texts, sites = load(own, tmp_path / "no corpora here")
    for art in own:
        text = texts.get((art.archive, art.member))
        assert text is not None, art.member
        assert sha256(text) == art.sha256, art.member
        assert mismatch(art, text) is None
        assert (OWN / art.member.removeprefix(f"{OWN_ARCHIVE}/")).read_bytes() == text.encode()
    assert len(set(sites.values())) == len(own)
    assert {held_out(a.member) for a in own} == {True, False}  # some held out, some dev


@pytest.mark.full_corpora
def test_labels_fit_the_texts_regenerated_from_the_corpora() -> None:
    articles = read_labels(LABELS)
    texts, _ = load(articles, SHARED / "corpora")
    problems = [p for a in articles if (p := mismatch(a, texts.get((a.archive, a.member))))]
    assert problems == []
