"""Headlines read back from file names: figures, contractions and abbreviations kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.ingest.parse_text import parse_text
from db.ingest.slugs import title_from_filename
from tests.conftest import FIXTURES

TITLES = FIXTURES / "titles"


def labelled(name: str) -> list[tuple[str, str]]:
    lines = (TITLES / name).read_text(encoding="utf-8").splitlines()[1:]
    return [(f, title) for f, title in (line.split("\t") for line in lines)]


@pytest.mark.parametrize(("labels", "floor"), [("dev.tsv", 0.95), ("held-out.tsv", 0.9)])
def test_hand_labelled_names_read_back_as_their_headlines(labels: str, floor: float) -> None:
    rows = labelled(labels)
    wrong = [(f, title, title_from_filename(f)) for f, title in rows]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert len(rows) - len(wrong) >= floor * len(rows), wrong


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("_news_1_Over-5-25m-tons-of-goods-transited-via-Iran-in-5-months.txt",
         "Over 5.25m tons of goods transited via Iran in 5 months"),
        ("_news_2_75-000-Afghan-refugees-return-home.txt", "75,000 Afghan refugees return home"),
        ("_news_3_Iran-reports-first-COVID-19-deaths.txt", "Iran reports first COVID-19 deaths"),
        ("_news_4_Iran-s-economy-won-t-wait-for-Europe.txt", "Iran's economy won't wait for Europe"),
        ("_news_5_U-S-can-t-impose-talks-on-Iran.txt", "U.S. can't impose talks on Iran"),
        ("_news_6_Road-crashes-claim-1-180-lives.txt", "Road crashes claim 1,180 lives"),
        ("_news_7_Iran-P5-1-talks-in-Vienna.txt", "Iran P5+1 talks in Vienna"),
        ("_news_8_S-Korea-s-imports-up-40-2-on-year.txt", "S. Korea's imports up 40.2 on year"),
        ("_news_9_Iran-beat-Qatar-3-0-in-friendly.txt", "Iran beat Qatar 3-0 in friendly"),
        ("_news_10_Trade-at-6b-in-2015-16.txt", "Trade at 6b in 2015-16"),
        ("_news_11_Iran-summons-British-chargé-d-affaires.txt", "Iran summons British chargé d'affaires"),
        ("_news_12_Oil-output-up-5-yr-yr.txt", "Oil output up 5 yr/yr"),
        ("_news_13_Iran-s-11-month-exports-up.txt", "Iran's 11-month exports up"),
        ("_news_14_Non-oil-trade-hits-77-billion.txt", "Non-oil trade hits 77 billion"),
        ("_news_15_Rouhani-likely-to-win-re-election.txt", "Rouhani likely to win re-election"),
        ("_news_16_Tehran-dismisses-allegations-on-9-11.txt", "Tehran dismisses allegations on 9/11"),
    ],
)  # fmt: skip
def test_figures_contractions_and_abbreviations_read_back(name: str, title: str) -> None:
    assert title_from_filename(name) == title


def test_a_one_word_slug_is_that_word() -> None:
    assert title_from_filename("_news_461172_Victory.txt") == "Victory"


@pytest.mark.parametrize("name", ["000_460a38970724ab14.txt", "12345.txt", "_news_99_.txt"])
def test_ids_and_hashes_are_no_headline(name: str) -> None:
    assert title_from_filename(name) is None


def test_a_records_key_is_a_title_of_last_resort_as_it_is() -> None:
    # One word, so that it never stands against the file's own first line as its headline.
    assert title_from_filename("buzzfeed_real_111_Real.txt") == "buzzfeed_real_111_Real"


@pytest.mark.parametrize(
    ("figure", "text", "read"),
    [
        ("3-4", "", "3.4"),
        ("3-4", "Lukoil expects to sign within 3 to 4 months, it said.", "3-4"),
        ("700-850MW", "", "700,850MW"),
        ("700-850MW", "Plants adding 700 to 850 MW are planned.", "700-850MW"),
        ("44-85", "Oil sold at $44.85 a barrel.", "44.85"),
        ("15-17", "", "15.17"),
        ("15-17", "Teenagers aged 15-17 were asked.", "15-17"),
    ],
)
def test_the_articles_text_settles_how_a_figure_reads(figure: str, text: str, read: str) -> None:
    name = f"_news_1_Capacity-of-{figure}-planned.txt"
    assert title_from_filename(name, text) == f"Capacity of {read} planned"


def test_the_group_of_six_is_read_as_the_text_writes_it() -> None:
    name = "_news_1_Iran-5-1-hold-joint-meeting.txt"
    assert (
        title_from_filename(name, "Iran and the 5+1 met in Geneva.")
        == "Iran 5+1 hold joint meeting"
    )
    assert title_from_filename(name, "Iran and the group met.") == "Iran 5+1 hold joint meeting"
    assert title_from_filename(name, "The vote was 5-1 in favour.") == "Iran 5-1 hold joint meeting"


def test_an_imported_article_without_a_headline_takes_the_read_back_title(tehran: Path) -> None:
    path = tehran / "_news_419622_Carpet-Museum-draws-6-500-foreign-travelers-in-9-months.txt"
    text = path.read_text(encoding="utf-8").replace("\r", "")
    art = parse_text(text, filename=path.name)
    assert art.title == "Carpet Museum draws 6,500 foreign travelers in 9 months"
