"""The volunteer's field app on a 360-px phone with no signal: the visit form filled offline
waits on the phone ("waiting to send (1)"), the page opens again offline from what the phone
kept, and when the signal comes back the visit reaches the case timeline exactly once; a visit
changed on the server meanwhile is shown in both versions and the volunteer chooses; signing out
leaves nothing of the app on the phone; the app is installable (manifest, service worker)."""

import json
import re
import time
import uuid

from playwright.sync_api import expect

from .conftest import sign_in

PHONE = {"width": 360, "height": 740}
WAITING_1 = "รอส่ง (1)"


def _phone(browser, saphan_server):
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport=PHONE, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _sign_in(page, username: str) -> None:
    sign_in(page, username)
    expect(page.locator("input[name=password]")).to_have_count(0)


def _assign_visit(page, login, purpose: str) -> str:
    """The Khon Kaen case worker asks vol.khonkaen for the next follow-up visit of the demo
    returnee's case; returns the case page's address."""
    login("cw.khonkaen")
    page.goto("/cases/?scope=all&q=พิมพ์ชนก")
    page.locator("#case-table a.case-code").first.click()
    expect(page.locator("#network-panel")).to_be_visible()
    case_url = page.url
    form = page.locator("#network-panel form").first
    option = form.locator("select[name=volunteer] option", has_text="(vol.khonkaen)")
    form.locator("select[name=volunteer]").select_option(option.get_attribute("value"))
    form.locator("input[name=purpose]").fill(purpose)
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    return case_url


def _open_visit(phone, purpose: str) -> None:
    phone.goto("/network/mine/")
    phone.locator("#my-visits li").filter(has_text="พิมพ์ชนก").first.locator("a").click()
    expect(phone.locator("#visit-facts")).to_contain_text(purpose)


def _until(phone, script: str) -> None:
    """Wait until an async script on the page answers true (evaluate awaits its promise)."""
    deadline = time.monotonic() + 15
    while not phone.evaluate(script):
        assert time.monotonic() < deadline, script
        time.sleep(0.2)


def _service_worker_ready(phone) -> None:
    """The service worker is running and the phone has kept the volunteer's list."""
    phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    _until(
        phone,
        """async () => {
            const db = await new Promise(r => { const q = indexedDB.open("saphan-field");
                q.onsuccess = () => r(q.result); });
            if (!db.objectStoreNames.contains("pages")) { db.close(); return false; }
            const keys = await new Promise(r => { const q = db.transaction("pages")
                .objectStore("pages").getAllKeys(); q.onsuccess = () => r(q.result); });
            db.close(); return keys.includes("/network/mine/");
        }""",
    )


def _timeline(page, case_url: str, kind: str, text: str):
    page.goto(case_url)
    return page.locator(f"#timeline li[data-kind={kind}]").filter(has_text=text)


def test_a_visit_recorded_offline_reaches_the_case_once(
    page, login, browser, saphan_server, artifacts
):
    tag = uuid.uuid4().hex[:6]
    purpose = f"ติดตามผลแบบออฟไลน์ {tag}"
    findings = f"อยู่กับครอบครัว ทำงานเย็บผ้า ไม่มีผู้มาชักชวน ({tag})"
    case_url = _assign_visit(page, login, purpose)

    context, phone = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "vol.khonkaen")
        _open_visit(phone, purpose)
        _service_worker_ready(phone)
        context.set_offline(True)
        phone.fill("#id_findings", findings)
        phone.check("input[name=awareness_given]")
        phone.click("#visit-form button[type=submit]")
        expect(phone.locator("#field-outbox-count")).to_have_text(WAITING_1)
        expect(phone.locator("#field-queued")).to_be_visible()
        expect(phone.locator("#field-offline")).to_be_visible()
        phone.screenshot(path=str(artifacts / "offline-visit-waiting-360.png"), full_page=True)
        # Still offline: the volunteer's list opens from what the phone kept, the send waiting.
        phone.goto("/network/mine/")
        expect(phone.locator("h1")).to_have_text("การเยี่ยมและการแจ้งของฉัน")
        expect(phone.locator("#my-visits")).to_contain_text("พิมพ์ชนก")
        expect(phone.locator("#field-outbox-count")).to_have_text(WAITING_1)
        # A page never opened with signal: the offline page, not the browser's error.
        phone.goto("/network/triage/")
        expect(phone.locator("#field-offline-page")).to_be_visible()
        phone.goto("/network/mine/")
        expect(phone.locator("#field-outbox-count")).to_have_text(WAITING_1)
        # The signal comes back: the queue drains by itself.
        context.set_offline(False)
        expect(phone.locator("#field-outbox")).to_be_hidden()
        expect(phone.locator("#field-sent")).to_contain_text("ส่งแล้ว")
        # Pressing "retry" again sends nothing twice.
        phone.evaluate("window.dispatchEvent(new Event('online'))")
        phone.goto("/network/mine/")
        expect(phone.locator("#done-visits")).to_contain_text("พิมพ์ชนก")
        expect(phone.locator("#field-outbox")).to_be_hidden()
    finally:
        context.close()

    done = _timeline(page, case_url, "network_visit_done", findings)
    expect(done).to_have_count(1)


