"""Patterns the rules and the line model read: credits alone, comment markers, dates. Texts
written here."""

from __future__ import annotations

import pytest

from db.ingest import patterns as pat
from db.ingest.lines.decide import final_kinds
from db.ingest.lines.features import Line, features
from db.ingest.lines.labeller import Said
from db.ingest.parse_text import parse_text
from db.store.models import BlockKind as K


@pytest.mark.parametrize(
    "line",
    [
        "Jo Roe/Getty Images",
        "(Jo Roe/Getty Images)",
        "SAM POE / REUTERS",
        "Ana Lima/iStock/Getty Images",
        "Photo: Jo Roe",
        "Photo : AFP",
        "Foto: dpa",
        "Bild: Sam Poe",
        "(AFP)",
        "(أ ف ب)",
        "Getty Images",
        "Courtesy of the city council",
        "Main image credit: Getty",
        "Bildquelle: Sam Poe",
        "© Jo Roe",
        "Jupiterimages, Getty Images/Creatas RF",
        "Photo by Jo Roe.",
        "Illustration by Jo Roe",
        "Graphic: Harbour Press",
        "Foto: CC-BY-NC 2.0 Jo Roe",
    ],
)
def test_a_credit_alone_on_its_line(line: str) -> None:
    assert pat.picture_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "Reuters",  # an agency's name alone may be a byline
        "Jo Roe",
        "Home / News / World",
        "View PDF/Print Mode",
        "AB/PA",  # editors' initials
        "https://example.com/images/photo.jpg",
        "The council met on Tuesday to vote on the wall.",
        "© 2020 The Harbour Post",  # a copyright line
        "© Copyright The Harbour Post",
    ],
)
def test_not_a_credit_alone(line: str) -> None:
    assert not pat.picture_credit(line)


@pytest.mark.parametrize(
    ("pattern", "hits", "misses"),
    [
        (pat.COMMENT_SAYS, ["Jo Roe says:", "Sam Poe sagt:", "Ana dice:"], ["He says the wall is"]),
        (pat.REPLY, ["Reply", "Antworten", "رد"], ["Replying to the council"]),
        (
            pat.RELATIVE_TIME,
            ["3 hours ago", "vor 2 Stunden", "il y a 5 minutes", "hace 4 horas"],
            ["three hours later"],
        ),
        (pat.NUMERIC_DATE, ["19.11.2019", "11/19/2019", "2019/11/19"], ["1/2 cup", "3.5 km"]),
        (
            pat.COMMENT_FORM,
            ["Kommentar hinzufügen", "Add comment", "Leave a Reply"],
            ["Comments"],
        ),
        (pat.MONTH_DAY, ["on Mar 17", "9. April", "November 20"], ["May we go"]),
    ],
)
def test_comment_and_date_markers(pattern: object, hits: list[str], misses: list[str]) -> None:
    assert all(pattern.search(h) for h in hits), hits  # type: ignore[attr-defined]
    assert not any(pattern.search(m) for m in misses), misses  # type: ignore[attr-defined]


BODY = (
    "The harbour reopened on Tuesday after a week of repairs to the sea wall, the port "
    "authority said in a statement, and the first ferries came in at noon."
)


def test_a_credit_line_is_part_of_the_picture() -> None:
    text = f"Harbour reopens\n\n{BODY}\n\nFerries at the quay on Tuesday\n\nJo Roe/Getty Images\n\n{BODY}\n"
    art = parse_text(text, labeller=None)
    kinds = {art.block_text(b): b.kind for b in art.blocks}
    assert kinds["Jo Roe/Getty Images"] == K.CAPTION


def test_of_a_headline_and_its_copy_just_below_the_first_is_the_headline() -> None:
    lines = [Line("Harbour reopens after the storm", "paragraph") for _ in range(2)]
    lines.append(Line(BODY, "paragraph"))
    said = [
        Said("boilerplate", {"boilerplate": 0.6, "headline": 0.3}),
        Said("headline", {"headline": 0.9}),
        Said("paragraph", {"paragraph": 0.99, "headline": 0.0}),
    ]
    assert final_kinds(lines, said) == ["headline", "other", "paragraph"]


LONG = "\n\n".join(
    f"Paragraph {n} of the post says what the council decided about the harbour wall, and why "
    "the vote was put off until the spring."
    for n in range(1, 7)
)


