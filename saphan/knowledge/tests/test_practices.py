import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saphan.knowledge import selectors, services
from saphan.knowledge.models import GoodPractice, PracticeStatus, PracticeUse, SearchDoc
from saphan.orgs.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _input(**over):
    data = dict(
        title="ล่ามภาษาเมียนมาทางวิดีโอคอลในการคัดแยกแรงงานประมง",
        context="ท่าเรือสงขลามีแรงงานเมียนมาจำนวนมาก",
        problem="ไม่มีล่ามในพื้นที่ภายใน 24 ชั่วโมง",
        action="ใช้เครือข่ายล่ามทางวิดีโอคอลร่วมกับ NGO",
        result="คัดแยกเสร็จภายในกำหนดทุกราย",
        reuse_conditions="มีสัญญาณอินเทอร์เน็ตและห้องสัมภาษณ์ที่เป็นส่วนตัว",
        phases=["screening"],
        exploitation_types=["ForcedLabour"],
        nationalities=["MM"],
        province_id="40",
    )
    data.update(over)
    return services.PracticeInput(**data)


def _published(world, **over):
    p = services.practice_draft(actor=world["cw_kk"], data=_input(**over))
    services.practice_submit(actor=world["cw_kk"], practice=p)
    return services.practice_publish(actor=world["km"], practice=p)


def test_draft_review_publish(world):
    cw, km = world["cw_kk"], world["km"]
    p = services.practice_draft(actor=cw, data=_input())
    assert p.status == PracticeStatus.DRAFT and p.region_id == "northeast"
    services.practice_submit(actor=cw, practice=p)
    services.practice_request_changes(actor=km, practice=p, text="เพิ่มหลักฐานผลลัพธ์")
    p.refresh_from_db()
    assert p.status == PracticeStatus.CHANGES_REQUESTED
    services.practice_update(actor=cw, practice=p, data=_input(result="คัดแยก 42 รายภายใน 24 ชม."))
    services.practice_submit(actor=cw, practice=p)
    services.practice_publish(actor=km, practice=p)
    p.refresh_from_db()
    assert p.status == PracticeStatus.PUBLISHED and p.published_at
    assert list(p.reviews.values_list("kind", flat=True)) == [
        "submitted", "changes", "submitted", "published",
    ]  # fmt: skip
    assert SearchDoc.objects.filter(kind="practice", ref=p.lineage).exists()


def test_a_case_worker_cannot_publish_or_review(world):
    p = services.practice_draft(actor=world["cw_kk"], data=_input())
    services.practice_submit(actor=world["cw_kk"], practice=p)
    for actor in (world["cw_kk"], world["sup_tak"]):
        with pytest.raises(PermissionDenied):
            services.practice_publish(actor=actor, practice=p)
        with pytest.raises(PermissionDenied):
            services.practice_request_changes(actor=actor, practice=p, text="x")
    p.refresh_from_db()
    assert p.status == PracticeStatus.IN_REVIEW


def test_volunteers_read_but_do_not_draft(world, client):
    with pytest.raises(PermissionDenied):
        services.practice_draft(actor=world["vol"], data=_input())
    client.login(username="vol", password=TEST_PASSWORD)
    assert client.get(reverse("knowledge:practice-new")).status_code == 403
    assert client.get(reverse("knowledge:practices")).status_code == 200


def test_only_the_author_edits_a_draft_and_nobody_edits_once_submitted(world):
    p = services.practice_draft(actor=world["cw_kk"], data=_input())
    with pytest.raises(PermissionDenied):
        services.practice_update(actor=world["cw_tak"], practice=p, data=_input(title="x"))
    services.practice_submit(actor=world["cw_kk"], practice=p)
    with pytest.raises(PermissionDenied):
        services.practice_update(actor=world["cw_kk"], practice=p, data=_input(title="x"))


def test_an_incomplete_draft_is_refused_with_reasons(world):
    with pytest.raises(ValidationError) as exc:
        services.practice_draft(actor=world["cw_kk"], data=_input(problem=" ", phases=[]))
    assert set(exc.value.error_dict) == {"problem", "phases"}
    assert not GoodPractice.objects.exists()


def test_revision_keeps_the_old_version(world):
    v1 = _published(world)
    v2 = services.practice_revise(actor=world["cw_kk"], practice=v1)
    assert (v2.version, v2.status, v2.lineage) == (2, PracticeStatus.DRAFT, v1.lineage)
    assert services.practice_revise(actor=world["cw_kk"], practice=v1) == v2  # one open draft
    services.practice_update(actor=world["cw_kk"], practice=v2, data=_input(title="ฉบับปรับปรุง"))
    services.practice_submit(actor=world["cw_kk"], practice=v2)
    services.practice_publish(actor=world["km"], practice=v2)
    v1.refresh_from_db()
    assert v1.status == PracticeStatus.SUPERSEDED
    assert v1.title.startswith("ล่ามภาษาเมียนมา")  # the old text is kept as it was
    assert [v.version for v in selectors.practice_versions(v1)] == [2, 1]
    assert SearchDoc.objects.get(kind="practice", ref=v1.lineage).title == "ฉบับปรับปรุง"


def test_others_cannot_revise_someone_elses_practice(world):
    v1 = _published(world)
    with pytest.raises(PermissionDenied):
        services.practice_revise(actor=world["cw_tak"], practice=v1)


