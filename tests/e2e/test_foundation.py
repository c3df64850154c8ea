"""The foundation as a person meets it: Thai sign-in, B.E. dates, English, lockout, a phone."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, sign_in


def test_case_worker_sees_thai_home_with_be_date_and_khon_kaen_agency(page, login):
    login("cw.khonkaen")
    expect(page).to_have_url(re.compile(r"/$"))
    body = page.locator("body")
    expect(body).to_contain_text("ขอนแก่น")  # the Khon Kaen agency
    expect(body).to_contain_text("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น")
    # Today in the Buddhist Era, e.g. "26 พฤศจิกายน 2569"
    expect(body).to_contain_text(re.compile(r"\d{1,2} [ก-๙.]+ 25\d\d"))
    expect(body).to_contain_text("ข้อมูลสังเคราะห์")  # the demo label on every page
    assert page.evaluate("document.documentElement.lang") == "th"


@pytest.fixture
def thai_again(saphan_server):
    """The language is remembered per user: put sup.khonkaen back on Thai for later tests."""
    yield
    saphan_server.manage(
        "shell",
        "-c",
        "from saphan.orgs.models import User; User.objects.filter(username='sup.khonkaen').update(language='')",
    )


def test_switch_to_english_is_remembered(page, login, browser, saphan_server, thai_again):
    login("sup.khonkaen")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_contain_text("Khon Kaen")
    # A new browser (no cookies) signing in as the same user gets English straight away.
    other = browser.new_context(base_url=saphan_server.base_url, locale="th-TH")
    p2 = other.new_page()
    sign_in(p2, "sup.khonkaen")
    # Wait for the signed-in page itself: reading the document mid-navigation finds none.
    expect(p2).to_have_url(re.compile(r"/$"))
    expect(p2.locator("html")).to_have_attribute("lang", "en")
    other.close()


def test_lockout_after_five_wrong_passwords(page, login, saphan_server):
    saphan_server.manage(
        "shell",
        "-c",
        "from saphan.orgs.models import User; User.objects.filter(username='cw.tak').update(locked_until=None, failed_login_count=0)",
    )
    for _ in range(5):
        login("cw.tak", "not-the-password")
    login("cw.tak", DEMO_PASSWORD)
    expect(page.locator(".alert-danger")).to_contain_text("ถูกล็อก")
    assert "/accounts/login/" in page.url
    # The administrator's unlock (here through manage.py, against the running server) lets them in.
    saphan_server.manage("unlock_user", "cw.tak")
    login("cw.tak", DEMO_PASSWORD)
    expect(page.locator("body")).to_contain_text("ตาก")


def test_home_on_a_360px_phone_has_no_horizontal_scroll(browser, saphan_server, artifacts):
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 360, "height": 780}, device_scale_factor=2,
        is_mobile=True, has_touch=True,
    )  # fmt: skip
    page = context.new_page()
    sign_in(page, "cw.songkhla")
    expect(page.locator("body")).to_contain_text("สงขลา")
    page.screenshot(path=str(artifacts / "home-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Sarabun (the vendored web font) is what renders the Thai, not a fallback.
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ขอนแก่น')")
    context.close()


@pytest.mark.parametrize("width", [1366, 1024])
def test_office_pc_menu_leaves_room_for_the_account(browser, saphan_server, artifacts, width):
    # The central officer has the most pages. Side by side with them, the account's name was
    # squeezed to one letter, the brand's subtitle ran under the pages and "Alerts" was dark
    # on the dark bar.
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": width, "height": 768}
    )
    page = context.new_page()
    sign_in(page, "central.datip")
    expect(page.locator(".saphan-user .user-name")).to_be_visible()
    page.screenshot(path=str(artifacts / f"menu-{width}.png"))
    name = page.locator(".saphan-user .user-name")
    assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), "the name is cut"
    assert name.evaluate("e => e.getBoundingClientRect().width") > 100
    brand = page.locator(".navbar-brand").bounding_box()
    subtitle = page.locator(".brand-subtitle").bounding_box()
    pages = page.locator(".saphan-navbar .navbar-nav").bounding_box()
    assert pages["y"] >= brand["y"] + brand["height"] - 1  # the pages sit under the brand
    assert subtitle["x"] + subtitle["width"] <= page.locator(".saphan-account").bounding_box()["x"]
    color = page.locator(".saphan-alerts").evaluate("e => getComputedStyle(e).color")
    assert min(int(c) for c in re.findall(r"\d+", color)[:3]) >= 200, color  # light on the bar
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_volunteer_and_admin_cannot_open_the_audit_log(page, login):
    login("vol.khonkaen")
    response = page.goto("/audit/")
    assert response.status == 403
    login("admin")
    assert page.goto("/audit/").status == 403
    login("auditor")
    assert page.goto("/audit/").status == 200


def test_healthz_through_the_real_server(saphan_server):
    with urllib.request.urlopen(saphan_server.base_url + "/healthz") as r:
        body = json.loads(r.read())
    assert body["database"] == "ok"
