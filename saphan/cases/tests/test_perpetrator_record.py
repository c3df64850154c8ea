"""An alleged perpetrator's own record: corrected (version-checked, scoped, audited) and two
records of one perpetrator merged by a provincial supervisor, then undone."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from saphan.audit.models import ReadAccess
from saphan.cases.models import Perpetrator, PerpetratorLink, TimelineEvent
from saphan.cases.selectors_crime import case_crime, perpetrator_search
from saphan.cases.services import case_open, perpetrator_add, perpetrator_link
from saphan.cases.services.perpetrators import (
    perpetrator_merge,
    perpetrator_merge_undo,
    perpetrator_update,
)
from saphan.cases.services.stages import IntakeInput
from saphan.core.errors import ConflictError
from saphan.orgs import access

from .tracks_world import NOW, make_world


@pytest.fixture
def w(db):
    return make_world()


def _perp(w, case=None, **kw):
    data = {"name": "นายสมชาย ใจร้าย", "aliases": "Somchai", "roles": ["RecruiterOrIntermediary"],
            "relation_to_victim": "Unaquainted"}  # fmt: skip
    data.update(kw)
    return perpetrator_add(actor=w["cw"], case=case or w["case"], **data)


def _other_case(w):
    return case_open(actor=w["cw"], intake=IntakeInput(
        received_at=NOW - dt.timedelta(days=1), source="police", channel="field",
        description="อีกรายหนึ่ง"))  # fmt: skip


def _edit(w, p, actor=None, **kw):
    data = {"name": p.name, "aliases": p.aliases, "roles": list(p.roles), "sex": p.sex,
            "nationality": p.nationality, "details": p.details,
            "expected_version": p.version}  # fmt: skip
    data.update(kw)
    return perpetrator_update(actor=actor or w["cw"], perpetrator=p, **data)


def test_correcting_the_record_is_on_every_case_and_never_names_them(w):
    p = _perp(w)
    other = _other_case(w)
    perpetrator_link(actor=w["cw"], case=other, perpetrator=p)
    p = _edit(w, p, name="นายสมชาย ใจดำ", nationality="MM", roles=["Exploiter"])
    assert (p.name, p.nationality, p.roles, p.version) == ("นายสมชาย ใจดำ", "MM", ["Exploiter"], 2)
    events = TimelineEvent.objects.filter(kind="perpetrator_updated")
    assert {e.case_id for e in events} == {w["case"].pk, other.pk}
    assert events[0].data["per_parts"] == ["name", "roles", "nationality"]
    assert "สมชาย" not in str(events[0].data)
    # nothing changed: no new version, no timeline line
    assert _edit(w, p).version == 2
    assert events.count() == 2


def test_a_stale_form_is_refused_and_bad_input_explained(w):
    p = _perp(w)
    _edit(w, p, details="มีรอยสักที่แขน")
    with pytest.raises(ConflictError):
        _edit(w, p, expected_version=1, details="อื่น")
    assert Perpetrator.objects.get(pk=p.pk).details == "มีรอยสักที่แขน"
    p.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        _edit(w, p, name="", aliases="")
    assert "name" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _edit(w, p, nationality="XX")
    assert "nationality" in e.value.message_dict


@pytest.mark.parametrize("who", ["vol", "shelter_user", "police_kk_user", "cw_kk"])
def test_who_may_not_correct_is_refused_and_logged(w, who):
    p = _perp(w)
    with pytest.raises(PermissionDenied):
        _edit(w, p, actor=w[who], name="x")
    assert ReadAccess.objects.filter(
        user_id=w[who].pk, record_id=str(p.pk), scope__startswith="refused"
    ).exists()
    assert Perpetrator.objects.get(pk=p.pk).name == "นายสมชาย ใจร้าย"


def test_the_police_member_on_the_case_may_correct(w):
    p = _perp(w)
    assert _edit(w, p, actor=w["police_user"], details="ถูกออกหมายจับแล้ว").version == 2


def _two_records(w):
    """The same man recorded twice: in the case, and again in another case."""
    a = _perp(w, details="ผู้ชักชวนทางเฟซบุ๊ก")
    other = _other_case(w)
    b = _perp(w, case=other, name="Somchai Jairai", aliases="เฮียชาย", roles=["Exploiter"],
              sex="Masculine", nationality="TH", relation_to_victim="Acquainted")  # fmt: skip
    return a, b, other


def test_merge_moves_the_links_and_undo_puts_them_back(w):
    a, b, other = _two_records(w)
    merge = perpetrator_merge(actor=w["sup"], survivor=a, absorbed=b, reason="ภาพถ่ายตรงกัน")
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into == a
    assert set(PerpetratorLink.objects.filter(perpetrator=a).values_list("case_id", flat=True)) == {
        w["case"].pk,
        other.pk,
    }
    assert "Somchai Jairai" in a.aliases and "เฮียชาย" in a.aliases
    assert set(a.roles) == {"RecruiterOrIntermediary", "Exploiter"}
    assert (a.sex, a.nationality) == ("Masculine", "TH")
    # one record in searches and on the case page; the merged one is gone from view
    assert list(perpetrator_search(actor=w["cw"], q="Jairai")) == [a]
    assert not access.visible_perpetrators(w["cw"]).filter(pk=b.pk).exists()
    assert [x.perpetrator for x in case_crime(actor=w["cw"], case=other).perpetrators] == [a]
    for case in (w["case"], other):
        assert TimelineEvent.objects.filter(case=case, kind="perpetrators_merged").exists()

    with pytest.raises(ValidationError):
        perpetrator_merge_undo(actor=w["sup"], merge=merge, reason="")
    perpetrator_merge_undo(actor=w["sup"], merge=merge, reason="คนละคน พี่น้องกัน")
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into is None
    assert list(b.links.values_list("case_id", flat=True)) == [other.pk]
    assert list(a.links.values_list("case_id", flat=True)) == [w["case"].pk]
    assert (a.aliases, a.roles, a.sex, a.nationality) == (
        "Somchai",
        ["RecruiterOrIntermediary"],
        "",
        "",
    )
    assert TimelineEvent.objects.filter(case=other, kind="perpetrators_merge_undone").exists()
    with pytest.raises(ValidationError):
        perpetrator_merge_undo(actor=w["sup"], merge=merge, reason="อีกครั้ง")


def test_both_in_the_same_case_the_link_stays_and_completes_the_kept_one(w):
    a = _perp(w, relation_to_victim="")
    b = _perp(w, name="เฮียชาย", aliases="", relation_to_victim="Acquainted")
    merge = perpetrator_merge(actor=w["sup"], survivor=a, absorbed=b, reason="คนเดียวกัน")
    assert merge.moved["stayed_links"] and not merge.moved["links"]
    link = PerpetratorLink.objects.get(perpetrator=a, case=w["case"])
    assert link.relation_to_victim == "Acquainted"
    assert [x.perpetrator for x in case_crime(actor=w["cw"], case=w["case"]).perpetrators] == [a]
    perpetrator_merge_undo(actor=w["sup"], merge=merge, reason="ผิดคน")
    link.refresh_from_db()
    assert link.relation_to_victim == ""
    assert len(case_crime(actor=w["cw"], case=w["case"]).perpetrators) == 2


@pytest.mark.parametrize("who", ["cw", "police_user", "vol", "sup_kk"])
def test_only_a_supervisor_who_sees_both_merges(w, who):
    a, b, _other = _two_records(w)
    with pytest.raises(PermissionDenied):
        perpetrator_merge(actor=w[who], survivor=a, absorbed=b, reason="x")
    assert ReadAccess.objects.filter(user_id=w[who].pk, scope__startswith="refused").exists()
    assert Perpetrator.objects.get(pk=b.pk).merged_into is None


def test_merge_refuses_the_same_record_and_a_merged_one(w):
    a, b, _other = _two_records(w)
    with pytest.raises(ValidationError):
        perpetrator_merge(actor=w["sup"], survivor=a, absorbed=a, reason="x")
    with pytest.raises(ValidationError) as e:
        perpetrator_merge(actor=w["sup"], survivor=a, absorbed=b, reason="  ")
    assert "reason" in e.value.message_dict
    perpetrator_merge(actor=w["sup"], survivor=a, absorbed=b, reason="คนเดียวกัน")
    with pytest.raises((ValidationError, PermissionDenied)):
        perpetrator_merge(actor=w["sup"], survivor=b, absorbed=a, reason="อีก")


def test_pages_edit_conflict_and_merge(client, w):
    a, b, other = _two_records(w)
    client.force_login(w["cw"])
    url = reverse("cases:perpetrator-edit", args=[a.pk])
    page = client.get(reverse("cases:perpetrator", args=[a.pk]))
    assert url in page.content.decode()
    assert "perpetrator-merge-start" not in page.content.decode()  # not a supervisor
    form = {"version": 1, "name": "นายสมชาย ใจร้าย", "aliases": "Somchai",
            "roles": ["RecruiterOrIntermediary"], "sex": "", "nationality": "", "details": "ก"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    # the same form posted again at the old version: a conflict, what was typed kept
    page = client.post(url, form | {"details": "ข้อความของฉัน"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="conflict"' in body and "ข้อความของฉัน" in body
    assert Perpetrator.objects.get(pk=a.pk).details == "ก"
    # the merge pages are the supervisor's
    merge_url = reverse("cases:perpetrator-merge") + f"?a={a.pk}&b={b.pk}"
    assert client.get(merge_url).status_code == 403
    client.force_login(w["sup"])
    page = client.get(reverse("cases:perpetrators") + f"?q=somchai&merge={a.pk}")
    assert f"b={b.pk}" in page.content.decode()
    assert client.get(merge_url).status_code == 200
    page = client.post(merge_url, {"a": a.pk, "b": b.pk, "keep": str(a.pk), "reason": ""})
    assert page.status_code == 200 and Perpetrator.objects.get(pk=b.pk).merged_into is None
    page = client.post(merge_url, {"a": a.pk, "b": b.pk, "keep": str(a.pk), "reason": "คนเดียวกัน"})
    assert page.status_code == 302
    detail = client.get(page["Location"])
    assert detail.status_code == 200 and 'id="undo-form"' in detail.content.decode()
    page = client.post(page["Location"], {"reason": "ไม่ใช่คนเดียวกัน"})
    assert page.status_code == 302
    assert Perpetrator.objects.get(pk=b.pk).merged_into is None
    # a volunteer has no perpetrator pages at all
    client.force_login(w["vol"])
    assert client.get(url).status_code == 403
