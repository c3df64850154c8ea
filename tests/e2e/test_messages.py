"""Messages that reach people, in the browser: Khon Kaen's case worker opens "Messages to my
e-mail and LINE" from the account menu, gives an address and asks for the daily digest by
e-mail; the digest (run as the worker's hourly task runs it, by `manage.py send_digests`)
arrives through SMTP at an aiosmtpd server on 127.0.0.1 with the case codes and links of the
worker's Today, and no name or detail; the page then lists it as sent."""

import datetime as dt
import re
import subprocess
import sys
import uuid
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from saphan.core.testing import LocalSmtpServer

from .conftest import ROOT

BANGKOK = ZoneInfo("Asia/Bangkok")
CASE_CODE = re.compile(r"\b\d{2}-25\d{2}-\d{5}\b")


def test_a_case_worker_sets_a_daily_digest_and_it_arrives_by_email(page, login, saphan_server):
    address = f"cw-digest-{uuid.uuid4().hex[:8]}@example.org"
    login("cw.khonkaen")
    expect(page.locator("#today-heading")).to_be_visible()
    # what the home page lists: the digest must carry its links, never its details
    first = page.locator("main .today-entry").first
    expect(first).to_be_visible()
    href = first.get_attribute("href")
    detail = first.locator("span.d-block").first.inner_text().strip()
    page.locator(".saphan-user").click()
    page.locator("#nav-message-preferences").click()
    expect(page.locator("h1")).to_have_text("ข้อความถึงอีเมลและ LINE ของฉัน")
    form = page.locator("#message-preferences")
    # the digest by e-mail at an hour that is not now (the worker's hourly run stays out of it)
    form.get_by_label("สรุปงานประจำวันทางอีเมล").check()
    hour = (dt.datetime.now(BANGKOK).hour + 12) % 24
    form.get_by_label("ส่งสรุปงานเวลา").select_option(str(hour))
    form.get_by_label("อีเมลสำหรับรับข้อความ").fill("not-an-address")
    form.get_by_role("button", name="บันทึกการตั้งค่า").click()
    expect(form.locator(".invalid-feedback")).to_be_visible()  # told, and the text is kept
    expect(form.get_by_label("อีเมลสำหรับรับข้อความ")).to_have_value("not-an-address")
    form.get_by_label("อีเมลสำหรับรับข้อความ").fill(address)
    expect(form.get_by_label("สรุปงานประจำวันทางอีเมล")).to_be_checked()
    form.get_by_role("button", name="บันทึกการตั้งค่า").click()
    expect(page.get_by_text("บันทึกการตั้งค่าการรับข้อความแล้ว")).to_be_visible()

    with LocalSmtpServer() as smtp:
        env = dict(
            saphan_server.env, SAPHAN_EMAIL_HOST=smtp.host, SAPHAN_EMAIL_PORT=str(smtp.port),
            SAPHAN_SITE_URL=saphan_server.base_url,
        )  # fmt: skip
        out = subprocess.run(
            [sys.executable, "manage.py", "send_digests", "--all", "--user", "cw.khonkaen"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        received = smtp.wait_for(1)
    assert len(received) == 1, out.stdout + out.stderr
    message = received[0]
    assert message["To"] == address
    body = LocalSmtpServer.text(message)
    assert "งานที่รอท่านในระบบสะพานวันนี้" in body
    assert f"{saphan_server.base_url}{href}" in body  # the home page's first item, linked
    assert detail not in body  # its words (what is due, how urgent) stay in Saphan
    for line in body.splitlines():  # an entry is a case code (or a dot) and a link, no more
        if line.startswith("  ") and saphan_server.base_url in line and ":" not in line.split()[0]:
            label = line.split()[0]
            assert label == "•" or CASE_CODE.fullmatch(label), line
    # the link in the message opens that item for the signed-in worker
    page.goto(f"{saphan_server.base_url}{href}")
    expect(page).to_have_url(f"{saphan_server.base_url}{href}")
    expect(page.locator("main h1")).to_be_visible()
    # the preferences page lists the digest as sent
    page.goto("/messages/")
    expect(page.locator("#recent-messages")).to_contain_text("สรุปงานประจำวัน")
    expect(page.locator("#recent-messages li").first).to_contain_text("ส่งออกแล้ว")
