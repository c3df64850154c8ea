"""Dates shown in the reader's era, and typed dates read unambiguously (saphan.core.thai)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from saphan.core.thai import (
    BE_YEARS,
    CE_YEARS,
    format_date,
    format_date_be,
    format_date_input,
    format_datetime,
    format_datetime_be,
    parse_date_input,
    to_be_year,
    to_ce_year,
)

JUNE_15 = dt.date(2022, 6, 15)
UTC = dt.UTC
supported_dates = st.dates(
    min_value=dt.date(CE_YEARS[0], 1, 1), max_value=dt.date(CE_YEARS[-1], 12, 31)
)


def refusal(text: str, *, lang: str) -> ValidationError:
    with translation.override(lang), pytest.raises(ValidationError) as caught:
        parse_date_input(text, lang=lang)
    return caught.value


# --- showing ---------------------------------------------------------------------------------


def test_years_convert_between_eras():
    assert to_be_year(2022) == 2565
    assert to_ce_year(2565) == 2022
    assert [to_ce_year(y) for y in (BE_YEARS[0], BE_YEARS[-1])] == [CE_YEARS[0], CE_YEARS[-1]]


def test_thai_readers_see_buddhist_era_dates():
    with translation.override("th"):
        assert format_date(JUNE_15) == "15 มิ.ย. 2565"
        assert format_date(JUNE_15, long=True) == "15 มิถุนายน 2565"
        assert format_datetime(dt.datetime(2022, 6, 15, 13, 0)) == "15 มิ.ย. 2565 13:00 น."
        assert format_datetime(dt.datetime(2022, 6, 15, 13, 0), long=True) == (
            "15 มิถุนายน 2565 13:00 น."
        )


def test_english_readers_see_common_era_dates():
    with translation.override("en"):
        assert format_date(JUNE_15) == "15 Jun 2022"
        assert format_date(JUNE_15, long=True) == "15 June 2022"
        assert format_datetime(dt.datetime(2022, 6, 15, 13, 0)) == "15 Jun 2022 13:00"
        assert format_datetime(dt.datetime(2022, 6, 15, 13, 0), long=True) == "15 June 2022 13:00"


def test_the_be_functions_are_thai_whatever_the_language():
    with translation.override("en"):
        assert format_date_be(JUNE_15) == "15 มิ.ย. 2565"
        assert format_date_be(JUNE_15, long=True) == "15 มิถุนายน 2565"
        assert format_datetime_be(dt.datetime(2022, 6, 15, 13, 0)) == "15 มิ.ย. 2565 13:00 น."


def test_aware_datetimes_are_shown_in_bangkok_time():
    new_year_in_bangkok = dt.datetime(2022, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 Jan, UTC+7
    with translation.override("th"):
        assert format_datetime(new_year_in_bangkok) == "1 ม.ค. 2566 00:30 น."
        assert format_date(new_year_in_bangkok) == "1 ม.ค. 2566"
    with translation.override("en"):
        assert format_datetime(new_year_in_bangkok) == "1 Jan 2023 00:30"


def test_a_plain_date_shows_no_invented_time():
    with translation.override("th"):
        assert format_datetime(JUNE_15) == "15 มิ.ย. 2565"


def test_nothing_shows_as_empty():
    assert format_date(None) == format_datetime(None) == format_date_be(None) == ""
    assert format_datetime_be(None) == format_date_input(None) == ""


def test_input_form_is_padded_and_in_the_readers_era():
    with translation.override("th"):
        assert format_date_input(dt.date(2022, 1, 5)) == "05/01/2565"
    with translation.override("en"):
        assert format_date_input(dt.date(2022, 1, 5)) == "05/01/2022"


# --- round trips -----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(supported_dates, st.sampled_from(["th", "en"]))
def test_every_shown_date_reads_back_as_the_same_date(day, lang):
    with translation.override(lang):
        for shown in (format_date(day), format_date(day, long=True), format_date_input(day)):
            assert parse_date_input(shown, lang=lang) == day


@settings(max_examples=200, deadline=None)
@given(supported_dates, st.sampled_from(["th", "en"]))
def test_iso_dates_are_common_era_in_both_languages(day, lang):
    assert parse_date_input(day.isoformat(), lang=lang) == day


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "15/6/2565",
        "15/06/2565",
        "15-6-2565",
        "15.6.2565",
        " 15 / 6 / 2565 ",
        "15 มิ.ย. 2565",
        "15 มิย 2565",
        "15มิ.ย.2565",
        "15 มิถุนายน 2565",
        "วันที่ 15 มิถุนายน พ.ศ. 2565",
        "๑๕/๖/๒๕๖๕",
        "๑๕ มิถุนายน ๒๕๖๕",
        "15/6/2565\u200b",
        "2022-06-15",
        "15 Jun 2022 CE",
        "15 มิ.ย. ค.ศ. 2022",
    ],
)
def test_thai_input_reads_15_june_2022(text):
    assert parse_date_input(text, lang="th") == JUNE_15


@pytest.mark.parametrize(
    "text",
    ["15/6/2022", "15-06-2022", "2022-06-15", "15 Jun 2022", "15 june, 2022", "15 JUNE 2022 AD",
     "15 มิ.ย. 2565 พ.ศ.", "15 Jun 2565 B.E."],
)  # fmt: skip
def test_english_input_reads_15_june_2022(text):
    assert parse_date_input(text, lang="en") == JUNE_15


@pytest.mark.parametrize(
    ("month", "names"),
    [
        (1, ("ม.ค.", "มกราคม")),
        (2, ("ก.พ.", "กุมภาพันธ์")),
        (3, ("มี.ค.", "มีนาคม")),
        (4, ("เม.ย.", "เมษายน")),
        (5, ("พ.ค.", "พฤษภาคม")),
        (6, ("มิ.ย.", "มิถุนายน")),
        (7, ("ก.ค.", "กรกฎาคม")),
        (8, ("ส.ค.", "สิงหาคม")),
        (9, ("ก.ย.", "กันยายน")),
        (10, ("ต.ค.", "ตุลาคม")),
        (11, ("พ.ย.", "พฤศจิกายน")),
        (12, ("ธ.ค.", "ธันวาคม")),
    ],
)
def test_every_thai_month_name_and_abbreviation(month, names):
    for name in names:
        assert parse_date_input(f"1 {name} 2565", lang="th") == dt.date(2022, month, 1)


def test_leap_day_in_buddhist_era():
    assert parse_date_input("29/2/2563", lang="th") == dt.date(2020, 2, 29)


def test_a_common_era_year_typed_in_thai_is_refused_with_the_arithmetic():
    error = refusal("15/6/2022", lang="th")  # typed on a Thai page: the message is Thai
    assert error.messages == ["ปี 2022 ดูเหมือนเป็นปี ค.ศ. — กรุณากรอกปี พ.ศ. (2022 + 543 = 2565)"]
    assert error.code == "looks_like_ce"
    assert error.params == {"year": 2022, "be_year": 2565}


def test_a_buddhist_era_year_typed_in_english_is_refused_with_the_arithmetic():
    error = refusal("15/6/2565", lang="en")
    assert error.code == "looks_like_be"
    assert error.messages == [
        "2565 looks like a Buddhist Era year — enter the year in C.E. (2565 − 543 = 2022)"
    ]


@pytest.mark.parametrize(
    ("text", "lang", "code"),
    [
        ("2565-06-15", "th", "looks_like_be"),  # ISO is C.E. even in Thai
        ("15 มิ.ย. 2565", "en", "looks_like_be"),
        ("15 มิ.ย. 2022", "th", "looks_like_ce"),
        ("15/6/2022 พ.ศ.", "en", "looks_like_ce"),
        ("15/6/2565 CE", "th", "looks_like_be"),
    ],
)
def test_a_year_in_the_wrong_era_is_refused_in_every_form(text, lang, code):
    assert refusal(text, lang=lang).code == code


@settings(max_examples=200, deadline=None)
@given(supported_dates)
def test_any_year_543_off_is_refused_never_shifted(day):
    with translation.override("th"):
        assert refusal(f"{day.day}/{day.month}/{day.year}", lang="th").code == "looks_like_ce"
    with translation.override("en"):
        be_text = f"{day.day}/{day.month}/{to_be_year(day.year)}"
        assert refusal(be_text, lang="en").code == "looks_like_be"


def test_a_day_the_month_does_not_have_is_named():
    error = refusal("31/2/2565", lang="th")
    assert error.code == "no_such_day"
    assert error.params == {"day": 31, "month": "กุมภาพันธ์", "year": "2565", "days": 28}
    with translation.override("en"):
        assert refusal("31/4/2022", lang="en").messages == [
            "There is no day 31 in April 2022: that month has 30 days."
        ]
        assert refusal("29/2/2022", lang="en").params["days"] == 28
        # A Thai date read in an English page (an import file): the message is all English.
        with pytest.raises(ValidationError) as caught:
            parse_date_input("31/2/2568", lang="th")
        assert caught.value.messages == [
            "There is no day 31 in February 2568: that month has 28 days."
        ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("15/13/2565", "no_such_month"),
        ("0/6/2565", "no_such_day"),
        ("15 Juin 2565", "no_such_month"),
        ("15/6/65", "year_digits"),
        ("15/6/02565", "year_digits"),
        ("15/6/3000", "year_out_of_range"),
        ("15/6/1500", "year_out_of_range"),
        ("yesterday", "invalid"),
        ("15/6-2565", "invalid"),
        ("2565 พ.ศ. 15/6/2565 พ.ศ.", "invalid"),
        ("   ", "required"),
    ],
)
def test_unusable_input_is_refused_with_a_reason(text, code):
    assert refusal(text, lang="th").code == code


def test_messages_for_unusable_input_are_specific():
    with translation.override("en"):
        assert refusal("15/13/2022", lang="en").messages == [
            "There is no month 13: months run from 1 to 12."
        ]
        assert refusal("15 Juin 2022", lang="en").messages == ["“juin” is not the name of a month."]
        assert refusal("15/6/1500", lang="en").messages == ["Enter a year from 1857 to 2157."]
    assert refusal("15/6/1500", lang="th").params == {"first": 2400, "last": 2700}
