"""Bad input in the address never ends in a server error.

For a few roles, the pages reachable from the home page by the links they are shown (up to a
bound) are opened as they are, then each kind of page (its URL pattern: every case page is one
kind) with odd query values a person or a stale bookmark could send: a page number that is not
one, a huge search, impossible dates, unknown codes, a NUL character. Each answer must be a page
(2xx/3xx) or a clear refusal (400/403/404), never a 5xx. A few pages of each kind are opened for
their links (two case pages in other phases offer other actions), so the bound is spent on kinds
of page, not on a list's thousand rows.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from django.urls import Resolver404, resolve

from .conftest import DEMO_PASSWORD, sign_in

ODD = [
    {"page": "abc"},
    {"page": "-5"},
    {"page": "99999"},
    {"q": "ก" * 400},
    {"date_from": "99/99/9999", "date_to": "31/02/2568"},
    {"province": "zz'", "region": "zz'", "phase": "x", "kind": "x", "status": "x'"},
    {"year": "abc", "quarter": "abc", "q": "2569-Q9"},
    {"q": "a\x00b"},
]
SKIP = ("/static/", "/logout", "/admin/", ".pdf", "/export", "xlsx", "/media/", "/download")
MAX_PAGES = 60  # pages opened for their links
OF_A_KIND = 3  # pages of one kind opened for their links


def _kind(path: str) -> str:
    """The URL pattern a path is an address of (the path itself if none matches: a 404)."""
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return path.split("?")[0]
    return f"{match.view_name} {match.route}"


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', html)]


@pytest.mark.parametrize("username", ["cw.khonkaen", "sup.tak", "central.datip", "vol.khonkaen"])
def test_no_page_answers_odd_addresses_with_a_server_error(browser, saphan_server, username):
    context = browser.new_context(base_url=saphan_server.base_url, locale="th-TH")
    page = context.new_page()
    sign_in(page, username, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r".*/$"))
    seen: dict[str, int] = {}  # path: status, of the pages opened
    kinds: dict[str, list[str]] = {}  # kind of page: its paths opened
    files: set[str] = set()
    todo = ["/"]
    while todo and len(seen) < MAX_PAGES:
        path = todo.pop(0)
        base = path.split("?")[0]
        if base in seen or any(s in path for s in SKIP):
            continue
        kind = kinds.setdefault(_kind(base), [])
        if len(kind) >= OF_A_KIND or kind and kind[0] in files:
            continue
        kind.append(base)
        response = context.request.get(path, max_redirects=3)
        seen[base] = response.status
        if "text/html" in response.headers.get("content-type", ""):
            todo += [h for h in _links(response.text()) if h.split("?")[0] not in seen]
        else:
            files.add(base)  # a PDF or a chart's data: no links, one of its kind is enough
    assert len(kinds) >= 10, kinds  # the crawl reached the role's pages
    errors = [(p, s) for p, s in seen.items() if s >= 500]
    for first, *_ in kinds.values():
        for odd in ODD:
            url = f"{first}?{urllib.parse.urlencode(odd)}"
            status = context.request.get(url, max_redirects=3).status
            if status >= 500:
                errors.append((url[:140], status))
    context.close()
    assert not errors, errors
