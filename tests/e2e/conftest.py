"""Browser tests: Playwright driving Debian's Chromium against the real server.

The server is started exactly as `make run` starts it (`manage.py serve`: migrations, reference
and demo data, gunicorn and the worker) on a throw-away data dir — or, when DATABASE_URL is set,
on a throw-away database of that server — and stopped at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
DEMO_PASSWORD = "Demo-Pass-For-Browser-Tests-2569"
# The seed of the demo accounts' authenticator secrets (saphan/orgs/otp.py): the browser tests
# compute the code an authenticator app would show, from the same secret `serve` prints.
DEMO_TOTP_SEED = "Demo-TOTP-Seed-For-Browser-Tests-2569"
CHROMIUM = (
    os.environ.get("CHROMIUM")
    or shutil.which("chromium")
    or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
)


def pytest_report_header(config):
    if CHROMIUM:
        return f"browser tests: Chromium at {CHROMIUM}"
    return "browser tests: SKIPPED — no Chromium found (install Debian's chromium or set CHROMIUM=/path)"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="no Chromium found (install Debian's chromium or set CHROMIUM)")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM:
                item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_database_url() -> tuple[str | None, str | None]:
    """With DATABASE_URL set: a fresh database on that server for this session."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None, None
    import psycopg

    name = f"saphan_e2e_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}")), name


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class SaphanServer:
    def __init__(self, base_url: str, env: dict):
        self.base_url = base_url
        self.env = env

    def manage(self, *args: str) -> str:
        """Run a management command against the running server's data (as an admin would)."""
        out = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout


@pytest.fixture(scope="session")
def saphan_server():
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SAPHAN_THROWAWAY_DB"}
    }
    env.update(
        {
            "SAPHAN_DEMO_PASSWORD": DEMO_PASSWORD,
            "SAPHAN_DEMO_TOTP_SEED": DEMO_TOTP_SEED,
            "PORT": str(port),
            # partner webhooks go to receivers the tests run on 127.0.0.1 (plain http)
            "SAPHAN_WEBHOOK_ALLOW_HTTP": "1",
            # The public tip form takes five reports per sender per hour: a test that sends more
            # says it comes through one proxy from its own address (X-Forwarded-For); a request
            # without the header is counted by its own address as before.
            "SAPHAN_TRUSTED_PROXIES": "1",
            # The synthetic cases the worker adds in the background while the tests run (2,000
            # for `make run`): enough to fill lists and charts, without taking the cores the
            # browser tests need on a 2-core machine.
            "SAPHAN_DEMO_CASES": os.environ.get("SAPHAN_E2E_DEMO_CASES", "400"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    data_dir = tempfile.mkdtemp(prefix="saphan-e2e-")
    env["SAPHAN_DATA_DIR"] = data_dir
    db_url, db_name = _server_database_url()
    if db_url:
        env["DATABASE_URL"] = db_url
    log = open(Path(data_dir) / "serve.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        # Migrations and every app's demo data: about a minute on an idle 2-core machine.
        # On a machine busy with other work it takes longer: SAPHAN_E2E_START_SECONDS waits more.
        deadline = time.monotonic() + float(os.environ.get("SAPHAN_E2E_START_SECONDS", "360"))
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    "serve exited early:\n" + (Path(data_dir) / "serve.log").read_text()
                )
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    "serve did not answer:\n" + (Path(data_dir) / "serve.log").read_text()
                )
            time.sleep(0.5)
        yield SaphanServer(base_url, env)
    finally:
        # Ctrl-C twice: nothing in flight needs to finish (a demo job still adding cases would
        # hold a graceful stop for 25 s); the embedded database is still stopped cleanly.
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if db_name:
            _drop_database(db_name)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )  # fmt: skip
        yield browser
        browser.close()


# Two pytest workers, two app servers and two browsers share two cores in CI: an assertion
# waits up to 15 s (Playwright's default of 5 s was missed by htmx swaps under that load).
expect.set_options(timeout=15_000)


@pytest.fixture
def page(browser, saphan_server):
    context = browser.new_context(
        base_url=saphan_server.base_url, locale="th-TH", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    # A whole page load, while the other worker runs the load bench on the same two cores,
    # has taken over 15 s on a slow host (a case page's 404, in CI on 2026-12-06).
    page.set_default_navigation_timeout(45_000)
    yield page
    context.close()


# The last time step whose code each demo account typed: django-otp accepts a code once, and
# the step before, now and the step after, so a third sign-in within 30 s waits for the next.
_STEPS_USED: dict[tuple[str, str], int] = {}


def second_factor_code(username: str, *, server: str = "") -> str:
    """The 6-digit code a demo account's authenticator app shows (never one already used)."""
    from saphan.orgs.otp import demo_totp_key, totp_code

    key = demo_totp_key(seed=DEMO_TOTP_SEED, username=username)
    while True:
        now_t = int(time.time()) // 30
        step = max(now_t, _STEPS_USED.get((server, username), -1) + 1)
        if step <= now_t + 1:
            _STEPS_USED[(server, username)] = step
            return totp_code(key_hex=key, at=step * 30)
        time.sleep(30 - time.time() % 30 + 0.2)


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in as a person does: the password, then — for the accounts that need one — the code
    of their authenticator app. A wrong password stays on the sign-in page."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/accounts/two-factor/" in page.url:
        assert "/enrol/" not in page.url, f"{username} is not enrolled"
        page.fill(
            "input[name=otp_token]",
            second_factor_code(username, server=page.url.split("/accounts/")[0]),
        )
        with page.expect_navigation():
            page.click("#otp-form button[type=submit]")


def htmx_settled(page) -> None:
    """Wait until htmx has no request in flight and has settled its last swap: a list that
    htmx just inserted gets its own hx-get only when the swap settles, and a choice made before
    that (faster than a person) would ask nothing."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
    )


@pytest.fixture
def login(page):
    def _login(username: str, password: str = DEMO_PASSWORD):
        sign_in(page, username, password)

    return _login


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
