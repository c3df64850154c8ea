"""Headers on every answer: a Content-Security-Policy without inline script, no-store on what a
signed-in person is shown (pages and downloads), Referrer- and Permissions-Policy, and HTTPS
only (HSTS, redirect, secure cookies) behind SAPHAN_SECURE_COOKIES=1."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import CaseFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.django_db
def test_the_sign_in_page_carries_the_policy_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    csp = _directives(response)
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy
    assert "geolocation=(self)" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # Not over HTTPS here (SAPHAN_SECURE_COOKIES unset): no HSTS, no redirect.
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_every_page_and_download_for_a_signed_in_person_is_no_store(client):
    worker = UserFactory(roles=[Role.CASE_WORKER])
    case = CaseFactory(province=worker.province, agency=worker.agency, case_worker=worker)
    client.force_login(worker)
    for url in ("/", "/cases/", f"/cases/{case.code}/", f"/cases/{case.code}/pdf/summary/"):
        response = client.get(url)
        assert response.status_code == 200, url
        cache = response["Cache-Control"]
        assert "no-store" in cache and "private" in cache, (url, cache)
        assert "Content-Security-Policy" in response
    assert response["Content-Type"] == "application/pdf"
    # An htmx fragment too (the duplicate check's candidates list).
    fragment = client.get("/people/candidates/?name=x", HTTP_HX_REQUEST="true")
    assert "no-store" in fragment["Cache-Control"]


@pytest.mark.django_db
def test_static_files_stay_cacheable(client):
    client.force_login(UserFactory(roles=[Role.CASE_WORKER]))
    response = client.get("/static/js/saphan.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_has_inline_script_or_event_handler_attributes():
    """The policy would block them: behaviour lives in static/*.js."""
    offenders = []
    folders = [ROOT / "templates", *ROOT.glob("saphan/*/templates")]
    for folder in folders:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(r"<script\b[^>]*>", text):
                tag = match.group(0)
                if "src=" not in tag and 'type="application/json"' not in tag:
                    offenders.append(f"{path.relative_to(ROOT)}: {tag}")
            for match in re.finditer(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:80]}")
            if "javascript:" in text or re.search(r"hx-(vals|vars)=[\"']\s*(js|javascript):", text):
                offenders.append(f"{path.relative_to(ROOT)}: javascript: URL or js: values")
    assert not offenders, "\n".join(offenders)


def _settings_with(env: dict) -> dict:
    """config.settings as a fresh process reads it with this environment."""
    code = (
        "import json, config.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "['SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', "
        "'SECURE_REDIRECT_EXEMPT', 'CONTENT_SECURITY_POLICY']}, default=list))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAPHAN_")}
    # A server address that is never reached: reading the settings opens no database.
    clean.update({"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", **env})
    clean["SAPHAN_DATA_DIR"] = env.get("SAPHAN_DATA_DIR", str(ROOT / "var" / "settings-test"))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_https_only_behind_saphan_secure_cookies(tmp_path):
    plain = _settings_with({"SAPHAN_DATA_DIR": str(tmp_path)})
    assert not plain["SECURE_SSL_REDIRECT"] and not plain["SESSION_COOKIE_SECURE"]
    assert not plain["SECURE_HSTS_SECONDS"]
    secure = _settings_with({"SAPHAN_DATA_DIR": str(tmp_path), "SAPHAN_SECURE_COOKIES": "1"})
    assert secure["SECURE_SSL_REDIRECT"] is True
    assert secure["SECURE_HSTS_SECONDS"] >= 180 * 24 * 3600
    assert secure["SESSION_COOKIE_SECURE"] and secure["CSRF_COOKIE_SECURE"]
    assert secure["LANGUAGE_COOKIE_SECURE"]
    assert secure["SECURE_REDIRECT_EXEMPT"] == ["^healthz$", "^livez$"]
    assert secure["SECURE_PROXY_SSL_HEADER"] is None  # no proxy trusted: the header is ignored
    assert secure["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"] is True
    proxied = _settings_with(
        {
            "SAPHAN_DATA_DIR": str(tmp_path),
            "SAPHAN_SECURE_COOKIES": "1",
            "SAPHAN_TRUSTED_PROXIES": "1",
        }
    )
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_with_the_https_settings_plain_http_is_redirected_and_hsts_sent(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("livez")).status_code == 200
    secure = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
