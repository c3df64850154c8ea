"""Webhooks: events of the case file told to partner systems that subscribed to them.

The lower apps do not know the API exists: this module listens to what they already write (the
case timeline, tips, deadline alerts) and, after the transaction commits, makes one delivery per
subscriber that may see the thing, with only what that subscriber may see (a case code, agency
codes, phases; never a name). The background worker sends each delivery signed with
HMAC-SHA256 over ``"<timestamp>.<body>"`` and retries with back-off; every attempt is kept and a
delivery can be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from saphan.core.effects import after_commit
from saphan.orgs import access

from .models import WebhookDelivery, WebhookEvent, WebhookSubscription

log = logging.getLogger(__name__)
TIMEOUT_S = 10
MAX_ATTEMPTS = 8

TIMELINE_EVENTS = {
    "referral_sent": WebhookEvent.REFERRAL_CREATED,
    "referral_accepted": WebhookEvent.REFERRAL_ANSWERED,
    "referral_declined": WebhookEvent.REFERRAL_ANSWERED,
    "phase_changed": WebhookEvent.CASE_PHASE_CHANGED,
}
SAFE_DATA = {"to_agency", "referral_kind", "referral_reason", "from_phase", "to_phase"}


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, tolerance_s: int = 300) -> bool:
    """What a receiver does (documented in the README): check the signature and its age."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(time.time() - timestamp) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


# --- subscriptions ------------------------------------------------------------------------------
def _check_url(url: str) -> str:
    url = (url or "").strip()
    allow_http = getattr(settings, "SAPHAN_WEBHOOK_ALLOW_HTTP", False)
    if not (url.startswith("https://") or (allow_http and url.startswith("http://"))):
        raise ValidationError({"url": _("A webhook address must start with https://.")})
    return url


@transaction.atomic
def subscription_create(*, actor, url: str, events: list[str]) -> tuple[WebhookSubscription, str]:
    if not events or set(events) - set(WebhookEvent.values):
        raise ValidationError({"events": _("Choose one or more of the events listed.")})
    secret = "whsec_" + secrets.token_urlsafe(32)
    sub = WebhookSubscription.objects.create(
        user=actor, url=_check_url(url), events=sorted(set(events)), secret=secret
    )
    return sub, secret


@transaction.atomic
def subscription_delete(*, actor, subscription: WebhookSubscription) -> None:
    if subscription.user_id != actor.pk:
        raise ValidationError(_("This subscription belongs to another account."))
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=False)


# --- events -------------------------------------------------------------------------------------
def _may_see(sub: WebhookSubscription, event: str, *, case=None, tip=None, to_agency=None) -> bool:
    user = sub.user
    if not user.is_active:
        return False
    if tip is not None:
        return access.triage_tips(user).filter(pk=tip.pk).exists()
    if case is None:
        return False
    if access.can_view_case(user, case):
        return True
    # the receiving agency is told of a referral it has to answer, by case code only
    return (
        event == WebhookEvent.REFERRAL_CREATED
        and to_agency is not None
        and user.agency_id is not None
        and user.agency.code == to_agency
    )


def emit(event: str, *, key: str, occurred_at, data: dict, case=None, tip=None) -> int:
    """Make the deliveries of one event and hand them to the worker; returns how many."""
    made = 0
    subs = WebhookSubscription.objects.filter(is_active=True, events__contains=[event])
    for sub in subs.select_related("user", "user__agency"):
        if not _may_see(sub, event, case=case, tip=tip, to_agency=data.get("to_agency")):
            continue
        delivery_id = uuid.uuid4()
        payload = {
            "id": str(delivery_id),
            "event": event,
            "occurred_at": occurred_at.isoformat(),
            "case": case.code if case is not None else None,
            "data": data,
        }
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(
                    id=delivery_id, subscription=sub, event=event, event_key=key, payload=payload
                )
        except IntegrityError:  # this event was already told to this subscriber
            continue
        deliver.defer(delivery_id=str(delivery_id))
        made += 1
    return made


def on_timeline_event(sender, instance, created, **kwargs):
    event = TIMELINE_EVENTS.get(instance.kind)
    if not created or event is None:
        return
    data = {k: v for k, v in (instance.data or {}).items() if k in SAFE_DATA}
    key = f"timeline:{instance.pk}"

    def later():
        from saphan.cases.models import Case

        case = Case.objects.filter(pk=instance.case_id).first()
        if case is not None:
            emit(event, key=key, occurred_at=instance.at, data=data, case=case)

    after_commit(later)


def on_tip(sender, instance, created, **kwargs):
    if not created:
        return

    def later():
        data = {
            "tracking_code": instance.tracking_code,
            "province": instance.province_id,
            "urgency": instance.urgency,
            "source": instance.source,
        }
        emit(
            WebhookEvent.TIP_RECEIVED, key=f"tip:{instance.pk}", occurred_at=instance.created_at,
            data=data, tip=instance,
        )  # fmt: skip

    after_commit(later)


def on_alert(sender, instance, created, **kwargs):
    """A deadline alert that says overdue: one event per deadline (alerts are one per reader)."""
    parts = (instance.key or "").split(":")
    if not created or len(parts) < 4 or parts[2] != "overdue":
        return
    # an alert names the page it opens: a case's is /cases/<code>/
    link = getattr(instance, "link", "") or ""
    if not link.startswith("/cases/"):
        return
    code = link.split("/")[2]
    kind, subject = parts[0], parts[1]

    def later():
        from saphan.cases.models import Case

        case = Case.objects.filter(code=code).first()
        if case is not None:
            emit(
                WebhookEvent.DEADLINE_OVERDUE, key=f"overdue:{kind}:{subject}",
                occurred_at=timezone.now(), data={"deadline": kind,
                "due_at": instance.due_at.isoformat() if instance.due_at else None}, case=case,
            )  # fmt: skip

    after_commit(later)


# --- delivery -----------------------------------------------------------------------------------
class DeliveryFailed(Exception):
    pass


def attempt(delivery: WebhookDelivery) -> bool:
    """Send once; record the answer. True when the receiver answered 2xx."""
    sub = delivery.subscription
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        sub.url, data=body, method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Saphan-Webhooks/1",
            "Saphan-Event": delivery.event,
            "Saphan-Delivery": str(delivery.id),
            "Saphan-Signature": signature(sub.secret, timestamp, body),
        },
    )  # fmt: skip
    status, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        error = str(getattr(exc, "reason", exc))[:500]
    ok = status is not None and 200 <= status < 300
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=delivery.attempts + 1, last_status_code=status, last_error=error,
        status=WebhookDelivery.Status.DELIVERED if ok else delivery.status,
        delivered_at=timezone.now() if ok else None,
    )  # fmt: skip
    return ok


@app.task(
    queue="webhooks",
    pass_context=True,
    retry=RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=5),
)
def deliver(context, delivery_id: str) -> None:
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == WebhookDelivery.Status.DELIVERED:
        return
    if not delivery.subscription.is_active:
        return
    if attempt(delivery):
        return
    if context.job.attempts + 1 >= MAX_ATTEMPTS:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.FAILED)
        return
    raise DeliveryFailed(f"webhook {delivery_id} not delivered")


@transaction.atomic
def delivery_replay(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    if delivery.subscription.user_id != actor.pk:
        raise ValidationError(_("This delivery belongs to another account."))
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.PENDING)
    after_commit(deliver.defer, delivery_id=str(delivery.pk))
    delivery.refresh_from_db()
    return delivery
