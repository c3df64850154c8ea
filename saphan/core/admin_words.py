"""Three things the Django admin says without gettext, in the reader's language.

- A yes/no field is shown as an icon whose alt text is the Python value ("True", "False",
  "None"): ``_boolean_icon`` of ``django.contrib.admin.templatetags.admin_list``, which the
  change lists, the read-only fields and the display functions all look up there when they
  draw one. ``install_boolean_icon`` puts in its place the same markup with the words "Yes",
  "No" or "Unknown" (Django's files are left as they are; the admin test fails should a new
  Django draw the icons elsewhere).
- A permission is named "Can add case": Django writes the English sentence into the
  permission's row when it creates it, and ``Permission.__str__`` shows it as stored.
  ``permission_label`` says the action and the model's translated name instead ("เพิ่ม กรณี",
  a history table as the history of its model, the machinery's tables by the names below);
  the admin's permission pickers use it (orgs/admin.py).
- A model field given no verbose name is labelled by its English name ("Order", "Agency").
  ``FieldLabelsMixin`` lets a ModelAdmin or an inline name such fields in words of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext, pgettext_lazy

if TYPE_CHECKING:
    from django.contrib.auth.models import Permission
    from django.utils.safestring import SafeString

_ICONS = {True: "yes", False: "no", None: "unknown"}
_WORDS = {
    True: pgettext_lazy("yes/no icon", "Yes"),
    False: pgettext_lazy("yes/no icon", "No"),
    None: pgettext_lazy("yes/no icon", "Unknown"),
}
# Django's default permissions (Options.default_permissions): codename "<action>_<model>".
_ACTIONS = {
    "add": pgettext_lazy("permission", "Add %(name)s"),
    "change": pgettext_lazy("permission", "Change %(name)s"),
    "delete": pgettext_lazy("permission", "Delete %(name)s"),
    "view": pgettext_lazy("permission", "View %(name)s"),
}


class FieldLabelsMixin:
    """For a ModelAdmin or an inline: ``field_labels`` maps a field's name to the label its
    form shows (a translated phrase, capitalised as Django capitalises a verbose name)."""

    field_labels: dict[str, str] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.field_labels:
            kwargs["label"] = capfirst(self.field_labels[db_field.name])
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def boolean_icon(value: bool | None) -> SafeString:
    """Django's yes/no icon, its alt text in words."""
    return format_html(
        '<img src="{}" alt="{}">',
        static(f"admin/img/icon-{_ICONS[value]}.svg"),
        _WORDS[value],
    )


def install_boolean_icon() -> None:
    from django.contrib.admin.templatetags import admin_list

    if hasattr(admin_list, "_boolean_icon"):
        admin_list._boolean_icon = boolean_icon


# Tables that no page names (the machinery: history, queues, search index, counters) have no
# translated name of their own; the admin's permission list names them here.
_NOUNS = {
    "admin.logentry": pgettext_lazy("model", "admin log entry"),
    "pghistory.context": pgettext_lazy("model", "change context"),
    "pghistory.events": pgettext_lazy("model", "change events"),
    "pghistory.middlewareevents": pgettext_lazy("model", "change events of requests"),
    "procrastinate.procrastinateworker": pgettext_lazy("model", "background worker"),
    "procrastinate.procrastinatejob": pgettext_lazy("model", "background job"),
    "procrastinate.procrastinateperiodicdefer": pgettext_lazy("model", "periodic background job"),
    "procrastinate.procrastinateevent": pgettext_lazy("model", "background job event"),
    "otp_totp.totpdevice": pgettext_lazy("model", "authenticator app"),
    "otp_static.staticdevice": pgettext_lazy("model", "recovery code set"),
    "otp_static.statictoken": pgettext_lazy("model", "recovery code"),
    "cases.casecodecounter": pgettext_lazy("model", "case code counter"),
    "cases.submissionkey": pgettext_lazy("model", "key of a form sent once"),
    "knowledge.searchdoc": pgettext_lazy("model", "search index entry"),
    "knowledge.embeddingcache": pgettext_lazy("model", "search embedding cache"),
    "knowledge.searchterm": pgettext_lazy("model", "search term"),
    "insight.fact": pgettext_lazy("model", "statistics fact"),
    "insight.dirtycase": pgettext_lazy("model", "case waiting for the statistics"),
    "insight.factstate": pgettext_lazy("model", "statistics state"),
    "insight.rollup": pgettext_lazy("model", "statistics summary"),
    "network.fieldsubmission": pgettext_lazy("model", "submission from the field"),
    "api.ratewindow": pgettext_lazy("model", "API rate window"),
    "api.idempotencykey": pgettext_lazy("model", "API idempotency key"),
    "api.webhooksubscription": pgettext_lazy("model", "webhook subscription"),
    "api.webhookdelivery": pgettext_lazy("model", "webhook delivery"),
}
_APPS = {
    "contenttypes": pgettext_lazy("app", "Content types"),
    "pghistory": pgettext_lazy("app", "Change history"),
    "procrastinate": pgettext_lazy("app", "Background jobs"),
    "otp_totp": pgettext_lazy("app", "Authenticator apps"),
    "otp_static": pgettext_lazy("app", "Recovery codes"),
}


def model_noun(model: type) -> str:
    """A model's translated name; a history table (django-pghistory's event model) as the
    history of the model it follows."""
    tracked = getattr(model, "pgh_tracked_model", None)
    if tracked is not None:
        return pgettext("model", "%(model)s history") % {"model": model_noun(tracked)}
    if noun := _NOUNS.get(model._meta.label_lower):
        return str(noun)
    if model._meta.auto_created:  # the table of a many-to-many field: the two it links
        ends = [f.related_model for f in model._meta.fields if f.many_to_one][:2]
        if len(ends) == 2:
            return pgettext("model", "link of %(one)s and %(other)s") % {
                "one": model_noun(ends[0]),
                "other": model_noun(ends[1]),
            }
    return str(model._meta.verbose_name)


def permission_name(permission: Permission) -> str:
    """What the permission allows, in words: the action and the model's translated name for
    Django's own four, the stored name (translated if the catalogue has it) for the others."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in _ACTIONS and model_name == model._meta.model_name:
        return str(_ACTIONS[action]) % {"name": model_noun(model)}
    return gettext(permission.name)


def permission_label(permission: Permission) -> str:
    """A permission as the admin lists it, "app | model | what it allows", all translated."""
    model = permission.content_type.model_class()
    if model is None:  # a model since removed: its stored names
        app, noun = permission.content_type.app_label, permission.content_type.model
    else:
        app_label = model._meta.app_label
        app = capfirst(str(_APPS.get(app_label) or model._meta.app_config.verbose_name))
        noun = capfirst(model_noun(model))
    return f"{app} | {noun} | {permission_name(permission)}"
