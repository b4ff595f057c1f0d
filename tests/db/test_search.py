"""Searching: whatever a researcher types, across text, captions, quotes and notes."""

from __future__ import annotations

import io
import subprocess
import sys
import uuid

import pytest

from db.annotate import highlights
from db.cli import main
from db.ingest.parse_text import parse_text
from db.ingest.rows import store_articles
from db.search import MARK_END, MARK_START, MAX_TERMS, fts_query, search
from db.store.models import Highlight, Note
from db.store.project import Project
from tests.conftest import ROOT


def add(project: Project, text: str) -> int:
    art = parse_text(text)
    with project.session() as s:
        return store_articles(s, [(art, None)])[0]


SENT = "Headline here\n\nSend an e-mail about the 5% rise, it's said in the body."
OTHER = "Other news\n\nNothing AND nothing NOT near the kind. كتب"
# Query -> which of the two articles it finds: operators and punctuation are plain words.
HOSTILE = {
    "e-mail": {SENT},
    "5%": {SENT},
    '"x': set(),
    "AND": {OTHER},
    "*": set(),
    "NEAR(": {OTHER},
    "an\x00said": {SENT},
    "كَتَبَ": {OTHER},
    "(x": set(),
    "body:": {SENT},
    "it's": {SENT},
    "vaccines AND": set(),
    "NOT": {OTHER},
    "the": {SENT, OTHER},
    "a.b@c.com": set(),
    "": set(),
    "   ": set(),
    '""': set(),
    "^": set(),
    "-": set(),
    "title:x OR": set(),
}


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_search_their_words(project: Project, query: str) -> None:
    ids = {add(project, SENT): SENT, add(project, OTHER): OTHER}
    with project.session() as s:
        assert {ids[h.article_id] for h in search(s, query)} == HOSTILE[query]


def search_cli(project: Project, query: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["search", "--project", str(project.path), query], out=out), out.getvalue()