def test_a_visit_changed_on_the_server_meanwhile_shows_both_and_the_volunteer_chooses(
    page, login, browser, saphan_server, artifacts
):
    tag = uuid.uuid4().hex[:6]
    purpose = f"ติดตามผลสองเครื่อง {tag}"
    on_phone = f"บันทึกจากโทรศัพท์ที่ไม่มีสัญญาณ {tag}"
    elsewhere = f"บันทึกจากอีกเครื่องหนึ่ง {tag}"
    case_url = _assign_visit(page, login, purpose)

    context, phone = _phone(browser, saphan_server)
    other_context, other = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "vol.khonkaen")
        _open_visit(phone, purpose)
        _service_worker_ready(phone)
        context.set_offline(True)
        phone.fill("#id_findings", on_phone)
        phone.click("#visit-form button[type=submit]")
        expect(phone.locator("#field-outbox-count")).to_have_text(WAITING_1)

        # Meanwhile the same visit is recorded from another phone that has signal.
        _sign_in(other, "vol.khonkaen")
        _open_visit(other, purpose)
        other.fill("#id_findings", elsewhere)
        other.click("#visit-form button[type=submit]")
        expect(other.locator(".alert-success")).to_be_visible()

        # Back online: the server refuses to overwrite; both versions are shown.
        context.set_offline(False)
        conflict = phone.locator(".field-conflict")
        expect(conflict).to_be_visible()
        expect(conflict.locator(".field-server")).to_contain_text(elsewhere)
        expect(conflict.locator(".field-phone")).to_contain_text(on_phone)
        expect(phone.locator("#field-outbox")).to_be_hidden()
        phone.screenshot(path=str(artifacts / "offline-visit-conflict-360.png"), full_page=True)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"page is {width}px wide on a 360-px phone"
        # Nothing was overwritten before the volunteer chose.
        assert _timeline(page, case_url, "network_visit_done", elsewhere).count() == 1
        conflict.locator(".field-keep-mine").click()
        expect(phone.locator(".field-conflict")).to_have_count(0)
        expect(phone.locator("#field-sent")).to_contain_text("ส่งแล้ว")
    finally:
        other_context.close()
        context.close()

    expect(_timeline(page, case_url, "network_visit_corrected", on_phone)).to_have_count(1)
    expect(_timeline(page, case_url, "network_visit_done", elsewhere)).to_have_count(1)


def _phone_storage(phone) -> dict:
    return phone.evaluate(
        """async () => ({
            dbs: (await indexedDB.databases()).map(d => d.name),
            caches: await caches.keys(),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
        })"""
    )


