"""dates.py: the one parser of dates, and how they are shown."""

from __future__ import annotations

import datetime

import pytest

from builder.dates import PartialDate, parse_date, span_text


@pytest.mark.parametrize("written,parsed", [
    ("1950", PartialDate(1950)),
    ("2023-11", PartialDate(2023, 11)),
    ("2024-06-19", PartialDate(2024, 6, 19)),
    (1950, PartialDate(1950)),  # YAML reads an unquoted year as a number
    (datetime.date(2024, 6, 19), PartialDate(2024, 6, 19)),  # and a full date as a date
])
def test_a_date_to_the_year_month_or_day(written, parsed):
    assert parse_date(written) == parsed


@pytest.mark.parametrize("written,message", [
    ("June 2024", "'June 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2024-13", "'2024-13' is not a date: month 13 does not exist"),
    ("2023-02-29", "'2023-02-29' is not a date: February 2023 has 28 days"),
    (datetime.datetime(2024, 6, 19, 12, 0), "a date must not have a time of day"),
    (True, "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a boolean"),
    (["2024"], "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a list"),
])
def test_what_is_not_a_date_says_why(written, message):
    assert parse_date(written) == message


def test_shown_in_english_and_as_a_datetime_attribute():
    assert [PartialDate(1950).text, PartialDate(2023, 11).text, PartialDate(2024, 6, 19).text] == [
        "1950", "November 2023", "19 June 2024"]
    assert [PartialDate(1950).iso, PartialDate(2023, 11).iso, PartialDate(2024, 6, 9).iso] == [
        "1950", "2023-11", "2024-06-09"]


def test_a_span_shows_both_ends_unless_they_are_one():
    assert span_text(PartialDate(1950), PartialDate(1953)) == "1950\u20131953"
    assert span_text(PartialDate(2024, 6), PartialDate(2024, 6)) == "June 2024"
    assert span_text(PartialDate(2024, 6), None) == "June 2024"


def test_a_partial_date_covers_days_from_first_to_last():
    assert PartialDate(2024, 2).first_day == datetime.date(2024, 2, 1)
    assert PartialDate(2024, 2).last_day == datetime.date(2024, 2, 29)
    assert PartialDate(1962).last_day == datetime.date(1962, 12, 31)


def test_dates_sort_by_sort_key_and_do_not_pretend_to_an_order():
    dates = [PartialDate(1962, 10, 16), PartialDate(1962), PartialDate(1950, 6)]
    assert sorted(dates, key=lambda d: d.sort_key) == [
        PartialDate(1950, 6), PartialDate(1962), PartialDate(1962, 10, 16)]
    with pytest.raises(TypeError):
        sorted(dates)  # is "1962" before "1962-10-16"? Not for `<` to decide
