"""Year inference for datelines without a year, and date parsing (eventwire.clean.dates)."""

from __future__ import annotations

from datetime import date

from eventwire.clean.dates import dateline_weekday, full_dates, infer_year, parse_date, year_from_dates


def test_parse_date_formats() -> None:
    assert parse_date("13 January 2022") == date(2022, 1, 13)
    assert parse_date("Saturday June 22 2024") == date(2024, 6, 22)
    assert parse_date("29/09/2022") == date(2022, 9, 29)
    assert parse_date("2022-09-14") == date(2022, 9, 14)
    assert parse_date("Sept 14") is None  # no year: not a full date
    assert parse_date("2023/09/20") == date(2023, 9, 20)
    assert parse_date("09/29/2022") == date(2022, 9, 29)  # month first when the day shows it
    assert parse_date("20.09.2023") == date(2023, 9, 20)
    assert parse_date("31/02/2023") is None


def test_full_dates_spans() -> None:
    text = "It began on Feb. 24, 2022 and talks were held on 20 September 2023."
    found = full_dates(text)
    assert [d for d, _, _ in found] == [date(2022, 2, 24), date(2023, 9, 20)]
    assert [text[s:e] for _, s, e in found] == ["Feb. 24, 2022", "20 September 2023"]


def test_year_from_dates_is_not_before_reported_events() -> None:
    assert year_from_dates(4, 4, [date(2022, 2, 24), date(2014, 3, 1)]) == 2022
    assert year_from_dates(1, 2, [date(2022, 12, 30)]) == 2023  # just after new year
    # a forward-looking mention shortly after the dateline day stays in the same year
    assert year_from_dates(11, 3, [date(2022, 12, 5)]) == 2022
    assert year_from_dates(11, 3, []) is None


def test_weekday_window_ends_on_latest_statement_day() -> None:
    text = ("Fighters attacked on Wednesday. The minister told reporters on Sunday that the town "
            "was calm. On Monday the group said it held the town.")
    assert dateline_weekday(text) == 0  # Monday
    assert dateline_weekday("No weekday here.") is None


def test_infer_year_order_of_evidence() -> None:
    today = date(2026, 11, 24)
    assert infer_year(3, 29, "The war began on Feb. 24, 2022.", today) == (
        2022, "full dates in the text")
    assert infer_year(3, 29, "© 2019 Harbor Times", today) == (2019, "copyright year")
    # 2021-03-29 is the latest Monday March 29 between the last year mentioned (2017) and today
    year, rule = infer_year(3, 29, "It began in 2017. The ministry said on Monday it was calm.",
                            today)
    assert (year, rule) == (2021, "weekdays mentioned in the text")
    assert infer_year(12, 30, "Nothing dated.", today) == (2025, "nearest past year")
    assert infer_year(1, 5, "Nothing dated.", today) == (2026, "nearest past year")
