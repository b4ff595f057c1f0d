"""Layouts seen across many outlets, each in a short article written here: what stands above
the headline, bylines of several shapes, furniture inside the body, a chart's source and comment
threads with no heading. The rules alone and the rules with the line model must agree."""

from __future__ import annotations

import pytest

from db.ingest import patterns
from db.ingest.lines.labeller import BUNDLED
from db.ingest.parse_text import parse_date, parse_text
from db.store.models import BlockKind as K

HEADLINE = "Harbour Wall Vote Put Off Until Spring"
BODY = [
    "The council said on Tuesday that the vote on the new harbour wall would wait for the "
    "engineers' report, which is due in March, and that no money would be spent before then.",
    "Fishermen who use the harbour said the delay would cost them another winter of damaged "
    "boats, while the council's finance committee argued that the report had to come first.",
    "The wall was first proposed six years ago, after a storm flooded the lower town and closed "
    "the harbour road for a week.",
]
MODELS = pytest.mark.parametrize("labeller", [None, BUNDLED], ids=["rules", "model"])


def kinds(lines: list[str], labeller: object) -> dict[str, K]:
    text = "\n\n".join(lines) + "\n"
    art = parse_text(text, labeller=BUNDLED if labeller else None)
    got = {art.block_text(b): b.kind for b in art.blocks}
    # The body is never lost; right under the headline, its first paragraph may be a deck.
    assert got[BODY[0]] in (K.PARAGRAPH, K.STANDFIRST), got
    assert all(got[p] == K.PARAGRAPH for p in BODY[1:]), got
    return got


@MODELS
@pytest.mark.parametrize(
    ("above", "kind"),
    [
        ("Tuesday, March 5, 2019", K.DATELINE),
        ("Mar 5, 2019", K.DATELINE),
        ("March 5, 2019 10:42 AM EST", K.DATELINE),
        ("March 5, 2019 10:42AM (UTC)", K.DATELINE),
        ("Last Updated: 12:31 GMT, 5 March 2019", K.DATELINE),
        ("05/03/2019", K.DATELINE),
        ("Dienstag, 5. März 2019", K.DATELINE),
        ("5. März 2019 5. März 2019", K.DATELINE),
        ("POLITICS", K.BREADCRUMB),
        ("WORLD NEWS – EUROPE", K.BREADCRUMB),
        ("From The Harbour Gazette", K.BREADCRUMB),
    ],
)
def test_a_date_or_a_kicker_above_the_headline(above: str, kind: K, labeller: object) -> None:
    got = kinds([above, HEADLINE, *BODY], labeller)
    assert (got[above], got[HEADLINE]) == (kind, K.HEADLINE)


@MODELS
def test_a_crumb_trail_and_a_date_both_above_the_headline(labeller: object) -> None:
    got = kinds(["News / Local", "Tuesday, March 5, 2019", HEADLINE, *BODY], labeller)
    assert got["News / Local"] == K.BREADCRUMB
    assert (got["Tuesday, March 5, 2019"], got[HEADLINE]) == (K.DATELINE, K.HEADLINE)


@MODELS
@pytest.mark.parametrize(
    "byline",
    [
        "Posted by Jo Roe on March 5, 2019 at 10:42 am",
        "By Jo Roe ( Contact )",
        "March 5, 2019 @ 10:42 am by Jo Roe",
        "By Jo Roe and Sam Poe | Nov 19, 2019",
        "Written by Jo Roe on July 27, 2017",
        "Posted by Jo Roe.",
        "Von Jo Roe",
        "Por Ana Ruiz 27 de agosto 2019",
        "By Ursula von der Leyen",
        "Jo Roe - Nov 19, 2019, 10:31 pm CST",
        "Jo Roe, 21. Jan. 2015",
        "29. Juni 2017, 23:39 · von Jo",
        "Reuters November 18, 2019 11:03 PM",
        "/ Jo Roe / 10:08 am Fri Jul 19, 2013",
        "By Jo Roe jo.roe@example.com (509) 459-5382",
        "Jo Roe@joroe",
        "veröffentlicht von joroe_99",
        "Edited by: Jo Roe",
        "March 5, 2019 | BY: Jo Roe, MS",
        "Veröffentlicht: 05.03.2019 | Autor: joroe | Abgelegt unter: Fotografie | 5 Kommentare",
    ],
)
def test_bylines_under_the_headline(byline: str, labeller: object) -> None:
    got = kinds([HEADLINE, byline, *BODY], labeller)
    assert (got[HEADLINE], got[byline]) == (K.HEADLINE, K.BYLINE)