def test_signing_out_leaves_nothing_on_the_phone(browser, saphan_server):
    context, phone = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "vol.khonkaen")
        phone.goto("/network/mine/")
        _service_worker_ready(phone)
        phone.goto("/network/report/")  # a draft typed on the phone
        phone.fill("#id_description", "ร่างที่ยังไม่ได้ส่ง")
        _until(
            phone,
            """async () => {
                const db = await new Promise(r => { const q = indexedDB.open("saphan-field");
                    q.onsuccess = () => r(q.result); });
                const n = await new Promise(r => { const q = db.transaction("drafts")
                    .objectStore("drafts").count(); q.onsuccess = () => r(q.result); });
                db.close(); return n > 0;
            }""",
        )
        kept = _phone_storage(phone)
        assert "saphan-field" in kept["dbs"] and kept["caches"] and kept["workers"] == 1
        # What is kept is sealed: the draft's words are nowhere in the database in clear.
        clear = phone.evaluate(
            """async () => {
                const db = await new Promise(r => { const q = indexedDB.open("saphan-field");
                    q.onsuccess = () => r(q.result); });
                const all = await new Promise(r => { const q = db.transaction("drafts")
                    .objectStore("drafts").getAll(); q.onsuccess = () => r(q.result); });
                const key = await new Promise(r => { const q = db.transaction("keys")
                    .objectStore("keys").get("aes"); q.onsuccess = () => r(q.result); });
                db.close();
                const text = all.map(v => new TextDecoder().decode(v.data)).join("");
                return {plain: text.includes("ร่าง"), extractable: key.extractable,
                        algorithm: key.algorithm.name, first: all[0].data instanceof ArrayBuffer};
            }"""
        )
        assert clear == {
            "plain": False,
            "extractable": False,
            "algorithm": "AES-GCM",
            "first": True,
        }
        phone.locator(".navbar-toggler").click()
        phone.locator("form[data-sign-out] button").click()
        expect(phone.locator("input[name=password]")).to_be_visible()
        left = _phone_storage(phone)
        assert "saphan-field" not in left["dbs"]
        assert not [c for c in left["caches"] if c.startswith("saphan-field")]
        assert left["workers"] == 0
    finally:
        context.close()


def test_the_field_app_is_installable(browser, saphan_server, artifacts):
    context, phone = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "vol.khonkaen")
        phone.goto("/network/mine/")
        href = phone.locator("link[rel=manifest]").get_attribute("href")
        manifest = phone.evaluate(f"fetch({json.dumps(href)}).then(r => r.json())")
        assert manifest["name"] and manifest["short_name"]
        assert manifest["start_url"] == "/network/mine/"
        assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
        sizes = {i["sizes"] for i in manifest["icons"] if i["type"] == "image/png"}
        assert {"192x192", "512x512"} <= sizes
        for icon in manifest["icons"]:
            n = int(icon["sizes"].split("x")[0])
            got = phone.evaluate(
                """async (src) => { const b = await (await fetch(src)).blob();
                    const i = await createImageBitmap(b); return [i.width, i.height]; }""",
                icon["src"],
            )
            assert got == [n, n], icon
        _service_worker_ready(phone)
        phone.reload()
        assert phone.evaluate("navigator.serviceWorker.controller !== null")
        scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert re.search(r"/network/$", scope)
        # The offline bundle: the bytes of what the service worker keeps in its cache.
        bundle = phone.evaluate(
            """async () => {
                const names = (await caches.keys()).filter(n => n.startsWith("saphan-field-static-"));
                const cache = await caches.open(names[0]);
                let bytes = 0, files = 0;
                for (const req of await cache.keys()) {
                    bytes += (await (await cache.match(req)).arrayBuffer()).byteLength; files += 1;
                }
                return {bytes, files};
            }"""
        )
        assert bundle["files"] >= 15 and bundle["bytes"] > 0
        (artifacts / "offline-bundle.json").write_text(json.dumps(bundle))
        print(f"offline bundle: {bundle['files']} files, {bundle['bytes']} bytes")
    finally:
        context.close()


def test_a_youth_council_member_reports_a_concern_offline_and_it_arrives_once(
    browser, saphan_server
):
    tag = uuid.uuid4().hex[:6]
    words = f"{tag} มีคนมาชวนเพื่อนไปทำงานต่างประเทศ"
    context, phone = _phone(browser, saphan_server)
    try:
        _sign_in(phone, "youth.khonkaen")
        phone.goto("/network/mine/")
        phone.click("#report-concern")
        expect(phone.locator("#id_village_code option:checked")).not_to_have_text("ไม่ทราบ")
        _service_worker_ready(phone)
        context.set_offline(True)
        phone.fill("#id_description", words)
        phone.check("input[name=urgency][value=urgent]")
        phone.click("#report-form button[type=submit]")
        expect(phone.locator("#field-outbox-count")).to_have_text(WAITING_1)
        context.set_offline(False)
        expect(phone.locator("#field-sent")).to_contain_text("ส่งแล้ว")
        expect(phone.locator("#field-outbox")).to_be_hidden()
        phone.locator("#field-retry").dispatch_event("click")  # a retry sends nothing again
        phone.goto("/network/mine/")
        expect(phone.locator("#my-tips li").filter(has_text=tag)).to_have_count(1)
    finally:
        context.close()
