"""Messages that reach people: the preferences page, an alert by e-mail through a real SMTP
server (aiosmtpd) and by LINE through a local stand-in of the Messaging API's push endpoint,
the daily digest of Today, retries and the administrators' page of failures — and never a
victim's name in any of them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from saphan.cases.services import case_open, custody_record, person_link
from saphan.cases.services.stages import IntakeInput
from saphan.cases.tasks import raise_deadline_alerts
from saphan.core import messaging
from saphan.core.models import Alert, MessagePreference, OutgoingMessage
from saphan.core.testing import LocalLineApi, line_signature
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import AgencyFactory, PersonFactory, ProvinceFactory, UserFactory

NAME = "มะลิ ทดสอบสาส์น"
TOKEN = "line-test-channel-token"
SECRET = "line-test-channel-secret"


@pytest.fixture
def w(db, settings):
    settings.SAPHAN_SITE_URL = "https://saphan.example.go.th"
    kk = ProvinceFactory(code="40")
    psdhs = AgencyFactory(code="psdhs-40", province=kk)
    cw = UserFactory(username="m_cw", province=kk, agency=psdhs, email="cw@example.org")
    case = case_open(
        actor=cw,
        intake=IntakeInput(
            received_at=timezone.now() - dt.timedelta(days=4), source="hotline_1300",
            channel="phone", description="เรื่องเล่าลับสาส์นทดสอบ",
        ),
    )  # fmt: skip
    person_link(actor=cw, case=case, person=PersonFactory(full_name=NAME))
    custody_record(
        actor=cw, case=case, started_at=timezone.now() - dt.timedelta(hours=60),
        confirm_start=True, place="บ้านพักลับสาส์น", place_is_not_a_cell=True,
    )  # fmt: skip
    case.refresh_from_db()
    admin = UserFactory(username="m_admin", province=None, agency=None, roles=[Role.SYSTEM_ADMIN])
    return {"cw": cw, "case": case, "admin": admin, "kk": kk, "psdhs": psdhs}


def _jobs(task: str) -> int:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name LIKE %s AND status = 'todo'",
            [f"%{task}"],
        )
        return cur.fetchone()[0]


def _no_victim_detail(text: str) -> None:
    for word in NAME.split():
        assert word not in text
    assert "บ้านพักลับสาส์น" not in text and "เรื่องเล่าลับสาส์นทดสอบ" not in text


# --- the page -----------------------------------------------------------------------------------
def test_a_person_sets_their_choices_and_bad_ones_are_explained(client, w):
    user = UserFactory(username="m_noemail", email="", province=w["kk"], agency=w["psdhs"])
    client.force_login(user)
    url = reverse("message_preferences")
    with translation.override("th"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
    assert page.status_code == 200 and 'id="message-preferences"' in page.content.decode()
    # e-mail chosen without any address: a clear message, nothing saved
    r = client.post(url, {"action": "save", "email": "", "email_alerts": "all", "digest_hour": 7})
    assert r.status_code == 200 and r.context["form"].errors["email"]
    assert not MessagePreference.objects.filter(user=user).exists()
    # a bad address stays on the form as typed
    r = client.post(url, {"action": "save", "email": "not-an-address", "email_alerts": "all",
                          "digest_hour": 7})  # fmt: skip
    assert r.context["form"].errors["email"] and "not-an-address" in r.content.decode()
    r = client.post(url, {"action": "save", "email": "me@example.org", "email_alerts": "overdue",
                          "digest_email": "on", "digest_hour": 6})  # fmt: skip
    assert r.status_code == 302
    pref = MessagePreference.objects.get(user=user)
    assert (pref.email, pref.email_alerts, pref.digest_email, pref.digest_hour) == (
        "me@example.org", "overdue", True, 6,
    )  # fmt: skip


def test_line_is_chosen_only_once_linked(client, w, settings):
    settings.SAPHAN_LINE_CHANNEL_TOKEN, settings.SAPHAN_LINE_CHANNEL_SECRET = TOKEN, SECRET
    client.force_login(w["cw"])
    url = reverse("message_preferences")
    r = client.post(url, {"action": "save", "email_alerts": "none", "line_alerts": "all",
                          "digest_hour": 7})  # fmt: skip
    assert r.status_code == 200 and r.context["form"].errors["line_alerts"]


def test_line_is_not_offered_without_a_channel_token(client, w, settings):
    settings.SAPHAN_LINE_CHANNEL_TOKEN = ""
    client.force_login(w["cw"])
    page = client.get(reverse("message_preferences"))
    assert "line_alerts" not in page.context["form"].fields
    assert 'id="line-link"' not in page.content.decode()


# --- an alert by e-mail -----------------------------------------------------------------------------
def test_an_overdue_alert_reaches_the_case_worker_by_email_through_smtp(
    client, w, smtp_server, django_capture_on_commit_callbacks
):
    messaging.message_preferences_save(
        actor=w["cw"], email="", email_alerts="overdue", line_alerts="none",
        digest_email=False, digest_line=False, digest_hour=7,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        raise_deadline_alerts()
    alert = Alert.objects.get(user=w["cw"], level="danger")
    message = OutgoingMessage.objects.get(user=w["cw"])
    assert (message.channel, message.kind, message.status) == ("email", "alert", "queued")
    assert _jobs("deliver_message") == 1  # handed to the worker after the commit
    messaging.deliver(message.pk, last_try=False)  # the worker's step
    received = smtp_server.wait_for(1, timeout=5)
    assert len(received) == 1 and received[0]["To"] == "cw@example.org"
    body = smtp_server.text(received[0])
    subject = smtp_server.subject(received[0])
    assert w["case"].code in body and w["case"].code in subject
    assert f"https://saphan.example.go.th/cases/{w['case'].code}/" in body
    _no_victim_detail(body + subject)
    assert alert.message not in body  # the alert's own wording (the deadline) stays in Saphan
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1 and message.sent_at
    # the same alert raised again by the next run sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        raise_deadline_alerts()
    assert OutgoingMessage.objects.filter(user=w["cw"]).count() == 1


def test_overdue_only_skips_other_alerts_and_none_sends_nothing(
    w, django_capture_on_commit_callbacks
):
    from saphan.core.services import alert_write

    messaging.message_preferences_save(
        actor=w["cw"], email="", email_alerts="overdue", line_alerts="none",
        digest_email=False, digest_line=False, digest_hour=7,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        alert_write(user=w["cw"], key="t:1", kind="sent_back", message="x", level="warning")
    assert not OutgoingMessage.objects.exists()
    other = UserFactory(username="m_other", email="o@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        alert_write(user=other, key="t:2", kind="x", message="x", level="danger")
    assert not OutgoingMessage.objects.exists()  # no preferences: nothing leaves Saphan


# --- the daily digest ------------------------------------------------------------------------------
def test_the_daily_digest_of_today_arrives_once_a_day(w, smtp_server):
    messaging.message_preferences_save(
        actor=w["cw"], email="digest@example.org", email_alerts="none", line_alerts="none",
        digest_email=True, digest_line=False, digest_hour=7,
    )  # fmt: skip
    call_command("send_digests", "--all")
    received = smtp_server.wait_for(1, timeout=5)
    assert len(received) == 1 and received[0]["To"] == "digest@example.org"
    body = smtp_server.text(received[0])
    assert w["case"].code in body
    assert "https://saphan.example.go.th/cases/" in body
    _no_victim_detail(body + smtp_server.subject(received[0]))
    assert OutgoingMessage.objects.get(kind="digest").status == "sent"
    call_command("send_digests", "--all")  # the same day again: nothing new
    assert len(smtp_server.received) == 1
    assert OutgoingMessage.objects.filter(kind="digest").count() == 1


def test_the_periodic_digest_goes_to_those_whose_hour_it_is(w, django_capture_on_commit_callbacks):
    from saphan.core.tasks import daily_digests

    hour = timezone.localtime().hour
    messaging.message_preferences_save(
        actor=w["cw"], email="", email_alerts="none", line_alerts="none",
        digest_email=True, digest_line=False, digest_hour=(hour + 1) % 24,
    )  # fmt: skip
    assert daily_digests(timestamp=0) == 0
    MessagePreference.objects.filter(user=w["cw"]).update(digest_hour=hour)
    with django_capture_on_commit_callbacks(execute=True):
        assert daily_digests(timestamp=0) == 1
    assert _jobs("deliver_message") == 1


def test_nothing_waiting_sends_no_digest(w, smtp_server):
    idle = UserFactory(username="m_idle", email="idle@example.org", province=w["kk"],
                       agency=w["psdhs"])  # fmt: skip
    messaging.message_preferences_save(
        actor=idle, email="", email_alerts="none", line_alerts="none",
        digest_email=True, digest_line=False, digest_hour=7,
    )  # fmt: skip
    call_command("send_digests", "--all", "--user", "m_idle")
    assert smtp_server.received == [] and not OutgoingMessage.objects.exists()


def test_the_worker_runs_the_digest_every_hour_and_retries_sends():
    from procrastinate.contrib.django import app

    from saphan.core.tasks import daily_digests, deliver_message

    periodic = {pid: p for (_name, pid), p in app.periodic_registry.periodic_tasks.items()}
    assert periodic["daily_digests"].task is daily_digests
    assert periodic["daily_digests"].cron == "0 * * * *"
    assert deliver_message.retry_strategy.max_attempts == messaging.MAX_ATTEMPTS


# --- LINE ------------------------------------------------------------------------------------------
def _webhook(client, body: dict, *, secret=SECRET):
    raw = json.dumps(body).encode()
    return client.post(
        reverse("line_webhook"), data=raw, content_type="application/json",
        HTTP_X_LINE_SIGNATURE=line_signature(secret, raw),
    )  # fmt: skip


def _text_event(user_id: str, text: str) -> dict:
    return {
        "destination": "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "events": [{
            "type": "message", "mode": "active", "timestamp": 1733400000000,
            "webhookEventId": "01HXYZ", "deliveryContext": {"isRedelivery": False},
            "replyToken": "r1", "source": {"type": "user", "userId": user_id},
            "message": {"id": "1", "type": "text", "quoteToken": "q", "text": text},
        }],
    }  # fmt: skip


def test_line_link_by_code_then_an_alert_by_line_push(
    client, w, settings, django_capture_on_commit_callbacks
):
    settings.SAPHAN_LINE_CHANNEL_TOKEN, settings.SAPHAN_LINE_CHANNEL_SECRET = TOKEN, SECRET
    line_user = "U4af4980629" + "0" * 22
    with LocalLineApi(TOKEN) as api:
        settings.SAPHAN_LINE_API = api.url
        client.force_login(w["cw"])
        client.post(reverse("message_preferences"), {"action": "line_code"})
        code = MessagePreference.objects.get(user=w["cw"]).line_link_code
        assert len(code) == 6
        # an unsigned or wrongly signed webhook links nothing
        assert _webhook(client, _text_event(line_user, code), secret="wrong").status_code == 400
        assert not MessagePreference.objects.get(user=w["cw"]).line_user_id
        with django_capture_on_commit_callbacks(execute=True):
            assert _webhook(client, _text_event(line_user, f"รหัส {code}")).status_code == 200
        pref = MessagePreference.objects.get(user=w["cw"])
        assert pref.line_user_id == line_user and not pref.line_link_code
        linked = OutgoingMessage.objects.get(kind="line_linked")
        messaging.deliver(linked.pk, last_try=False)
        assert api.received[0][1]["to"] == line_user
        # now LINE can be chosen; an overdue alert goes out as a push
        r = client.post(reverse("message_preferences"), {"action": "save", "email_alerts": "none",
                        "line_alerts": "all", "digest_hour": 7})  # fmt: skip
        assert r.status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            raise_deadline_alerts()
        message = OutgoingMessage.objects.get(kind="alert", channel="line")
        api.fail_next = 1  # LINE is down once: the attempt fails and the worker will retry
        with pytest.raises(messaging.MessageNotSent):
            messaging.deliver(message.pk, last_try=False)
        message.refresh_from_db()
        assert message.status == "queued" and message.attempts == 1 and "500" in message.last_error
        messaging.deliver(message.pk, last_try=False)  # the retry
        headers, body = api.received[-1]
        assert headers["Authorization"] == f"Bearer {TOKEN}"
        assert headers["X-Line-Retry-Key"] == str(message.retry_key)
        assert body["to"] == line_user and body["messages"][0]["type"] == "text"
        text = body["messages"][0]["text"]
        assert w["case"].code in text and "/cases/" in text
        _no_victim_detail(text)
        message.refresh_from_db()
        assert message.status == "sent" and message.attempts == 2
        # the same retry key again (a retry after a lost answer) is not delivered twice
        sent = len(api.received)
        messaging.send_line(to=line_user, text="x", retry_key=str(message.retry_key))
        assert len(api.received) == sent


def test_a_code_expired_or_wrong_links_nothing(client, w, settings):
    settings.SAPHAN_LINE_CHANNEL_SECRET = SECRET
    pref = messaging.line_link_code_issue(actor=w["cw"])
    assert _webhook(client, _text_event("Uabc", "000000" if pref.line_link_code != "000000"
                                        else "111111")).status_code == 200  # fmt: skip
    MessagePreference.objects.filter(pk=pref.pk).update(
        line_link_expires=timezone.now() - dt.timedelta(minutes=1)
    )
    _webhook(client, _text_event("Uabc", pref.line_link_code))
    assert not MessagePreference.objects.get(pk=pref.pk).line_user_id


# --- failures, for the administrators -----------------------------------------------------------
def test_a_message_that_keeps_failing_is_shown_to_administrators(client, w, settings):
    import socket

    with socket.socket() as s:  # a port nobody listens on: the mail server is down
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    messaging.message_preferences_save(
        actor=w["cw"], email="", email_alerts="none", line_alerts="none",
        digest_email=True, digest_line=False, digest_hour=7,
    )  # fmt: skip
    call_command("send_digests", "--all")
    message = OutgoingMessage.objects.get(kind="digest")
    assert message.status == "queued" and message.attempts == 1 and message.last_error
    assert _jobs("deliver_message") == 1  # left to the worker to retry
    messaging.deliver(message.pk, last_try=True)  # the worker's last try fails too
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 2
    # the administrator sees it on the page and on their home page, and sends it again
    client.force_login(w["admin"])
    page = client.get(reverse("message_failures"))
    assert page.status_code == 200 and message in page.context["page"].object_list
    _no_victim_detail(page.content.decode())
    home = client.get(reverse("home"))
    assert any(s.key == "messages-failed" for s in home.context["sections"])
    r = client.post(reverse("message_resend", args=[message.pk]))
    assert r.status_code == 302
    message.refresh_from_db()
    assert message.status == "queued"


def test_others_cannot_see_or_resend_failures(client, w):
    message = OutgoingMessage.objects.create(
        user=w["cw"], channel="email", kind="digest", key="k1", subject="s", body="b",
        status="failed",
    )  # fmt: skip
    client.force_login(w["cw"])
    assert client.get(reverse("message_failures")).status_code == 403
    assert client.post(reverse("message_resend", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == "failed"
