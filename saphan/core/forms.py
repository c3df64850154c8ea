"""Form fields, widgets and helpers shared by every app's forms: Thai dates, times and ID
numbers, checklists, Bootstrap styling, a service's errors put next to their fields."""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from saphan.core.thai import (
    ascii_digits,
    format_date_input,
    format_thai_id,
    is_thai_language,
    local_date,
    normalize_thai_id,
    parse_date_input,
    validate_thai_id,
)


class ThaiDateInput(forms.TextInput):
    """A text box, not a browser date picker: pickers show C.E. years and the browser's
    language, and cannot take `15 มิ.ย. 2565`. No numeric keyboard either, since month
    names are welcome.

    The placeholder and the date shown follow the language of the request being rendered
    (B.E. in Thai), so the date on screen is typed back in the same form.
    """

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return format_date_input(value)
        # Anything else is what the person typed, shown again as typed next to the error.
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        placeholder = _("dd/mm/yyyy (B.E.)") if is_thai_language() else _("dd/mm/yyyy")
        context["widget"]["attrs"].setdefault("placeholder", placeholder)
        return context


class ThaiDateField(forms.Field):
    """A date typed in the active language's era (B.E. in Thai), read by `parse_date_input`,
    which refuses a year in the other era with a message that says so."""

    widget = ThaiDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return local_date(value)
        return parse_date_input(str(value), lang=get_language() or settings.LANGUAGE_CODE)


class ThaiIDField(forms.CharField):
    """A 13-digit Thai ID number: typed with or without dashes or spaces, in Thai or Arabic
    digits; cleaned to the 13 digits and shown grouped (1-2345-67890-12-1)."""

    default_validators = [validate_thai_id]

    def __init__(self, **kwargs: Any) -> None:
        # autocomplete off: an ID typed on a shared office computer must not be offered to
        # the next person who uses it.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return normalize_thai_id(value) if value else value

    def prepare_value(self, value: Any) -> Any:
        return format_thai_id(value) if isinstance(value, str) else value


def refuse_reversed_dates(form: forms.Form, *, start: str, end: str, field: str | None) -> None:
    """In ``form.clean()``: a range whose start date is after its end date is refused, on
    ``field`` (None: for the whole form) — a reversed range would silently find nothing."""
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[start] > data[end]:
        form.add_error(field, _("The start date is after the end date."))


