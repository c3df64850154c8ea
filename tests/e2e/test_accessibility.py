"""Every page of every role, in Thai and in English: axe-core (WCAG 2.1 AA) finds no serious or
critical violation, and on a 360-px phone no page is wider than the screen.

The pages: the sign-in page and what it leads to (the public tip form, the password reset), the
second-factor page, then for each demo role every page its menu (the top bar and the account
menu) leads to, following the links of each page's main area breadth-first until no new kind of
page turns up: lists, what their rows open, the "new ..." forms, a case's action forms, the pages
behind a page's tabs and, for the administrator, Django's admin (its index, and each model's list
and change page). One page of each kind: a list of a thousand cases costs one case page. A kind
is a URL pattern (key_of says where it is finer: a case's action forms by template, a tab by its
query), so a filtered list (``?phase=...``) is its list, and files, sign-out, the language switch
and the API are not pages. A kind scanned for an earlier role is not scanned again; its page is
still read (its HTML fetched and its links taken, nothing shown or run) for a later role that has
not been there, since a page links each role to other pages (another role's case page offers
other actions).

Each page is loaded on a 360x800 screen, its folded parts (``<details>``) opened, and its width
measured; then the screen is widened to an office PC's and axe runs. A failure lists, per page,
its URL pattern, the role it was opened as and the page that linked to it, then per axe rule the
elements (selector, HTML, what is wrong), so a developer can open the same page and fix it.

One test per language, so the two xdist workers share the work; each signs every role in once
(English: the language cookie, which decides for the demo accounts: they have no language of
their own). axe-core is vendored for the tests only (tests/e2e/vendor/, by
scripts/vendor_static.sh) and put into each page by the test's browser (an init script, so the
page's own Content-Security-Policy stays on); no page of the app loads it.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from saphan.cases.views.actions import ACTIONS

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

# Not pages to read: the API's machine answers and its docs, files, sign-out, the language
# switch; in Django's admin its sign-out, its script catalogue, its "view on site" redirect and
# its autocomplete answers.
SKIP_PREFIXES = (
    "/api/v1/",
    "/static/",
    "/media/",
    "/i18n/",
    "/accounts/logout",
    "/admin/logout/",
    "/admin/jsi18n/",
    "/admin/r/",
    "/admin/autocomplete/",
)
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip", ".json", ".ics", ".txt", ".svg", ".png", ".jpg")
SKIP_SUFFIXES += (".js", ".webmanifest")
FILE_SEGMENTS = {"pdf", "xlsx", "csv", "zip", "download", "file", "certificate"}

# Django's admin: each model's list and change page is a pattern of its own; its add, history and
# delete pages are the same templates for every model (an add page is the change page's form,
# empty), so one of each is scanned. At most this many admin pages (21 today).
ADMIN_ONE_OF = ("_add", "_history", "_delete")
ADMIN_CAP = 40

# Pages a link leads to that are left out, by view name, with why. None today: every page a
# role's menu leads to passes.
LEFT_OUT: dict[str, str] = {}

RUN_AXE = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                    resultTypes: ['violations']})
    .then(r => r.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                    count: v.nodes.length,
                    nodes: v.nodes.slice(0, 4).map(n => ({
                        target: n.target.join(' '),
                        html: n.html.replace(/\\s+/g, ' ').slice(0, 160),
                        why: (n.failureSummary || '').split('\\n').slice(1, 3)
                                .map(s => s.trim().slice(0, 200)).filter(Boolean)
                                .join(' / ')}))})))"""

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

# The links of a page's main area (the app's <main>, the admin's <main> and its side menu), in
# document order, downloads left out; a link in a row of tabs says so (and whether it is the tab
# shown). Of the page shown, or of a page's HTML read without showing it (nothing loaded or run).
LINKS = """([html, base, sel]) => {
    const doc = html === null ? document : new DOMParser().parseFromString(html, 'text/html');
    return [...doc.querySelectorAll(sel)]
        .filter(a => !a.hasAttribute('download'))
        .map(a => [new URL(a.getAttribute('href'), base || document.baseURI).href,
                   !a.closest('.nav-tabs, .nav-pills, [role=tablist]') ? ''
                   : a.matches('.active, [aria-current]') ? 'this tab' : 'tab']);
}"""
MAIN_LINKS = "main a[href], #nav-sidebar a[href]"


@dataclass(frozen=True)
class Link:
    url: str  # path and query
    tab: str = ""  # "tab" in a row of tabs, "this tab" for the tab shown
    source: str = ""  # the page that links to it

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


