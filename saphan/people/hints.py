"""What the duplicate check may say about records the worker cannot open.

A hidden candidate tells the worker that a possible match exists (and in which province): a
hint about a victim the worker may not see. Each hint is written to the read log with what was
typed, and each account gets at most ``hints_per_hour()`` distinct hidden persons an hour; past
that the hints are withheld (the worker is told so) and the withheld attempt is logged too. The
same person hinted again within the hour (a name typed letter by letter) costs nothing more.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from saphan.audit.models import Outcome, ReadAccess
from saphan.audit.services import log_event

from .matching import SCOPE, candidate_token_person_id

PERSON = "people.person"


def hints_per_hour() -> int:
    return int(getattr(settings, "SAPHAN_DUPLICATE_HINTS_PER_HOUR", 10))


def query_text(*, names, birth_date=None, id_numbers=(), age=None) -> str:
    """What the worker searched, as the read log keeps it beside each hint."""
    parts = [" / ".join(n.strip() for n in names if n and n.strip())]
    if birth_date:
        parts.append(f"born={birth_date.isoformat()}")
    elif age is not None:
        parts.append(f"age={age}")
    if id_numbers:
        parts.append("id=" + ",".join(n.strip() for n in id_numbers))
    return " ".join(p for p in parts if p)[:200]


def release_hints(*, actor, candidates, query: str, path: str = "") -> tuple[list, int]:
    """The candidates that may be shown, and how many hidden ones were withheld; every hint
    shown or withheld is logged."""
    now = timezone.now()
    hinted = set(
        ReadAccess.objects.filter(
            user_id=actor.pk,
            outcome=Outcome.HINT,
            record_type=PERSON,
            at__gte=now - dt.timedelta(hours=1),
        ).values_list("record_id", flat=True)
    )
    budget = hints_per_hour() - len(hinted)
    shown, withheld = [], []
    logged = partial(
        log_event, actor=actor, record_type=PERSON, scope=SCOPE, purpose=query, path=path
    )
    for candidate in candidates:
        if candidate.visible:
            shown.append(candidate)
            continue
        try:
            person_id = str(candidate_token_person_id(token=candidate.token, actor=actor))
        except PermissionDenied:  # cannot happen for a token made just now; never show it
            continue
        if person_id in hinted:
            shown.append(candidate)
        elif budget > 0:
            budget -= 1
            hinted.add(person_id)
            shown.append(candidate)
        else:
            withheld.append(person_id)
            continue
        logged(outcome=Outcome.HINT, record_id=person_id, record_label=candidate.province_code)
    for person_id in withheld:
        logged(outcome=Outcome.HINT_WITHHELD, record_id=person_id)
    return shown, len(withheld)
