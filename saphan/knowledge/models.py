"""The knowledge base: the law by section, the manuals as checklists per stage, good practices
(versioned, reviewed), lessons-learned workshops, and one search index over all of them.

Stages are the case phases of ``cases/process.py`` (rule 3: nothing re-encodes them here).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import ExploitationType
from saphan.cases.models import Case
from saphan.cases.process import Phase
from saphan.core.models import BaseModel
from saphan.geo.models import Province, Region


def _phases(verbose):
    return ArrayField(
        models.CharField(max_length=30, choices=Phase.choices),
        default=list,
        blank=True,
        verbose_name=verbose,
    )


def phase_labels(values) -> list[str]:
    return [str(Phase(v).label) for v in values or [] if v in Phase.values]


def _english() -> bool:
    return (get_language() or "th").startswith("en")


class Law(models.TextChoices):
    ATIP_2551 = "atip_2551", _("Anti-Trafficking in Persons Act B.E. 2551 (2008)")
    ATIP_2558 = "atip_2558", _("Anti-Trafficking in Persons Act (No. 2) B.E. 2558 (2015)")
    ATIP_2560 = "atip_2560", _("Anti-Trafficking in Persons Act (No. 3) B.E. 2560 (2017)")
    DECREE_2562 = (
        "decree_2562",
        _("Emergency Decree amending the Anti-Trafficking in Persons Act B.E. 2562 (2019)"),
    )
    CHILD_2546 = "child_2546", _("Child Protection Act B.E. 2546 (2003)")
    LABOUR_2541 = "labour_2541", _("Labour Protection Act B.E. 2541 (1998)")
    IMMIGRATION_2522 = "immigration_2522", _("Immigration Act B.E. 2522 (1979)")


class LawSection(BaseModel):
    law = models.CharField(_("law"), max_length=30, choices=Law.choices)
    section = models.CharField(_("section"), max_length=20)
    sort_key = models.PositiveIntegerField(default=0)
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    text_th = models.TextField(_("text (Thai)"))
    text_en = models.TextField(_("summary (English)"), blank=True)
    # True: text_th is our faithful summary, not the statute's words; pages say so.
    is_summary = models.BooleanField(_("summary, not the verbatim text"), default=True)
    phases = _phases(_("stages it governs"))

    class Meta:
        ordering = ["law", "sort_key", "section"]
        constraints = [models.UniqueConstraint(fields=["law", "section"], name="law_section_once")]
        verbose_name = _("law section")
        verbose_name_plural = _("law sections")

    @property
    def title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title_th

    @property
    def phase_labels(self) -> list[str]:
        return phase_labels(self.phases)

    def __str__(self) -> str:
        return f"{self.get_law_display()} {self.section}"


class ChecklistItem(BaseModel):
    """One step of the manual at one stage of the process."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    phase = models.CharField(_("stage"), max_length=30, choices=Phase.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text_th = models.CharField(_("step (Thai)"), max_length=300)
    text_en = models.CharField(_("step (English)"), max_length=300)
    help_th = models.TextField(_("guidance (Thai)"), blank=True)
    help_en = models.TextField(_("guidance (English)"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    law_sections = models.ManyToManyField(LawSection, blank=True, related_name="checklist_items")

    class Meta:
        ordering = ["phase", "order"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    @property
    def text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text_th

    @property
    def help(self) -> str:
        return self.help_en if _english() and self.help_en else self.help_th

    def __str__(self) -> str:
        return self.text_th


class ChecklistTick(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist_ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="ticks")
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(_("ticked at"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="checklist_tick_once")]
        verbose_name = _("checklist tick")
        verbose_name_plural = _("checklist ticks")

    def __str__(self) -> str:
        return f"{self.case_id} {self.item_id}"


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


EDITABLE_STATUSES = (PracticeStatus.DRAFT, PracticeStatus.CHANGES_REQUESTED)


class GoodPractice(BaseModel):
    """One version of a good practice. Versions of the same practice share ``lineage``; a
    revision of a published practice is a new row, so the published text never changes."""

    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=300)
    context = models.TextField(_("context"))
    problem = models.TextField(_("problem"))
    action = models.TextField(_("what was done"))
    result = models.TextField(_("result and evidence"))
    reuse_conditions = models.TextField(_("conditions for reuse"))
    phases = _phases(_("stages"))
    exploitation_types = ArrayField(
        models.CharField(max_length=40, choices=ExploitationType.choices),
        default=list,
        blank=True,
        verbose_name=_("forms of exploitation"),
    )
    nationalities = ArrayField(
        models.CharField(max_length=2), default=list, blank=True, verbose_name=_("nationalities")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("province")
    )
    agencies = models.CharField(_("agencies involved"), max_length=500, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    attachment = models.FileField(_("attachment"), upload_to="knowledge/practices/%Y/", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practices"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "version"], name="practice_version_once"),
            models.UniqueConstraint(
                fields=["lineage"],
                condition=models.Q(status="published"),
                name="one_published_version",
            ),
        ]
        indexes = [models.Index(fields=["status", "province"])]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title

    @property
    def phase_labels(self) -> list[str]:
        return phase_labels(self.phases)

    @property
    def nationality_labels(self) -> list[str]:
        """The countries by name in the reader's language (MM → เมียนมา), not the ISO codes."""
        from saphan.people.codes import country_name

        return [country_name(code) for code in self.nationalities]

    @property
    def exploitation_labels(self) -> list[str]:
        return [
            str(ExploitationType(v).label)
            for v in self.exploitation_types
            if v in ExploitationType.values
        ]

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReviewKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    CHANGES = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")
    SUBMITTED = "submitted", _("Sent for review")


class PracticeReview(BaseModel):
    """The conversation about one version: the author's submissions, the reviewer's comments."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    text = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("practice review")
        verbose_name_plural = _("practice reviews")

    def __str__(self) -> str:
        return f"{self.practice_id} {self.kind}"


class PracticeUse(BaseModel):
    """ "We used this": staff of another province report using a practice, with the outcome."""

    lineage = models.UUIDField(db_index=True)
    practice = models.ForeignKey(GoodPractice, on_delete=models.PROTECT, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=500)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["lineage", "user"], name="practice_used_once_per_user")
        ]
        verbose_name = _("practice use")
        verbose_name_plural = _("practice uses")

    def __str__(self) -> str:
        return f"{self.lineage} {self.user_id}"


class Workshop(BaseModel):
    """A lessons-learned workshop (ถอดบทเรียน)."""

    title = models.CharField(_("title"), max_length=300)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    provinces = models.ManyToManyField(Province, related_name="+", verbose_name=_("provinces"))
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"))
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("lessons-learned workshop")
        verbose_name_plural = _("lessons-learned workshops")

    def __str__(self) -> str:
        return self.title


class Lesson(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="lessons")
    phase = models.CharField(_("stage"), max_length=30, choices=Phase.choices)
    what_happened = models.TextField(_("what happened"))
    what_worked = models.TextField(_("what worked"), blank=True)
    what_did_not = models.TextField(_("what did not work"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    class Meta:
        ordering = ["workshop", "phase"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return f"{self.workshop_id} {self.phase}"


class DocKind(models.TextChoices):
    LAW = "law", _("Law section")
    CHECKLIST = "checklist", _("Checklist step")
    LESSON = "lesson", _("Lesson learned")
    PRACTICE = "practice", _("Good practice")


def _letters(outside: str):
    """How many letters of ``tokens`` remain once those matching ``outside`` are removed."""
    return Length(
        Func(F("tokens"), Value(outside), Value(""), Value("g"), function="regexp_replace",
             output_field=models.TextField())
    )  # fmt: skip


class SearchDoc(models.Model):
    """One searchable document, whatever its kind: the tokenised text for full text and
    trigrams, and its multilingual embedding (384 float32, normalised) for cross-language
    search. Written by ``index.py`` whenever the source changes."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=20, choices=DocKind.choices)
    ref = models.UUIDField()
    title = models.CharField(max_length=400)
    body = models.TextField()
    tokens = models.TextField()  # pythainlp newmm tokens joined by spaces
    tsv = models.GeneratedField(
        expression=SearchVector("tokens", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    phases = _phases(_("stages"))
    exploitation_types = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    nationalities = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.SET_NULL)
    date = models.DateField(null=True, blank=True)
    embedding = models.BinaryField(null=True)
    # Letters of each script in the tokens, kept by PostgreSQL at write time: search reads them
    # for every document when it loads its matrix (computing them there took 8 s at 50,000).
    thai_letters = models.GeneratedField(
        expression=_letters("[^\u0e01-\u0e4e]"), output_field=models.IntegerField(), db_persist=True
    )
    latin_letters = models.GeneratedField(
        expression=_letters("[^a-zA-Z]"), output_field=models.IntegerField(), db_persist=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="search_doc_once")]
        indexes = [
            GinIndex(fields=["tsv"], name="search_doc_fts"),
            models.Index(fields=["kind"]),
            models.Index(fields=["updated_at"], name="search_doc_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.title}"


class EmbeddingCache(models.Model):
    """Embeddings of text passages already computed, by the passage's hash."""

    digest = models.CharField(max_length=40, primary_key=True)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return self.digest


class SearchTerm(models.Model):
    """The vocabulary of the index (every token once): where a typed word is not a known word,
    the nearest known words by trigram similarity (pg_trgm, GIN) are searched as well."""

    term = models.CharField(max_length=100, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["term"], name="search_term_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.term
