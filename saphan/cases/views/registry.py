"""What an action page is: a form, the permission it needs, the service call, and when the case
offers it. actions.py (stages 1-6 and 13), tracks.py (stages 7-12, referrals, notes and
documents) and crime.py (places, perpetrators, the team) declare theirs; actions.ACTIONS holds
them all.

Most service calls are declared as data (``Call``: the service, the form fields it takes, the
message said when it succeeds) and run by one runner; the few that do more (link or create the
person, build the screening record, pick the decision waiting) stay functions in actions.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

CHANGE = "cases.change_case"

# Groups of the "Record or decide" panel, in the order they are shown.
PROCESS = "process"
ASSISTANCE = "assistance"
LEGAL = "legal"
RETURN = "return"
REFERRALS = "referrals"
RECORDS = "records"
CRIME = "crime"
GROUPS = {
    PROCESS: gettext_lazy("Process steps"),
    ASSISTANCE: gettext_lazy("Protection and assistance"),
    LEGAL: gettext_lazy("Legal proceedings and compensation"),
    RETURN: gettext_lazy("Return and reintegration"),
    CRIME: gettext_lazy("Places, perpetrators and the team"),
    REFERRALS: gettext_lazy("Referrals"),
    RECORDS: gettext_lazy("Notes and documents"),
}


def is_open(state) -> bool:
    """An ``Action.available`` test: the case is not closed."""
    return not state.closed


def open_with(records: str) -> Callable:
    """An ``Action.available`` test: the case is open and its records' ``records`` (a list of
    the CaseRecords of selectors) is not empty."""
    return lambda state: is_open(state) and bool(getattr(state.records, records))


@dataclass(frozen=True)
class Action:
    slug: str
    title: Promise
    form_class: type
    perm: str
    run: Callable
    available: Callable  # (CaseState) -> bool
    template: str = "cases/forms/generic.html"
    submit: Promise = gettext_lazy("Save")
    intro: Promise | str = ""
    group: str = PROCESS
    # A form field that a link may fill from the query string (?service=<id>): the record on
    # the case page whose button opened the form.
    select: str = ""


@dataclass(frozen=True, eq=False)
class Call:
    """A service call declared as data, and its runner (an ``Action.run``).

    ``services.<service>`` is called with the actor, the case, the form's ``version`` as
    ``expected_version`` and one keyword argument per entry of ``fields``: ``"name"`` is the
    cleaned field of that name, ``"argument=name"`` a field under another name, a trailing
    ``?`` a field the form may not have (None then). ``adjust`` maps an argument to a function
    of its value. ``message`` is what the user is told: a translatable text, or a function of
    the service's result and the cleaned data. ``denied`` (field: message), when given, is what
    the form says next to that field if the service refuses the record chosen (PermissionDenied:
    a record the actor may not use here) instead of a 403."""

    service: str
    fields: tuple[str, ...]
    message: Promise | Callable[[object, dict], str]
    adjust: Mapping[str, Callable] = field(default_factory=dict)
    denied: Mapping[str, Promise] = field(default_factory=dict)

    def arguments(self, d: dict) -> dict:
        kwargs = {}
        for spec in self.fields:
            argument, _sep, name = spec.partition("=")
            name = name or argument
            argument = argument.rstrip("?")
            value = d.get(name[:-1]) if name.endswith("?") else d[name]
            if argument in self.adjust:
                value = self.adjust[argument](value)
            kwargs[argument] = value
        return kwargs

    def __call__(self, request, case, d: dict) -> str:
        from .. import services

        try:
            result = getattr(services, self.service)(
                actor=request.user, case=case, **self.arguments(d), expected_version=d["version"]
            )
        except PermissionDenied:
            if not self.denied:
                raise
            raise ValidationError(dict(self.denied)) from None
        if isinstance(self.message, Promise):
            return str(self.message)
        return self.message(result, d)
