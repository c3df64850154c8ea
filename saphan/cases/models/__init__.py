from .case import AccessReason, Case, CaseAccess, CaseCodeCounter, SubmissionKey, TimelineEvent
from .charges import VictimCharge
from .clock import ClockSetting, ClockUnit
from .compensation import CompensationClaim, CompensationOrder, CompensationPayment
from .counterparts import Counterpart
from .legal import LegalProceeding, ProtectionMeasure, TestimonyDate
from .permits import StayPermit
from .perpetrators import PerpetratorMerge
from .protection import AssistancePlan, PlannedService, ShelterStay
from .records import CaseDocument, CaseNote
from .referrals import Referral
from .returns import FamilyAssessment, FollowUpVisit, ReintegrationPlan, ReturnPlan
from .stages import (
    CaseClosure,
    CourtExtension,
    Custody,
    IdentificationDecision,
    IdentificationMember,
    Intake,
    Perpetrator,
    PerpetratorLink,
    RightsNotice,
    ScreeningInterview,
    TemporaryProtection,
    TraffickingPlace,
)

__all__ = [
    "AccessReason",
    "AssistancePlan",
    "Case",
    "CaseAccess",
    "CaseClosure",
    "CaseCodeCounter",
    "CaseDocument",
    "CaseNote",
    "ClockSetting",
    "ClockUnit",
    "CompensationClaim",
    "Counterpart",
    "CompensationOrder",
    "CompensationPayment",
    "CourtExtension",
    "Custody",
    "FamilyAssessment",
    "FollowUpVisit",
    "IdentificationDecision",
    "IdentificationMember",
    "Intake",
    "LegalProceeding",
    "Perpetrator",
    "PerpetratorLink",
    "PerpetratorMerge",
    "PlannedService",
    "ProtectionMeasure",
    "Referral",
    "ReintegrationPlan",
    "ReturnPlan",
    "RightsNotice",
    "ScreeningInterview",
    "ShelterStay",
    "StayPermit",
    "SubmissionKey",
    "TemporaryProtection",
    "TestimonyDate",
    "TimelineEvent",
    "TraffickingPlace",
    "VictimCharge",
]
