"""``netmap.dates.parse_date``: every form people write, and the dates that do not exist."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from netmap.analysis.projections import resolve_as_of
from netmap.dates import AsOfDate, parse_date
from netmap.errors import AnalysisParameterError, InvalidDateError, UsageError

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the import accepts (ingest.cells.parse_date)
        ("2024-06-30", D(2024, 6, 30)),
        ("2024/6/30", D(2024, 6, 30)),
        ("2024/06/30", D(2024, 6, 30)),
        ("2024-6/30", D(2024, 6, 30)),
        # more western forms
        ("2024.6.30", D(2024, 6, 30)),
        ("20240630", D(2024, 6, 30)),
        ("  2024-06-30\t", D(2024, 6, 30)),
        ("2024年6月30日", D(2024, 6, 30)),
        ("2024年06月30日", D(2024, 6, 30)),
        ("2024年6月30", D(2024, 6, 30)),
        ("2024 年 6 月 30 日", D(2024, 6, 30)),
        # full-width digits, separators and spaces
        ("２０２４－０６－３０", D(2024, 6, 30)),
        ("２０２４／６／３０", D(2024, 6, 30)),
        ("２０２４年６月３０日", D(2024, 6, 30)),
        ("　2024-06-30　", D(2024, 6, 30)),
        # Japanese eras
        ("令和6年6月30日", D(2024, 6, 30)),
        ("令和06年06月30日", D(2024, 6, 30)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和1年5月1日", D(2019, 5, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("昭和60年4月1日", D(1985, 4, 1)),
        ("大正15年12月25日", D(1926, 12, 25)),
        ("令和６年６月３０日", D(2024, 6, 30)),
        ("㋿6年6月30日", D(2024, 6, 30)),  # the one-character era sign
        ("㍻31年4月30日", D(2019, 4, 30)),
        # abbreviated eras
        ("R6.6.30", D(2024, 6, 30)),
        ("r6.6.30", D(2024, 6, 30)),
        ("R06.06.30", D(2024, 6, 30)),
        ("R6/6/30", D(2024, 6, 30)),
        ("R6-6-30", D(2024, 6, 30)),
        ("R元.5.1", D(2019, 5, 1)),
        ("H31.4.30", D(2019, 4, 30)),
        ("S64.1.7", D(1989, 1, 7)),
        ("Ｒ６．６．３０", D(2024, 6, 30)),
        ("R6年6月30日", D(2024, 6, 30)),
    ],
)
def test_reads(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "を読み取れません"),
        ("yesterday", "cannot read the date 'yesterday'"),
        ("31/03/2024", "cannot read"),  # day first is not a form we guess at
        ("2024-13-01", "no such date"),
        ("2024-02-30", "存在しません"),
        ("2023年2月29日", "no such date"),  # not a leap year
        ("平成31年5月1日", "outside the 平成 (Heisei) era"),  # 平成 ended on 2019-04-30
        ("平成32年1月1日", "期間外"),
        ("H31.5.1", "outside the 平成"),
        ("令和元年4月30日", "outside the 令和 (Reiwa) era"),  # 令和 began on 2019-05-01
        ("昭和64年1月8日", "outside the 昭和"),
        ("令和0年5月1日", "no such date"),
        ("令和6年2月30日", "no such date"),
        ("明治45年1月1日", "cannot read"),
        ("X6.6.30", "cannot read"),
        ("2024-06-30T09:00", "cannot read"),
    ],
)
def test_rejects_with_a_clear_message(text: str, says: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_date(text)
    assert says in info.value.message
    # Japanese first, then English
    ja, _, en = info.value.message.partition(" / ")
    assert "日付" in ja and en
    # a usage error (exit 2, 422) that callers catching ValueError still catch
    assert isinstance(info.value, UsageError) and isinstance(info.value, ValueError)


def test_resolve_as_of_is_the_same_parser() -> None:
    assert resolve_as_of("令和6年6月30日") == resolve_as_of("2024-06-30") == D(2024, 6, 30)
    assert resolve_as_of(D(2024, 1, 2)) == D(2024, 1, 2)
    assert resolve_as_of(dt.datetime(2024, 1, 2, 9, 30)) == D(2024, 1, 2)
    with pytest.raises(AnalysisParameterError, match="invalid as_of date") as info:
        resolve_as_of("平成31年5月1日")
    assert info.value.message.startswith("基準日: ")
    assert info.value.details == {"as_of": "平成31年5月1日"}


def test_as_of_date_for_pydantic_and_fastapi() -> None:
    ta = TypeAdapter(AsOfDate | None)
    assert ta.validate_python("R6.6.30") == D(2024, 6, 30)
    assert ta.validate_python(D(2024, 6, 30)) == D(2024, 6, 30)
    assert ta.validate_python(None) is None
    with pytest.raises(ValidationError, match="期間外"):
        ta.validate_python("平成31年5月1日")