def test_other_provinces_mark_it_used_and_the_count_shows(world, client):
    p = _published(world)
    with pytest.raises(PermissionDenied):  # its own province made it
        services.practice_mark_used(actor=world["sup_kk"], practice=p, outcome="ใช้แล้ว")
    with pytest.raises(PermissionDenied):
        services.practice_mark_used(actor=world["vol"], practice=p, outcome="ใช้แล้ว")
    with pytest.raises(ValidationError):
        services.practice_mark_used(actor=world["cw_tak"], practice=p, outcome="  ")
    services.practice_mark_used(actor=world["cw_tak"], practice=p, outcome="คัดแยกได้ทันเวลา")
    services.practice_mark_used(actor=world["cw_tak"], practice=p, outcome="ใช้ซ้ำอีกครั้ง")
    assert PracticeUse.objects.count() == 1
    client.login(username="cw_tak", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:practice", args=[p.pk])).content.decode()
    assert "นำไปใช้แล้ว 1 จังหวัด" in page


def test_drafts_are_private_to_author_and_reviewers(world, client):
    p = services.practice_draft(actor=world["cw_kk"], data=_input())
    url = reverse("knowledge:practice", args=[p.pk])
    client.login(username="cw_tak", password=TEST_PASSWORD)
    assert client.get(url).status_code == 404
    client.login(username="km", password=TEST_PASSWORD)
    assert client.get(url).status_code == 200


def test_pages_walk_the_workflow(world, client):
    client.login(username="cw_kk", password=TEST_PASSWORD)
    form = {
        "title": "ทดสอบผ่านหน้าเว็บ", "context": "บริบท", "problem": "ปัญหา", "action": "สิ่งที่ทำ",
        "result": "ผลลัพธ์", "reuse_conditions": "เงื่อนไข", "phases": ["follow_up"],
        "exploitation_types": ["ForcedCriminality"], "nationalities": "th", "province": "40",
    }  # fmt: skip
    response = client.post(reverse("knowledge:practice-new"), form)
    p = GoodPractice.objects.get(title="ทดสอบผ่านหน้าเว็บ")
    assert response.status_code == 302 and p.nationalities == ["TH"]
    bad = client.post(reverse("knowledge:practice-new"), {**form, "nationalities": "Thai"})
    assert "ไม่ใช่รหัสประเทศสองตัวอักษร" in bad.content.decode()
    client.post(reverse("knowledge:practice-submit", args=[p.pk]))
    review = reverse("knowledge:practice-review", args=[p.pk])
    client.post(review, {"decision": "publish"})
    p.refresh_from_db()
    assert p.status == PracticeStatus.IN_REVIEW  # a case worker's publish is refused
    assert client.get(reverse("knowledge:review-queue")).status_code == 403
    client.login(username="km", password=TEST_PASSWORD)
    assert p.title in client.get(reverse("knowledge:review-queue")).content.decode()
    client.post(review, {"decision": "publish", "text": "ดีมาก"})
    p.refresh_from_db()
    assert p.status == PracticeStatus.PUBLISHED


def test_workshop_with_lessons(world, client):
    from saphan.knowledge.models import Lesson

    with pytest.raises(PermissionDenied):
        services.workshop_record(
            actor=world["cw_kk"], title="x", region_id="northeast", province_ids=[],
            held_on=dt.date(2022, 6, 15), participants="x", participant_count=1,
            lessons=[services.LessonInput(phase="screening", what_happened="x")],
        )  # fmt: skip
    client.login(username="region_ne", password=TEST_PASSWORD)
    data = {
        "title": "ถอดบทเรียนภาคตะวันออกเฉียงเหนือ", "region": "northeast", "provinces": ["40"],
        "held_on": "15/06/2565", "participants": "ทีม One Home 20 จังหวัด", "participant_count": "80",
        "l0-phase": "screening", "l0-what_happened": "ขาดล่ามภาษาเขมร", "l0-proposals": "ทำบัญชีล่ามกลาง",
    }  # fmt: skip
    response = client.post(reverse("knowledge:workshop-new"), data)
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.workshop.held_on == dt.date(2022, 6, 15)
    assert SearchDoc.objects.filter(kind="lesson", ref=lesson.pk).exists()
    bad = client.post(reverse("knowledge:workshop-new"), {**data, "held_on": "15/06/2022"})
    assert "2022 + 543" in bad.content.decode() or "2565" in bad.content.decode()
    assert Lesson.objects.count() == 1


def test_the_use_count_counts_provinces_not_people(world, client):
    # Two staff of Tak and the Tak police report using it: one province, said once.
    p = _published(world)
    for user in ("cw_tak", "sup_tak", "police_tak"):
        services.practice_mark_used(actor=world[user], practice=p, outcome="ใช้ได้ผล")
    assert PracticeUse.objects.count() == 3
    assert selectors.practice_use_count(p) == 1
    listed = selectors.practices_published().get(pk=p.pk)
    assert listed.use_count == 1
    client.login(username="cw_tak", password=TEST_PASSWORD)
    page = client.get(reverse("knowledge:practice", args=[p.pk])).content.decode()
    assert "นำไปใช้แล้ว 1 จังหวัด" in page
    assert "นำไปใช้แล้ว 3 จังหวัด" not in page
