"""Articles in other languages and scripts: breadcrumbs, dates, bylines and credits.

The texts are written here; the rules are tested alone (``labeller=None``) and with the line
model, which must keep what they recognise.
"""

from __future__ import annotations

import pytest

from db.ingest.lines.labeller import BUNDLED
from db.ingest.parse_text import parse_date, parse_text
from db.store.models import BlockKind as K

ARABIC = """أخبار / سوريا

اجتماع جديد في جنيف لبحث الأزمة السورية

الأحد 12 مايو 2024

بقلم: سارة أحمدي

وصل المبعوث الأممي إلى جنيف صباح الأحد لعقد جولة جديدة من المحادثات مع ممثلي الحكومة والمعارضة، بحسب ما أعلنت الأمم المتحدة في بيان.

المبعوث الأممي يتحدث إلى الصحفيين في جنيف (أ ف ب)

كتب المبعوث في رسالة إلى الأطراف أن الجولة ستستمر ثلاثة أيام وأن جدول الأعمال صار جاهزا.
"""

PERSIAN = """اقتصاد

بازار ارز پس از تعطیلات آرام شد

۱۲ ژوئیه ۲۰۲۴

نویسنده: مریم کریمی

قیمت دلار در بازار آزاد تهران روز شنبه پس از یک هفته نوسان ثابت ماند و معامله‌گران منتظر تصمیم بانک مرکزی هستند.

صرافان در خیابان فردوسی منتظر مشتریان هستند عکس: علی رضایی

به گفته کارشناسان، آرامش بازار تا پایان ماه ادامه خواهد داشت مگر آنکه خبر تازه‌ای برسد.
"""


@pytest.mark.parametrize("labeller", [None, BUNDLED], ids=["rules", "model"])
def test_an_arabic_article_keeps_its_breadcrumb_date_byline_and_credit(labeller: object) -> None:
    art = parse_text(ARABIC, labeller=BUNDLED if labeller else None)
    assert art.section == ["أخبار", "سوريا"]
    assert art.title == "اجتماع جديد في جنيف لبحث الأزمة السورية"
    assert (art.published, art.byline) == ("2024-05-12", "سارة أحمدي")
    assert [(c.text, c.credit) for c in art.captions] == [
        ("المبعوث الأممي يتحدث إلى الصحفيين في جنيف", "أ ف ب")
    ]
    last = art.blocks[-1]
    assert last.kind == K.PARAGRAPH  # "كتب ..." opening a long sentence is no byline


@pytest.mark.parametrize("labeller", [None, BUNDLED], ids=["rules", "model"])
def test_a_persian_article_with_persian_digits(labeller: object) -> None:
    art = parse_text(PERSIAN, labeller=BUNDLED if labeller else None)
    assert art.title == "بازار ارز پس از تعطیلات آرام شد"
    assert (art.published, art.byline) == ("2024-07-12", "مریم کریمی")
    assert [(c.text, c.credit) for c in art.captions] == [
        ("صرافان در خیابان فردوسی منتظر مشتریان هستند", "علی رضایی")
    ]


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Die Delegierten trafen sich hinter verschlossenen Türen. Foto: Jan Müller/dpa",
         "Jan Müller/dpa"),
        ("Le ministre quitte la réunion à Bruxelles. Photo : Marie Dubois", "Marie Dubois"),
        ("Der Bahnhof am Morgen nach dem Sturm Bild: Reuters", "Reuters"),
        ("Los manifestantes frente al Congreso en Madrid (EFE)", "EFE"),
        ("متظاهرون أمام البرلمان في بيروت صورة: رويترز", "رويترز"),
    ],
)  # fmt: skip
def test_credits_in_other_languages_make_a_caption(line: str, credit: str) -> None:
    text = f"A headline for the test\n\n{line}\n\nThe body of the article goes on here, long " \
        "enough to be read as a paragraph of its own by the parser.\n"  # fmt: skip
    art = parse_text(text, labeller=None)
    assert [c.credit for c in art.captions] == [credit]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("١٢ كانون الثاني ٢٠٢٤", "2024-01-12"),
        ("الخميس، 3 أكتوبر 2024 - 10:30", "2024-10-03"),
        ("۱۴ دسامبر ۲۰۲۳", "2023-12-14"),
        ("٢٠٢٤-٠٥-١٢", "2024-05-12"),
        ("Published 5 March 2024", "2024-03-05"),
        ("2024-13-01", None),
    ],
)
def test_dates_in_any_script(text: str, day: str | None) -> None:
    assert parse_date(text) == day
