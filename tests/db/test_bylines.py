"""A byline gives a name: the by-word, label, date, time, counts and handle around it go."""

from __future__ import annotations

import pytest

from db.ingest.bylines import byline_name
from db.ingest.parse_text import parse_text


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jo Roe | Nov 19, 2019, 10:42 am | 5 comments", "Jo Roe"),
        ("Posted by Jo Roe.", "Jo Roe"),
        ("By Sam Poe Jr.", "Sam Poe Jr."),
        ("By Jo R.", "Jo R."),
        ("Posted by Jo Roe on March 5, 2019 at 10:42 am", "Jo Roe"),
        ("March 5, 2019 @ 10:42 am by Jo Roe", "Jo Roe"),
        ("29. Juni 2017, 23:39 · von Ina Berg", "Ina Berg"),
        ("Erstellt von Ina Berg am Dienstag 6. Mai 2014", "Ina Berg"),
        ("By Jo Roe ( Contact )", "Jo Roe"),
        ("By Jo Roe jo@example.com", "Jo Roe"),
        ("Jo Roe@joroe", "Jo Roe"),
        ("Jo Roe, @joroe", "Jo Roe"),
        ("Author: Ana Lima, Datum: 03.03.19", "Ana Lima"),
        ("Auteur Ana Lima", "Ana Lima"),
        ("Redaktion: Ana Lima (Pressesprecherin)", "Ana Lima"),
        ("View all posts by Ana Lima", "Ana Lima"),
        ("Zeige alle Beiträge von Ana Lima", "Ana Lima"),
        ("Zum Profil von inselkoch inselkoch", "inselkoch"),
        ("Ana Lima - https://analima.example", "Ana Lima"),
        ("Por Agencia EFE", "Agencia EFE"),
        ("بقلم: محمد علي", "محمد علي"),
        ("Chris Davies - Nov 19, 2019", "Chris Davies"),
        ("Jo Roe Updated Nov 13, 2019, 10:28am EST", "Jo Roe"),
        ("Jo Roe, Thursday, May 30, 2019", "Jo Roe"),
        ("Posted on July 29, 2016 by Jo Roe in News, US // 0 Comments", "Jo Roe"),
        ("12/04/2020 by Kay 24 Comments", "Kay"),
        ("Mai 03, 2017 / Ina / 1 Meinungen /", "Ina"),
        ("23.06.2016 um 16:14 Uhr - Ina Berg - 91 Ergänzungen", "Ina Berg"),
        ("(Agenturen) | Stand: 05/08/2019, 5:30", "(Agenturen)"),
        ("Matthew Digby , Minh Do on Monday, November 18th, 2019", "Matthew Digby, Minh Do"),
        # What stays: a second name in brackets, the agency after a name, a name's particles.
        ("By Ana Lima (with Jo Roe)", "Ana Lima (with Jo Roe)"),
        ("By JO ROE, Associated Press", "JO ROE, Associated Press"),
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        # Author fields that name no one.
        ("Name", None),
        ("Posted", None),
        ("admin", None),
        ("No Author", None),
        ("By 10:42", None),
        ("Published Monday, November 18, 2019 8:22AM EST", None),
    ],
)
def test_a_byline_gives_its_name(line: str, name: str | None) -> None:
    assert byline_name(line) == name


def test_a_plain_text_bylines_name_is_the_articles_byline() -> None:
    text = (
        "Harbour reopens after storm\n\nPosted by Mira Olsen on March 3, 2024 at 9:15 am\n\n"
        "The harbour reopened on Tuesday after a week of repairs to the sea wall, the port "
        "said in a statement.\n\nCrews worked through the night to clear debris from the "
        "channel before the first ferries came in.\n"
    )
    art = parse_text(text, filename="harbour.txt")
    assert art.byline == "Mira Olsen"
    assert [str(b.kind) for b in art.blocks][:2] == ["headline", "byline"]
