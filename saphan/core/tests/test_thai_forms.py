"""ThaiDateField and ThaiIDField (saphan.core.forms)."""

import datetime as dt

from django import forms
from django.utils import translation
from django.utils.translation import gettext

from saphan.core.forms import ThaiDateField, ThaiIDField


class PersonForm(forms.Form):
    born_on = ThaiDateField()
    national_id = ThaiIDField()
    reported_on = ThaiDateField(required=False)


def errors_of(data: dict, lang: str) -> dict:
    with translation.override(lang):
        form = PersonForm(data)
        form.is_valid()
        return form.errors.as_data()


def test_thai_form_reads_buddhist_era_and_returns_dates_and_digits():
    with translation.override("th"):
        form = PersonForm({"born_on": "15 มิ.ย. 2565", "national_id": "๑-๒๓๔๕-๖๗๘๙๐-๑๒-๑"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "born_on": dt.date(2022, 6, 15),
        "national_id": "1234567890121",
        "reported_on": None,
    }


def test_english_form_reads_common_era():
    with translation.override("en"):
        form = PersonForm({"born_on": "15/6/2022", "national_id": "1 2345 67890 12 1"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["born_on"] == dt.date(2022, 6, 15)


def test_a_year_in_the_wrong_era_is_a_form_error_that_says_so():
    with translation.override("th"):
        form = PersonForm({"born_on": "15/6/2022", "national_id": "1234567890121"})
        assert not form.is_valid()
        [error] = form.errors.as_data()["born_on"]
    assert error.code == "looks_like_ce"
    with translation.override("en"):
        form = PersonForm({"born_on": "15/6/2565", "national_id": "1234567890121"})
        assert form.errors["born_on"] == [
            "2565 looks like a Buddhist Era year — enter the year in C.E. (2565 − 543 = 2022)"
        ]


def test_id_errors_tell_length_from_check_digit():
    assert [
        e.code
        for e in errors_of({"born_on": "1/1/2565", "national_id": "12345"}, "th")["national_id"]
    ] == ["invalid_length"]
    assert [
        e.code
        for e in errors_of({"born_on": "1/1/2565", "national_id": "1234567890122"}, "th")[
            "national_id"
        ]
    ] == ["invalid_checksum"]
    assert [e.code for e in errors_of({"born_on": "", "national_id": ""}, "th")["national_id"]] == [
        "required"
    ]


def test_date_widget_placeholder_follows_the_language():
    form = PersonForm()
    with translation.override("th"):
        assert f'placeholder="{gettext("dd/mm/yyyy (B.E.)")}"' in str(form["born_on"])
    with translation.override("en"):
        assert 'placeholder="dd/mm/yyyy"' in str(form["born_on"])


def test_an_initial_date_is_shown_the_way_it_must_be_typed_back():
    form = PersonForm(initial={"born_on": dt.date(2022, 6, 5), "national_id": "1234567890121"})
    with translation.override("th"):
        assert 'value="05/06/2565"' in str(form["born_on"])
    with translation.override("en"):
        assert 'value="05/06/2022"' in str(form["born_on"])
    assert 'value="1-2345-67890-12-1"' in str(form["national_id"])


def test_a_refused_entry_is_shown_again_as_typed():
    with translation.override("th"):
        form = PersonForm({"born_on": "15/6/2022", "national_id": "12-34"})
        form.is_valid()
        assert 'value="15/6/2022"' in str(form["born_on"])
        assert 'value="12-34"' in str(form["national_id"])


def test_shown_values_typed_back_unchanged_are_not_changes():
    initial = {"born_on": dt.date(2022, 6, 5), "national_id": "1234567890121"}
    with translation.override("th"):
        form = PersonForm(
            {"born_on": "05/06/2565", "national_id": "1-2345-67890-12-1"}, initial=initial
        )
        assert form.changed_data == []


def test_id_widget_asks_for_digits_and_no_autofill():
    html = str(PersonForm()["national_id"])
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html


def test_date_widget_does_not_ask_for_a_numeric_keyboard():
    assert "inputmode" not in str(PersonForm()["born_on"])


def test_aware_datetime_initial_is_cleaned_to_the_bangkok_date():
    late_utc = dt.datetime(2022, 6, 14, 20, 0, tzinfo=dt.UTC)  # 03:00 on 15 June, UTC+7
    assert ThaiDateField().clean(late_utc) == dt.date(2022, 6, 15)
