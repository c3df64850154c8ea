"""A partner agency's whole exchange, over HTTP only, against the real server (gunicorn and the
background worker): the administrator issues tokens in the page; Tak's system opens 50 cases
in one bulk request and refers one to Khon Kaen; Khon Kaen's system is told by a signed webhook
(sent by the worker to a receiver on 127.0.0.1), accepts the referral through the API, and the
case is then open to Khon Kaen's case worker in the pages. Another province's system gets 404s."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _issue_token(page, login, account: str, name: str) -> str:
    page.goto("/api/tokens/")
    page.select_option("select[name=account]", label=page.locator(
        "select[name=account] option", has_text=f"{account} —").first.inner_text())  # fmt: skip
    page.fill("input[name=name]", name)
    page.fill("input[name=days]", "7")
    page.click("main form button[type=submit]")
    return page.locator("#token-secret").inner_text().strip()


class Api:
    def __init__(self, base_url: str, token: str):
        self.base_url, self.token = base_url, token

    def call(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body, default=str).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("Accept-Language", "th")
        if body is not None:
            req.add_header("Content-Type", "application/json")
            req.add_header("Idempotency-Key", str(uuid.uuid4()))
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")


class Receiver:
    def __init__(self):
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_a_partner_exchange_over_http_only(page, login, saphan_server):
    from saphan.api.webhooks import verify

    base = saphan_server.base_url
    login("admin")
    tak = Api(base, _issue_token(page, login, "cw.tak", "ระบบจัดการกรณีของ พมจ.ตาก"))
    khonkaen = Api(base, _issue_token(page, login, "cw.khonkaen", "ระบบ พมจ.ขอนแก่น"))
    bangkok = Api(base, _issue_token(page, login, "cw.bangkok", "ระบบ พมจ.กรุงเทพฯ"))

    status, sub = khonkaen.call(
        "POST", "/api/v1/webhooks/subscriptions",
        {"url": (hook := Receiver()).url, "events": ["referral.created"]},
    )  # fmt: skip
    assert status == 201, sub

    now = dt.datetime.now(dt.UTC)
    rows = [
        {"received_at": now - dt.timedelta(hours=2 + i), "source": "ngo", "channel": "field",
         "description": f"องค์กรภาคีพบแรงงานประมงถูกบังคับ รายที่ {i + 1} (ข้อมูลทดสอบ)",
         "urgency": "urgent", "place_province": "63"}
        for i in range(50)
    ]  # fmt: skip
    status, body = tak.call("POST", "/api/v1/cases/bulk", {"cases": rows})
    assert status == 201, body
    codes = body["created"]
    assert len(set(codes)) == 50 and all(c.startswith("63-") for c in codes)

    status, referral = tak.call(
        "POST", f"/api/v1/cases/{codes[0]}/referrals",
        {"to_agency": "psdhs-40", "reason": "ReintegrationInHomeProvince", "share_identity": False},
    )  # fmt: skip
    assert status == 201, referral

    deadline = time.monotonic() + 90  # the worker polls its queue
    while not hook.received and time.monotonic() < deadline:
        time.sleep(0.5)
    assert hook.received, "the worker did not deliver the webhook"
    headers, raw = hook.received[0]
    assert verify(sub["secret"], headers["Saphan-Signature"], raw)
    event = json.loads(raw)
    assert event["event"] == "referral.created" and event["case"] == codes[0]

    status, waiting = khonkaen.call("GET", "/api/v1/referrals/waiting")
    assert [r["id"] for r in waiting] == [referral["id"]]
    status, answered = khonkaen.call(
        "POST", f"/api/v1/referrals/{referral['id']}/answer", {"accept": True}
    )
    assert status == 200 and answered["answer"] == "accepted", answered

    # Tak's system records the screening interview of the second case, as the MDT did it
    interview = {
        "interviewed_at": now - dt.timedelta(hours=1), "interpreter_language": "my",
        "indicators": ["RetentionOfIdentityDocuments", "Deception"],
        "exploitation_types": ["ForcedLabour"], "consent_interview": True,
    }  # fmt: skip
    status, screening = tak.call("POST", f"/api/v1/cases/{codes[1]}/screenings", interview)
    assert status == 201 and screening["indicators"], screening

    # another province's system sees none of it, and may not write to it
    for code in codes[:3]:
        status, problem = bangkok.call("GET", f"/api/v1/cases/{code}")
        assert status == 404 and problem["status"] == 404 and problem["messages"]["th"]
    status, problem = bangkok.call("POST", f"/api/v1/cases/{codes[2]}/screenings", interview)
    assert status == 404, problem

    # the same data in the pages: Khon Kaen's case worker opens the accepted case
    page.context.clear_cookies()
    login("cw.khonkaen")
    page.goto(f"/cases/{codes[0]}/")
    assert codes[0] in page.content()
    page.context.clear_cookies()
    login("cw.tak")
    page.goto(f"/cases/?scope=all&q={codes[-1]}")
    assert page.locator(f"text={codes[-1]}").count() >= 1
    page.goto(f"/cases/{codes[1]}/")  # the interview the partner's system recorded
    expect(page.locator("main")).to_contain_text("บันทึกการสัมภาษณ์คัดแยก: พบตัวบ่งชี้ 2 ข้อ")

    # every attempt of Bangkok's system is in the auditor's log of refusals
    page.context.clear_cookies()
    login("auditor")
    page.goto("/audit/")
    page.locator("#audit-refusals-link").click()
    refused = page.locator("#audit-results tbody tr.audit-refused", has_text="cw.bangkok")
    for code in [*codes[:3]]:
        expect(refused.filter(has_text=code).first).to_be_visible()
    # the refused write too: its purpose shown in words, the stored "POST …" kept in the title
    posted = page.locator('.audit-purpose[title^="POST"]')
    expect(refused.filter(has_text=codes[2]).filter(has=posted).first).to_be_visible()
