"""Steps the case-file stories take in the browser: dates as a Thai user types them, the case
action forms, a case opened from its first tip and its victim linked."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect


def be(day: dt.date) -> str:
    """A date as a Thai user types it: dd/mm/yyyy in the Buddhist Era."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def moments(now: dt.datetime, steps: int) -> list[dt.datetime]:
    """``steps`` past moments of today, a few hours apart when the day allows, the last = now."""
    start = max(now.replace(hour=0, minute=0), now - dt.timedelta(hours=6))
    gap = (now - start) / (steps - 1)
    return [(start + gap * i).replace(second=0, microsecond=0) for i in range(steps - 1)] + [now]


def fill_when(page, name: str, when: dt.datetime) -> None:
    """A date-and-time field as a Thai user types it: dd/mm/yyyy in B.E., then hh:mm."""
    page.fill(f"input[name={name}_date]", be(when.date()))
    page.fill(f"input[name={name}_time]", f"{when:%H:%M}")


def submit(page) -> None:
    """The form's own submit button, never the language switch's."""
    page.locator(
        "main form#action-form button[type=submit], main form#intake-form button[type=submit]"
    ).first.click()


def saved(page) -> None:
    """Back on the case page with a success message."""
    expect(page.locator("#case-header")).to_be_visible()
    expect(page.locator(".saphan-messages .alert-success")).to_be_visible()
    expect(page.locator("#action-form")).to_have_count(0)


def act(page, code: str, action: str) -> None:
    """Open an action from the case page's "Record or decide" panel (folded groups opened)."""
    page.goto(f"/cases/{code}/")
    link = page.locator(f"#case-actions [data-action={action}]")
    group = link.locator("xpath=ancestor::details[1]")
    if group.count() and group.get_attribute("open") is None:
        group.locator("summary").click()
    link.click()
    expect(page.locator("#action-form")).to_be_visible()


def fill_new_case(
    page, *, when, source, channel, urgency, province, place, text, referrer=""
) -> str:
    """On the new-case form: the tip as it came in, saved; the new case's code."""
    fill_when(page, "received_at", when)
    page.select_option("select[name=source]", source)
    page.select_option("select[name=channel]", channel)
    page.select_option("select[name=urgency]", urgency)
    if referrer:
        page.select_option("select[name=referring_agency]", label=referrer)
    page.select_option("select[name=place_province]", province)
    page.fill("input[name=place_detail]", place)
    page.fill("textarea[name=description]", text)
    submit(page)
    expect(page).to_have_url(re.compile(rf"/cases/{province}-25\d\d-\d{{5}}/$"))
    return page.locator("#case-header h1").inner_text().strip()


def link_victim(page, code: str, name: str) -> None:
    """A new person named ``name`` linked to the case as its victim, from the quick form."""
    act(page, code, "person")
    page.fill("input[name=full_name]", name)
    page.select_option("select[name=role]", "victim")
    submit(page)
    saved(page)
