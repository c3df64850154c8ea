"""Bad input in the address never ends in a server error.

For a few roles, every page reachable from the home page by the links they are shown (up to a
bound) is opened as is, then with odd query values a person or a stale bookmark could send: a
page number that is not one, a huge search, impossible dates, unknown codes, a NUL character.
Each answer must be a page (2xx/3xx) or a clear refusal (400/403/404), never a 5xx.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

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
MAX_PAGES = 60


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', html)]


@pytest.mark.parametrize("username", ["cw.khonkaen", "sup.tak", "central.datip", "vol.khonkaen"])
def test_no_page_answers_odd_addresses_with_a_server_error(browser, saphan_server, username):
    context = browser.new_context(base_url=saphan_server.base_url, locale="th-TH")
    page = context.new_page()
    sign_in(page, username, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r".*/$"))
    seen: dict[str, int] = {}
    todo = ["/"]
    while todo and len(seen) < MAX_PAGES:
        path = todo.pop(0)
        base = path.split("?")[0]
        if base in seen or any(s in path for s in SKIP):
            continue
        response = context.request.get(path, max_redirects=3)
        seen[base] = response.status
        if "text/html" in response.headers.get("content-type", ""):
            todo += [h for h in _links(response.text()) if h.split("?")[0] not in seen]
    assert len(seen) >= 10, seen  # the crawl reached the role's pages
    errors = [(p, s) for p, s in seen.items() if s >= 500]
    for path in seen:
        for odd in ODD:
            url = f"{path}?{urllib.parse.urlencode(odd)}"
            status = context.request.get(url, max_redirects=3).status
            if status >= 500:
                errors.append((url[:140], status))
    context.close()
    assert not errors, errors
