"""The partner API's own records: tokens, idempotency keys, rate windows."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    exclude=["last_used_at"],
)
class ApiToken(models.Model):
    """A named, expiring, revocable secret of one integration account. Only its SHA-256 digest
    is kept; the secret itself is shown once, when it is issued."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("account")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class RateWindow(models.Model):
    """Requests of one token in one minute: counted in the database so that every worker and
    host behind the load balancer shares the same count."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "minute"], name="api_rate_window_once")
        ]

    def __str__(self) -> str:
        return f"{self.token_id} {self.minute:%H:%M} {self.count}"


class IdempotencyKey(models.Model):
    """A POST made once: the same key again with the same body gets the first answer again."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)  # None while the first one runs
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idem_once")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.key}"


class WebhookEvent(models.TextChoices):
    REFERRAL_CREATED = "referral.created", _("Referral created")
    REFERRAL_ANSWERED = "referral.answered", _("Referral answered")
    CASE_PHASE_CHANGED = "case.phase_changed", _("Case phase changed")
    DEADLINE_OVERDUE = "deadline.overdue", _("Deadline overdue")
    TIP_RECEIVED = "tip.received", _("Tip received")


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    exclude=["secret"],
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class WebhookSubscription(models.Model):
    """An integration account's wish to be told of events, at its own URL. Deliveries are
    signed with the subscription's secret (HMAC-SHA256), shown once when it is created."""

    id = models.UUIDField(primary_key=True, default=__import__("uuid").uuid4, editable=False)
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    events = ArrayField(models.CharField(max_length=40, choices=WebhookEvent.choices))
    secret = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one subscriber: what was sent, each attempt's answer, replayable."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed after every retry")

    id = models.UUIDField(primary_key=True, default=__import__("uuid").uuid4, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    event_key = models.CharField(max_length=200)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_key"], name="api_webhook_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id}"
