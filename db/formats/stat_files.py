"""SPSS (.sav) and Stata (.dta) files of the variables sheet, written by pyreadstat.

pyreadstat writes from a pandas or a polars data frame; pandas is the lighter to ship (a 12 MB
wheel, where polars' runtime alone is 54 MB), so it is the one Claimdesk requires. Both load
only when such a file is written (:mod:`db.formats.export` imports this module then), never
when the app starts.

The columns are those of :mod:`db.formats.variables_sheet`, typed: article_id a number,
title, outlet, url and coder strings, published a date; nominal, ordinal and yes/no variables
numbers with value labels (yes 1, no 0), numeric ones doubles, dates date types (SPSS DATE11,
Stata %td), text strings. Each column has a variable label (a variable's label, or its name);
SPSS also gets each one's measure (nominal, ordinal, scale). A value not coded is
system-missing (".") for numbers and dates, and empty for a string.

Dates are written as numbers in the format's own count, SPSS's seconds since 14 October 1582
and Stata's days since 1960, so a column with no dates is a date column all the same. A
date of a month or a year is written as its first day. A label or a text longer than the format
holds is cut and ends in "…". Both are said in the export's warnings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat

from db.annotate.variables import CATEGORICAL, SheetRow, VariableView
from db.formats.collect import ProjectData, generator
from db.formats.variables_sheet import number, sheet_of
from db.store.models import VariableKind

_MISSING = float("nan")
#: The article's columns: name, variable label, whether a string (else a date).
_ARTICLE = (
    ("title", "Headline", True),
    ("outlet", "Outlet", True),
    ("published", "Date published", False),
    ("url", "Web address", True),
    ("coder", "Coder", True),
)
_MEASURE = {"nominal": "nominal", "ordinal": "ordinal", "yesno": "nominal", "numeric": "scale"}
_YES_NO = {1.0: "yes", 0.0: "no"}


def _bytes(limit: int) -> Callable[[str], str]:
    def cut(text: str) -> str:
        raw = text.encode("utf-8")
        if len(raw) <= limit:
            return text
        return raw[: limit - 3].decode("utf-8", "ignore") + "…"  # "…" is 3 bytes

    return cut


def _characters(limit: int) -> Callable[[str], str]:
    return lambda text: text if len(text) <= limit else text[: limit - 1] + "…"


def _whole(text: str) -> str:
    return text


@dataclass(frozen=True)
class _Format:
    name: str
    label: Callable[[str], str]  # a variable label as the format holds it
    value_label: Callable[[str], str]
    string: Callable[[str], str]
    epoch: date  # day 0 of its dates
    per_day: int  # its dates count seconds (86,400 a day) or days
    date_format: str


SAV = _Format(
    "SPSS", _bytes(256), _bytes(120), _bytes(32_767), date(1582, 10, 14), 86_400, "DATE11"
)
# Stata 14 and later (format 118): labels of 80 characters, value labels of 32,000 bytes,
# strings of any length (strL).
DTA = _Format("Stata", _characters(80), _bytes(32_000), _whole, date(1960, 1, 1), 1, "%td")


class _Frame:
    """The columns of the file, with their labels, value labels, formats and measures."""

    def __init__(self, fmt: _Format) -> None:
        self.fmt = fmt
        self.columns: dict[str, Any] = {}
        self.labels: dict[str, str | None] = {}
        self.value_labels: dict[str, dict[int | float, str]] = {}
        self.formats: dict[str, str] = {}
        self.measures: dict[str, str] = {}
        self.partial: dict[str, int] = {}  # column -> dates of a month or a year
        self.unreadable: dict[str, int] = {}  # column -> stored dates that are no dates
        self.cut: set[str] = set()  # columns whose label, value labels or texts were cut

    def add(self, name: str, label: str, values: Any, measure: str) -> None:
        self.columns[name] = values
        self.labels[name] = self._cut(name, self.fmt.label, label)
        self.measures[name] = measure

    def strings(self, name: str, label: str, texts: list[str]) -> None:
        cut = [self._cut(name, self.fmt.string, t) for t in texts]
        self.add(name, label, pd.Series(cut, dtype="object"), "nominal")

    def numbers(self, name: str, label: str, values: list[float], measure: str) -> None:
        self.add(name, label, pd.Series(values, dtype="float64"), measure)

    def dates(self, name: str, label: str, stored: list[str | None]) -> None:
        self.numbers(name, label, [self._date(name, s) for s in stored], "scale")
        self.formats[name] = self.fmt.date_format

    def labelled(self, name: str, labels: dict[float, str]) -> None:
        self.value_labels[name] = {
            k: self._cut(name, self.fmt.value_label, v) for k, v in labels.items()
        }

    def _cut(self, name: str, cut: Callable[[str], str], text: str) -> str:
        done = cut(text)
        if done != text:
            self.cut.add(name)
        return done

    def _date(self, name: str, stored: str | None) -> float:
        if not stored:
            return _MISSING
        parts = stored[:10].split("-")
        try:
            day = date(*(int(p) for p in parts), *(1,) * (3 - len(parts)))
        except (TypeError, ValueError):
            self.unreadable[name] = self.unreadable.get(name, 0) + 1
            return _MISSING
        if len(parts) < 3:
            self.partial[name] = self.partial.get(name, 0) + 1
        return float((day - self.fmt.epoch).days * self.fmt.per_day)

    def warnings(self) -> list[str]:
        said = []
        if self.partial:
            said.append(
                f"{sum(self.partial.values())} dates give only a month or a year "
                f"({', '.join(self.partial)}): {self.fmt.name} has them as the first day of it"
            )
        if self.unreadable:
            said.append(
                f"{sum(self.unreadable.values())} dates are not ISO dates "
                f"({', '.join(self.unreadable)}): left missing"
            )
        if self.cut:
            said.append(
                f"labels or texts longer than {self.fmt.name} holds were cut, ending in …: "
                + ", ".join(sorted(self.cut))
            )
        return said


def _spss_format(x: VariableView, stored: list[str | None]) -> str:
    """``F<width>.<decimals>`` wide enough for the values, as SPSS shows them."""
    decimals, digits = 0, 1
    for value in stored:
        if value is not None:
            exponent = Decimal(value).as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            decimals = max(decimals, places)
            digits = max(digits, len(str(int(abs(float(value))))))
    if x.kind != VariableKind.NUMERIC:
        decimals = 0
    decimals = min(decimals, 16)
    return f"F{min(40, max(8, digits + decimals + 2))}.{decimals}"


def _frame(fmt: _Format, defined: list[VariableView], rows: list[SheetRow]) -> _Frame:
    frame = _Frame(fmt)
    ids = [float(r.article_id) for r in rows]
    frame.numbers("article_id", "Article id", ids, "nominal")
    frame.formats["article_id"] = f"F{max(8, len(str(int(max(ids, default=0)))))}.0"
    for name, label, is_string in _ARTICLE:
        values = [getattr(r, name) or "" for r in rows]
        if is_string:
            frame.strings(name, label, values)
        else:
            frame.dates(name, label, values)
    for x in defined:
        stored = [r.values.get(x.id) for r in rows]
        label = x.label or x.name
        if x.kind == VariableKind.DATE:
            frame.dates(x.name, label, stored)
        elif x.kind == VariableKind.TEXT:
            frame.strings(x.name, label, [s or "" for s in stored])
        else:
            numbers = [_MISSING if s is None else float(number(s)) for s in stored]
            frame.numbers(x.name, label, numbers, _MEASURE[x.kind])
            frame.formats[x.name] = _spss_format(x, stored)
            if x.kind in CATEGORICAL:
                frame.labelled(x.name, {float(o.value): o.label for o in x.options})
            elif x.kind == VariableKind.YESNO:
                frame.labelled(x.name, _YES_NO)
    return frame


def write_sav(
    data: ProjectData, output: Path, *, coder: str | None = None, warnings: list[str]
) -> int:
    """Write the sheet as an SPSS file; returns the number of rows. Adds to ``warnings``."""
    defined, rows = sheet_of(data, coder)
    frame = _frame(SAV, defined, rows)
    pyreadstat.write_sav(
        pd.DataFrame(frame.columns),
        str(output),
        file_label=generator(),
        column_labels=frame.labels,
        variable_value_labels=frame.value_labels,
        variable_format=frame.formats,
        variable_measure=frame.measures,
    )
    warnings += frame.warnings()
    return len(rows)


def write_dta(
    data: ProjectData, output: Path, *, coder: str | None = None, warnings: list[str]
) -> int:
    """Write the sheet as a Stata 14+ file (format 118); returns the number of rows."""
    defined, rows = sheet_of(data, coder)
    frame = _frame(DTA, defined, rows)
    dates = {k: v for k, v in frame.formats.items() if v == DTA.date_format}
    pyreadstat.write_dta(
        pd.DataFrame(frame.columns),
        str(output),
        file_label=generator(),
        column_labels=frame.labels,
        version=14,
        variable_value_labels=frame.value_labels,
        variable_format=dates,
    )
    warnings += frame.warnings()
    return len(rows)
