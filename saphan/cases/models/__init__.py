from .case import AccessReason, Case, CaseAccess, CaseCodeCounter, SubmissionKey, TimelineEvent
from .clock import ClockSetting, ClockUnit
from .stages import (
    CaseClosure,
    CourtExtension,
    Custody,
    IdentificationDecision,
    IdentificationMember,
    Intake,
    Perpetrator,
    RightsNotice,
    ScreeningInterview,
    TemporaryProtection,
    TraffickingPlace,
)

__all__ = [
    "AccessReason",
    "Case",
    "CaseAccess",
    "CaseClosure",
    "CaseCodeCounter",
    "ClockSetting",
    "ClockUnit",
    "CourtExtension",
    "Custody",
    "IdentificationDecision",
    "IdentificationMember",
    "Intake",
    "Perpetrator",
    "RightsNotice",
    "ScreeningInterview",
    "SubmissionKey",
    "TemporaryProtection",
    "TimelineEvent",
    "TraffickingPlace",
]
