"""Template filters date_be, date_be_long, datetime_be, thai_id, be_year (a builtin: no load)."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

JUNE_15 = dt.date(2022, 6, 15)
AT_13_BANGKOK = dt.datetime(2022, 6, 15, 6, 0, tzinfo=dt.UTC)


def render(source: str, lang: str, **context) -> str:
    with translation.override(lang):
        return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("source", "thai", "english"),
    [
        ("{{ d|date_be }}", "15 มิ.ย. 2565", "15 Jun 2022"),
        ("{{ d|date_be_long }}", "15 มิถุนายน 2565", "15 June 2022"),
        ("{{ t|datetime_be }}", "15 มิ.ย. 2565 13:00 น.", "15 Jun 2022 13:00"),
        ("{{ t|date_be }}", "15 มิ.ย. 2565", "15 Jun 2022"),
        ("{{ d|be_year }}", "2565", "2565"),
        ("{{ 2022|be_year }}", "2565", "2565"),
        ("{{ id|thai_id }}", "1-2345-67890-12-1", "1-2345-67890-12-1"),
    ],
)
def test_filters_in_both_languages(source, thai, english):
    context = {"d": JUNE_15, "t": AT_13_BANGKOK, "id": "1234567890121"}
    assert render(source, "th", **context) == thai
    assert render(source, "en", **context) == english


def test_be_year_of_an_aware_datetime_is_the_year_in_bangkok():
    assert (
        render("{{ t|be_year }}", "th", t=dt.datetime(2022, 12, 31, 18, 0, tzinfo=dt.UTC)) == "2566"
    )


@pytest.mark.parametrize(
    "filter_name", ["date_be", "date_be_long", "datetime_be", "thai_id", "be_year"]
)
@pytest.mark.parametrize("value", [None, ""])
def test_nothing_renders_as_empty(filter_name, value):
    assert render(f"{{{{ v|{filter_name} }}}}", "th", v=value) == ""
    assert render(f"{{{{ missing|{filter_name} }}}}", "en") == ""


def test_a_value_that_is_not_a_date_renders_as_empty():
    assert render("{{ v|date_be }}|{{ v|be_year }}", "th", v="soon") == "|"
