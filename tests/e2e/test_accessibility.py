"""Every page of every role, in Thai and in English: axe-core (WCAG 2.1 AA) finds no serious or
critical violation, and on a 360-px phone no page is wider than the screen.

The pages: the sign-in page and what it links to (the public tip form, the password reset), the
second-factor page, then for each demo role the pages its menu leads to (the top bar and the
account menu) and, from each of those, the pages its main area links to, one page per URL
pattern (the first case, the first session...): a list of a thousand cases costs one detail
page. A pattern already scanned for an earlier role is not scanned again. Each page is loaded on
a 360x800 screen, where its width is measured; then the screen is widened to an office PC's and
axe runs.

One test per language, so the two xdist workers share the work; each signs every role in once
(English: the language cookie, which decides for the demo accounts: they have no language of
their own). axe-core is vendored for the tests only (tests/e2e/vendor/, by
scripts/vendor_static.sh) and put into each page by the test's browser (an init script, so the
page's own Content-Security-Policy stays on); no page of the app loads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from .conftest import DEMO_PASSWORD, second_factor_code

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 800}
OFFICE = {"width": 1280, "height": 900}

# The demo roles (README, "Demo accounts"), those with the most pages first so that later roles
# add only the pages that are theirs alone.
ROLES = (
    "central.datip",
    "sup.khonkaen",
    "cw.khonkaen",
    "police.khonkaen",
    "region.northeast",
    "km.central",
    "vol.khonkaen",
    "youth.khonkaen",
    "auditor",
    "admin",
)

# Not the app's pages: the API's machine answers and its docs, Django's admin, files, sign-out.
SKIP_PREFIXES = ("/api/v1/", "/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip", ".json", ".ics", ".txt", ".svg", ".png")
FILE_SEGMENTS = {"pdf", "xlsx", "csv", "zip", "download", "file", "certificate"}

RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                    resultTypes: ['violations']})
    .then(r => r.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, more: Math.max(0, v.nodes.length - 3),
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')
                        + (n.any[0] && n.any[0].data && n.any[0].data.contrastRatio
                           ? ' ' + n.any[0].data.contrastRatio + ':1' : ''))})))"""

# What sticks out: the outermost elements past the screen's edge that no scrolling box holds
# (a box holds an absolutely placed element only from its positioned ancestor outwards).
WIDEST = """limit => {
    const clipped = e => {
        const from = getComputedStyle(e).position === 'absolute' ? e.offsetParent : e.parentElement;
        for (let a = from; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    const sticks = e => e.getBoundingClientRect().right > limit + 1 && !clipped(e);
    return [...document.body.querySelectorAll('*')]
        .filter(e => sticks(e) && !(e.parentElement && sticks(e.parentElement)))
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
             + (typeof e.className === 'string' && e.className.trim()
                ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
}"""


def pattern_of(path: str) -> str | None:
    """The URL pattern a path belongs to (``cases:detail cases/<str:code>/``), or None if it is
    not one of the app's pages."""
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    if FILE_SEGMENTS & set(path.strip("/").split("/")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.view_name} {match.route}"


def links_in(page, selector: str) -> list[str]:
    """Paths of this site linked from `selector`, in document order (downloads left out)."""
    hrefs = page.eval_on_selector_all(
        selector,
        """els => els.filter(a => !a.hasAttribute('download'))
                     .map(a => new URL(a.getAttribute('href'), document.baseURI).href)""",
    )
    here = urlsplit(page.url).netloc
    return [
        parts.path
        for parts in map(urlsplit, hrefs)
        if parts.scheme in ("http", "https") and parts.netloc == here and parts.path
    ]


@dataclass
class Scan:
    lang: str
    seen: set[str] = field(default_factory=set)  # URL patterns taken
    pages: int = 0
    violations: list[str] = field(default_factory=list)
    too_wide: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def take(self, path: str) -> bool:
        """Whether `path` is a page of a pattern not scanned yet (and take it)."""
        pattern = pattern_of(path)
        if pattern is None or pattern in self.seen:
            return False
        self.seen.add(pattern)
        return True

    def report(self) -> str:
        lines = [f"{self.lang}: {self.pages} pages scanned"]
        if self.violations:
            lines += ["serious or critical axe-core violations (WCAG 2.1 AA):", *self.violations]
        if self.too_wide:
            lines += [f"wider than a {PHONE['width']}-px screen:", *self.too_wide]
        if self.errors:
            lines += ["pages that did not open:", *self.errors]
        return "\n".join(lines)


