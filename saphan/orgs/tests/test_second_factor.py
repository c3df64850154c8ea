"""The second factor: who needs it, the guard, enrolment with a QR code or the typed secret,
codes and recovery codes at sign-in, the lockout they count towards, renewing recovery codes,
and the demo's enrolled accounts. Everything goes through the pages, with the password form
first, and codes computed from what the page shows (as an authenticator app does)."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from binascii import hexlify

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from saphan.orgs import otp
from saphan.orgs.roles import Jurisdiction, Role

from .factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code_for(secret_b32: str, *, at: float | None = None) -> str:
    """What an authenticator app shows for a secret typed in by hand."""
    secret = secret_b32.replace(" ", "")
    key = hexlify(b32decode(secret + "=" * (-len(secret) % 8))).decode()
    return otp.totp_code(key_hex=key, at=time.time() if at is None else at)


def _device_code(user, *, steps_ahead: int = 0) -> str:
    device = otp.totp_device(user)
    return otp.totp_code(key_hex=device.key, at=time.time() + steps_ahead * device.step)


def _password(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


def _enrol(client, user) -> tuple[str, list[str]]:
    """Sign in with the password, set up the app from the page, return (secret, recovery codes)."""
    home = _password(client, user)
    assert home.status_code == 302 and home["Location"].startswith(reverse("otp_verify"))
    verify = client.get(home["Location"])
    assert verify.status_code == 302 and verify["Location"].startswith(reverse("otp_setup"))
    page = client.get(verify["Location"])
    html = page.content.decode()
    secret = re.search(r'<code class="otp-secret" id="otp-secret">([A-Z2-7 ]+)</code>', html)[1]
    done = client.post(reverse("otp_setup"), {"otp_token": _code_for(secret), "next": "/"})
    assert done.status_code == 200
    codes = re.findall(
        r'<code class="recovery-code">([a-z2-7]{4}-[a-z2-7]{4})</code>', done.content.decode()
    )
    return secret, codes


@pytest.mark.parametrize(
    ("roles", "needed"),
    [
        ([Role.CASE_WORKER], True),
        ([Role.SHELTER_STAFF], True),
        ([Role.MDT_MEMBER], True),
        ([Role.PROVINCIAL_SUPERVISOR], True),
        ([Role.REGIONAL_OFFICER], True),
        ([Role.CENTRAL_OFFICER], True),
        ([Role.SYSTEM_ADMIN], True),
        ([Role.AUDITOR], True),
        ([Role.KNOWLEDGE_MANAGER], False),
        ([Role.VOLUNTEER], False),
        ([Role.YOUTH_COUNCIL], False),
        ([Role.KNOWLEDGE_MANAGER, Role.CASE_WORKER], True),
    ],
)
def test_who_needs_a_second_factor(roles, needed):
    user = UserFactory(roles=roles)
    assert otp.requires_second_factor(user) is needed


def test_every_role_that_can_hold_case_rows_needs_it():
    from saphan.orgs import access

    assert set(access.CASE_ROLES) | set(access.IDENTITY_ROLES) <= otp.SECOND_FACTOR_ROLES


def test_staff_flag_or_superuser_needs_it_whatever_the_roles():
    assert otp.requires_second_factor(UserFactory(roles=[], is_staff=True))
    assert otp.requires_second_factor(UserFactory(roles=[], is_superuser=True))


def test_signed_in_without_the_code_reaches_nothing_but_the_open_pages(unverified_client):
    user = UserFactory(roles=[Role.PROVINCIAL_SUPERVISOR])
    unverified_client.force_login(user)
    for path in ("/", "/cases/", "/people/candidates/?name=x", "/audit/", "/admin/"):
        response = unverified_client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("otp_verify") + "?next="), path
    # A form sent without the code is refused too; htmx is told to load the code page whole.
    assert unverified_client.post("/cases/new/", {"x": "1"})["Location"] == reverse("otp_verify")
    htmx = unverified_client.get("/people/candidates/?name=x", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == reverse("otp_verify")
    # What stays open: the code pages, sign-out, language, health and static files.
    assert unverified_client.get(reverse("otp_verify")).status_code == 302  # → enrol
    setup = unverified_client.get(reverse("otp_setup"))
    assert setup.status_code == 200
    assert 'id="saphan-nav"' not in setup.content.decode()  # no menu of closed pages
    assert unverified_client.get(reverse("healthz")).status_code == 200
    assert unverified_client.get("/static/css/saphan.css").status_code == 200
    assert unverified_client.post(reverse("set_language"), {"language": "en"}).status_code == 302


def test_an_account_without_the_need_is_not_asked(unverified_client):
    unverified_client.force_login(UserFactory(roles=[Role.KNOWLEDGE_MANAGER]))
    assert unverified_client.get("/").status_code == 200


def test_the_test_client_passes_the_code_for_real(client):
    user = UserFactory(roles=[Role.CASE_WORKER])
    for _ in range(5):  # more sign-ins than codes open at once: recovery codes take over
        client.force_login(user)
        assert client.get("/").status_code == 200
    assert otp.totp_device(user).last_t >= int(time.time()) // 30 - 1


def test_first_sign_in_enrols_then_shows_ten_recovery_codes_once():
    user = UserFactory(roles=[Role.CASE_WORKER])
    client = Client()
    home = _password(client, user)
    setup = client.get(client.get(home["Location"])["Location"])
    html = setup.content.decode()
    assert setup.status_code == 200
    assert "<svg" in html and 'class="segno"' in html  # the QR code, inline
    assert "ตั้งค่า" in html or "Set up" in html
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html)[1]
    # The page shows the same secret until it is confirmed (an app may have scanned it).
    assert secret in client.get(reverse("otp_setup")).content.decode()
    wrong = client.post(reverse("otp_setup"), {"otp_token": "000000"})
    if _code_for(secret) != "000000":
        assert "ไม่ถูกต้อง" in wrong.content.decode()
        assert client.get("/").status_code == 302
        time.sleep(1.1)  # django-otp waits 1 s after a wrong code before it checks another
    done = client.post(reverse("otp_setup"), {"otp_token": _code_for(secret), "next": "/cases/"})
    body = done.content.decode()
    codes = re.findall(r'class="recovery-code">([a-z2-7]{4}-[a-z2-7]{4})<', body)
    assert len(codes) == 10 == len(set(codes))
    assert 'href="/cases/"' in body
    assert client.get("/").status_code == 200  # this session has given its code
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    # Shown once: the enrolment page now sends to the code page, the codes are not on it.
    again = client.get(reverse("otp_setup"))
    assert again.status_code == 302
    assert codes[0] not in client.get(reverse("otp_recovery_codes")).content.decode()


def test_later_sign_ins_ask_for_the_code_and_refuse_a_wrong_one_in_thai():
    user = UserFactory(
        roles=[Role.AUDITOR], jurisdiction=Jurisdiction.NATION, province=None, agency=None
    )
    secret, _codes = _enrol(Client(), user)
    client = Client()
    home = _password(client, user)
    assert home["Location"] == reverse("otp_verify") + "?next=%2F"
    page = client.get(home["Location"])
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    wrong = "111111" if _code_for(secret) != "111111" else "222222"
    refused = client.post(reverse("otp_verify"), {"otp_token": wrong, "next": "/audit/"})
    assert refused.status_code == 200 and "รหัสไม่ถูกต้อง" in refused.content.decode()
    user.refresh_from_db()
    assert user.failed_login_count == 1
    time.sleep(1.1)  # django-otp waits 1 s after a wrong code before it checks another
    code = _code_for(secret, at=time.time() + 30)
    ok = client.post(reverse("otp_verify"), {"otp_token": code, "next": "/audit/"})
    assert ok.status_code == 302 and ok["Location"] == "/audit/"
    user.refresh_from_db()
    assert user.failed_login_count == 0
    assert client.get("/audit/").status_code == 200
    # The same code again (another session, a replay) is refused.
    thief = Client()
    _password(thief, user)
    replay = thief.post(reverse("otp_verify"), {"otp_token": code})
    assert replay.status_code == 200 and thief.get("/audit/").status_code == 302


def test_a_recovery_code_works_once_in_any_spelling():
    user = UserFactory(
        roles=[Role.CENTRAL_OFFICER], jurisdiction=Jurisdiction.NATION, province=None
    )
    _secret, codes = _enrol(Client(), user)
    first = Client()
    _password(first, user)
    typed = " " + codes[3].upper() + " "
    assert first.post(reverse("otp_verify"), {"otp_token": typed})["Location"] == "/"
    assert otp.recovery_codes_left(user) == 9
    second = Client()
    _password(second, user)
    again = second.post(reverse("otp_verify"), {"otp_token": codes[3]})
    assert again.status_code == 200 and second.get("/").status_code == 302


def test_wrong_codes_lock_the_account_and_the_password_does_not_reset_the_count(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the lockout is what is tested, not django-otp's wait
    user = UserFactory(roles=[Role.MDT_MEMBER])
    secret, _codes = _enrol(Client(), user)
    wrong = next(c for c in ("123456", "654321", "999999") if c != _code_for(secret))
    client = Client()
    _password(client, user)
    for _ in range(3):
        client.post(reverse("otp_verify"), {"otp_token": wrong})
    # Signing in again with the right password keeps the count of wrong codes.
    client = Client()
    _password(client, user)
    user.refresh_from_db()
    assert user.failed_login_count == 3
    client.post(reverse("otp_verify"), {"otp_token": wrong})
    last = client.post(reverse("otp_verify"), {"otp_token": wrong})
    assert last.status_code == 302 and last["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.is_locked
    assert "_auth_user_id" not in client.session  # signed out
    page = client.get(reverse("login")).content.decode()
    assert "ล็อก" in page
    # The right password is now refused as for any locked account.
    refused = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert refused.status_code == 200


def test_an_enrolled_account_cannot_enrol_another_app_before_the_code():
    user = UserFactory(roles=[Role.CASE_WORKER])
    _enrol(Client(), user)
    intruder = Client()  # has the password, not the phone
    _password(intruder, user)
    assert intruder.get(reverse("otp_setup"))["Location"].startswith(reverse("otp_verify"))
    intruder.post(reverse("otp_setup"), {"otp_token": "123456"})
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert intruder.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones():
    user = UserFactory(roles=[Role.PROVINCIAL_SUPERVISOR])
    client = Client()
    _secret, old = _enrol(client, user)
    page = client.get(reverse("otp_recovery_codes"))
    assert page.status_code == 200 and "10" in page.content.decode()
    home = client.get("/").content.decode()
    assert reverse("otp_recovery_codes") in home  # reachable from the account menu
    renewed = client.post(reverse("otp_recovery_codes"))
    new = re.findall(r'class="recovery-code">([a-z2-7]{4}-[a-z2-7]{4})<', renewed.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=user).count() == 10
    other = Client()
    _password(other, user)
    assert other.post(reverse("otp_verify"), {"otp_token": old[0]}).status_code == 200
    time.sleep(1.1)
    assert other.post(reverse("otp_verify"), {"otp_token": new[0]}).status_code == 302


def test_recovery_codes_page_needs_the_code_first(unverified_client):
    user = UserFactory(roles=[Role.CASE_WORKER])
    TOTPDevice.objects.create(user=user, confirmed=True)
    unverified_client.force_login(user)
    response = unverified_client.post(reverse("otp_recovery_codes"))
    assert response.status_code == 302 and response["Location"] == reverse("otp_verify")
    assert not StaticToken.objects.filter(device__user=user).exists()


def test_next_never_leaves_the_site():
    user = UserFactory(roles=[Role.CASE_WORKER])
    secret, _codes = _enrol(Client(), user)
    client = Client()
    _password(client, user)
    response = client.post(
        reverse("otp_verify"),
        {"otp_token": _code_for(secret, at=time.time() + 30), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_demo_accounts_are_enrolled_with_a_printed_secret(monkeypatch):
    from saphan.orgs.reference import load_reference
    from saphan.site.demo import ensure_demo_data

    monkeypatch.setenv(otp.DEMO_TOTP_SEED_ENV, "seed-for-this-test")
    monkeypatch.setenv("SAPHAN_DEMO_PASSWORD", TEST_PASSWORD)
    load_reference()
    summary = ensure_demo_data()
    enrolled = otp.demo_enrol(accounts=summary.accounts)
    names = {e.username for e in enrolled}
    assert {"admin", "auditor", "central.datip", "region.northeast", "cw.khonkaen",
            "sup.tak", "police.songkhla"} <= names  # fmt: skip
    assert not names & {"km.central", "vol.khonkaen", "youth.khonkaen"}
    printed = otp.format_demo_second_factor(enrolled)
    line = next(x for x in printed.splitlines() if x.strip().startswith("cw.khonkaen "))
    secret = re.search(r"cw\.khonkaen\s+([A-Z2-7 ]+?)\s+otpauth://", line)[1]
    assert "otpauth://totp/Saphan%3Acw.khonkaen?secret=" in line
    assert otp.DEMO_TOTP_SEED_ENV in printed and "demo_totp_code" in printed
    # Rerun: the same secret (an app that added it keeps working), one device per account.
    again = otp.demo_enrol(accounts=summary.accounts)
    assert {e.secret for e in again} == {e.secret for e in enrolled}
    assert TOTPDevice.objects.filter(user__username="cw.khonkaen").count() == 1
    # Sign in as a person trying the demo: password, then the code of the printed secret.
    client = Client()
    response = client.post(reverse("login"), {"username": "cw.khonkaen", "password": TEST_PASSWORD})
    assert client.get(response["Location"])["Location"].startswith(reverse("otp_verify"))
    ok = client.post(reverse("otp_verify"), {"otp_token": _code_for(secret)})
    assert ok.status_code == 302 and client.get("/").status_code == 200


def test_demo_totp_code_command_prints_a_working_code_for_demo_accounts_only(monkeypatch):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    monkeypatch.setenv(otp.DEMO_TOTP_SEED_ENV, "seed-for-this-test")
    demo = UserFactory(username="cw.demo", is_demo=True)
    otp.demo_enrol(accounts=[demo])
    out = StringIO()
    call_command("demo_totp_code", "cw.demo", stdout=out)
    code = re.search(r"\b(\d{6})\b", out.getvalue())[1]
    assert otp.verify(user=demo, token=code).device is not None
    real = UserFactory(username="cw.real")
    TOTPDevice.objects.create(user=real, confirmed=True)
    with pytest.raises(CommandError):
        call_command("demo_totp_code", "cw.real", stdout=StringIO())


def test_the_otp_settings_hold():
    assert settings.OTP_TOTP_ISSUER == "Saphan"
    assert settings.OTP_TOTP_SYNC is False
    order = settings.MIDDLEWARE
    assert order.index("django_otp.middleware.OTPMiddleware") < order.index(
        "saphan.orgs.middleware.SecondFactorMiddleware"
    )


def test_load_demo_prints_how_to_pass_the_second_factor(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from saphan.orgs.reference import load_reference

    monkeypatch.setenv(otp.DEMO_TOTP_SEED_ENV, "seed-for-this-test")
    monkeypatch.setenv("SAPHAN_DEMO_PASSWORD", TEST_PASSWORD)
    load_reference()
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert TEST_PASSWORD in printed
    assert "otpauth://totp/Saphan%3Aadmin?secret=" in printed
    assert "otpauth://totp/Saphan%3Asup.bangkok?secret=" in printed
    assert "Saphan%3Avol.khonkaen" not in printed


def test_a_lost_phone_is_reset_by_the_administrator_and_enrolled_again():
    from io import StringIO

    from django.core.management import call_command

    user = UserFactory(roles=[Role.CASE_WORKER])
    signed_in = Client()
    _enrol(signed_in, user)
    assert signed_in.get("/").status_code == 200
    call_command("reset_second_factor", user.username, stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert signed_in.get("/").status_code == 302  # that session has ended
    again = Client()
    _secret, codes = _enrol(again, user)
    assert len(codes) == 10 and again.get("/").status_code == 200
