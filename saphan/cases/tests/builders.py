"""Cases built through the services, the way the tests of cases (and of the apps above it) need
them: a tip that opens a case, a person linked to it, a custody in a shelter, the screening
interview. One place, so that
each test says only what differs."""

from __future__ import annotations

import datetime as dt

from saphan.cases.models import Case, Custody, ScreeningInterview
from saphan.cases.services import case_open, custody_record, person_link, screening_record
from saphan.cases.services.stages import IntakeInput, ScreeningInput
from saphan.orgs.tests.factories import PersonFactory

TIP = "ญาติแจ้งว่าถูกหลอกไปทำงานต่างประเทศ"


def intake(received_at: dt.datetime, **kw) -> IntakeInput:
    """A tip from the 1300 hotline by phone unless ``kw`` says otherwise."""
    data = {"source": "hotline_1300", "channel": "phone", "description": TIP}
    return IntakeInput(received_at=received_at, **(data | kw))


def open_case(actor, received_at: dt.datetime, *, person=None, **kw) -> Case:
    """A case opened by ``actor`` from a tip (``intake``), with ``person`` linked to it (a new
    one unless given): the case is in screening."""
    case = case_open(actor=actor, intake=intake(received_at, **kw))
    person_link(actor=actor, case=case, person=person or PersonFactory())
    return case


def hold(
    actor, case: Case, started_at: dt.datetime, place: str = "บ้านพัก", *, not_a_cell=True, **kw
) -> Custody:
    """The person held since ``started_at`` in ``place``, which is not a cell unless
    ``not_a_cell=False``; ``kw`` goes on to ``custody_record``."""
    return custody_record(
        actor=actor,
        case=case,
        started_at=started_at,
        place=place,
        place_is_not_a_cell=not_a_cell,
        **kw,
    )


def screen(actor, case: Case, interviewed_at: dt.datetime, **answers) -> ScreeningInterview:
    """The screening interview held at ``interviewed_at``; ``answers`` are ScreeningInput's other
    fields (none given: an interview that recorded nothing more)."""
    return screening_record(
        actor=actor, case=case, data=ScreeningInput(interviewed_at=interviewed_at, **answers)
    )