@MODELS
@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Published: Tuesday, March 5th, 2019 at 11:08 a.m.", "2019-03-05"),
        ("zuletzt überarbeitet am 5. März 2019", "2019-03-05"),
        ("6. November 2023 | 3 Kommentare", "2023-11-06"),
    ],
)
def test_date_lines_under_the_headline(line: str, date: str, labeller: object) -> None:
    text = "\n\n".join([HEADLINE, line, *BODY]) + "\n"
    art = parse_text(text, labeller=BUNDLED if labeller else None)
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert (got[HEADLINE], got[line], art.published) == (K.HEADLINE, K.DATELINE, date)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("March 5, 2019 | BY: Jo Roe, MS", "Jo Roe, MS"),
        ("Posted on 05.03.2019 / von Jo Roe / 3 Kommentare", "Jo Roe"),
        ("News | March 5, 2019 | Sport", None),
        ("By Jo Roe", None),  # no date: the by-line patterns' own
    ],
)
def test_the_author_in_a_row_of_a_posts_facts(line: str, name: str | None) -> None:
    assert patterns.dated_author(line) == name


@pytest.mark.parametrize(
    "line", ["Jo Roe, March 5, 2019", "13 Reasons Why, March 5, 2019", "Sept. 5, 2019 shooting"]
)
def test_a_date_with_other_words_is_no_date_line(line: str) -> None:
    assert not patterns.date_line(line)


@MODELS
@pytest.mark.parametrize("by", ["By", "Kommentar von"])
def test_a_by_word_alone_and_the_name_under_it(by: str, labeller: object) -> None:
    text = "\n\n".join([HEADLINE, by, "Jo Roe", *BODY]) + "\n"
    art = parse_text(text, labeller=BUNDLED if labeller else None)
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert (got[by], got["Jo Roe"], art.byline) == (K.BYLINE, K.BYLINE, "Jo Roe")


@pytest.mark.parametrize(
    "line", ["By default", "By now the harbour is closed", "von an", "Follow @joroe"]
)
def test_a_by_word_and_a_common_word_are_no_byline(line: str) -> None:
    assert patterns.BYLINE.match(line) is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Jo Roe | May 10, 2022 01:52:54 PM", "Jo Roe"),
        ("5:45 AM PST 11/19/2019 by Jo Roe", "Jo Roe"),
        ("VON JO ROE am 21. April 2020", "JO ROE"),
        ("Published 2:16 AM EST Nov 20, 2019", None),
        ("Last Updated : Nov 20, 2019 01:41 PM IST | Source: Moneycontrol.com", None),
        ("Tuesday, March 5, 2019", None),
        ("WASHINGTON, March 5, 2019", None),
        ("Jo Roe wrote on March 5, 2019 that the harbour would close", None),
    ],
)
def test_a_name_beside_a_date_is_a_byline(line: str, name: str | None) -> None:
    assert patterns.name_and_date(line) == name


@pytest.mark.parametrize(
    "sentence",
    [
        "By the end of the year on average prices rose",
        "Von der Leyen said on Tuesday that the deal was done",
        "By Friday 5 people had died in the floods, officials said on Saturday evening.",
    ],
)
def test_a_sentence_opening_with_by_is_no_byline(sentence: str) -> None:
    assert patterns.BYLINE.match(sentence) is None


@MODELS
@pytest.mark.parametrize(
    ("trail", "crumbs"),
    [
        ("Home » News » Local » ", ["Home", "News", "Local"]),
        ("News / ", ["News"]),
        ("HomeLOCAL NEWS", ["HomeLOCAL NEWS"]),  # the separators lost by a scraper
    ],
)
def test_a_crumb_trail_ending_in_the_headline(
    trail: str, crumbs: list[str], labeller: object
) -> None:
    text = "\n\n".join([trail + HEADLINE, HEADLINE, *BODY]) + "\n"
    art = parse_text(text, labeller=BUNDLED if labeller else None)
    got = [(b.kind, art.block_text(b)) for b in art.blocks]
    assert got[:2] == [(K.BREADCRUMB, trail + HEADLINE), (K.HEADLINE, HEADLINE)]
    assert (art.title, art.section) == (HEADLINE, crumbs)


def test_a_line_twice_is_still_set_aside() -> None:
    para = BODY[0] + " " + BODY[1]
    art = parse_text("\n\n".join([HEADLINE, para, BODY[1], BODY[2]]) + "\n", labeller=None)
    assert [b.kind for b in art.blocks] == [
        K.HEADLINE,
        K.PARAGRAPH,
        K.PARAGRAPH,
        K.OTHER,
        K.PARAGRAPH,
    ]


