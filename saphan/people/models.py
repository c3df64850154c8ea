"""Persons: names in several scripts, identity documents, contacts and their matching keys.

Identity (names, documents, contacts, photo, address) is shown only where orgs/access.py says
the actor may see identity for one of the person's cases; every read goes through
people/selectors.py and is logged. Writes go through people/services.py, which keeps the
derived matching keys of every name and the person's version.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core import uploads
from saphan.core.models import BaseModel

from .codes import COUNTRY_CHOICES, LANGUAGE_CHOICES
from .keys import NameScript

PHOTO_MAX_BYTES = 5 * 1024 * 1024
MAX_AGE = 120


class Sex(models.TextChoices):
    """HTCDS prs_Gender."""

    FEMININE = "Feminine", _("Female")
    MASCULINE = "Masculine", _("Male")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender woman")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender man")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    NON_SPECIFIED_UNKNOWN = "NonSpecifiedUnknown", _("Not specified or unknown")


class BirthDatePrecision(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    EXACT = "exact", _("Exact date")
    YEAR = "year", _("Year only")
    ESTIMATED = "estimated", _("Estimated age")


def validate_photo(upload) -> None:
    """A JPEG or PNG of at most 5 MB, recognised by its first bytes, not by its name."""
    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s MB); the limit is 5 MB."),
            code="photo_too_large",
            params={"size": f"{size / 1024 / 1024:.1f}"},
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    upload.seek(0)
    head = upload.read(8)
    if position is not None:
        upload.seek(position)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValidationError(
            _("The photo must be a JPEG or PNG picture."), code="photo_wrong_type"
        )
    # the first bytes are not enough: the picture must decode (saphan/core/uploads.py)
    try:
        uploads.check_image("JPEG" if head.startswith(b"\xff\xd8\xff") else "PNG")(upload)
    except ValidationError as error:
        raise ValidationError(error.messages[0], code="photo_wrong_type") from None
    if position is not None:
        upload.seek(position)


def photo_path(instance, filename: str) -> str:
    # A random name: the file name a phone gives a photo can carry the person's name.
    ext = "png" if filename.lower().endswith(".png") else "jpg"
    return f"people/photos/{uuid.uuid4().hex}.{ext}"


class GuardianRelationship(models.TextChoices):
    """Who holds a child's guardianship (ผู้ปกครอง) while the case runs."""

    PARENT = "parent", _("Parent")
    RELATIVE = "relative", _("Relative")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian appointed by a court")
    STATE = "state", _("The state: shelter or social worker acting as guardian")
    OTHER = "other", _("Other")


ADULT_AGE = 18


village_code_validator = RegexValidator(
    r"^\d{8}$", _("A village code has 8 digits (DOPA code of the subdistrict + village number).")
)


