"""Who saw what. Changes are kept by pghistory's triggers; reads are kept here, each row chained
to the previous one by a SHA-256 hash so that a removed or edited row is detectable."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.record_type} {self.record_id}"
