"""Webhooks: a real HTTP receiver on 127.0.0.1 gets signed deliveries of the events its account
may see, and nothing of the others; failures are kept; a delivery can be replayed."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import connection
from django.utils import timezone

from saphan.api import webhooks
from saphan.api.models import WebhookDelivery
from saphan.api.services import token_issue
from saphan.cases.services import referral_send

from .calls import api_get, api_post


class Receiver:
    """A plain HTTP server in a thread that keeps what it receives."""

    def __init__(self, answer: int = 200):
        self.received: list[tuple[dict, bytes]] = []
        self.answer = answer
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.answer)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/saphan-hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _subscribe(client, token, url, events):
    resp = api_post(client, token, "/api/v1/webhooks/subscriptions", {"url": url, "events": events})
    assert resp.status_code == 201, resp.content
    return resp.json()


def test_a_referral_is_told_to_the_receiving_agency_signed_and_only_to_it(
    client, w, django_capture_on_commit_callbacks
):
    kk = token_issue(actor=w["admin"], account=w["cw_kk"], name="kk", days=5)[1]
    police = token_issue(actor=w["admin"], account=w["police_kk_user"], name="p", days=5)[1]
    with Receiver() as kk_hook, Receiver() as police_hook:
        sub = _subscribe(client, kk, kk_hook.url, ["referral.created"])
        assert sub["secret"].startswith("whsec_")
        _subscribe(client, police, police_hook.url, ["referral.created"])
        with django_capture_on_commit_callbacks(execute=True):
            referral_send(
                actor=w["cw"], case=w["case"], to_agency=w["psdhs_kk"],
                reason="ReintegrationInHomeProvince", consent_recorded=True,
                consent_at=timezone.now() - dt.timedelta(hours=1),
            )  # fmt: skip
        # one delivery, for the receiving agency only; the worker's job is queued
        delivery = WebhookDelivery.objects.get()
        assert delivery.subscription_id.hex == sub["id"].replace("-", "")
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE task_name LIKE %s AND status = 'todo'",
                ["%deliver"],
            )
            assert cur.fetchone()[0] == 1
        assert webhooks.attempt(delivery)
        headers, body = kk_hook.received[0]
        assert webhooks.verify(sub["secret"], headers["Saphan-Signature"], body)
        assert not webhooks.verify("whsec_wrong", headers["Saphan-Signature"], body)
        payload = json.loads(body)
        assert payload["event"] == "referral.created" and payload["case"] == w["case"].code
        assert payload["data"]["to_agency"] == w["psdhs_kk"].code
        # never a name: the victim's names appear nowhere in what was sent
        for name in w["case"].parties.values_list("person__full_name", flat=True):
            assert name not in body.decode()
        assert police_hook.received == []
        # the account sees its delivery and can replay it (same id, sent again)
        listed = api_get(client, kk, "/api/v1/webhooks/deliveries").json()
        assert listed[0]["status"] == "delivered" and listed[0]["attempts"] == 1
        with django_capture_on_commit_callbacks(execute=True):
            replayed = api_post(client, kk, f"/api/v1/webhooks/deliveries/{delivery.pk}/replay", {})
        assert replayed.status_code == 202
        assert webhooks.attempt(WebhookDelivery.objects.get(pk=delivery.pk))
        assert json.loads(kk_hook.received[1][1])["id"] == payload["id"]
        # another account cannot replay it
        assert (
            api_post(
                client, police, f"/api/v1/webhooks/deliveries/{delivery.pk}/replay", {}
            ).status_code
            == 404
        )


def test_a_failing_receiver_is_recorded_and_retried(client, w, django_capture_on_commit_callbacks):
    cw = token_issue(actor=w["admin"], account=w["cw"], name="cw", days=5)[1]
    with Receiver(answer=503) as hook:
        _subscribe(client, cw, hook.url, ["referral.created"])
        with django_capture_on_commit_callbacks(execute=True):
            referral_send(
                actor=w["cw"], case=w["case"], to_agency=w["psdhs_kk"],
                reason="ReintegrationInHomeProvince", share_identity=False,
            )  # fmt: skip
        delivery = WebhookDelivery.objects.get()
        assert not webhooks.attempt(delivery)
        delivery.refresh_from_db()
        assert delivery.status == "pending" and delivery.last_status_code == 503
        assert delivery.attempts == 1
        hook.answer = 200
        assert webhooks.attempt(delivery)
        delivery.refresh_from_db()
        assert delivery.status == "delivered" and delivery.attempts == 2


def test_subscriptions_are_checked(client, w):
    cw = token_issue(actor=w["admin"], account=w["cw"], name="cw", days=5)[1]
    bad = api_post(client, cw, "/api/v1/webhooks/subscriptions",
                {"url": "ftp://x", "events": ["tip.received"]})  # fmt: skip
    assert bad.status_code == 422
    bad = api_post(client, cw, "/api/v1/webhooks/subscriptions",
                {"url": "https://partner.example/h", "events": ["no.such"]})  # fmt: skip
    assert bad.status_code == 422
    sub = _subscribe(client, cw, "https://partner.example/h", ["tip.received"])
    assert api_get(client, cw, "/api/v1/webhooks/subscriptions").json()[0]["secret"] is None
    other = token_issue(actor=w["admin"], account=w["cw_kk"], name="kk", days=5)[1]
    assert (
        api_post(
            client, other, f"/api/v1/webhooks/subscriptions/{sub['id']}/cancel", {}
        ).status_code
        == 404
    )
    assert (
        api_post(client, cw, f"/api/v1/webhooks/subscriptions/{sub['id']}/cancel", {}).status_code
        == 200
    )
    assert api_get(client, cw, "/api/v1/webhooks/subscriptions").json() == []


def test_an_overdue_deadline_is_told_once_per_deadline(
    client, w, django_capture_on_commit_callbacks
):
    from saphan.core.services import alert_write

    cw = token_issue(actor=w["admin"], account=w["cw"], name="cw", days=5)[1]
    kk = token_issue(actor=w["admin"], account=w["cw_kk"], name="kk", days=5)[1]
    _subscribe(client, cw, "https://tak.example/hook", ["deadline.overdue"])
    _subscribe(client, kk, "https://khonkaen.example/hook", ["deadline.overdue"])
    code = w["case"].code
    with django_capture_on_commit_callbacks(execute=True):
        for reader in ("cw", "sup"):  # the alert is per reader; the event is per deadline
            alert_write(
                user=w[reader], key=f"custody:abc:overdue:{w[reader].pk}", kind="custody",
                message="overdue", level="danger", link=f"/cases/{code}/",
            )  # fmt: skip
        alert_write(user=w["cw"], key=f"custody:abc:due_soon:{w['cw'].pk}", kind="custody",
                    message="soon", link=f"/cases/{code}/")  # fmt: skip
    delivery = WebhookDelivery.objects.get()  # Tak's system only: Khon Kaen cannot see the case
    assert delivery.event == "deadline.overdue" and delivery.payload["case"] == code
    assert delivery.subscription.user == w["cw"]
