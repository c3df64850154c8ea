"""The pages through HTTP: catalogue, session with recording, my training, certificate files."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from saphan.capacity.models import Completion, Course, TrainingSession
from saphan.core.tests import files
from saphan.core.thai import to_be_year

from .conftest import TODAY, complete


def _be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{to_be_year(day.year)}"


@pytest.fixture
def session(world):
    return TrainingSession.objects.create(
        course=Course.objects.get(code="screening"), starts_on=TODAY - dt.timedelta(days=10),
        ends_on=TODAY - dt.timedelta(days=9), province=world["kk"], organiser=world["kk_psdhs"],
    )  # fmt: skip


@pytest.mark.django_db
def test_catalogue_lists_courses_for_everyone_signed_in(client, world, session):
    client.force_login(world["vol"])
    page = client.get(reverse("capacity:catalogue")).content.decode()
    assert "การสัมภาษณ์คัดแยกผู้เสียหายจากการค้ามนุษย์" in page
    assert "กลไกการส่งต่อระดับชาติ (NRM)" in page
    assert reverse("capacity:session", args=[session.pk]) in page
    assert reverse("capacity:session_new") not in page
    client.logout()
    assert client.get(reverse("capacity:catalogue")).status_code == 302


@pytest.mark.django_db
def test_supervisor_records_a_completion_with_a_certificate(
    client, world, session, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["sup"])
    url = reverse("capacity:session", args=[session.pk])
    r = client.post(url, {
        "username": "cw.kk", "completed_on": _be(session.ends_on), "certificate_number": "พม-001",
        "certificate_file": SimpleUploadedFile("cert.pdf", files.pdf(), "application/pdf"),
    })  # fmt: skip
    assert r.status_code == 302
    c = Completion.objects.get(user=world["cw"])
    assert c.session == session and c.certificate_file and c.completed_on == session.ends_on
    page = client.get(url).content.decode()
    assert "พม-001" in page
    # The staff member downloads their certificate; someone of another province may not.
    client.force_login(world["cw"])
    assert client.get(reverse("capacity:certificate", args=[c.pk])).status_code == 200
    client.force_login(world["sup_tak"])
    assert client.get(reverse("capacity:certificate", args=[c.pk])).status_code == 403


@pytest.mark.django_db
def test_supervisor_of_another_province_is_refused_in_thai(client, world, session):
    client.force_login(world["sup_tak"])
    with translation.override("th"):
        r = client.post(
            reverse("capacity:session", args=[session.pk]),
            {"username": "cw.kk", "completed_on": _be(session.ends_on)},
            HTTP_ACCEPT_LANGUAGE="th",
        )
    assert r.status_code == 200
    assert not Completion.objects.exists()
    assert "เฉพาะเจ้าหน้าที่ในจังหวัดของท่าน" in r.content.decode()


@pytest.mark.django_db
def test_case_worker_cannot_post_completions(client, world, session):
    client.force_login(world["cw"])
    url = reverse("capacity:session", args=[session.pk])
    assert "completion-form" not in client.get(url).content.decode()
    r = client.post(url, {"username": "cw.kk", "completed_on": _be(session.ends_on)})
    assert r.status_code == 403
    assert not Completion.objects.exists()
    assert client.get(reverse("capacity:session_new")).status_code == 403


@pytest.mark.django_db
def test_unknown_username_and_ce_year_are_explained(client, world, session):
    client.force_login(world["sup"])
    r = client.post(
        reverse("capacity:session", args=[session.pk]),
        {"username": "nobody", "completed_on": f"01/01/{TODAY.year}"},
        HTTP_ACCEPT_LANGUAGE="th",
    )
    page = r.content.decode()
    assert "ไม่มีบัญชีผู้ใช้นี้" in page
    assert "พ.ศ." in page
    assert not Completion.objects.exists()


@pytest.mark.django_db
def test_session_created_by_the_supervisor(client, world):
    client.force_login(world["sup"])
    r = client.post(reverse("capacity:session_new"), {
        "course": "nrm", "starts_on": _be(TODAY), "ends_on": _be(TODAY), "province": "40",
        "organiser": str(world["kk_psdhs"].pk), "place": "ห้องประชุม",
    })  # fmt: skip
    assert r.status_code == 302
    s = TrainingSession.objects.get()
    assert s.province_id == "40" and s.created_by == world["sup"]


@pytest.mark.django_db
def test_my_training_shows_valid_until_in_buddhist_era(client, world):
    done = dt.date(TODAY.year - 1, 3, 15)
    complete(world["cw"], "screening", done)
    client.force_login(world["cw"])
    page = client.get(reverse("capacity:my"), HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert f"15 มีนาคม {to_be_year(done.year + 3)}" in page
    assert 'data-competency="screening_interview" data-status="valid"' in page
    assert 'data-competency="trauma_informed_care" data-status="missing"' in page


@pytest.mark.django_db
def test_pages_in_english(client, world):
    world["sup"].language = "en"
    world["sup"].save()
    client.force_login(world["sup"])
    page = client.get(reverse("capacity:gaps"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Screening interview of possible victims" in page and "Training gaps" in page
    page = client.get(reverse("capacity:catalogue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Working with interpreters" in page