@MODELS
def test_a_listicles_numbered_headings(labeller: object) -> None:
    points = [f"{n}. The harbour needs point number {n}." for n in (1, 2, 3)]
    items = ["1. Boats on the slipway", "2. Nets on the quay", "3. Ropes in the shed"]
    lines = [HEADLINE, BODY[0]] + [x for p in points for x in (p, BODY[1])] + [*items, BODY[2]]
    got = kinds(lines, labeller)
    assert [got[p] for p in points] == [K.SUBHEADING] * 3
    assert [got[i] for i in items] == [K.PARAGRAPH] * 3


@MODELS
def test_a_byline_under_a_long_caption_above_the_body(labeller: object) -> None:
    caption = (
        "Fishermen mend their nets on the quay on Tuesday morning, a week after the storm that "
        "flooded the lower town and closed the harbour road"
    )
    byline = "By Jo Roe | Harbour Press for harbour.example"
    top = ["Local", HEADLINE, "Updated Mar 5, 9:41 AM", "Al Poe | Getty Images", caption, "Share"]
    art = parse_text(
        "\n\n".join([*top, byline, *BODY]) + "\n", labeller=BUNDLED if labeller else None
    )
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert got[byline] == K.BYLINE
    assert art.byline == "Jo Roe"


@MODELS
def test_a_place_alone_above_the_body_is_its_dateline(labeller: object) -> None:
    got = kinds([HEADLINE, "PORT TALBOT, WALES", *BODY], labeller)
    assert got["PORT TALBOT, WALES"] == K.DATELINE


@MODELS
@pytest.mark.parametrize(
    "furniture",
    [
        "Read more at The Harbour Gazette",
        "Play VIDEO",
        "Follow",
        "1,204 Retweets",
        "Facebook Twitter Google Plus Embed",
        "Play Storm closes the harbour road Facebook Twitter Google Plus Embed",
        " MARCH 4: Storm closes the harbour road 2:28",
        "Via The Harbour Gazette",
        "H/T: Harbour Watch",
        "Disclosure: The author owns a boat moored in the harbour.",
        "© 2019 Harbour Press. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed.",
        "When the storm came, the lower town had only an hour to empty its streets… Read more",
        "Die Fähre fährt ab April wieder nach dem Winterfahrplan. Weiterlesen",
        "[Related: Ferry timetable changes again]",
        "Lea más: El muelle abrirá en primavera",
        "Also on harbour-gazette.net Lifeboat crew honoured for winter rescue",
        "This article originally appeared on The Harbour Gazette.",
        "Tempo de leitura: 1 minuto",
        "Listen to this article",
    ],
)
def test_furniture_inside_the_body_is_set_aside(furniture: str, labeller: object) -> None:
    got = kinds([HEADLINE, BODY[0], furniture, *BODY[1:]], labeller)
    assert got[furniture.strip()] == K.BOILERPLATE


@MODELS
def test_an_embedded_posts_signature_is_part_of_the_quote(labeller: object) -> None:
    post = ["The wall will be built. We promised and we will deliver!", "pic.twitter.com/AbC123"]
    signature = "— Harbour Council (@harbourcouncil) March 5, 2019"
    got = kinds([HEADLINE, BODY[0], *post, signature, *BODY[1:]], labeller)
    assert got[signature] == K.PARAGRAPH


@MODELS
def test_a_menu_of_topics_and_their_counts_is_set_aside(labeller: object) -> None:
    menu = ["Harbour (47)", "Weather (1,204)", "Town council (3)"]
    heading = "Boats lost in the storms (2019)"  # a year is no count
    got = kinds([HEADLINE, BODY[0], heading, *BODY[1:], "Topics", *menu], labeller)
    assert all(got[line] == K.BOILERPLATE for line in menu), got
    assert got[heading] != K.BOILERPLATE
    assert not patterns.TALLY.match(heading)


@MODELS
def test_a_calendars_days_and_a_pages_spacers_are_set_aside(labeller: object) -> None:
    days = [str(d) for d in range(1, 8)]
    spacer = "\u200c\u200c\u200c"  # zero-width characters only
    got = kinds([HEADLINE, BODY[0], spacer, *BODY[1:], "Archive", *days], labeller)
    assert all(got[day] == K.BOILERPLATE for day in days), got
    assert got[spacer] == K.BOILERPLATE


