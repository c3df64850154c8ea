"""Sign-in and passwords that cannot be turned: lockout answers alike for existing and unknown
usernames; a forgotten password is reset by its owner by e-mail and the owner is told of every
change; the Django admin gives no superuser, staff flag, permission or password."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import translation

from saphan.orgs.models import User
from saphan.orgs.roles import Jurisdiction, Role
from saphan.orgs.tests.factories import TEST_PASSWORD, UserFactory

NEW_PASSWORD = "ริมโขง-ไผ่เขียว-2569"


def _answers(client, username: str, n: int = 7) -> list[str]:
    """The error text of each of n wrong sign-ins, the lock's time taken out."""
    out = []
    for _ in range(n):
        r = client.post(reverse("login"), {"username": username, "password": "wrong-password!"})
        assert r.status_code == 200
        text = " ".join(str(e) for e in r.context["form"].non_field_errors())
        out.append(re.sub(r"\d", "9", text))
    return out


def test_lockout_answers_alike_for_existing_and_unknown_usernames(client, db):
    UserFactory(username="real.user")
    with translation.override("th"):
        real = _answers(client, "real.user")
        ghost = _answers(client, "ghost.user")
    assert real == ghost
    assert "ถูกล็อก" in real[-1] and "ถูกล็อก" not in real[0]
    # After the lock even the right password is refused, with the same words.
    r = client.post(reverse("login"), {"username": "real.user", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session and "ถูกล็อก" in r.text


@pytest.fixture
def owner(db):
    return UserFactory(username="owner.kk", email="owner@example.org")


def test_forgotten_password_is_reset_by_the_owner_through_email(
    client, owner, django_capture_on_commit_callbacks
):
    page = client.get(reverse("login"))
    assert reverse("password_reset") in page.text
    r = client.post(reverse("password_reset"), {"email": "owner@example.org"})
    assert r.status_code == 302 and r["Location"] == reverse("password_reset_done")
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and 'id="password-reset-confirm-form"' in form.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    # The owner is told the password changed.
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["owner@example.org"]
    assert "รหัสผ่าน" in mail.outbox[1].subject
    # The link worked once.
    again = client.get(link.group(1), follow=True)
    assert 'id="link-invalid"' in again.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, owner):
    r = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert r.status_code == 302 and r["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_password_change_tells_the_owner(client, owner, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("password_change"),
            {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD,
             "new_password2": NEW_PASSWORD},
        )  # fmt: skip
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]


def test_a_bad_reset_link_is_a_page_not_an_error(client, db):
    r = client.get("/accounts/password/reset/bm90LWEtdXVpZA/abc-123/")
    assert r.status_code == 200 and 'id="link-invalid"' in r.text


# --- the Django admin --------------------------------------------------------------------------
def test_django_admin_user_form_gives_no_superuser_permissions_roles_or_password(client, demo):
    client.force_login(demo)
    target = User.objects.get(username="cw.khonkaen")
    url = reverse("admin:orgs_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    for name in ("is_superuser", "is_staff", "user_permissions", "groups", "roles",
                 "province", "jurisdiction", "agency"):  # fmt: skip
        assert f'name="{name}"' not in page.text, name
    perm = Permission.objects.get(codename="change_user")
    r = client.post(url, {
        "username": target.username, "first_name": "ก", "last_name": "ข", "name_en": "",
        "email": target.email, "is_active": "on", "language": "", "failed_login_count": "0",
        "is_superuser": "on", "is_staff": "on", "user_permissions": [perm.pk],
        "roles": "provincial_supervisor", "province": "10", "jurisdiction": "nation",
    })  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:3000]
    target.refresh_from_db()
    assert target.first_name == "ก"
    assert not target.is_superuser and not target.is_staff
    assert not target.user_permissions.exists()
    assert target.roles == [Role.CASE_WORKER] and target.province_id == "40"


def test_django_admin_add_no_longer_fails_and_sends_to_the_account_pages(client, demo):
    client.force_login(demo)
    before = User.objects.count()
    r = client.post(
        reverse("admin:orgs_user_add"),
        {"username": "new.one", "password1": "x-Very-Long-2569", "password2": "x-Very-Long-2569",
         "usable_password": "true"},
    )  # fmt: skip
    assert r.status_code == 302 and r["Location"] == reverse("accounts:new")
    assert User.objects.count() == before


def test_the_administrator_cannot_open_a_staff_members_set_password_form(client, demo):
    client.force_login(demo)
    target = User.objects.get(username="sup.bangkok")
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.get(url).status_code == 403
    r = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 403
    target.refresh_from_db()
    assert not target.check_password(NEW_PASSWORD)


def test_central_and_national_accounts_are_not_network_accounts(db):
    from saphan.orgs.services_accounts import is_network_account

    vol = UserFactory(username="v1", roles=[Role.VOLUNTEER], agency=None)
    assert is_network_account(vol, province_id=vol.province_id)
    assert not is_network_account(vol, province_id="10" if vol.province_id != "10" else "40")
    nat = UserFactory(username="n1", roles=[Role.VOLUNTEER], agency=None, province=None,
                      jurisdiction=Jurisdiction.NATION)  # fmt: skip
    assert not is_network_account(nat, province_id=None)
    staffy = UserFactory(username="v2", roles=[Role.VOLUNTEER], agency=None, is_staff=True)
    assert not is_network_account(staffy, province_id=staffy.province_id)


def test_the_reset_link_goes_through_a_real_smtp_server(client, owner, smtp_server):
    """With SMTP configured (SAPHAN_EMAIL_HOST), the owner's link leaves through a real SMTP
    conversation: an aiosmtpd server on 127.0.0.1 receives it."""
    r = client.post(reverse("password_reset"), {"email": "owner@example.org"})
    assert r.status_code == 302
    received = smtp_server.wait_for(1, timeout=5)
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "owner@example.org"
    assert "/accounts/password/reset/" in smtp_server.text(message)