def test_a_thread_with_no_heading_opens_at_a_commenters_line() -> None:
    thread = (
        "Jo Roe says:\n\nMarch 3, 2017 at 10:12 am\n\nThe council is right to wait.\n\nReply\n\n"
        "Sam Poe says:\n\nMarch 4, 2017 at 9:00 am\n\nWaiting costs more.\n\nLeave a Reply\n"
    )
    art = parse_text(f"Harbour wall vote put off\n\n{LONG}\n\n{thread}", labeller=None)
    kinds = {art.block_text(b): b.kind for b in art.blocks}
    assert kinds["Jo Roe says:"] == kinds["Waiting costs more."] == K.COMMENT
    assert kinds["Reply"] == kinds["Leave a Reply"] == K.BOILERPLATE
    assert all(kinds[p] == K.PARAGRAPH for p in LONG.split("\n\n"))


def test_a_byline_and_date_just_above_the_body_under_a_menu() -> None:
    menu = "\n\n".join(
        ["Home", "World", "Business", "Sport", "Culture", "Harbour wall vote put off"]
    )
    text = f"{menu}\n\nBy Jo Roe\n\nUpdated November 19, 2019\n\n{LONG}\n"
    art = parse_text(text, labeller=None)
    kinds = {art.block_text(b): b.kind for b in art.blocks}
    assert (kinds["By Jo Roe"], kinds["Updated November 19, 2019"]) == (K.BYLINE, K.DATELINE)
    assert (art.byline, art.published) == ("Jo Roe", "2019-11-19")


def test_a_name_the_model_calls_a_byline_three_times_is_a_list_of_teasers() -> None:
    lines = [Line(t, "paragraph") for t in ["By Jo Roe", BODY, "By Sam Poe"]]
    lines += [Line(t, "paragraph") for t in ["Other story", "By Sam Poe"] * 2]
    said = [
        Said("byline", {"byline": 0.9})
        if ln.text.startswith("By")
        else Said("paragraph", {"paragraph": 0.9})
        for ln in lines
    ]
    kinds = final_kinds(lines, said)
    assert kinds[0] == "byline"
    teasers = [k for ln, k in zip(lines, kinds, strict=True) if ln.text == "By Sam Poe"]
    assert teasers == ["boilerplate"] * 3


def test_the_line_model_sees_which_lines_share_the_bodys_words() -> None:
    lines = [
        Line("Harbour wall vote put off", "paragraph"),
        Line("Cheap flights to Lisbon", "paragraph"),
        *(Line(p, "paragraph") for p in LONG.split("\n\n")),
    ]
    feats = features(lines)
    assert "shared=4" in feats[0]  # harbour, wall, vote: all in the body
    assert "shared=0" in feats[1]  # another story's words


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Foto: Ein Mann steht am Hafen.", "Ein Mann steht am Hafen."),
        ("Beitragsbild: Titelseite vom 2.4.2019, Ausriss.", "Titelseite vom 2.4.2019, Ausriss."),
        ("Caption: Ferries at the quay on Tuesday.", "Ferries at the quay on Tuesday."),
        ("图注：工人在码头", "工人在码头"),
        (
            "Ferries at the quay on Tuesday. © Jo Roe / Harbour Post",
            "Ferries at the quay on Tuesday.",
        ),
        (
            "Ferries at the quay on Tuesday.Credit...Jo Roe/Harbour Post",
            "Ferries at the quay on Tuesday.",
        ),
    ],
)
def test_a_labelled_caption_or_one_with_its_credit_run_on(line: str, caption: str) -> None:
    art = parse_text(f"Harbour reopens\n\n{BODY}\n\n{line}\n\n{BODY}\n", labeller=None)
    assert [c.text for c in art.captions] == [caption]


def test_a_photo_story_keeps_its_caption_where_the_model_leaves_no_body() -> None:
    lines = [Line(f"{BODY} Photo: Jo Roe", "caption"), Line("AB/CD", "boilerplate", sure=True)]
    said = [Said("boilerplate", {"boilerplate": 0.95}) for _ in lines]
    assert final_kinds(lines, said) == ["caption", "boilerplate"]