def key_of(link: Link) -> str | None:
    """What makes a page one of a kind, or None if it is not a page to scan: its URL pattern
    (``cases:detail cases/<str:code>/``), with the template of a case's action (one pattern, seven
    templates of forms) and the kind of record a person's "add" page adds (a name, a document, a
    contact); for a tab, the tab's query (numbers left out: every fiscal year's tab is one)."""
    path = link.path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    if FILE_SEGMENTS & set(path.strip("/").split("/")):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in LEFT_OUT:
        return None
    if name.startswith("admin:") and name.endswith(ADMIN_ONE_OF):
        return "admin " + name.rsplit("_", 1)[1]
    key = f"{name} {match.route}"
    if name == "cases:action":
        action = ACTIONS.get(match.kwargs["action"])
        key += f" {action.template if action else '?'}"
    elif name == "people:item_add":
        key += f" {match.kwargs['kind']}"
    query = parse_qsl(urlsplit(link.url).query) if link.tab else []
    if query:
        key += "?" + urlencode(sorted((k, re.sub(r"\d+", "N", v)) for k, v in query))
    return key


def links_in(page, selector: str, html: str | None = None, url: str = "") -> list[Link]:
    """Links to this site's pages from `selector` of the page shown (or of `html`, read from
    `url`), in document order, fragments left out."""
    here = urlsplit(url or page.url)
    source = here.path + (f"?{here.query}" if here.query else "")
    links = []
    for href, tab in page.evaluate(LINKS, [html, url, selector]):
        to = urlsplit(href)
        if to.scheme in ("http", "https") and to.netloc == here.netloc and to.path:
            links.append(Link(to.path + (f"?{to.query}" if to.query else ""), tab, source))
    return links


@dataclass
class Scan:
    lang: str
    seen: set[str] = field(default_factory=set)  # kinds of page scanned
    not_pages: set[str] = field(default_factory=set)  # kinds that turned out files or errors
    pages: int = 0
    opened: int = 0  # pages shown
    read: int = 0  # pages of a kind already scanned, read for their links only
    admin_pages: int = 0
    violations: list[str] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)  # rule: pages where it is violated
    too_wide: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)  # which pages, as whom, reached how

    def report(self) -> str:
        lines = [f"{self.lang}: {self.pages} pages scanned ({self.admin_pages} of the admin), "
                 f"{self.opened} shown, {self.read} read for links"]  # fmt: skip
        if self.rules:
            lines.append("rules violated (pages): " + ", ".join(
                f"{rule} ({n})" for rule, n in self.rules.most_common()))  # fmt: skip
        if self.violations:
            lines += ["serious or critical axe-core violations (WCAG 2.1 AA):", *self.violations]
        if self.too_wide:
            lines += [f"wider than a {PHONE['width']}-px screen:", *self.too_wide]
        if self.errors:
            lines += ["pages that did not open:", *self.errors]
        return "\n".join(lines)


def inspect(page, scan: Scan, where: str) -> None:
    """The page as it is (loaded on the phone screen, its folded parts opened): its width there,
    then axe on a PC's. `where` says which page, as whom, reached how."""
    page.wait_for_function(  # a fragment htmx loads on `load` is part of the page
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )
    page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => d.open = true)")
    scan.pages += 1
    scan.scanned.append(where)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        widest = ", ".join(page.evaluate(WIDEST, PHONE["width"]))
        scan.too_wide.append(f"{where}: {width}px ({widest})")
    page.set_viewport_size(OFFICE)
    found = page.evaluate(RUN_AXE, WCAG_21_AA)
    page.set_viewport_size(PHONE)
    if not found:
        return
    scan.violations.append(where)
    for v in found:
        scan.rules[v["id"]] += 1
        scan.violations.append(
            f"  {v['id']} ({v['impact']}, {v['count']} elements): {v['help']}  {v['url']}"
        )
        for n in v["nodes"]:
            scan.violations.append(f"    {n['target']}  {n['html']}\n      {n['why']}")
        if v["count"] > len(v["nodes"]):
            scan.violations.append(f"    (+{v['count'] - len(v['nodes'])} more)")


def open_page(page, scan: Scan, url: str) -> bool:
    """Open `url`; False if it is not an HTML page that opened (a file, an error: noted)."""
    scan.opened += 1
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as exc:  # a file the browser downloads is not a page
        if "Download is starting" in str(exc):
            return False
        raise
    if response is None or response.status != 200:
        scan.errors.append(f"{url}: {response.status if response else 'no answer'}")
        return False
    return "text/html" in (response.headers.get("content-type") or "")


