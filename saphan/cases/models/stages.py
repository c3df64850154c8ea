"""Records of the stages in order (DOMAIN.md stages 1-6 and 13). Stages 7-12 run as parallel
tracks in their own modules."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import District, Province, Subdistrict
from saphan.orgs.models import Agency
from saphan.people.models import Sex

from ..enums import (
    Channel,
    ClosureReason,
    DecisionBasis,
    DecisionOrg,
    ExploitationType,
    ForcedLabourIndicator,
    ForcedLabourIndustry,
    MethodOfControl,
    PerpetratorRole,
    PlaceSetting,
    PlaceType,
    RecruitmentApp,
    RecruitmentMethod,
    RelationshipToTrafficker,
    SexExploitationType,
    TipSource,
    TraffickingAct,
    TraffickingMeans,
    TraffickingStatus,
    Urgency,
    Vulnerability,
)
from .case import Case

USER = settings.AUTH_USER_MODEL


def _choices_array(enum, verbose_name):
    return ArrayField(
        models.CharField(max_length=60, choices=enum.choices),
        default=list,
        blank=True,
        verbose_name=verbose_name,
    )


@pghistory.track()
class Intake(BaseModel):
    """Stage 1: a tip or referral. Several tips can be merged into one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intakes")
    received_at = models.DateTimeField(_("received"))
    source = models.CharField(_("source"), max_length=30, choices=TipSource.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    referring_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referring agency"),
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    reporter_agrees_to_contact = models.BooleanField(
        _("reporter agrees to be contacted"), default=False
    )
    place_province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    place_district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    place_subdistrict = models.ForeignKey(
        Subdistrict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subdistrict"),
    )
    place_detail = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("what was reported"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_at"]
        verbose_name = _("tip or referral")
        verbose_name_plural = _("tips and referrals")

    def __str__(self) -> str:
        return f"{self.case_id} {self.source}"


@pghistory.track()
class Custody(BaseModel):
    """Stage 2, s.29: keeping a person for screening, at most 24 hours from custody, in a suitable
    place that is not a cell; a court may extend it to at most 7 days."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="custody")
    started_at = models.DateTimeField(_("custody started"))
    place = models.CharField(_("where the person is kept"), max_length=300)
    place_is_not_a_cell = models.BooleanField(
        _("the place is not a cell or detention room"), default=False
    )
    ended_at = models.DateTimeField(_("custody ended"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("screening custody")
        verbose_name_plural = _("screening custodies")

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_at:%Y-%m-%d %H:%M}"


@pghistory.track()
class CourtExtension(BaseModel):
    custody = models.ForeignKey(Custody, on_delete=models.CASCADE, related_name="extensions")
    order_number = models.CharField(_("court order number"), max_length=100)
    order_date = models.DateField(_("order date"))
    court = models.CharField(_("court"), max_length=200)
    new_deadline = models.DateTimeField(_("new deadline"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["order_date"]
        verbose_name = _("court extension")
        verbose_name_plural = _("court extensions")

    def __str__(self) -> str:
        return self.order_number


@pghistory.track()
class ScreeningInterview(BaseModel):
    """Stage 3: the screening interview with its prompted indicators."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    interviewed_at = models.DateTimeField(_("interview time"))
    interviewer = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("interviewer")
    )
    interpreter_language = models.CharField(_("interpreter's language"), max_length=10, blank=True)
    interpreter_name = models.CharField(_("interpreter"), max_length=200, blank=True)
    indicators = _choices_array(ForcedLabourIndicator, _("forced-labour indicators observed"))
    methods_of_control = _choices_array(MethodOfControl, _("methods of control"))
    exploitation_types = _choices_array(ExploitationType, _("forms of exploitation"))
    sex_exploitation_types = _choices_array(SexExploitationType, _("forms of sexual exploitation"))
    forced_labour_industry = models.CharField(
        _("industry of forced labour"),
        max_length=60,
        choices=ForcedLabourIndustry.choices,
        blank=True,
    )
    recruitment_methods = _choices_array(RecruitmentMethod, _("how the person was recruited"))
    recruitment_apps = _choices_array(RecruitmentApp, _("apps and websites used in recruitment"))
    relationship_to_trafficker = models.CharField(
        _("relationship to the trafficker"),
        max_length=20,
        choices=RelationshipToTrafficker.choices,
        blank=True,
    )
    vulnerabilities = _choices_array(Vulnerability, _("vulnerabilities"))
    notes = models.TextField(_("interview notes"), blank=True)
    qualification_override_reason = models.TextField(
        _("why an interviewer without a valid qualification"), blank=True
    )
    # HTCDS con_Consent: asked at screening, before the interview and before any data use.
    consent_interview = models.BooleanField(_("consented to the interview"), null=True, blank=True)
    consent_data_use = models.BooleanField(
        _("consented to the use of their data"), null=True, blank=True
    )

    class Meta:
        ordering = ["interviewed_at"]
        verbose_name = _("screening interview")
        verbose_name_plural = _("screening interviews")

    def __str__(self) -> str:
        return f"{self.case_id} {self.interviewed_at:%Y-%m-%d}"


@pghistory.track()
class TraffickingPlace(BaseModel):
    """A place of recruitment, transit or exploitation (HTCDS Historic Trafficking Event)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="places")
    place_type = models.CharField(_("kind of place"), max_length=20, choices=PlaceType.choices)
    setting = models.CharField(
        _("what kind of place"), max_length=30, choices=PlaceSetting.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, default="TH")
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    description = models.CharField(_("place"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_to = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("place of trafficking")
        verbose_name_plural = _("places of trafficking")

    def __str__(self) -> str:
        return f"{self.place_type} {self.country}"


@pghistory.track()
class Perpetrator(BaseModel):
    """An alleged perpetrator, a record of its own (HTCDS per_). ``case`` is the case it was
    first recorded in; the same perpetrator is linked to every case it is found in through
    PerpetratorLink (one record, never a duplicate per case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    name = models.CharField(_("name or alias"), max_length=200, blank=True)
    aliases = models.CharField(
        _("other names and aliases"), max_length=500, blank=True,
        help_text=_("Separate them with commas."),
    )  # fmt: skip
    roles = _choices_array(PerpetratorRole, _("role in the process"))
    sex = models.CharField(_("sex"), max_length=30, choices=Sex.choices, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    details = models.TextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Bumped by every edit: a form opened before someone else's save is refused, not lost.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set when a supervisor merged this record into another one of the same perpetrator
    # (services/perpetrators.py); such a record is no longer shown or exported.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("merged into"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("alleged perpetrator")
        verbose_name_plural = _("alleged perpetrators")
        indexes = [
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="perpetrator_name_trgm"),
            GinIndex(OpClass(Upper("aliases"), name="gin_trgm_ops"), name="perpetrator_alias_trgm"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.pk)

    @property
    def role_labels(self) -> list[str]:
        return [str(PerpetratorRole(r).label) for r in self.roles if r in PerpetratorRole.values]

    @property
    def nationality_label(self) -> str:
        from saphan.people.codes import country_name

        return str(country_name(self.nationality) or self.nationality) if self.nationality else ""


@pghistory.track()
class PerpetratorLink(BaseModel):
    """One perpetrator in one case: how they relate to the victim there and, when charged, in
    which legal proceedings of the case."""

    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrator_links")
    relation_to_victim = models.CharField(
        _("relation to the victim"), max_length=20, choices=RelationshipToTrafficker.choices,
        blank=True,
    )  # fmt: skip
    relation_details = models.CharField(
        _("relation, in words"), max_length=200, blank=True,
        help_text=_("E.g. employer, neighbour, met on Facebook."),
    )  # fmt: skip
    proceeding = models.ForeignKey(
        "cases.LegalProceeding", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="perpetrator_links", verbose_name=_("legal proceedings"),
    )  # fmt: skip
    linked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("perpetrator in a case")
        verbose_name_plural = _("perpetrators in cases")
        constraints = [
            models.UniqueConstraint(
                fields=["perpetrator", "case"], name="one_link_per_perpetrator_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.perpetrator_id} in {self.case_id}"


@pghistory.track()
class TemporaryProtection(BaseModel):
    """Stage 4 (NRM): temporary shelter with basic services before identification."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="temporary_protections")
    started_at = models.DateTimeField(_("started"))
    shelter = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("shelter")
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("temporary protection")
        verbose_name_plural = _("temporary protections")

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_at:%Y-%m-%d}"


@pghistory.track()
class IdentificationDecision(BaseModel):
    """Stage 5: the MDT's decision; approved by the provincial supervisor."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identifications")
    status = models.CharField(
        _("trafficking status"), max_length=40, choices=TraffickingStatus.choices
    )
    deciding_org = models.CharField(
        _("deciding organisation"), max_length=40, choices=DecisionOrg.choices
    )
    decided_at = models.DateTimeField(_("decided"))
    reasons = models.TextField(_("reasons"))
    # The elements of the offence (s.6), or forced labour or services (s.6/1).
    basis = models.CharField(
        _("legal basis"), max_length=10, choices=DecisionBasis.choices, blank=True
    )
    acts = _choices_array(TraffickingAct, _("act"))
    means = _choices_array(TraffickingMeans, _("means"))
    purposes = _choices_array(ExploitationType, _("purpose of exploitation"))
    # For "not a victim": how each indicator seen at screening was weighed {indicator: note}.
    indicator_weighing = models.JSONField(_("how each indicator was weighed"), default=dict)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Sent back by the supervisor to the case worker, with the reason: the team records a new
    # decision; this one is no longer waiting.
    sent_back_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_back_at = models.DateTimeField(_("sent back"), null=True, blank=True)
    send_back_reason = models.TextField(_("why it was sent back"), blank=True)

    @property
    def elements(self) -> list[tuple]:
        """(label, values as text) of the elements recorded, for the case page and PDF."""
        rows = [
            (_("Act"), TraffickingAct, self.acts),
            (_("Means"), TraffickingMeans, self.means),
            (_("Purpose of exploitation"), ExploitationType, self.purposes),
        ]
        return [
            (label, ", ".join(str(enum(v).label) for v in values if v in enum.values))
            for label, enum, values in rows
            if values
        ]

    @property
    def weighing_rows(self) -> list[tuple]:
        return [
            (ForcedLabourIndicator(k).label if k in ForcedLabourIndicator.values else k, note)
            for k, note in (self.indicator_weighing or {}).items()
        ]

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("identification decision")
        verbose_name_plural = _("identification decisions")

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"


class IdentificationMember(models.Model):
    """An MDT member present at the decision, and from which agency."""

    decision = models.ForeignKey(
        IdentificationDecision, on_delete=models.CASCADE, related_name="members"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("member present")
        verbose_name_plural = _("members present")

    def __str__(self) -> str:
        return self.name


class Right(models.TextChoices):
    PROTECTION = "protection", _("Protection and assistance (s.33)")
    COMPENSATION = "compensation", _("Compensation from the offender (s.34-35)")
    LEGAL_AID = "legal_aid", _("Legal aid")
    STAY_AND_WORK = "stay_and_work", _("Permission to stay and work (s.37)")
    RETURN = "return", _("Safe return (s.38-39)")
    TIMEFRAMES = "timeframes", _("The timeframe of each stage")


@pghistory.track()
class RightsNotice(BaseModel):
    """Stage 6, s.33-34: the person told their rights, in their language."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rights_notices")
    notified_at = models.DateTimeField(_("told"))
    language = models.CharField(_("language"), max_length=10)
    interpreter_name = models.CharField(_("interpreter"), max_length=200, blank=True)
    rights = _choices_array(Right, _("rights explained"))
    person_views = models.TextField(_("the person's views and wishes"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["notified_at"]
        verbose_name = _("rights notice")
        verbose_name_plural = _("rights notices")

    def __str__(self) -> str:
        return f"{self.case_id} {self.notified_at:%Y-%m-%d}"


@pghistory.track()
class CaseClosure(BaseModel):
    """Stage 13: a request to close, approved (or sent back) by the supervisor; or a reopening."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField(_("reason"), max_length=30, choices=ClosureReason.choices)
    details = models.TextField(_("details"), blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"))
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    approved = models.BooleanField(_("approved"), null=True)
    decision_note = models.TextField(_("supervisor's note"), blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(_("why reopened"), blank=True)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.case_id} {self.reason}"
