"""A case walked through stages 1-6 and 13 by the services, with the guards of process.py."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from saphan.cases import process
from saphan.cases.enums import DecisionOrg, TraffickingStatus
from saphan.cases.models import Case, TimelineEvent
from saphan.cases.process import Phase, TransitionError, screening_indicators
from saphan.cases.services import (
    case_open,
    case_reopen,
    closure_decide,
    closure_request,
    custody_extend,
    identification_approve,
    identification_decide,
    phase_advance,
    rights_notice_record,
    screening_record,
    temporary_protection_start,
)
from saphan.cases.services.stages import IntakeInput, MemberPresent, ScreeningInput
from saphan.core.errors import ConflictError

from .builders import hold, intake, open_case, screen

NOW = timezone.now()


def _intake(**kw) -> IntakeInput:
    return intake(**({"received_at": NOW - dt.timedelta(hours=30)} | kw))


def _open(kk):
    return open_case(kk["cw"], NOW - dt.timedelta(hours=30))


def test_case_code_is_province_be_year_and_number(kk):
    first = case_open(actor=kk["cw"], intake=_intake())
    second = case_open(actor=kk["cw"], intake=_intake())
    year = timezone.localtime(NOW).year + 543
    assert first.code == f"40-{year}-00001" and second.code == f"40-{year}-00002"
    assert first.agency == kk["psdhs"] and first.case_worker == kk["cw"]
    assert [e.kind for e in TimelineEvent.objects.filter(case=first).order_by("id")] == [
        "case_opened",
        "intake_recorded",
    ]


def test_only_case_roles_open_cases(kk):
    with pytest.raises(PermissionDenied):
        case_open(actor=kk["police_user"], intake=_intake())


def test_a_tip_dated_in_the_future_is_refused(kk):
    with pytest.raises(ValidationError) as e:
        case_open(actor=kk["cw"], intake=_intake(received_at=NOW + dt.timedelta(days=1)))
    assert "received_at" in e.value.message_dict
    assert not Case.objects.exists()  # nothing half-saved


def test_linking_the_person_moves_to_screening(kk):
    case = _open(kk)
    assert case.phase == Phase.SCREENING


def test_custody_must_not_be_in_a_cell_and_has_24_hours(kk):
    case = _open(kk)
    with pytest.raises(ValidationError):
        hold(kk["cw"], case, NOW - dt.timedelta(hours=2), "ห้องขัง", not_a_cell=False)
    custody = hold(kk["cw"], case, NOW - dt.timedelta(hours=2), "บ้านพักเด็กฯ")
    from saphan.cases import clocks

    assert clocks.custody_deadline(custody) == custody.started_at + dt.timedelta(hours=24)
    deadlines = clocks.case_deadlines(case)
    assert (
        deadlines[0].kind == "screening_custody"
        and deadlines[0].status == clocks.DeadlineStatus.DUE
    )


def test_court_extension_at_most_7_days(kk):
    case = _open(kk)
    started = NOW - dt.timedelta(hours=20)
    hold(kk["cw"], case, started)

    def extend(days: int):
        return custody_extend(
            actor=kk["cw"],
            case=case,
            order_number="ฝ.1/2569",
            order_date=timezone.localdate(),
            court="ศาลจังหวัดขอนแก่น",
            new_deadline=started + dt.timedelta(days=days),
        )

    with pytest.raises(ValidationError) as e:
        extend(8)
    assert "7" in str(e.value)
    extend(7)
    from saphan.cases import clocks

    assert clocks.custody_deadline(case.custody) == started + dt.timedelta(days=7)


def test_screening_before_custody_is_refused(kk):
    case = _open(kk)
    hold(kk["cw"], case, NOW - dt.timedelta(hours=5))
    with pytest.raises(ValidationError) as e:
        screening_record(
            actor=kk["cw"],
            case=case,
            data=ScreeningInput(interviewed_at=NOW - dt.timedelta(hours=6)),
        )
    assert "interviewed_at" in e.value.message_dict


def _walk_to_identification(kk):
    case = _open(kk)
    hold(kk["cw"], case, NOW - dt.timedelta(hours=20))
    screen(
        kk["cw"], case, NOW - dt.timedelta(hours=18), interpreter_language="my",
        indicators=["Deception", "RetentionOfIdentityDocuments"], exploitation_types=["ForcedCriminality"],
    )  # fmt: skip
    return case


def test_screening_moves_to_identification_and_records_exploitation(kk):
    case = _walk_to_identification(kk)
    assert case.phase == Phase.IDENTIFICATION
    assert Case.objects.get(pk=case.pk).exploitation_types == ["ForcedCriminality"]


def test_identification_needs_supervisor_approval_before_protection(kk):
    case = _walk_to_identification(kk)
    temporary_protection_start(
        actor=kk["cw"], case=case, started_at=NOW - dt.timedelta(hours=17), shelter=kk["shelter"]
    )
    decision = identification_decide(
        actor=kk["cw"], case=case, status=TraffickingStatus.ACTUAL, deciding_org=DecisionOrg.NON_POLICE_GOVERNMENT,
        decided_at=NOW - dt.timedelta(hours=10), reasons="พบการหลอกลวงและยึดเอกสาร",
        basis="s6", acts=["recruiting"], means=["deception"], purposes=["ForcedLabour"],
        members=[MemberPresent(agency=kk["police"], name="ร.ต.อ. ทดสอบ"), MemberPresent(agency=kk["psdhs"], name="นักสังคมฯ")],
    )  # fmt: skip
    rights_notice_record(
        actor=kk["cw"],
        case=case,
        notified_at=NOW - dt.timedelta(hours=9),
        language="th",
        rights=["compensation", "legal_aid"],
    )
    assert case.phase == Phase.IDENTIFICATION  # not approved yet
    with translation.override("en"):
        assert "supervisor" in " ".join(process.blockers(case, Phase.PROTECTION))
    with pytest.raises(PermissionDenied):
        identification_approve(actor=kk["cw"], case=case, decision=decision)
    with pytest.raises(PermissionDenied):
        identification_approve(actor=kk["cw_tak"], case=case, decision=decision)
    identification_approve(actor=kk["sup"], case=case, decision=decision)
    case.refresh_from_db()
    assert case.phase == Phase.PROTECTION and case.trafficking_status == TraffickingStatus.ACTUAL


def test_a_decision_before_the_screening_is_refused(kk):
    case = _walk_to_identification(kk)
    with pytest.raises(ValidationError):
        identification_decide(
            actor=kk["cw"], case=case, status=TraffickingStatus.ACTUAL, deciding_org=DecisionOrg.POLICE,
            basis="s6", acts=["recruiting"], means=["deception"], purposes=["ForcedLabour"],
            decided_at=NOW - dt.timedelta(hours=19), reasons="x", members=[MemberPresent(agency=kk["police"], name="x")],
        )  # fmt: skip


def test_not_a_victim_does_not_open_protection_and_can_close(kk):
    case = _walk_to_identification(kk)
    decision = identification_decide(
        actor=kk["cw"], case=case, status=TraffickingStatus.NOT_A_VICTIM, deciding_org=DecisionOrg.POLICE,
        decided_at=NOW - dt.timedelta(hours=10), reasons="แรงงานข้ามชาติ ไม่พบองค์ประกอบ",
        indicator_weighing={i: "พิจารณาแล้ว ไม่เข้าองค์ประกอบ" for i in screening_indicators(case)},
        members=[MemberPresent(agency=kk["police"], name="x")],
    )  # fmt: skip
    identification_approve(actor=kk["sup"], case=case, decision=decision)
    with pytest.raises(TransitionError):
        phase_advance(actor=kk["cw"], case=case, to=Phase.PROTECTION)
    closure = closure_request(
        actor=kk["cw"], case=case, reason="not_a_victim", details="ส่งต่อสำนักงานแรงงาน"
    )
    closure_decide(actor=kk["sup"], case=case, closure=closure, approve=True)
    assert Case.objects.get(pk=case.pk).phase == Phase.CLOSED


def test_closure_needs_the_supervisor_and_reopen_returns_to_the_phase(kk):
    case = _walk_to_identification(kk)
    closure = closure_request(actor=kk["cw"], case=case, reason="lost_contact")
    with pytest.raises(PermissionDenied):
        closure_decide(actor=kk["cw"], case=case, closure=closure, approve=True)
    with pytest.raises(ValidationError):
        closure_decide(
            actor=kk["sup"], case=case, closure=closure, approve=False
        )  # no reason given
    closure_decide(actor=kk["sup"], case=case, closure=closure, approve=True)
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED and case.closed_at
    with pytest.raises(ValidationError):
        screening_record(actor=kk["cw"], case=case, data=ScreeningInput(interviewed_at=NOW))
    case_reopen(actor=kk["sup"], case=case, reason="ติดต่อได้อีกครั้ง")
    case.refresh_from_db()
    assert case.phase == Phase.IDENTIFICATION and case.closed_at is None


def test_a_stale_form_gets_a_conflict_and_changes_nothing(kk):
    case = _open(kk)
    version = Case.objects.get(pk=case.pk).version
    hold(kk["cw"], case, NOW - dt.timedelta(hours=3), expected_version=version)
    stale = Case.objects.get(pk=case.pk)
    stale.version = version  # the second worker opened the form before the first saved
    with pytest.raises(ConflictError):
        screening_record(
            actor=kk["sup"],
            case=stale,
            data=ScreeningInput(interviewed_at=NOW - dt.timedelta(hours=1)),
            expected_version=version,
        )
    assert not case.screenings.exists()


def test_phases_only_move_forward(kk):
    case = _walk_to_identification(kk)
    with pytest.raises(TransitionError):
        phase_advance(actor=kk["cw"], case=case, to=Phase.SCREENING)


def test_someone_without_access_cannot_write(kk):
    case = _open(kk)
    with pytest.raises(PermissionDenied):
        hold(kk["cw_tak"], case, NOW - dt.timedelta(hours=3), "x")
    with pytest.raises(PermissionDenied):
        hold(kk["police_user"], case, NOW - dt.timedelta(hours=3), "x")