@MODELS
@pytest.mark.parametrize(
    "line",
    [
        "Image 1 of 8",
        "Enlarge Image",
        "Caption",
        "Gallery: The harbour wall | 14 Photos",
        "Media playback is unsupported on your device",
        "Hide caption",
        "IMG_2041.jpg",
        "Media caption The harbour wall after the storm",
        "Figure 2: The harbour wall as proposed in 2019.",
        "View this post on Instagram",
        "The lower town after the storm / picture alliance",
        "Jo Roe | Getty Images",
        "Image copyright Harbour Press",
        "Jo Roe Submitted photo",
        "The harbour wall in 1987 Photo courtesy of Al Poe",
        "Bildnachweis: Harbour Press",
        "Crédit photo : Jo Roe",
        "(Data: Harbour Authority)",  # a chart's source
        # An agency's caption, saying where its people stand.
        "Harbour master Jo Roe, left, and Al Poe inspect the wall in Port Talbot on Tuesday.",
        "Fishermen pose for a photo on the quay, in this file photo from 2016.",
    ],
)
def test_a_pictures_own_lines_are_captions(line: str, labeller: object) -> None:
    """A gallery's and a player's words, credits, a chart's source, an agency's caption."""
    got = kinds([HEADLINE, BODY[0], line, *BODY[1:]], labeller)
    assert got[line] == K.CAPTION


@MODELS
@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("The harbour wall after the storm in 2016.", "Photograph by Jo Roe, Harbour Press"),
        ("Fishermen mend their nets on the quay.", "(Jo Roe / Getty Images)"),
        ("Fishermen mend their nets on the quay.", "© Harbour Press"),
        ("Fishermen mend their nets on the quay.", "Photo by Jo Roe."),
        ("قوارب الصيد تعود إلى الميناء بعد العاصفة", "تصوير: سامي رو"),  # no full stop in Arabic
    ],
)
def test_a_short_sentence_above_a_credit_is_its_caption(
    caption: str, credit: str, labeller: object
) -> None:
    text = "\n\n".join([HEADLINE, BODY[0], caption, credit, *BODY[1:]]) + "\n"
    art = parse_text(text, labeller=BUNDLED if labeller else None)
    got = {art.block_text(b): b.kind for b in art.blocks}
    assert got[caption] == got[credit] == K.CAPTION
    assert [(c.text, c.credit) for c in art.captions] == [(caption, patterns.credit_line(credit))]
    assert all(got[p] == K.PARAGRAPH for p in BODY[1:])


@MODELS
def test_a_long_paragraph_above_a_credit_is_still_body(labeller: object) -> None:
    got = kinds([HEADLINE, BODY[0], BODY[1], "Jo Roe / Getty Images", BODY[2]], labeller)
    assert got["Jo Roe / Getty Images"] == K.CAPTION


@MODELS
@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Jo Roe; Editing by Al Poe)",
        "Additional reporting by Jo Roe in Cardiff; writing by Al Poe",
        "Jo Roe contributed to this report.",
        "Edited by: Al Poe",
        "Researched by: Jo Roe, Al Poe",
        "[责任编辑：肖春芳]",
        "作者︱春春",
    ],
)
def test_the_agencys_reporters_at_the_end_are_a_byline(line: str, labeller: object) -> None:
    got = kinds([HEADLINE, *BODY, line], labeller)
    assert got[line] == K.BYLINE


THREADS = {
    "said": [
        "Comments",
        "Dave said...",
        "Great post, thanks for writing this up so clearly.",
        "March 6, 2019 at 9:14 AM",
        "Anonymous said…",
        "Nonsense. The wall will never be built and everyone knows it.",
        "March 6, 2019 at 10:20 AM",
    ],
    "stamped": [
        "Mike Jones",
        "5 hours ago",
        "Well said. The council should have decided this years ago.",
        "Reply",
        "Anna Lee",
        "3 hours ago",
        "Exactly, it is a disaster for the boats.",
        "Reply",
    ],
    "one-line": [
        "52Comments",
        "Julia on 11/08/2020 at 9:52",
        "Antworten",
        "12",
        "So well written, all the best for the coming months!",
        "Helen on 11/08/2020 at 10:39",
        "Antworten",
        "Dear council, please just build the wall.",
    ],
    "comment-by": [
        "Kommentar von Georg77",
        "16. März 2011 um 12:22",
        "Und dazu ein guter Wein aus der Gegend, das passt.",
        "Kommentar von Thomas",
        "7. März 2012 um 09:09",
        "Interessante Variante, das mit der Mauer am Hafen.",
    ],
    "german": [
        "Leserkommentare",
        "Martinxyz",
        "14. 01. 2020, 13:47",
        "Wer wen über den Tisch zog, ist noch offen.",
        "antworten",
        "melden",
        "Dr. Roe",
        "8. April 2019 @ 11:38",
        "@Martinxyz",
        "Das sehe ich anders, die Mauer muss jetzt gebaut werden.",
    ],
}