class QuickSelect(forms.Select):
    """A select of many options (the world's countries) written in Python: Django's own widget
    renders one template per option, a quarter of a list page's time for 250 countries. The
    same HTML as Django's select (attributes, the chosen option, option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe

        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                value_text = "" if option["value"] is None else str(option["value"])
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        value_text,
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped by format_html


class ChecklistWidget(forms.CheckboxSelectMultiple):
    """Checkboxes with a short help line under each choice, and some choices marked as the
    signals an interviewer must ask about (DOMAIN.md stage 3: prompted, not left to memory)."""

    def __init__(self, *args, help_texts=None, prompted=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.help_texts = help_texts or {}
        self.prompted = set(prompted)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["help"] = self.help_texts.get(value, "")
        option["prompted"] = value in self.prompted
        return option


class ThaiTimeField(forms.TimeField):
    """A time of day as 14:30, 14.30 or 14.30 น., in any script's digits."""

    input_formats = ["%H:%M", "%H:%M:%S"]
    default_error_messages = {
        "invalid": gettext_lazy("Enter the time as hours:minutes, for example 14:30."),
        "incomplete": gettext_lazy("Enter the time as well."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(value).replace("น.", "").strip().replace(".", ":")
        return super().to_python(value)


class DateTimeWidget(forms.MultiWidget):
    """A date typed in the reader's era (B.E. in Thai) and a 24-hour time: two inputs."""

    def __init__(self, attrs=None):
        widgets = {
            "date": ThaiDateInput(attrs={"class": "form-control", "autocomplete": "off"}),
            # A text box like the date, not a browser time picker: pickers follow the
            # browser's locale and may show a 12-hour clock. "14:30", "14.30" and
            # "14.30 น." are all read.
            "time": forms.TimeInput(
                attrs={
                    "class": "form-control",
                    "inputmode": "decimal",
                    "autocomplete": "off",
                    "maxlength": "8",
                    "placeholder": gettext_lazy("hh:mm"),
                },
                format="%H:%M",
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.date(), local.time().replace(second=0, microsecond=0)]
        if isinstance(value, dt.date):
            return [value, None]
        return [None, None]


class ThaiDateTimeField(forms.MultiValueField):
    """A moment in Thailand's time (Asia/Bangkok), from a Thai date and a time of day."""

    widget = DateTimeWidget

    def __init__(self, **kwargs):
        fields = (
            ThaiDateField(error_messages={"incomplete": gettext_lazy("Enter the date as well.")}),
            ThaiTimeField(),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or all(v in self.empty_values for v in data_list):
            return None
        day, time = data_list
        return timezone.make_aware(dt.datetime.combine(day, time), ZoneInfo(settings.TIME_ZONE))


class StyledFormMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on fields with errors."""

    def _style(self):
        limit_texts(self.fields)  # text fields without a limit of their own get the shared one
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput | forms.MultiWidget | ChecklistWidget):
                continue
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                targets = widget.widgets if isinstance(widget, forms.MultiWidget) else [widget]
                for w in targets:
                    if "is-invalid" not in w.attrs.get("class", ""):
                        w.attrs["class"] = (w.attrs.get("class", "") + " is-invalid").strip()


def validation_errors_to_form(
    form: forms.Form, error: ValidationError, names: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError next to the fields it names (message_dict keys are the
    form's field names, or renamed to them by ``names``); anything else goes above the form."""
    names = names or {}
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            field = names.get(key, key)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@contextmanager
def refusal_on_form(form: forms.Form, names: dict[str, str] | None = None) -> Iterator[None]:
    """Run the block; when a service in it refuses (ValidationError), put the refusal on the
    form (validation_errors_to_form) and go on after the block, where the form is shown again.
    The rest of the block (the message that it worked, the redirect) runs only when nothing was
    refused."""
    try:
        yield
    except ValidationError as error:
        validation_errors_to_form(form, error, names)


# --- limits on free text ----------------------------------------------------------------------
# About ten typed pages of Thai. A longer text is pasted by mistake or sent to fill the
# database; either way the person gets a message next to the field and keeps what they typed.
TEXT_MAX_CHARS = 10_000


def text_too_long_message():
    return gettext_lazy(
        "This text has %(show_value)s characters; the limit is %(limit_value)s. "
        "Shorten it or split it into several entries."
    )


def text_limit_validator(limit: int = TEXT_MAX_CHARS):
    from django.core.validators import MaxLengthValidator

    return MaxLengthValidator(limit, message=text_too_long_message())


def limit_texts(fields, limit: int = TEXT_MAX_CHARS) -> None:
    """Give every text field of a form that has no limit of its own the shared one."""
    for field in fields.values():
        if (
            isinstance(field, forms.CharField)
            and not isinstance(field, forms.UUIDField | forms.JSONField)  # not text
            and field.max_length is None
        ):
            field.max_length = limit
            field.validators.append(text_limit_validator(limit))


def check_text_length(value: str | None, *, field: str, limit: int = TEXT_MAX_CHARS) -> None:
    """For services that take text without a form (the plan report page, the API): the same
    limit and message, on ``field``."""
    if value and len(value) > limit:
        raise ValidationError(
            {field: text_too_long_message() % {"show_value": len(value), "limit_value": limit}}
        )


class TextLimitsMixin:
    """A form whose text fields without a limit get TEXT_MAX_CHARS (put it before forms.Form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self.fields)


class MessagePreferenceForm(StyledFormMixin, forms.Form):
    """A person's own choices of messages outside the app (messaging.py)."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address for messages"), required=False, max_length=254,
        help_text=gettext_lazy("Leave empty to use your account's address."),
    )  # fmt: skip
    email_alerts = forms.ChoiceField(label=gettext_lazy("Alerts by e-mail"), choices=())
    line_alerts = forms.ChoiceField(label=gettext_lazy("Alerts by LINE"), choices=())
    digest_email = forms.BooleanField(label=gettext_lazy("Daily digest by e-mail"), required=False)
    digest_line = forms.BooleanField(label=gettext_lazy("Daily digest by LINE"), required=False)
    digest_hour = forms.TypedChoiceField(
        label=gettext_lazy("Send the digest at"), coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)],
    )  # fmt: skip

    def __init__(self, *args, line: bool = True, **kwargs):
        from .models import AlertChoice

        super().__init__(*args, **kwargs)
        self.fields["email_alerts"].choices = AlertChoice.choices
        self.fields["line_alerts"].choices = AlertChoice.choices
        if not line:
            del self.fields["line_alerts"], self.fields["digest_line"]
        self._style()


class SubmissionKeyField(forms.UUIDField):
    """A hidden one-time key, new each time the form is shown: a form sent twice (a double
    click, a resend after a dropped signal) carries the same key, and the service does its work
    once per key."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", uuid.uuid4)
        expired = gettext_lazy("The form has expired: open the page again and send it once more.")
        kwargs.setdefault("error_messages", {"required": expired, "invalid": expired})
        super().__init__(**kwargs)


class SentOnceFormMixin:
    """A form done once however often it is sent: its ``submission_key`` (a hidden field, so a
    problem with it is said at the top of the form)."""

    def clean(self):
        data = super().clean()
        for error in self._errors.pop("submission_key", []):
            self.add_error(None, error)
        return data
