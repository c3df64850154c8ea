"""Who saw what. Changes are kept by pghistory's triggers; reads are kept here, each row chained
to the previous one by a SHA-256 hash so that a removed or edited row is detectable."""

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    """What a row of the read log records. Rows written before outcomes existed are "seen"."""

    SEEN = "seen", _("Seen")
    REFUSED = "refused", pgettext_lazy("access to a record", "Refused")
    EXPORT = "export", _("Export")
    SEARCH = "search", _("Audit search")
    HINT = "hint", _("Duplicate-check hint")
    HINT_WITHHELD = "hint_withheld", _("Hint withheld (limit reached)")


class ReadAccess(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    username = models.CharField(_("username"), max_length=150)
    record_type = models.CharField(_("record type"), max_length=100)
    record_id = models.CharField(_("record"), max_length=100)
    record_label = models.CharField(_("record label"), max_length=200, blank=True)
    scope = models.CharField(_("under which scope"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.SEEN
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("read access")
        verbose_name_plural = _("read accesses")
        triggers = [
            # Append-only: the application can never edit or remove a row; only someone who
            # disables the trigger can, and the hash chain then shows where.
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]
        indexes = [
            models.Index(fields=["record_type", "record_id"]),
            models.Index(fields=["username", "at"]),
            models.Index(fields=["outcome", "user", "at"], name="audit_read_outcome_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.record_type} {self.record_id}"


class SealedExport(models.Model):
    """A file with personal data waiting for its one download: an AES-256 ZIP whose password
    was shown once to the person who made it and is kept nowhere. The link works for that
    person only, once, until ``expires_at``; the file is removed when it is fetched or expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    kind = models.CharField(_("what"), max_length=60)
    file_name = models.CharField(_("file name"), max_length=200)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("link expires"))
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sealed export")
        verbose_name_plural = _("sealed exports")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"