def landed_key(link: Link, url: str) -> str | None:
    """The kind of page a link led to: its own, or where it was redirected."""
    path = urlsplit(url).path
    return key_of(link) if path == link.path else key_of(Link(path))


def read_links(page, scan: Scan, link: Link) -> tuple[str | None, list[Link]]:
    """A page of a kind already scanned, read without showing it: the kind it turned out to be
    (after redirects; None if it is not an HTML page) and its main area's links."""
    scan.read += 1
    response = page.request.get(link.url)
    if not response.ok or "text/html" not in (response.headers.get("content-type") or ""):
        if not response.ok:
            scan.errors.append(f"{link.url}: {response.status}")
        return None, []
    return landed_key(link, response.url), links_in(page, MAIN_LINKS, response.text(), response.url)


def follow(scan: Scan, been: set[str], links: list[Link]) -> list[Link]:
    """The links to follow from a page (scanned); the tab it shows is the page itself."""
    for link in links:
        if link.tab == "this tab" and (key := key_of(link)):
            been.add(key)
            scan.seen.add(key)
    return [link for link in links if link.tab != "this tab"]


def crawl(page, scan: Scan, who: str, start: list[Link]) -> None:
    """Breadth-first from `start`: each kind of page this role has not been to yet is shown
    and scanned if no role's was, else only read for the links of its main area."""
    queue = deque(start)
    been: set[str] = set()  # kinds of page this role has been to
    while queue:
        link = queue.popleft()
        key = key_of(link)
        if key is None or key in been or key in scan.not_pages:
            continue
        been.add(key)
        if key in scan.seen:
            landed, links = read_links(page, scan, link)
            if landed is None or landed in scan.seen:
                been.add(landed or key)
                queue.extend(follow(scan, been, links))
                continue
        if key.startswith("admin") and scan.admin_pages >= ADMIN_CAP:
            continue
        if not open_page(page, scan, link.url):
            scan.not_pages.add(key)  # a file, or an error noted
            continue
        here = urlsplit(page.url)
        landed = landed_key(link, page.url) or key
        been.add(landed)
        if landed not in scan.seen:
            scan.seen.add(landed)
            scan.admin_pages += landed.startswith("admin")
            shown = here.path + (f"?{here.query}" if here.query else "")
            via = f", by {link.url}" if shown != link.url else ""  # redirected
            where = f"{shown}  [{landed}]  as {who}, linked from {link.source or 'the menu'}{via}"
            inspect(page, scan, where)
        queue.extend(follow(scan, been, links_in(page, MAIN_LINKS)))


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
    """The sign-in page and the pages it leads to (the public tip form, the password reset)."""
    context, page = new_page(browser, base_url, scan.lang)
    try:
        assert open_page(page, scan, "/accounts/login/")
        assert page.evaluate("document.documentElement.lang") == scan.lang
        scan.seen.add(key_of(Link("/accounts/login/")))
        inspect(page, scan, "/accounts/login/  signed out")
        crawl(page, scan, "a visitor", links_in(page, "body a[href]"))
    finally:
        context.close()


def scan_role(browser, base_url: str, username: str, scan: Scan) -> None:
    """Sign in as `username` (inspecting the second-factor page the first time it shows), then
    crawl from the links of its menu."""
    context, page = new_page(browser, base_url, scan.lang)
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        if "/accounts/two-factor/" in page.url:
            key = key_of(Link(urlsplit(page.url).path))
            if key not in scan.seen:
                scan.seen.add(key)
                inspect(page, scan, f"{urlsplit(page.url).path}  [{key}]  as {username}")
            code = second_factor_code(username, server=base_url)
            page.fill("input[name=otp_token]", code)
            with page.expect_navigation():
                page.click("#otp-form button[type=submit]")
        assert "/accounts/" not in page.url, f"{username} did not sign in: {page.url}"
        assert page.evaluate("document.documentElement.lang") == scan.lang, username
        menu = [Link(link.url) for link in links_in(page, "nav.saphan-navbar a[href]")]
        crawl(page, scan, username, menu)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_of_every_role_passes_axe_and_fits_a_phone(browser, saphan_server, lang):
    scan = Scan(lang)
    scan_signed_out(browser, saphan_server.base_url, scan)
    for username in ROLES:
        scan_role(browser, saphan_server.base_url, username, scan)
    print(scan.report())
    assert scan.pages > 100 and scan.admin_pages > 15, scan.report()  # the menus were followed
    assert not (scan.violations or scan.too_wide or scan.errors), scan.report()
