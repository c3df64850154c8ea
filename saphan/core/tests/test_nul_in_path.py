"""No address answers with a server error because of a NUL character in its path: every route
of the site, with each of its parameters replaced by %00 (and %00 added as a last segment),
is opened signed out and signed in as a central officer; each answer is a 400/404 (or the
sign-in redirect) in the user's language."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import UserFactory

PARAM = re.compile(r"<(?:[^>:]+:)?[^>]+>")


def _routes(patterns, prefix: str = ""):
    for p in patterns:
        if not isinstance(p.pattern, RoutePattern):
            continue  # regex routes: Django admin and static files
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def nul_paths() -> list[str]:
    paths = set()
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(("admin/", "static/", "media/")):
            continue
        if PARAM.search(route):
            paths.add("/" + PARAM.sub("%00", route))
        else:
            paths.add("/" + (route.rstrip("/") + "/" if route else "") + "%00/")
    return sorted(paths)


def test_the_crawl_covers_the_reported_addresses():
    paths = nul_paths()
    assert "/cases/%00/" in paths and "/insight/province/%00/" in paths
    assert len(paths) > 100


@pytest.mark.django_db
def test_no_route_answers_a_nul_in_its_path_with_a_server_error(client):
    central = UserFactory(jurisdiction="nation", province=None, roles=[Role.CENTRAL_OFFICER])
    for who in (None, central):
        if who is not None:
            client.force_login(who)
        for path in nul_paths():
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="th")
            assert response.status_code in (400, 404) or (
                who is None and response.status_code == 302
            ), (path, response.status_code)
            if response.status_code == 400 and path.startswith("/api/v1/"):
                # the partner API answers problem details (RFC 9457), in Thai
                assert response["Content-Type"].startswith("application/problem+json"), path
                assert "คำขอไม่ถูกต้อง" in response.content.decode(), path
            elif response.status_code == 400:
                assert "อ่านที่อยู่หน้านี้ไม่ได้" in response.content.decode(), path


@pytest.mark.django_db
def test_a_nul_in_the_path_is_refused_in_english_too(client):
    client.cookies["saphan_language"] = "en"
    response = client.get("/cases/%00/")
    assert response.status_code == 400
    assert "The address cannot be read" in response.content.decode()
    response = client.post("/cases/%00/", {"x": "1"})
    assert response.status_code == 400
