import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every domain record: a UUID key (safe to show, impossible to guess) and its timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The background worker's last sign of life, shown by /healthz."""

    worker = models.CharField(max_length=100, primary_key=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} {self.seen_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """An in-app alert for one person: a deadline due soon or overdue, a decision waiting.

    ``key`` makes an alert happen once: the periodic task may run every few minutes and never
    repeats an alert it already raised for the same deadline, status and person.
    """

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey("orgs.User", on_delete=models.CASCADE, related_name="alerts")
    # The page the alert opens (a case's, a report's), "" for none: core stands below the apps
    # whose records alerts are about and keeps no key to them.
    link = models.CharField(_("link"), max_length=300, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=60)
    level = models.CharField(
        _("level"), max_length=10, default="warning"
    )  # warning | danger | info
    message = models.CharField(_("message"), max_length=500)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    key = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
