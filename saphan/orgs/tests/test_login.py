"""Sign-in: Argon2, lockout after 5 wrong passwords with a Thai message, idle timeout, language."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from saphan.orgs.auth import unlock
from saphan.orgs.roles import Jurisdiction, Role

PASSWORD = "Kh0nKaen-Str0ng-Pass"


@pytest.fixture
def worker(db):
    return get_user_model().objects.create_user(
        username="cw.test",
        password=PASSWORD,
        roles=[Role.CASE_WORKER],
        jurisdiction=Jurisdiction.NATION,
    )


def _login(client, password, username="cw.test"):
    return client.post(reverse("login"), {"username": username, "password": password})


def _sign_in(client, user):
    """The password, then the code from the authenticator (a case worker needs both)."""
    from saphan.orgs.testing import pass_second_factor

    assert _login(client, PASSWORD).status_code == 302
    pass_second_factor(client, user)


def test_password_is_hashed_with_argon2(db):
    user = get_user_model()(username="argon")
    user.set_password(PASSWORD)  # the production hasher list, not the fast one tests add
    assert settings.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import make_password

    assert make_password(PASSWORD, hasher="argon2").startswith("argon2")


def test_login_page_is_thai_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "th"
    assert "เข้าสู่ระบบ" in response.content.decode()


def test_right_password_signs_in(client, worker):
    response = _login(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_lockout_after_five_wrong_passwords(client, worker):
    for _ in range(4):
        response = _login(client, "wrong-password")
        assert "ไม่ถูกต้อง" in response.content.decode()  # the ordinary Thai message
    worker.refresh_from_db()
    assert worker.failed_login_count == 4 and not worker.is_locked
    _login(client, "wrong-password")
    worker.refresh_from_db()
    assert worker.is_locked
    # Now even the right password is refused, with a Thai message that says why and until when.
    response = _login(client, PASSWORD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "ถูกล็อก" in body and str(timezone.localtime(worker.locked_until).year + 543) in body
    assert "_auth_user_id" not in client.session


def test_lock_expires_with_time(client, worker):
    for _ in range(5):
        _login(client, "wrong-password")
    get_user_model().objects.filter(pk=worker.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )
    assert _login(client, PASSWORD).status_code == 302
    worker.refresh_from_db()
    assert worker.failed_login_count == 0 and worker.locked_until is None


def test_admin_unlocks(client, worker):
    for _ in range(5):
        _login(client, "wrong-password")
    worker.refresh_from_db()
    assert worker.is_locked
    unlock(worker)
    assert _login(client, PASSWORD).status_code == 302


def test_unknown_username_does_not_crash_or_reveal(client, db):
    response = _login(client, "whatever", username="nobody")
    assert response.status_code == 200 and "ไม่ถูกต้อง" in response.content.decode()


def test_session_is_idle_limited_to_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_REFRESH_SECONDS <= 60


def test_the_idle_clock_restarts_with_requests_but_the_row_is_written_once_a_minute(
    client, worker, monkeypatch
):
    from django.contrib.sessions.models import Session

    from saphan.orgs import middleware

    _sign_in(client, worker)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.get(reverse("home"))  # first request after sign-in: the row is written
    first = Session.objects.get(session_key=key).expire_date
    clock[0] += 30
    client.get(reverse("home"))  # half a minute later: no write
    assert Session.objects.get(session_key=key).expire_date == first
    clock[0] += 31
    client.get(reverse("home"))  # over a minute since the last write: the idle clock restarts
    assert Session.objects.get(session_key=key).expire_date > first


def test_expired_session_sends_back_to_login(client, worker):
    _sign_in(client, worker)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session.set_expiry(-1)  # as if 30 idle minutes had passed
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_rules_refuse_weak_passwords(client, worker):
    client.force_login(worker)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_language_switch_is_remembered_per_user(client, worker):
    client.force_login(worker)
    assert "th" == client.get(reverse("home"))["Content-Language"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    worker.refresh_from_db()
    assert worker.language == "en"
    other_browser = client.__class__()
    other_browser.force_login(worker)
    assert other_browser.get(reverse("home"))["Content-Language"] == "en"


def test_language_switch_refuses_foreign_redirects(client, worker):
    client.force_login(worker)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
