"""The network at the root: volunteers (อพม.) and youth-council members by village, the tips and
concerns that reach a province, the visits volunteers make, and the household survey that ranks
where outreach goes first."""

from __future__ import annotations

import secrets
import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import TipSource, Urgency
from saphan.core.models import BaseModel
from saphan.geo.models import District, Province, Subdistrict

USER = settings.AUTH_USER_MODEL


class MemberKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer (อพม.)")
    YOUTH_COUNCIL = "youth_council", _("Children and youth council member")


class NetworkMember(BaseModel):
    """A volunteer or youth-council member: their account, their area, the staff who coordinate
    them. The village is a DOPA code, not a foreign key: the 75,000 villages are not all loaded."""

    user = models.OneToOneField(
        USER, on_delete=models.CASCADE, related_name="network_member", verbose_name=_("account")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="+", verbose_name=_("subdistrict")
    )
    village_code = models.CharField(_("village (DOPA code)"), max_length=8, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    coordinator = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_members",
        verbose_name=_("coordinating staff"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["subdistrict_id", "village_code"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        indexes = [models.Index(fields=["province", "subdistrict", "village_code"])]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def village_number(self) -> int | None:
        return int(self.village_code[6:]) if len(self.village_code) == 8 else None


# Letters and digits that cannot be mistaken for one another when read out on the phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class TipWay(models.TextChoices):
    NETWORK = "network", _("Volunteer or youth-council report")
    PUBLIC = "public", _("Public form")
    HOTLINE = "hotline", _("1300 hotline call")


class TipStatus(models.TextChoices):
    NEW = "new", _("Waiting for review")
    CASE_OPENED = "case_opened", _("A case was opened")
    ATTACHED = "attached", _("Added to an existing case")
    CLOSED = "closed", _("Closed")


class TipCloseReason(models.TextChoices):
    NOT_TRAFFICKING = "not_trafficking", _("Not trafficking: no sign of exploitation")
    REFERRED_SERVICE = "referred_service", _("Passed to another service (welfare, labour, police)")
    INSUFFICIENT = "insufficient", _("Too little to act on")
    DUPLICATE = "duplicate", _("Already reported")
    SPAM = "spam", _("Spam or a prank")


def tip_photo_path(tip: Tip, filename: str) -> str:
    """tip-photos/<tip id>/<random name>.jpg: nothing of the phone's file name is kept."""
    return f"tip-photos/{tip.pk}/{uuid.uuid4().hex}.jpg"


class Tip(BaseModel):
    """A tip or concern waiting for the province's triage. The reporter sees only its status."""

    tracking_code = models.CharField(
        _("tracking code"), max_length=11, unique=True, default=new_tracking_code
    )
    way = models.CharField(_("came in by"), max_length=20, choices=TipWay.choices)
    source = models.CharField(_("source"), max_length=30, choices=TipSource.choices)
    reported_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="tips_reported"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subdistrict"),
    )
    village_code = models.CharField(_("village (DOPA code)"), max_length=8, blank=True)
    place_detail = models.CharField(_("place"), max_length=300, blank=True)
    seen_at = models.DateTimeField(_("when it was seen"))
    description = models.TextField(_("what was seen"))
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    reporter_agrees_to_contact = models.BooleanField(
        _("the reporter agrees to be contacted"), default=False
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TipStatus.choices, default=TipStatus.NEW
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_from = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred from"),
    )
    triage_note = models.TextField(_("triage note"), blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=TipCloseReason.choices, blank=True
    )
    triaged_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A photo from the reporter's phone: re-encoded on arrival (no EXIF, no GPS, no camera
    # serial), served only to those who may triage the tip (views.tip_photo).
    photo = models.FileField(_("photo"), upload_to=tip_photo_path, max_length=300, blank=True)
    # The phone's position, given only with the reporter's consent, rounded to 0.01° (~1 km):
    # enough to send a team to the area, not enough to find the reporter's house.
    latitude = models.DecimalField(
        _("latitude (about 1 km)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude (about 1 km)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # A keyed hash of the sender's address, only to limit how often one address may send.
    sender_key = models.CharField(max_length=64, blank=True, db_index=True)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        indexes = [models.Index(fields=["province", "status", "urgency"])]

    def __str__(self) -> str:
        return self.tracking_code


class VisitKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Follow-up visit of a returned person")
    HOUSEHOLD = "household", _("Household outreach visit")


class VisitStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class RiskFactor(models.TextChoices):
    RECRUITED_ONLINE = "recruited_online", _("A member was recruited abroad through an online ad")
    RECRUITED_BROKER = "recruited_broker", _("A member was recruited abroad through a broker")
    DEBT = "debt", _("Heavy debt")
    SCHOOL_DROPOUT = "school_dropout", _("A child dropped out of school")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence")
    FORMER_VICTIM = "former_victim", _("A member was a victim of trafficking")


class ReferralService(models.TextChoices):
    WELFARE = "welfare", _("Welfare and state welfare card")
    VOCATIONAL = "vocational", _("Vocational training")
    EDUCATION = "education", _("Back to school or scholarship")
    HEALTH = "health", _("Health care")
    JOBS = "jobs", _("Safe job placement (employment office)")
    LEGAL = "legal", _("Legal aid or debt advice")
    PSDHS = "psdhs", _("Social worker of the provincial office")


class Visit(BaseModel):
    """A visit assigned to a volunteer: a returned person's follow-up (with only the name,
    address and purpose the visit needs, copied when it was assigned) or a household's outreach."""

    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    assigned_to = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="network_visits", verbose_name=_("volunteer")
    )
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey(
        "cases.FollowUpVisit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="network_visits",
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "network.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visit_name = models.CharField(_("whom to visit"), max_length=300)
    visit_address = models.TextField(_("address"), blank=True)
    purpose = models.TextField(_("purpose of the visit"))
    due_on = models.DateField(_("visit by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.ASSIGNED
    )
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    findings = models.TextField(_("what you found"), blank=True)
    risk_factors = ArrayField(
        models.CharField(max_length=30, choices=RiskFactor.choices),
        default=list,
        blank=True,
        verbose_name=_("risk factors seen"),
    )
    referrals = ArrayField(
        models.CharField(max_length=30, choices=ReferralService.choices),
        default=list,
        blank=True,
        verbose_name=_("referred to services"),
    )
    awareness_given = models.BooleanField(_("awareness of safe migration given"), default=False)
    # Cancelled (or reassigned: cancelled, and a new visit to another volunteer `replaces` it).
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(_("reason"), blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("reassigned from"),
    )
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["status", "due_on", "created_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["assigned_to", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up"],
                condition=models.Q(status="assigned"),
                name="one_open_assignment_per_follow_up",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status="assigned"),
                name="one_open_assignment_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.visit_name}"


# --- households and targeting -----------------------------------------------------------------


class Household(models.Model):
    """One household of one survey year (จปฐ./TPMAP kind), summarised from its members.

    Integer key and plain codes (no foreign keys to areas): the survey has about 12.8 million
    households and is loaded with COPY. Idempotent by (household id, survey year)."""

    id = models.BigAutoField(primary_key=True)
    # Codes compare byte by byte (collation "C"): the same order for digits and Latin letters,
    # and index builds at national scale sort several times faster than under a locale.
    household_code = models.CharField(_("household id"), max_length=20, db_collation="C")
    survey_year = models.PositiveSmallIntegerField(_("survey year"))
    village_code = models.CharField(_("village (DOPA code)"), max_length=8, db_collation="C")
    subdistrict_code = models.CharField(max_length=6, db_collation="C")
    district_code = models.CharField(max_length=4, db_collation="C")
    province_code = models.CharField(max_length=2, db_collation="C")
    members = models.PositiveSmallIntegerField(_("members"))
    children = models.PositiveSmallIntegerField(_("children under 18"), default=0)
    children_out_of_school = models.PositiveSmallIntegerField(
        _("school-age children out of school"), default=0
    )
    adults_without_work = models.PositiveSmallIntegerField(_("adults without work"), default=0)
    income_per_person = models.IntegerField(_("income per person per year (baht)"))
    deprived_health = models.BooleanField(_("health"), default=False)
    deprived_living = models.BooleanField(_("living conditions"), default=False)
    deprived_education = models.BooleanField(_("education"), default=False)
    deprived_income = models.BooleanField(_("income"), default=False)
    deprived_access = models.BooleanField(_("access to public services"), default=False)
    welfare_card = models.BooleanField(_("state welfare card"), default=False)
    score = models.FloatField(_("risk score"), default=0)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["household_code", "survey_year"], name="household_once_per_year"
            )
        ]
        # A village's list reads its subdistrict's index (a village is a tenth of it); one index
        # fewer to build for 13 million households.
        indexes = [
            models.Index(fields=["subdistrict_code", "-score"]),
            models.Index(fields=["district_code", "-score"]),
        ]

    def __str__(self) -> str:
        return f"{self.household_code}/{self.survey_year}"


@pghistory.track()
class HouseholdFactor(BaseModel):
    """A risk factor a volunteer saw at a household, one row per visit that saw it: who recorded
    it, on which visit (a household's outreach or a returnee's follow-up) and on which day. The
    score counts a factor while one of its rows stands; a volunteer who corrects their visit
    withdraws the rows it no longer holds (kept, with who withdrew them and when)."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="seen_factors",
        verbose_name=_("household"),
    )  # fmt: skip
    factor = models.CharField(_("risk factor"), max_length=30, choices=RiskFactor.choices)
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, related_name="household_factors",
        verbose_name=_("seen on the visit"),
    )  # fmt: skip
    seen_on = models.DateField(_("seen on"))
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-seen_on", "-created_at"]
        verbose_name = _("risk factor seen at a household")
        verbose_name_plural = _("risk factors seen at households")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "factor"], name="household_factor_once_per_visit"
            )
        ]
        indexes = [models.Index(fields=["household", "factor"])]

    def __str__(self) -> str:
        return f"{self.household_id} {self.factor}"


class RiskWeight(models.Model):
    """The weight of each factor in the risk score; set by the central office, shown beside every
    score. Keys are the score's columns (deprivations, welfare, visit factors, victims' village)."""

    key = models.CharField(_("factor"), max_length=40, primary_key=True)
    weight = models.FloatField(_("weight"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("risk weight")
        verbose_name_plural = _("risk weights")

    def __str__(self) -> str:
        return f"{self.key}={self.weight}"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: map the columns")
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Refused: see the errors")


class HouseholdImport(BaseModel):
    """One survey file going through mapping, validation, loading and scoring."""

    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(max_length=500)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    columns = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    rows_total = models.IntegerField(default=0)
    households = models.IntegerField(default=0)
    created = models.IntegerField(default=0)
    updated = models.IntegerField(default=0)
    error_count = models.IntegerField(default=0)
    errors_path = models.CharField(max_length=500, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("household import")
        verbose_name_plural = _("household imports")

    def __str__(self) -> str:
        return self.file_name


# --- the field app's sends from a phone ---------------------------------------------------------


class FieldSubmission(models.Model):
    """A send from the offline field app, kept by the key the phone made for it: a send replayed
    (the signal dropped before the answer came back, the queue retried) gets the first answer
    again and records nothing twice. A send answered with a conflict is not kept, so the
    volunteer's choice can be sent again under the same key."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    kind = models.CharField(max_length=20)  # "visit" or "report"
    object_id = models.UUIDField(null=True)
    answer = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="network_field_submission_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
