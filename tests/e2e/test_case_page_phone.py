"""The case page on a 360-px phone opens on what matters: the case, its deadlines and next
steps and the main actions on the first screen, the timeline one tap away, the note action in
sight without unfolding anything; nothing wider than the screen."""

import re

from playwright.sync_api import expect

PHONE = {"width": 360, "height": 800}


def test_case_page_on_a_phone_opens_on_what_matters(page, login, artifacts):
    login("cw.khonkaen")
    page.set_viewport_size(PHONE)
    page.goto("/cases/")
    page.locator("main a.case-code:visible").first.click()
    expect(page).to_have_url(re.compile(r"/cases/40-25\d\d-\d{5}/$"))
    expect(page.locator("#case-header")).to_be_visible()
    page.screenshot(path=str(artifacts / "case-page-360-first-screen.png"))

    # The first screen: the case, its deadlines and the start of its next steps, the main actions.
    for block in ("#case-header", "#deadlines", "#next-steps", "#case-jump"):
        box = page.locator(block).bounding_box()
        assert box is not None and box["y"] < PHONE["height"], (block, box)
    # The bar is one line: it stays at the top without taking the screen.
    bar = page.locator("#case-jump").bounding_box()
    assert bar["height"] < 70, bar
    # The note action is in sight, not folded away in "Notes and documents".
    note = page.locator("#case-jump [data-action=note]")
    expect(note).to_be_visible()
    expect(note).to_be_in_viewport()
    # The timeline is far below (the page is several screens tall) ...
    timeline = page.locator("#timeline")
    expect(timeline).not_to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollHeight") > 2 * PHONE["height"]
    # ... and one tap away.
    page.locator("#jump-timeline").click()
    expect(timeline).to_be_in_viewport()
    expect(page.locator("#timeline-h")).to_be_in_viewport()
    page.screenshot(path=str(artifacts / "case-page-360-timeline.png"))
    # The bar stays in sight down there: the note action is still one tap away.
    expect(note).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The note action opens the note form.
    note.click()
    expect(page).to_have_url(re.compile(r"/cases/40-25\d\d-\d{5}/note/$"))
    expect(page.locator("#action-form textarea[name=text]")).to_be_visible()
