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


class AlertChoice(models.TextChoices):
    """Which alerts a person wants sent to them outside the app, on one channel."""

    NONE = "none", _("None")
    OVERDUE = "overdue", _("Overdue deadlines only")
    ALL = "all", _("Every alert")


class MessagePreference(models.Model):
    """One person's choices for messages that reach them outside the app: which alerts by
    e-mail and by LINE, and a daily digest of their Today. No row means nothing is sent."""

    user = models.OneToOneField(
        "orgs.User", on_delete=models.CASCADE, primary_key=True, related_name="message_preference"
    )
    # An address for messages only; empty = the account's own. Kept apart from the account's
    # address, which receives the password links and which the person cannot change.
    email = models.EmailField(_("e-mail address for messages"), blank=True, default="")
    email_alerts = models.CharField(
        _("alerts by e-mail"), max_length=10, choices=AlertChoice.choices, default=AlertChoice.NONE
    )
    line_alerts = models.CharField(
        _("alerts by LINE"), max_length=10, choices=AlertChoice.choices, default=AlertChoice.NONE
    )
    digest_email = models.BooleanField(_("daily digest by e-mail"), default=False)
    digest_line = models.BooleanField(_("daily digest by LINE"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("digest hour"), default=7)  # Bangkok time
    line_user_id = models.CharField(max_length=64, blank=True, default="")
    line_linked_at = models.DateTimeField(null=True, blank=True)
    line_link_code = models.CharField(max_length=12, blank=True, default="")
    line_link_expires = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class OutgoingMessage(models.Model):
    """One message to one person on one channel, kept with its outcome: the worker sends it
    after the commit that made it, retries it, and an administrator sees the ones that failed.

    ``key`` makes a message happen once (an alert once per channel, a digest once a day)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        LINE = "line", _("LINE")

    class Kind(models.TextChoices):
        ALERT = "alert", _("Alert")
        DIGEST = "digest", _("Daily digest")
        LINE_LINKED = "line_linked", _("LINE account linked")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent out")
        FAILED = "failed", _("Failed")

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(
        "orgs.User", on_delete=models.CASCADE, related_name="outgoing_messages"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=300, unique=True)
    # LINE drops a second push with the same retry key: a retried send is never delivered twice.
    retry_key = models.UUIDField(default=uuid.uuid4, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} {self.user_id}"


class SavedFilter(models.Model):
    """A person's named search on a list (its filters as the list's query string), opened
    again in one click. Lists take part by ``saphan.core.saved_filters.register_list``."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey("orgs.User", on_delete=models.CASCADE, related_name="saved_filters")
    page = models.CharField(max_length=60)  # the list's URL name, e.g. "cases:list"
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "name"], name="saved_filter_once")
        ]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One spreadsheet import run by the background worker (the training records, the network's
    members, a province's staff accounts), its progress kept here for the page to show: rows checked out of the total, rows
    written, then the result. One row per form sent: the form's one-time key makes a form sent
    twice (a double click, a resend after a dropped signal) one import."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the rows")
        WRITING = "writing", _("Importing the rows")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Nothing was imported: the file has errors")
        FAILED = "failed", _("Stopped by an unexpected error: nothing was imported")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)  # the importing app's name for it
    started_by = models.ForeignKey("orgs.User", on_delete=models.CASCADE, related_name="+")
    submission_key = models.UUIDField()
    file_name = models.CharField(_("file"), max_length=255)
    # The file itself until the run ends (then emptied): the worker may run on another host.
    data = models.BinaryField(default=b"")
    language = models.CharField(max_length=10, default="th")  # of errors and notes
    # What the form said besides the file (a province, a reason), given to the importer.
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)  # checked, then written
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["started_by", "submission_key"], name="import_run_once")
        ]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.WRITING)

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.REFUSED):
            return 100
        if not self.rows_total:
            return 0
        done = min(self.rows_done, self.rows_total)
        # Checking is the first half of the bar, writing the second.
        half = 50 if self.status == self.Status.WRITING else 0
        return half + round(50 * done / self.rows_total)
