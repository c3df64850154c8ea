"""Staff capacity in the browser: Tak's supervisor sees the province's screening gap, records
a completion on a Tak screening session, and the gap view (table and map) reflects it; a case
worker is refused the gap view."""

import re

from playwright.sync_api import expect


def test_gap_view_reflects_a_new_completion(page, login, artifacts):
    login("sup.tak")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto("/capacity/gaps/?competency=screening_interview")
    tak = page.locator("#province-table tr#prov-63")
    # The demo: cw.tak and police.tak are trained; a synthetic MDT member of Tak is not.
    expect(tak).to_have_attribute("data-qualified", "2")
    expect(tak).to_have_attribute("data-required", "3")
    expect(page.locator("#gap-map path[data-province='63']")).to_have_attribute(
        "data-level", "part"
    )
    expect(page.locator("#map-credit")).to_contain_text("@svg-maps/thailand")
    # A supervisor sees their province only.
    expect(page.locator("#province-table tbody tr")).to_have_count(1)
    page.screenshot(path=str(artifacts / "capacity-gaps-before.png"), full_page=True)

    # Record the completion on a screening session held in Tak.
    page.goto("/capacity/?course=screening")
    page.locator("#session-table tr", has_text="ตาก").first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/capacity/sessions/[0-9a-f-]{36}/$"))
    page.fill("input[name=username]", "demo.staff.63.1")
    page.fill("input[name=certificate_number]", "ตก-2569-0001")
    page.locator("#completion-form button[type=submit]").click()
    expect(page.locator("#completion-table")).to_contain_text("ตก-2569-0001")

    page.goto("/capacity/gaps/?competency=screening_interview")
    expect(tak).to_have_attribute("data-qualified", "3")
    expect(page.locator("#gap-map path[data-province='63']")).to_have_attribute(
        "data-level", "full"
    )
    expect(page.locator("#staff-qualified")).to_contain_text("3 / 3")
    page.screenshot(path=str(artifacts / "capacity-gaps-after.png"), full_page=True)


def test_case_worker_is_refused_the_gap_view_but_sees_own_training(page, login):
    login("cw.tak")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    response = page.goto("/capacity/gaps/")
    assert response is not None and response.status == 403
    page.goto("/capacity/my/")
    expect(
        page.locator("#competency-table tr[data-competency=screening_interview]")
    ).to_have_attribute("data-status", "valid")
    expect(page.locator("#competency-table")).to_contain_text(re.compile(r"25\d\d"))
