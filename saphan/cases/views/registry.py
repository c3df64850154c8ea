"""What an action page is: a form, the permission it needs, the service call, and when the case
offers it. actions.py (stages 1-6 and 13) and tracks.py (stages 7-12, referrals, notes and
documents) declare theirs; actions.ACTIONS holds them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
