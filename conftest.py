"""Shared test set-up. The database is a throw-away embedded PostgreSQL (config/test_settings.py)."""

import os

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def pytest_configure(config):
    """Build the .mo catalogues from the .po files (pure Python) before anything is translated."""
    from saphan.core.i18n import compile_messages

    compile_messages()
    # A test client's login/force_login also gives the second factor, with a real TOTP code
    # (saphan/orgs/testing.py); the guard itself stays on (see the ``unverified_client`` fixture).
    from django.test.client import Client

    from saphan.orgs.testing import install

    install(Client)


def pytest_collection_modifyitems(config, items):
    """The benchmark smoke tests (a minute each, in a child process) run first, so that under
    pytest-xdist they overlap with the many short tests instead of ending the run alone. The
    browser tests run last: Playwright leaves an event loop on the thread that ran it, and the
    database tests after it in the same process would be refused as "async"."""

    def order(item) -> tuple[int, int]:
        if item.nodeid.startswith("tests/test_bench_"):
            return 0, 0
        if not item.nodeid.startswith("tests/e2e/"):
            return 1, 0
        # Among the browser tests the longest start first (one to three minutes each, measured
        # on two cores), so the run does not end with one worker crawling alone.
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1]
        return 2, (E2E_LONGEST.index(module) if module in E2E_LONGEST else len(E2E_LONGEST))

    items.sort(key=order)


E2E_LONGEST = [
    "test_accessibility.py", "test_case_file.py", "test_scenarios.py", "test_odd_addresses.py",
    "test_cases_tracks.py", "test_network.py", "test_security.py", "test_same_person.py",
]  # fmt: skip


@pytest.fixture
def unverified_client(client):
    """A test client whose login stops after the password, as a person who has not yet typed
    the code from their authenticator app."""
    client.second_factor = False
    return client


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's mail goes to it over SMTP."""
    from saphan.core.testing import LocalSmtpServer

    with LocalSmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        yield server


@pytest.fixture
def printed_html(monkeypatch):
    """The HTML of every PDF rendered during the test, in order: WeasyPrint still renders it,
    this keeps a copy of its input (for saphan/core/tests/pdf_text_layer.py)."""
    import weasyprint

    printed: list[str] = []
    real_html = weasyprint.HTML

    def keep(*args, **kwargs):
        if kwargs.get("string") is not None:
            printed.append(kwargs["string"])
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", keep)
    return printed