def test_cli_searches_what_it_can_read_of_a_query_that_is_not_utf8(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = add(project, SENT)
    add(project, OTHER)
    code, out = search_cli(project, "rise\udce9 \udcff")  # b"rise\xe9 \xff" as argv has it
    assert code == 0 and [int(line.split()[0]) for line in out.splitlines()[::2]] == [aid]
    assert "not UTF-8" in capsys.readouterr().err
    assert search_cli(project, "\udcff\udcfe") == (0, "")


def test_cli_takes_raw_bytes_that_are_not_utf8(project: Project) -> None:
    aid = add(project, SENT)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "db",
            "search",
            "--project",
            str(project.path),
            b"\xffrise\xe9",
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == str(aid).encode() and b"Traceback" not in done.stderr
    assert b"not UTF-8" in done.stderr


def test_cli_says_which_words_were_left_out(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    aid = add(project, "Headline\n\n" + " ".join(f"w{i}" for i in range(MAX_TERMS)) + ".")
    code, out = search_cli(project, " ".join(f"w{i}" for i in range(MAX_TERMS + 3)))
    assert code == 0 and out.split()[0] == str(aid)
    assert f"Only the first {MAX_TERMS} different words were searched; 3 more" in (
        capsys.readouterr().err
    )


def test_cli_reports_a_damaged_index_in_words(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    add(project, SENT)
    with project.writer() as conn:
        conn.execute("DELETE FROM article_fts_data WHERE id > 10")
        conn.commit()
    assert search_cli(project, "rise") == (2, "")
    said = capsys.readouterr().err
    assert "search index is damaged" in said and "Traceback" not in said


def test_operators_are_searched_as_words(project: Project) -> None:
    add(project, "Title one\n\nThe NEAR future AND beyond.")
    add(project, "Title two\n\nNothing of the kind.")
    with project.session() as s:
        assert len(search(s, "AND beyond")) == 1
        assert len(search(s, "e-mail")) == 0


def test_arabic_with_harakat_and_persian_zwnj_match_their_plain_forms(project: Project) -> None:
    aid = add(project, "عنوان\n\nكَتَبَ الوزير بياناً. من می‌خواهم بروم.")
    with project.session() as s:
        assert [h.article_id for h in search(s, "كتب")] == [aid]
        assert [h.article_id for h in search(s, "كَتَبَ")] == [aid]
        assert [h.article_id for h in search(s, "میخواهم")] == [aid]


def test_latin_diacritics_are_ignored(project: Project) -> None:
    aid = add(project, "Zürich café\n\nThe café in Zürich served coffee.")
    with project.session() as s:
        assert [h.article_id for h in search(s, "zurich cafe")] == [aid]


def test_title_matches_rank_first_and_snippets_mark_the_words(project: Project) -> None:
    body = add(project, "Something else\n\nThe ceasefire was discussed at length today.")
    title = add(project, "Ceasefire collapses\n\nFighting resumed overnight in the north.")
    with project.session() as s:
        hits = search(s, "ceasefire")
    assert [h.article_id for h in hits] == [title, body]
    assert f"{MARK_START}ceasefire{MARK_END}" in hits[1].snippet


def test_boilerplate_is_not_searched(project: Project) -> None:
    add(
        project, "A headline\n\nReal text of the article.\n\nShare this article\n\nFacebook Twitter"
    )
    with project.session() as s:
        assert search(s, "Twitter") == []
        assert len(search(s, "article")) == 1


def test_captions_quotes_and_notes_are_found(project: Project) -> None:
    aid = add(project, "A headline\n\nA man waves a flag in the square. (AFP)\n\nBody text here.")
    with project.session() as s:
        h = Highlight(
            uid=str(uuid.uuid4()),
            article_id=aid,
            start=0,
            end=10,
            exact="A headline",
            text_sha256="x",
        )
        s.add(h)
        s.flush()
        s.add(Note(uid=str(uuid.uuid4()), highlight_id=h.id, body="dubious zeppelin figure"))
    with project.session() as s:
        assert search(s, "flag")[0].found_in == ("caption",)
        assert search(s, "zeppelin")[0].found_in == ("note",)
        assert "text" in search(s, "headline")[0].found_in


def test_prefix_search_for_typing() -> None:
    assert fts_query("minis") == '"minis"*'
    assert fts_query("minis ") == '"minis"'
    assert fts_query('say "hi') == '"say" """hi"*'
    assert fts_query("* ^ -") is None


def test_bulk_writes_index_what_the_search_views_compute(project: Project) -> None:
    from db.index.fts import integrity_statements

    persian = (
        "تهران تایمز\n\nوزیر امور خارجه گفت که مذاکراتِ هسته‌ای ادامه دارد.\n\nFollow us on Twitter"
    )
    with project.session() as s:  # several writes in one transaction, with a highlight between
        (first,) = store_articles(s, [(parse_text(persian), None)])
        highlights.add(s, article_id=first, start=0, end=5)
        store_articles(s, [(parse_text("A headline\n\nThe body of the second."), None)])
    with project.session() as s:
        for sql in integrity_statements():
            s.connection().exec_driver_sql(sql)  # raises if the index disagrees with its tables
        assert [h.article_id for h in search(s, "مذاکرات")] == [first]  # kasra folded away
        assert search(s, "Twitter") == []  # boilerplate is not searched
        assert len(search(s, "second")) == 1


def test_bulk_writes_leave_the_insert_triggers_in_place(project: Project) -> None:
    from db.index.fts import without_insert_triggers

    add(project, "A headline\n\nWritten in bulk.")
    with (
        pytest.raises(RuntimeError),
        project.writer() as conn,
        without_insert_triggers(conn, ["article", "caption"]),
    ):
        raise RuntimeError  # a write that fails half-way
    with project.writer() as conn:
        conn.execute(
            "INSERT INTO article (uid, title, section, text, text_sha256, hidden_spans,"
            " imported_at) VALUES ('u', 'Plain insert', '[]', 'Inserted by hand.', 'h', '', '')"
        )
        conn.commit()
    with project.session() as s:  # indexed by the trigger
        assert [h.title for h in search(s, "hand")] == ["Plain insert"]


def test_without_snippets_the_same_articles_come_back_with_none(project: Project) -> None:
    add(project, "Ballots counted\n\nThe ministry counted seventeen ballots in the north.")
    add(project, "Harbour news\n\nShips and ballots: the harbour reopened after storms.")
    with project.session() as s:
        full = search(s, "ballots")
        bare = search(s, "ballots", snippets=False)
    assert [h.article_id for h in bare] == [h.article_id for h in full] and len(full) == 2
    assert all(MARK_START in h.snippet for h in full) and all(h.snippet == "" for h in bare)


FORMS = {
    "hyphen": "Mail\n\nSend an e-mail to the co-operative about Al-Qaeda and COVID-19.",
    "joined": "Mail\n\nAn email from Alqaeda; they cooperate on covid19.",
    "apart": "Mail\n\nAn e mail about Al Qaeda. The score was 1-0.",
}
# Query -> the articles it finds: hyphenated and joined forms find each other, words apart are
# a phrase for the hyphenated form only, and numbers are never joined.
JOINED = {
    "email": {"hyphen", "joined"},
    "e-mail": {"hyphen", "joined", "apart"},
    "e‐mail": {"hyphen", "joined", "apart"},  # U+2010, the typographer's hyphen
    "cooperative": {"hyphen"},
    "co-operate": {"joined"},
    "Alqaeda": {"hyphen", "joined"},
    "Al-Qaeda": {"hyphen", "joined", "apart"},
    "Al Qaeda": {"hyphen", "apart"},  # two words: each must be there
    "covid19": {"hyphen", "joined"},
    "10": set(),  # "1-0" is a score, not the number 10
    "1-0": {"apart"},
}


@pytest.mark.parametrize("query", JOINED)
def test_hyphenated_and_joined_forms_find_each_other(project: Project, query: str) -> None:
    ids = {add(project, text): name for name, text in FORMS.items()}
    with project.session() as s:
        assert {ids[h.article_id] for h in search(s, query, prefix=False)} == JOINED[query]


def test_a_hyphenated_word_typed_so_far_finds_the_joined_form(project: Project) -> None:
    ids = {add(project, text): name for name, text in FORMS.items()}
    with project.session() as s:
        assert {ids[h.article_id] for h in search(s, "e-ma")} == {"hyphen", "joined", "apart"}
        assert {ids[h.article_id] for h in search(s, "coop")} == {"hyphen", "joined"}


def test_snippets_mark_the_text_as_stored(project: Project) -> None:
    aid = add(project, "عنوان\n\nكَتَبَ الوزير بياناً. Send an e-mail.")
    with project.session() as s:
        (hit,) = search(s, "كتب email")
    assert hit.article_id == aid
    assert hit.marked("[", "]") == "عنوان [كَتَبَ] الوزير بياناً. Send an [e-mail]."
