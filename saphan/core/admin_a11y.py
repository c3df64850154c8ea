"""Django's admin, readable with a screen reader where Django 5.2 leaves a field without a label
(axe-core's "label" rule, critical): the date and time boxes of a date-and-time field (Django
ticket #36203) and the boxes of a table of inline records (a team's member agencies), each row's
delete box among them. Models' admins use these instead of Django's own; static/css/admin.css
keeps the look."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime, RelatedFieldWidgetWrapper
from django.db import models
from django.forms import MultiWidget
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes, whose "Date:" and "Time:" are the boxes' labels."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for key, box in (("date_label", 0), ("time_label", 1)):
            box_id = context["widget"]["subwidgets"][box]["attrs"].get("id")
            if box_id:
                context[key] = format_html(
                    '<label class="datetime-part" for="{}">{}</label>', box_id, context[key]
                )
        return context


# For a ModelAdmin's formfield_overrides (Django merges it with its own defaults).
FORMFIELD_OVERRIDES = {models.DateTimeField: {"widget": LabelledSplitDateTime}}


class LabelledRowsFormSet(BaseInlineFormSet):
    """A table of inline records whose boxes have names: a column's header is not the label of
    the boxes under it. Each box is named by its field's label, each row's delete box as such."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            # The box itself: a related record's box is wrapped (its add and change buttons),
            # and the wrapper's attrs are those of the form class's box, not this form's copy.
            box = field.widget
            if isinstance(box, RelatedFieldWidgetWrapper):
                box = box.widget
            if name == DELETION_FIELD_NAME:
                box.attrs["aria-label"] = _("Delete this row")
            elif field.label and not box.is_hidden and not isinstance(box, MultiWidget):
                # (a date-and-time field's two boxes have their own labels)
                box.attrs.setdefault("aria-label", capfirst(field.label))


class TabularInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    formfield_overrides = FORMFIELD_OVERRIDES
