"""QuickSelect writes the same select as Django's widget, only faster."""

from __future__ import annotations

from django import forms
from django.test.html import parse_html

from saphan.core.forms import QuickSelect

CHOICES = [
    ("", "Any nationality"),
    ("MM", "Myanmar"),
    ("KH", 'Cambodia <& "quoted">'),
    ("Asia", [("LA", "Lao PDR"), ("TH", "ไทย")]),
]


def _both(value, attrs=None):
    django = forms.Select(choices=CHOICES).render("nationality", value, attrs)
    quick = QuickSelect(choices=CHOICES).render("nationality", value, attrs)
    return parse_html(django), parse_html(quick), quick


def test_the_same_html_as_djangos_select_with_a_choice_in_a_group():
    django, quick, html = _both("LA", {"id": "id_nationality", "class": "form-select"})
    assert quick == django
    assert '<option value="LA" selected>Lao PDR</option>' in html


def test_nothing_chosen_and_labels_escaped():
    django, quick, html = _both(None)
    assert quick == django
    assert "&lt;&amp; &quot;quoted&quot;&gt;" in html
    assert html.count("selected") == 1 and '<option value="" selected>' in html


def test_a_form_field_renders_through_it():
    class F(forms.Form):
        nationality = forms.ChoiceField(choices=CHOICES, widget=QuickSelect, required=False)

    html = str(F({"nationality": "MM"})["nationality"])
    assert '<option value="MM" selected>Myanmar</option>' in html