@pghistory.track()
class Person(BaseModel):
    """A person in one or more cases: victim, family member or witness."""

    # The primary name, kept in step with the PersonName marked primary by people/services.py;
    # lists, case pages and logs show it.
    full_name = models.CharField(_("name as given"), max_length=300)
    sex = models.CharField(
        _("sex"), max_length=30, choices=Sex.choices, default=Sex.NON_SPECIFIED_UNKNOWN
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("date of birth is"),
        max_length=20,
        choices=BirthDatePrecision.choices,
        default=BirthDatePrecision.UNKNOWN,
    )
    age_estimate_min = models.PositiveSmallIntegerField(
        _("estimated age from"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_estimate_max = models.PositiveSmallIntegerField(
        _("estimated age to"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)]
    )
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    citizenships = ArrayField(
        models.CharField(max_length=2, choices=COUNTRY_CHOICES),
        verbose_name=_("citizenships"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=3, choices=LANGUAGE_CHOICES),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    home_province = models.ForeignKey(
        "geo.Province",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home province"),
    )
    home_district = models.ForeignKey(
        "geo.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home district"),
    )
    home_subdistrict = models.ForeignKey(
        "geo.Subdistrict",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home subdistrict"),
    )
    # Not a foreign key: the 75,000 villages are not all loaded; the DOPA code is still exact.
    home_village_code = models.CharField(
        _("home village (DOPA code)"),
        max_length=8,
        blank=True,
        validators=[village_code_validator],
    )
    address = models.TextField(_("address"), blank=True)
    photo = models.FileField(
        _("photo"), upload_to=photo_path, blank=True, validators=[validate_photo]
    )
    # For a child (under 18 by the birth date, or possibly so by the estimate): who holds
    # guardianship while the case runs, and the worker's note on the child's best interests.
    guardian_name = models.CharField(_("guardian's name"), max_length=300, blank=True)
    guardian_relationship = models.CharField(
        _("guardian is"), max_length=30, choices=GuardianRelationship.choices, blank=True
    )
    guardian_contact = models.CharField(_("guardian's contact"), max_length=200, blank=True)
    best_interests_note = models.TextField(_("best interests of the child"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)
    # Set when a supervisor merged this person into another (people/merging.py): every name,
    # document, contact and case link moved there; this row stays, hidden, for the undo.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="absorbed_persons",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_estimate_min__isnull=True)
                | models.Q(age_estimate_max__isnull=True)
                | models.Q(age_estimate_min__lte=models.F("age_estimate_max")),
                name="person_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        precision = self.birth_date_precision
        has_ages = self.age_estimate_min is not None or self.age_estimate_max is not None
        if self.birth_date and self.birth_date > timezone.localdate():
            errors.setdefault("birth_date", []).append(
                _("A date of birth cannot be in the future.")
            )
        if precision in (BirthDatePrecision.EXACT, BirthDatePrecision.YEAR):
            if not self.birth_date:
                errors.setdefault("birth_date", []).append(_("Enter the date of birth."))
            if has_ages:
                errors.setdefault("age_estimate_min", []).append(
                    _("An estimated age is only for a person whose date of birth is not known.")
                )
        elif precision == BirthDatePrecision.ESTIMATED:
            if self.age_estimate_min is None or self.age_estimate_max is None:
                errors.setdefault("age_estimate_min", []).append(
                    _("Enter the estimated age as a range, for example 15 to 17.")
                )
            elif self.age_estimate_min > self.age_estimate_max:
                errors.setdefault("age_estimate_max", []).append(
                    _("The upper age is lower than the lower age.")
                )
        else:  # unknown
            if self.birth_date or has_ages:
                errors.setdefault("birth_date_precision", []).append(
                    _("Say whether the date of birth is exact, a year only or an estimate.")
                )
        if self.home_district_id and self.home_province_id:
            if not self.home_district_id.startswith(self.home_province_id):
                errors.setdefault("home_district", []).append(
                    _("This district is not in the home province.")
                )
        if self.home_subdistrict_id and self.home_district_id:
            if not self.home_subdistrict_id.startswith(self.home_district_id):
                errors.setdefault("home_subdistrict", []).append(
                    _("This subdistrict is not in the home district.")
                )
        if self.home_village_code and self.home_subdistrict_id:
            if not self.home_village_code.startswith(self.home_subdistrict_id):
                errors.setdefault("home_village_code", []).append(
                    _("This village code is not in the home subdistrict.")
                )
        if errors:
            raise ValidationError(errors)

    def birth_year_range(self) -> tuple[int, int] | None:
        """The years the person may have been born in, from whatever is known."""
        if self.birth_date_precision in (BirthDatePrecision.EXACT, BirthDatePrecision.YEAR):
            if self.birth_date:
                return self.birth_date.year, self.birth_date.year
            return None
        if self.birth_date_precision == BirthDatePrecision.ESTIMATED and (
            self.age_estimate_min is not None and self.age_estimate_max is not None
        ):
            on = self.age_estimated_on or (
                timezone.localtime(self.created_at).date()
                if self.created_at
                else timezone.localdate()
            )
            # Aged a at date `on` means born between on - (a+1) years and on - a years.
            return on.year - self.age_estimate_max - 1, on.year - self.age_estimate_min
        return None

    def age_range_on(self, day: dt.date | None = None) -> tuple[int, int] | None:
        """The youngest and oldest the person can be on ``day`` (today), from what is known."""
        day = day or timezone.localdate()
        exact = self.age_on(day)
        if exact is not None:
            return exact, exact
        years = self.birth_year_range()
        if years is None:
            return None
        # Born in year y: aged day.year - y - 1 or day.year - y on ``day``.
        return max(day.year - years[1] - 1, 0), max(day.year - years[0], 0)

    def is_child(self, day: dt.date | None = None) -> bool:
        """Under 18 by the birth date, or possibly so by the estimate: a person whose age is
        in doubt is treated as a child until known otherwise."""
        ages = self.age_range_on(day)
        return ages is not None and ages[0] < ADULT_AGE

    def is_adult(self, day: dt.date | None = None) -> bool:
        """Certainly 18 or older."""
        ages = self.age_range_on(day)
        return ages is not None and ages[0] >= ADULT_AGE

    def age_on(self, day: dt.date | None = None) -> int | None:
        """Whole years on ``day`` (today) when the birth date is exact, else None."""
        if self.birth_date_precision != BirthDatePrecision.EXACT or not self.birth_date:
            return None
        day = day or timezone.localdate()
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@pghistory.track()
class PersonName(BaseModel):
    """One name of a person as written somewhere (an ID card, a passport, what they said),
    with its matching keys. The keys are derived: people/services.py rewrites them on every
    write, so they are never edited by hand."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    script = models.CharField(
        _("script"), max_length=20, choices=NameScript.choices, default=NameScript.THAI
    )
    full_name = models.CharField(_("full name"), max_length=300)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    is_primary = models.BooleanField(_("primary name"), default=False)
    # Derived matching keys (people/keys.py).
    normalized = models.TextField(editable=False, default="")
    tokens = ArrayField(models.TextField(), default=list, editable=False)
    udom83 = ArrayField(models.TextField(), default=list, editable=False)
    lk82 = ArrayField(models.TextField(), default=list, editable=False)
    latin_keys = ArrayField(models.TextField(), default=list, editable=False)
    # Each word and its forms with one letter left out (people/keys.py typo_keys).
    typo_keys = ArrayField(models.TextField(), default=list, editable=False)
    romanized = models.TextField(editable=False, default="")
    # Each word's sound in a form common to every script (people/phonetic.py), aligned with
    # the words, and the blocking keys made of it and the person's date of birth
    # (keys.block_keys): people/services.py rewrites both when the name or the date changes.
    phonetic = ArrayField(models.TextField(), default=list, editable=False)
    block_keys = ArrayField(models.TextField(), default=list, editable=False)

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names")
        ordering = ["-is_primary", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(is_primary=True),
                name="person_one_primary_name",
            )
        ]
        indexes = [
            # fastupdate off: a new name goes into the index at once, not into a pending list
            # that every duplicate check reads until a vacuum merges it (at 1,000,000 persons
            # 12,000 new names made the check three to four times slower; autovacuum waits for
            # 300,000 inserts). An intake waits a few milliseconds more, once.
            GinIndex(
                fields=["normalized"],
                opclasses=["gin_trgm_ops"],
                name="personname_norm_trgm",
                fastupdate=False,
            ),
            GinIndex(
                fields=["romanized"],
                opclasses=["gin_trgm_ops"],
                name="personname_roman_trgm",
                fastupdate=False,
            ),
            # Every matching key of the name in one GIN index (see keys.MATCH_KEYS_SQL): a
            # word is one index probe and two words one scan, not a tree of bitmaps.
            GinIndex(
                models.Func(
                    "udom83",
                    "lk82",
                    "latin_keys",
                    "typo_keys",
                    function="saphan_match_keys",
                    output_field=ArrayField(models.TextField()),
                ),
                name="personname_match",
                fastupdate=False,
            ),
            GinIndex(fields=["block_keys"], name="personname_block", fastupdate=False),
        ]

    def __str__(self) -> str:
        return self.full_name


class ProfilePart(models.TextChoices):
    """The parts of a person's record a timeline line says were changed (never their values)."""

    NAMES = "names", _("names")
    DETAILS = "details", _("personal details")
    ADDRESS = "address", _("home address")
    DOCUMENTS = "documents", _("identity documents")
    CONTACTS = "contacts", _("contacts")
    PHOTO = "photo", _("photo")
    GUARDIAN = "guardian", _("guardian and best interests")


class NameKeyFrequency(models.Model):
    """How many names hold each blocking key (keys.block_keys), and each word's folded Latin
    spelling (prefixed ``l``), held by at least ``FREQUENT`` names; the key ``#`` holds the
    number of names. Rebuilt by
    ``manage.py name_key_frequencies`` (people/services.py name_key_frequencies_refresh): the
    duplicate check reads it to leave out of its probe a key too common to narrow anything
    and to weigh a shared word by how rare it is (people/weights.py)."""

    FREQUENT = 20
    TOTAL = "#"
    LATIN = "l"  # the prefix of a word's folded Latin spelling (WordKeys.latin)

    key = models.TextField(primary_key=True)
    names = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("name key frequency")
        verbose_name_plural = _("name key frequencies")

    def __str__(self) -> str:
        return f"{self.key}: {self.names}"


class DocumentKind(models.TextChoices):
    THAI_ID = "thai_id", _("Thai ID card (13 digits)")
    PASSPORT = "passport", _("Passport")
    PINK_CARD = "pink_card", _("Pink card (migrant worker card)")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    OTHER = "other", _("Other document")
    NONE = "none", _("No document")


@pghistory.track()
class IdentityDocument(BaseModel):
    """A document the person holds, or the recorded fact that they hold none. Two persons
    with one number are not refused: that is exactly the duplicate the intake check finds."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    # A Thai ID is stored as its 13 digits; other numbers as written, upper case, no spaces.
    number = models.CharField(_("number"), max_length=50, blank=True)
    issuing_country = models.CharField(
        _("issuing country"), max_length=2, choices=COUNTRY_CHOICES, blank=True
    )
    expiry = models.DateField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        indexes = [models.Index(fields=["number", "kind"], name="identitydoc_number")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    LINE = "line", _("LINE")
    FACEBOOK = "facebook", _("Facebook")
    EMAIL = "email", _("Email")
    OTHER = "other", _("Other")


@pghistory.track()
class Contact(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    value = models.CharField(_("contact"), max_length=200)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.get_kind_display()


class PartyRole(models.TextChoices):
    VICTIM = "victim", _("Victim or possible victim")
    FAMILY = "family", _("Family member")
    WITNESS = "witness", _("Witness")


@pghistory.track()
class CaseParty(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="party_once_per_role")
        ]


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")


@pghistory.track()
class AccessRequest(BaseModel):
    """A worker's request to see who a possible duplicate is, found by the intake check in a
    case they cannot open. The supervisor of that case's province decides; a grant is a
    need-to-know CaseAccess row with identity, so access.py stays the only gate."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="people_access_requests",
        verbose_name=_("requested by"),
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="access_requests")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="people_access_requests",
        verbose_name=_("case"),
    )
    reason = models.TextField(_("why access is needed"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    grant = models.ForeignKey(
        "cases.CaseAccess", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request to see a person")
        verbose_name_plural = _("requests to see a person")
        ordering = ["-created_at"]
        constraints = [
            # Asking twice (a double click, a second check) adds nothing to the queue.
            models.UniqueConstraint(
                fields=["requester", "case", "person"],
                condition=models.Q(status="pending"),
                name="one_pending_access_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_status_display()}"


# --- same person: merges and the linkage review queue (people/merging.py, linkage.py) --------
@pghistory.track()
class PersonMerge(BaseModel):
    """Two records of one person made one: ``absorbed`` gave every name, document, contact,
    case link and access request to ``survivor``. ``moved`` lists the ids of what moved (and
    what the survivor's record said before it was completed), so that the undo puts back
    exactly the links there were."""

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept")
    )
    absorbed = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="merges_absorbed",
        verbose_name=_("merged into the other"),
    )
    reason = models.TextField(_("why they are the same person"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged by"),
    )
    moved = models.JSONField(default=dict, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undo_reason = models.TextField(_("why the merge was undone"), blank=True)

    class Meta:
        verbose_name = _("merge of two persons")
        verbose_name_plural = _("merges of two persons")
        ordering = ["-created_at"]
        constraints = [
            # A person is absorbed once at a time; an undone merge may be made again.
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=models.Q(undone_at__isnull=True),
                name="person_absorbed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id} → {self.survivor_id}"


class LinkRun(BaseModel):
    """One run of ``manage.py link_persons``: what it read, what it found, the trained model."""

    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    persons = models.PositiveIntegerField(_("persons compared"), default=0)
    pairs_scored = models.PositiveBigIntegerField(_("pairs scored"), default=0)
    pairs_queued = models.PositiveIntegerField(_("pairs put in the review queue"), default=0)
    threshold = models.FloatField(_("review threshold (match probability)"))
    seconds = models.FloatField(_("duration in seconds"), default=0)
    labels_used = models.PositiveIntegerField(_("decisions used for training"), default=0)
    model = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-created_at"]


class LinkPairStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    MERGED = "merged", _("Same person: merged")
    DISMISSED = "dismissed", _("Not the same person")
    SUPERSEDED = "superseded", _("No longer current")


@pghistory.track()
class LinkPair(BaseModel):
    """Two persons the batch linkage finds likely to be one, for a supervisor to review.
    ``person_a`` has the smaller id, so a pair is stored once; a dismissed pair is never
    proposed again."""

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(LinkRun, on_delete=models.PROTECT, related_name="pairs")
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    # Per comparison: its name, the level found and its weight (log2 Bayes factor).
    evidence = models.JSONField(default=list, editable=False)
    provinces = ArrayField(
        models.CharField(max_length=2), default=list, verbose_name=_("provinces concerned")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LinkPairStatus.choices,
        default=LinkPairStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    merge = models.ForeignKey(
        PersonMerge, null=True, blank=True, on_delete=models.PROTECT, related_name="pairs"
    )

    class Meta:
        verbose_name = _("possible duplicate pair")
        verbose_name_plural = _("possible duplicate pairs")
        ordering = ["-match_probability"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="linkpair_once"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="linkpair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.match_probability:.3f})"