def inspect(page, scan: Scan, label: str) -> None:
    """The page as it is (loaded on the phone screen): its width there, then axe on a PC's."""
    page.wait_for_function(  # a fragment htmx loads on `load` is part of the page
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )
    scan.pages += 1
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        widest = ", ".join(page.evaluate(WIDEST, PHONE["width"]))
        scan.too_wide.append(f"{label}: {width}px ({widest})")
    page.set_viewport_size(OFFICE)
    for v in page.evaluate(RUN_AXE, WCAG_21_AA):
        more = f" (+{v['more']} more)" if v["more"] else ""
        scan.violations.append(f"{label}: {v['impact']} {v['id']}: {'; '.join(v['nodes'])}{more}")
    page.set_viewport_size(PHONE)


def check(page, scan: Scan, path: str) -> bool:
    """Open `path` and inspect it; False if it is not an HTML page that opened."""
    try:
        response = page.goto(path, wait_until="load")
    except PlaywrightError as exc:  # a file the browser downloads is not a page
        if "Download is starting" in str(exc):
            return False
        raise
    if response is None or response.status != 200:
        scan.errors.append(f"{path}: {response.status if response else 'no answer'}")
        return False
    if "text/html" not in (response.headers.get("content-type") or ""):
        return False
    inspect(page, scan, path)
    return True


def check_linked(page, scan: Scan, paths: list[str]) -> None:
    """Check each new pattern among `paths`, and the first new page of each pattern that the
    main area of each of them links to."""
    for path in paths:
        if not scan.take(path) or not check(page, scan, path):
            continue
        for sub in links_in(page, "main a[href]"):
            if scan.take(sub):
                check(page, scan, sub)


def new_page(browser, base_url: str, lang: str):
    context = browser.new_context(
        base_url=base_url, locale="th-TH" if lang == "th" else "en-US", viewport=PHONE
    )
    context.add_init_script(path=str(AXE))
    if lang != "th":
        context.add_cookies([{"name": "saphan_language", "value": lang, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def scan_signed_out(browser, base_url: str, scan: Scan) -> None:
    """The sign-in page and the pages it links to (the public tip form, the password reset)."""
    context, page = new_page(browser, base_url, scan.lang)
    try:
        scan.take("/accounts/login/")
        if check(page, scan, "/accounts/login/"):
            assert page.evaluate("document.documentElement.lang") == scan.lang
            check_linked(page, scan, links_in(page, "body a[href]"))
    finally:
        context.close()


def scan_role(browser, base_url: str, username: str, scan: Scan) -> None:
    """Sign in as `username` (inspecting the second-factor page the first time it shows), then
    check the pages of its menu and what they link to."""
    context, page = new_page(browser, base_url, scan.lang)
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if "/accounts/two-factor/" in page.url:
            if scan.take(urlsplit(page.url).path):
                inspect(page, scan, urlsplit(page.url).path)
            code = second_factor_code(username, server=base_url)
            page.fill("input[name=otp_token]", code)
            with page.expect_navigation():
                page.click("#otp-form button[type=submit]")
        assert "/accounts/" not in page.url, f"{username} did not sign in: {page.url}"
        assert page.evaluate("document.documentElement.lang") == scan.lang, username
        check_linked(page, scan, links_in(page, "nav.saphan-navbar a[href]"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_of_every_role_passes_axe_and_fits_a_phone(browser, saphan_server, lang):
    scan = Scan(lang)
    scan_signed_out(browser, saphan_server.base_url, scan)
    for username in ROLES:
        scan_role(browser, saphan_server.base_url, username, scan)
    print(scan.report())
    assert scan.pages > 50, scan.report()  # every role's menu was found and followed
    assert not (scan.violations or scan.too_wide or scan.errors), scan.report()