@MODELS
@pytest.mark.parametrize("thread", sorted(THREADS))
def test_a_comment_thread_is_set_aside(thread: str, labeller: object) -> None:
    lines = THREADS[thread]
    got = kinds([HEADLINE, *BODY, *lines], labeller)
    said = [ln for ln in lines if ln.endswith(".")]
    assert said and all(got[ln] == K.COMMENT for ln in said), got
    assert all(got[ln] in (K.COMMENT, K.BOILERPLATE) for ln in lines), got


@MODELS
@pytest.mark.parametrize("thread", sorted(THREADS))
def test_a_thread_longer_than_the_article_is_set_aside(thread: str, labeller: object) -> None:
    copies = [[f"{ln[:-1]} ({k})." if ln.endswith(".") else ln for ln in THREADS[thread][1:]]
              for k in range(3)]  # fmt: skip
    more = [ln for copy in copies for ln in copy]
    lines = THREADS[thread] + more  # it begins in the text's first third
    got = kinds([HEADLINE, *BODY, *lines], labeller)
    said = [ln for ln in lines if ln.endswith(".")]
    assert all(got[ln] == K.COMMENT for ln in said), got


TEASERS = {
    "name-and-date": [
        "Jo Roe",
        "March 6, 2019 at 9:14 AM",
        "Lifeboat crew honoured for winter rescue",
        "Sam Poe",
        "March 5, 2019 at 8:02 AM",
        "New ferry timetable starts in April",
    ],
    "author-and-time": [
        "Jo Roe - 06.06.2019 um 16:05 Uhr",
        "Hafen",
        "Lifeboat crew honoured for winter rescue",
        "The crew brought six fishermen home through the storm of last winter.",
        "Lesen Sie diesen Artikel: Lifeboat crew honoured for winter rescue weiterlesen",
        "Sam Poe - 31.05.2019 um 13:26 Uhr",
        "Fähre",
        "New ferry timetable starts in April",
        "The ferry will sail twice a day again once the harbour road is open.",
        "Lesen Sie diesen Artikel: New ferry timetable starts in April weiterlesen",
        "Al Poe - 27.05.2019 um 13:18 Uhr",
        "Markt",
        "Fish market moves to the old station",
        "The traders will sell from the old station hall until the wall is built.",
        "Lesen Sie diesen Artikel: Fish market moves to the old station weiterlesen",
    ],
    "counts-of-comments": [
        "8 comments",
        "Lifeboat crew honoured for winter rescue",
        "19 hours ago on Harbour Blog",
        "The crew brought six fishermen home through the storm of last winter.",
        "44 comments",
        "New ferry timetable starts in April",
        "21 hours ago on Harbour Blog",
        "The ferry will sail twice a day again once the harbour road is open.",
        "24 comments",
    ],
}


@MODELS
@pytest.mark.parametrize("teasers", sorted(TEASERS))
def test_a_list_of_teasers_is_no_thread(teasers: str, labeller: object) -> None:
    """Other stories' teasers, each with a name and a date, an author and a time, or a count of
    comments, look like a thread's headings but are none."""
    got = kinds([HEADLINE, *BODY, *TEASERS[teasers]], labeller)
    assert K.COMMENT not in got.values(), got


@MODELS
def test_a_thread_ends_at_its_form_and_its_counts_are_set_aside(labeller: object) -> None:
    form = [
        "Leave a Reply",
        "Your email address will not be published.",
        "Save my name, email, and website in this browser for the next time I comment.",
    ]
    got = kinds([HEADLINE, *BODY, *THREADS["one-line"], *form], labeller)
    assert got["12"] == K.BOILERPLATE  # votes
    assert all(got[line] == K.BOILERPLATE for line in form), got


@MODELS
def test_a_thread_ends_where_a_list_of_teasers_and_their_times_begins(labeller: object) -> None:
    teasers = [
        "Lifeboat crew honoured for winter rescue",
        "13 hours ago",
        "New ferry timetable starts in April",
        "1 day ago",
    ]
    got = kinds([HEADLINE, *BODY, *THREADS["stamped"], *teasers], labeller)
    assert got["Exactly, it is a disaster for the boats."] == K.COMMENT
    assert all(got[t] != K.COMMENT for t in teasers), got


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("8. April 2019 @ 11:38", "2019-04-08"),
        ("3. März 2020", "2020-03-03"),
        ("27 de agosto de 2019", "2019-08-27"),
        ("12 juillet 2018", "2018-07-12"),
        ("5 marca 2019", "2019-03-05"),
    ],
)
def test_dates_in_other_languages(line: str, date: str) -> None:
    assert parse_date(line) == date
