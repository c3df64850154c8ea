import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from saphan.network.models import NetworkMember
from saphan.network.services import set_password_link
from saphan.network.services.passwords import tokens, user_for_link
from saphan.network.views import _client_address

NEW_PASSWORD = "ไผ่เขียว-ริมโขง-2567"


@pytest.fixture
def member(net):
    m = NetworkMember.objects.get(user=net["vol"])
    m.user.set_unusable_password()  # imported: no password yet
    m.user.save()
    return m


def test_the_coordinator_gets_a_one_time_link_and_the_volunteer_sets_a_password(
    client, net, member
):
    for who in ("vol", "youth", "cw_tak", "central"):  # not the member's own province's staff
        with pytest.raises(PermissionDenied):
            set_password_link(actor=net[who], member=member)
    link = set_password_link(actor=net["cw"], member=member)
    assert link.expires_on == timezone.localdate() + dt.timedelta(days=7)
    # The coordinator's page shows the full link to print or send.
    client.force_login(net["cw"])
    page = client.post(reverse("network:password_link", args=[member.pk]))
    assert page.status_code == 200 and "/network/password/" in page.text
    client.logout()
    form = client.get(link.path)
    assert form.status_code == 200 and member.user.username in form.text
    weak = client.post(link.path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and 'id="set-password-form"' in weak.text
    done = client.post(link.path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    member.user.refresh_from_db()
    assert member.user.check_password(NEW_PASSWORD)
    # Used once: the same link no longer works.
    again = client.get(link.path)
    assert again.status_code == 404 and "link-invalid" in again.text
    assert client.login(username=member.user.username, password=NEW_PASSWORD)


def test_the_link_expires_and_is_only_for_network_members(net, member, monkeypatch):
    link = set_password_link(actor=net["cw"], member=member)
    uid, token = link.path.rstrip("/").split("/")[-2:]
    assert user_for_link(uid, token) == member.user
    later = tokens._now() + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(tokens, "_now", lambda: later)
    assert user_for_link(uid, token) is None
    monkeypatch.undo()
    assert user_for_link(uid, token + "x") is None
    assert user_for_link("garbage", token) is None
    # A staff account has no such link, whatever the token says.
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    cw = net["cw"]
    assert user_for_link(urlsafe_base64_encode(force_bytes(cw.pk)), tokens.make_token(cw)) is None


def _request(remote="203.0.113.9", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().post("/network/tip/", **meta)


def test_forwarded_for_is_ignored_without_trusted_proxies():
    assert _client_address(_request(xff="1.2.3.4")) == "203.0.113.9"


@override_settings(SAPHAN_TRUSTED_PROXIES=1)
def test_one_trusted_proxy_gives_the_address_it_saw():
    # The client wrote "6.6.6.6" itself; the proxy appended the address it received from.
    assert _client_address(_request(remote="10.0.0.5", xff="6.6.6.6, 198.51.100.7")) == (
        "198.51.100.7"
    )
    assert _client_address(_request(remote="10.0.0.5")) == "10.0.0.5"


@override_settings(SAPHAN_TRUSTED_PROXIES=2)
def test_two_trusted_proxies():
    req = _request(remote="10.0.0.5", xff="6.6.6.6, 198.51.100.7, 10.0.0.4")
    assert _client_address(req) == "198.51.100.7"
    assert _client_address(_request(remote="10.0.0.5", xff="198.51.100.7")) == "10.0.0.5"


def test_the_sign_in_page_links_to_the_public_tip_form(client, db):
    page = client.get(reverse("login"))
    assert reverse("network:public_tip") in page.text
