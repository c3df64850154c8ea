"""What the partner API takes and gives (pydantic models through django-ninja)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator

from saphan.api.models import WebhookEvent
from saphan.cases import enums
from saphan.cases.enums import Channel, ReferralKind, ReferralReason, TipSource, Urgency
from saphan.cases.forms import LANGUAGES

CHANNELS = tuple(Channel.values)


def _sane_moment(value: dt.datetime) -> dt.datetime:
    """A moment a case file can hold: a time zone no further than ±14 h from UTC (a time
    without one is Thai time), in the years 1900–2200; kept in UTC."""
    if value.tzinfo is None:
        value = timezone.make_aware(value)
    offset = value.utcoffset() or dt.timedelta(0)
    if abs(offset) > dt.timedelta(hours=14):
        raise ValueError("the time zone offset must be within ±14 hours")
    if not 1900 <= value.year <= 2200:
        raise ValueError("the year must be between 1900 and 2200")
    return value.astimezone(dt.UTC)


Moment = Annotated[dt.datetime, AfterValidator(_sane_moment)]


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str | None = None
    messages: dict[str, str]
    errors: list[dict] | None = None


class PersonOut(Schema):
    role: str
    identity_shown: bool
    names: list[str] = []
    sex: str | None = None
    birth_year: int | None = None
    citizenships: list[str] = []


class ReferralOut(Schema):
    id: str
    case: str
    kind: str
    reason: str
    from_agency: str
    to_agency: str
    sent_at: dt.datetime
    identity_shared: bool
    answer: str | None = None
    answered_at: dt.datetime | None = None


class CaseOut(Schema):
    code: str
    version: int = Field(..., description="Give it as `expected_version` to refuse lost updates")
    phase: str
    phase_label: str
    province: str
    agency: str | None
    opened_at: dt.datetime | None
    exploitation_types: list[str]
    updated_at: dt.datetime


class CaseDetail(CaseOut):
    people: list[PersonOut]
    referrals: list[ReferralOut]


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None = Field(
        None, description="Give it as `cursor` for the next page; null on the last page."
    )


class TimelineLine(Schema):
    at: dt.datetime
    actor: str
    kind: str
    text: str


class ScreeningOut(Schema):
    id: uuid.UUID
    interviewed_at: dt.datetime
    interpreter_language: str
    indicators: list[str]
    methods_of_control: list[str]
    exploitation_types: list[str]
    recruitment_methods: list[str]
    recruitment_apps: list[str]


class IdentificationOut(Schema):
    id: uuid.UUID
    status: str
    deciding_org: str
    decided_at: dt.datetime
    basis: str
    approved_at: dt.datetime | None
    sent_back_at: dt.datetime | None = None


class FollowUpOut(Schema):
    number: int
    due_on: dt.date
    status: str
    done_on: dt.date | None = None


class IntakeIn(Schema):
    received_at: Moment
    source: TipSource
    channel: Channel
    description: str = Field(..., min_length=1, max_length=5000)
    urgency: Urgency = Urgency.ROUTINE
    place_province: str | None = Field(None, max_length=2, description="DOPA province code")
    place_detail: str = Field("", max_length=300)


class BulkIn(Schema):
    cases: list[IntakeIn] = Field(..., min_length=1, max_length=1000)


class BulkOut(Schema):
    created: list[str]


class TipIn(Schema):
    province: str = Field(..., max_length=2, description="DOPA province code")
    district: str | None = Field(None, max_length=4)
    seen_at: Moment
    description: str = Field(..., min_length=1, max_length=5000)
    urgency: Urgency = Urgency.ROUTINE
    source: TipSource = TipSource.HOTLINE_1300
    place_detail: str = Field("", max_length=300)
    reporter_agrees_to_contact: bool = False
    reporter_name: str = Field("", max_length=200)
    reporter_contact: str = Field("", max_length=200)


class TipOut(Schema):
    tracking_code: str
    status: str
    province: str


class ReferralIn(Schema):
    to_agency: str = Field(..., max_length=60, description="The receiving agency's code")
    reason: ReferralReason
    kind: ReferralKind = ReferralKind.REFERRAL
    details: str = Field("", max_length=5000)
    share_identity: bool = False
    consent_recorded: bool = False
    consent_at: Moment | None = None


class AnswerIn(Schema):
    accept: bool
    decline_reason: str = Field("", max_length=2000)


class SubscriptionIn(Schema):
    url: str = Field(..., max_length=500, description="https:// address that receives the events")
    events: list[WebhookEvent] = Field(..., min_length=1, max_length=10)


class SubscriptionOut(Schema):
    id: str
    url: str
    events: list[str]
    active: bool
    created_at: dt.datetime
    secret: str | None = Field(None, description="Only in the answer that creates it.")


class DeliveryOut(Schema):
    id: str
    event: str
    status: str
    attempts: int
    last_status_code: int | None = None
    last_error: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None = None
    payload: dict


# --- screening and identification, written by the MDT's systems ----------------------------------
InterpreterLanguage = Literal[("",) + tuple(code for code, _label in LANGUAGES)]  # type: ignore[valid-type]
Text = Annotated[str, Field(max_length=2000)]


def _choices(enum, description: str):
    return Field([], max_length=len(enum.values), description=description)


class ScreeningIn(Schema):
    """The screening interview as the page records it (cases/services/stages.screening_record)."""

    interviewed_at: Moment
    interpreter_language: InterpreterLanguage = Field("", description="ISO 639 code, empty if none")
    interpreter_name: str = Field("", max_length=200)
    indicators: list[enums.ForcedLabourIndicator] = _choices(
        enums.ForcedLabourIndicator, "ILO indicators of forced labour observed"
    )
    methods_of_control: list[enums.MethodOfControl] = _choices(enums.MethodOfControl, "HTCDS")
    exploitation_types: list[enums.ExploitationType] = _choices(enums.ExploitationType, "HTCDS")
    sex_exploitation_types: list[enums.SexExploitationType] = _choices(
        enums.SexExploitationType, "HTCDS"
    )
    forced_labour_industry: enums.ForcedLabourIndustry | None = None
    recruitment_methods: list[enums.RecruitmentMethod] = _choices(enums.RecruitmentMethod, "HTCDS")
    recruitment_apps: list[enums.RecruitmentApp] = _choices(enums.RecruitmentApp, "HTCDS")
    relationship_to_trafficker: enums.RelationshipToTrafficker | None = None
    vulnerabilities: list[enums.Vulnerability] = _choices(enums.Vulnerability, "HTCDS")
    notes: str = Field("", max_length=20000, description="Kept on the case; never given back")
    qualification_override_reason: str = Field(
        "", max_length=2000,
        description="Needed when the interviewing account has no valid screening qualification",
    )  # fmt: skip
    consent_interview: bool | None = Field(None, description="null: not asked")
    consent_data_use: bool | None = Field(None, description="null: not asked")
    custody_still_held: bool = Field(
        False, description="Screening custody (s.29) ends with the interview unless this is true"
    )
    expected_version: int | None = Field(
        None, ge=0, le=2**31 - 1,
        description="The case `version` the data was read at; 409 if the case changed since",
    )  # fmt: skip


class MemberIn(Schema):
    agency: str = Field(..., max_length=60, description="The member's agency code")
    name: str = Field(..., min_length=1, max_length=200, description="Name and position")


class IdentificationIn(Schema):
    """The MDT's decision as the page records it (cases/services/stages.identification_decide);
    the elements the law requires are checked by cases/process.py."""

    status: enums.TraffickingStatus
    deciding_org: enums.DecisionOrg
    decided_at: Moment
    reasons: str = Field(..., max_length=5000)
    members: list[MemberIn] = Field(..., max_length=30)
    basis: enums.DecisionBasis | None = None
    acts: list[enums.TraffickingAct] = _choices(enums.TraffickingAct, "The act (s.6)")
    means: list[enums.TraffickingMeans] = _choices(enums.TraffickingMeans, "The means (s.6)")
    purposes: list[enums.ExploitationType] = _choices(enums.ExploitationType, "The purpose")
    indicator_weighing: dict[enums.ForcedLabourIndicator, Text] = Field(
        {},
        description="How each indicator seen at screening was weighed (needed for 'not a victim')",
    )
    expected_version: int | None = Field(None, ge=0, le=2**31 - 1)