def test_a_thread_under_a_count_in_words_keeps_going_past_its_buttons() -> None:
    thread = (
        "One thought on “Harbour wall vote put off”\n\nJo Roe\n\nMarch 3, 2017 at 10:12 am\n\n"
        "The council is right to wait.\n\nLike\n\nLog in to Reply\n\nSam Poe\n\n"
        "March 4, 2017 at 9:00 am\n\nWaiting costs more.\n\nLeave a Reply\n"
    )
    art = parse_text(f"Harbour wall vote put off\n\n{LONG}\n\n{thread}", labeller=None)
    kinds = {art.block_text(b): b.kind for b in art.blocks}
    assert kinds["Jo Roe"] == kinds["Sam Poe"] == kinds["Waiting costs more."] == K.COMMENT
    assert kinds["Like"] == kinds["Log in to Reply"] == K.BOILERPLATE


@pytest.mark.parametrize(
    "line",
    [
        "شارك",
        "فيسبوك | تويتر | واتساب",
        "Teilen Drucken",
        "اقرأ أيضا: ارتفاع أسعار الخبز",
        "بیشتر بخوانید: بارش باران در تهران",
        "Lesen Sie auch: Der Hafen öffnet wieder",
        "الوسوم: حلب، مياه",
        "Schlagwörter: Hafen, Sturm",
        "Anzeige",
    ],
)
def test_site_furniture_in_other_languages(line: str) -> None:
    assert pat.boilerplate_line(line)


@pytest.mark.parametrize(
    "tail",
    [
        "© 2024 شبكة الشمال الإخبارية. جميع الحقوق محفوظة.",
        "© 2024 Hafenpost. Alle Rechte vorbehalten.",
        "کلیه حقوق این سایت محفوظ است.",
    ],
)
def test_rights_reserved_in_other_languages_is_set_aside(tail: str) -> None:
    art = parse_text(f"Harbour reopens\n\n{BODY}\n\n{BODY} {tail}\n", labeller=None)
    kinds = {art.block_text(b): b.kind for b in art.blocks}
    assert kinds[BODY] == K.PARAGRAPH
    rest = [k for t, k in kinds.items() if t != BODY and "Harbour" not in t]
    assert rest and set(rest) == {K.BOILERPLATE}  # the body's own sentences stay paragraph


def test_a_menu_row_is_not_the_headline() -> None:
    text = f"Home\n\nNews | Sport | Culture | Video\n\nHarbour reopens\n\n{BODY}\n"
    art = parse_text(text, labeller=None)
    assert art.title != "News | Sport | Culture | Video"


@pytest.mark.parametrize(
    ("line", "byline", "dateline"),
    [
        ("Posted on Tuesday 15 October 2019 at 09:11 by Jo Roe.", True, False),
        ("Posted by Jo Roe.", True, False),
        ("Veröffentlicht am 5. November 2023 von Jo Roe", True, False),
        ("Published 10:02 AM EST Nov 19, 2019", False, True),
        ("19.11.2019, 08:57", False, True),
        (
            "Published on the harbour wall by the council and its engineers in a report",
            False,
            False,
        ),
    ],
)
def test_posted_by_and_dates_after_a_time(line: str, byline: bool, dateline: bool) -> None:
    assert (bool(pat.BYLINE.match(line)), bool(pat.DATELINE.match(line))) == (byline, dateline)


@pytest.mark.parametrize(("confidence", "kind"), [(0.6, "subheading"), (0.95, "boilerplate")])
def test_a_heading_between_long_paragraphs_stays_unless_the_model_is_sure(
    confidence: float, kind: str
) -> None:
    lines = [Line(BODY, "paragraph"), Line("Repairs to the wall", "subheading")]
    lines.append(Line(BODY.replace("harbour", "port"), "paragraph"))
    said = [Said("paragraph", {"paragraph": 0.99}) for _ in lines]
    said[1] = Said("boilerplate", {"boilerplate": confidence})
    assert final_kinds(lines, said)[1] == kind


def test_with_no_headline_the_likeliest_line_that_is_no_sentence_becomes_one() -> None:
    lines = [Line("Harbour reopens", "paragraph"), Line("The ferries came back.", "paragraph")]
    said = [
        Said("boilerplate", {"boilerplate": 0.9, "headline": 0.01}),
        Said("paragraph", {"paragraph": 0.6, "headline": 0.2}),
    ]
    assert final_kinds(lines, said) == ["headline", "paragraph"]
