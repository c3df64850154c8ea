"""A service's refusal becomes the message on the next page, or the error on the form; the rest
of the block is skipped."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from saphan.core.flash import refusal_shown


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_is_shown_and_the_rest_of_the_block_skipped():
    request, after = _request(), []
    with refusal_shown(request):
        raise ValidationError(["Too late.", "Ask again."])
        after.append("ran")  # pragma: no cover
    assert after == []
    assert [str(m) for m in get_messages(request)] == ["Too late. Ask again."]


def test_nothing_is_shown_when_nothing_is_refused():
    request, after = _request(), []
    with refusal_shown(request):
        after.append("ran")
    assert after == ["ran"]
    assert list(get_messages(request)) == []


def test_a_refusal_goes_onto_the_form_next_to_its_field():
    from django import forms

    from saphan.core.forms import refusal_on_form

    class NameForm(forms.Form):
        name = forms.CharField()

    form, after = NameForm({"name": "Somchai"}), []
    assert form.is_valid()
    with refusal_on_form(form):
        raise ValidationError({"name": "Taken."})
        after.append("ran")  # pragma: no cover
    assert after == []
    assert form.errors == {"name": ["Taken."]}
