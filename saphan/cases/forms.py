"""Forms of the case pages: the list filters, the intake and one form per stage action.

Forms only parse and check what was typed; the services decide what the law allows. Every
action form carries the case's ``version`` (the services' optimistic check) and a one-time
``submission_key`` (a double submit changes nothing twice).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (  # noqa: F401  (the case views read some of them from here)
    ChecklistWidget,
    StyledFormMixin,
    ThaiDateField,
    ThaiDateTimeField,
    validation_errors_to_form,
)
from saphan.geo.models import Province
from saphan.orgs.models import Agency, AgencyKind
from saphan.orgs.roles import Jurisdiction, Role
from saphan.people.codes import COUNTRY_CHOICES, STATELESS, UNKNOWN_COUNTRY
from saphan.people.models import PartyRole

from . import enums
from .models.stages import Right
from .process import ORDER, Phase

# --- widgets and fields (the shared ones are core's: saphan/core/forms.py) -------------------


def today_initial() -> list:
    """A date-and-time field starts with today's date and no time: the time of a legal clock
    is typed on purpose, never assumed."""
    return [timezone.localdate(), None]


# --- choices from reference data -------------------------------------------------------------

# Languages a person is interviewed or told their rights in (ISO 639 codes; 639-3 where 639-1
# has none). The most common languages of victims and migrants in Thailand first.
LANGUAGES = [
    ("th", _("Thai")),
    ("my", _("Burmese")),
    ("shn", _("Shan")),
    ("kar", _("Karen")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("ms", _("Malay")),
    ("id", _("Indonesian")),
    ("en", _("English")),
]
LANGUAGE_LABELS = dict(LANGUAGES)


def language_label(code: str) -> str:
    return str(LANGUAGE_LABELS.get(code, code)) if code else ""


def _own_province_first(qs, province_id):
    return qs.annotate(
        _here=SqlCase(
            When(province_id=province_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("_here", "province__name_th", "kind", "name_th")


def agencies_for(province_id):
    """Agencies of a province and the national and regional ones: who refers tips and sits
    on a provincial team."""
    qs = Agency.objects.filter(is_active=True).filter(
        Q(province_id=province_id) | Q(level__in=[Jurisdiction.NATION, Jurisdiction.REGION])
    )
    return _own_province_first(qs.select_related("province"), province_id)


def shelters_for(province_id):
    qs = Agency.objects.filter(
        is_active=True, kind__in=[AgencyKind.SHELTER, AgencyKind.PROTECTION_CENTRE]
    )
    return _own_province_first(qs.select_related("province"), province_id)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# --- the case list -----------------------------------------------------------------------------


class CaseListForm(forms.Form):
    DEADLINE_CHOICES = [
        ("", _("Any deadline")),
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
    ]

    scope = forms.ChoiceField(
        choices=[("mine", _("My cases")), ("all", _("All I can see"))], required=False
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("Open cases"))] + Phase.choices
    )
    deadline = forms.ChoiceField(label=_("Deadline"), required=False, choices=DEADLINE_CHOICES)
    exploitation = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("Any form"))] + enums.ExploitationType.choices,
    )
    # Country names in the reader's language (people.codes); the value kept is the ISO code
    # the citizenships are stored with. An old link with a lower-case code still works.
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        choices=[("", _("Any nationality")), *COUNTRY_CHOICES],
    )
    agency = forms.ChoiceField(label=_("Owning agency"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = (
            Agency.objects.filter(is_active=True, province_id=user.province_id).order_by(
                "kind", "name_th"
            )
            if user is not None and user.province_id
            else Agency.objects.none()
        )
        self.fields["agency"].choices = [("", _("Any agency"))] + [
            (a.code, a.name) for a in agencies
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        if not self.nationality_supported():
            del self.fields["nationality"]

    @staticmethod
    def nationality_supported() -> bool:
        """The nationality filter needs the people app's citizenships (ISO 3166 codes)."""
        from saphan.people.models import Person

        return any(f.name == "citizenships" for f in Person._meta.get_fields())

    def full_clean(self):
        # Codes typed by hand in older links ("mm") are read as the code they mean.
        if self.is_bound and "nationality" in self.fields:
            data = self.data.copy()
            data["nationality"] = (data.get("nationality") or "").strip().upper()
            self.data = data
        super().full_clean()


# --- intake (stage 1) ------------------------------------------------------------------------


class IntakeForm(StyledFormMixin, forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    received_at = ThaiDateTimeField(label=_("Received"))
    source = forms.ChoiceField(label=_("Source"), choices=enums.TipSource.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=enums.Channel.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=enums.Urgency.choices, initial=enums.Urgency.ROUTINE
    )
    referring_agency = AgencyChoiceField(
        label=_("Referring agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("None (not referred by an agency)"),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    reporter_contact = forms.CharField(
        label=_("Reporter's contact"),
        max_length=200,
        required=False,
        help_text=_("Phone, LINE ID or e-mail"),
    )
    reporter_agrees_to_contact = forms.BooleanField(
        label=_("The reporter agrees to be contacted again"), required=False
    )
    place_province = forms.ModelChoiceField(
        label=_("Province where it happened"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label=_("Not known"),
    )
    place_detail = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("District, village, venue, or a place abroad"),
    )
    description = forms.CharField(
        label=_("What was reported"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What happened, where, and whether someone is in danger now. Do not write the "
            "person's name here: link the person instead. Everyone working on the case reads "
            "this text."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "submission_key": uuid.uuid4(),
            "received_at": today_initial(),
            "place_province": getattr(user, "province_id", None),
        } | kwargs["initial"]
        super().__init__(*args, **kwargs)
        self.fields["referring_agency"].queryset = agencies_for(getattr(user, "province_id", None))
        self._style()


# --- stage actions -------------------------------------------------------------------------------


class CaseActionForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, user=None, records=None, **kwargs):
        self.case = case
        self.user = user
        self._records = records
        initial = {"version": case.version, "submission_key": uuid.uuid4()}
        initial.update(self.initial_for(case))
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self._style()

    def initial_for(self, case) -> dict:
        return {}

    @property
    def records(self):
        """The case's track records (selectors.CaseRecords), as the view loaded them."""
        if self._records is None:
            from .selectors import case_records

            self._records = case_records(case=self.case)
        return self._records


class PersonLinkForm(CaseActionForm):
    full_name = forms.CharField(
        label=_("Name as given"),
        max_length=300,
        required=False,
        help_text=_("As the person says it, in any script; aliases can be added later."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role in the case"), choices=PartyRole.choices)
    # Set by the "this is the same person" button of a duplicate-check candidate: the case is
    # linked to that recorded person instead of a new one (people/_candidates.html).
    existing_person = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("existing_person") and not " ".join((data.get("full_name") or "").split()):
            self.add_error("full_name", _("Enter the name as the person gives it."))
        return data


class CustodyForm(CaseActionForm):
    started_at = ThaiDateTimeField(
        label=_("Custody started"),
        help_text=_("The 24-hour clock of s.29 runs from this moment."),
    )
    place = forms.CharField(
        label=_("Where the person is kept"),
        max_length=300,
        help_text=_("For example a shelter, a One Stop Crisis Centre room or an office room."),
    )
    place_is_not_a_cell = forms.BooleanField(
        label=_("The place is a suitable place, not a cell or detention room"),
        required=False,
        help_text=_(
            "Section 29 of the Anti-Trafficking in Persons Act: a person may be kept for "
            "screening for at most 24 hours, in a suitable place that is not a cell or a "
            "detention room. A court may extend this to at most 7 days."
        ),
    )
    confirm_start = forms.BooleanField(
        label=_("The custody start is right, although it is more than 24 hours ago"),
        required=False,
        help_text=_("Only asked when the time entered is hard to believe."),
    )

    def initial_for(self, case):
        return {"started_at": today_initial()}


class CustodyExtensionForm(CaseActionForm):
    order_number = forms.CharField(label=_("Court order number"), max_length=100)
    order_date = ThaiDateField(label=_("Order date"))
    court = forms.CharField(label=_("Court"), max_length=200)
    new_deadline = ThaiDateTimeField(
        label=_("New deadline"),
        help_text=_("At most 7 days from the start of custody (s.29)."),
    )


class CustodyEndForm(CaseActionForm):
    ended_at = ThaiDateTimeField(label=_("Custody ended"))

    def initial_for(self, case):
        return {"ended_at": today_initial()}


ILO = enums.ForcedLabourIndicator
INDICATOR_HELP = {
    ILO.ABUSE_OF_VULNERABILITY: _(
        "Took advantage of poverty, debt, illegal status, age, disability or not knowing the language"
    ),
    ILO.DECEPTION: _("Lied about the job, the pay, the place or the conditions"),
    ILO.RESTRICTION_OF_MOVEMENT: _(
        "Locked in, guarded, not allowed to leave the workplace or home"
    ),
    ILO.ISOLATION: _("Cut off from family and others; phone taken; a remote place"),
    ILO.PHYSICAL_AND_SEXUAL_VIOLENCE: _("Beaten, hurt, raped or sexually abused"),
    ILO.INTIMIDATION_AND_THREATS: _(
        "Threatened against them or their family, with the police or with deportation"
    ),
    ILO.RETENTION_OF_IDENTITY_DOCUMENTS: _("ID card or passport taken away and kept"),
    ILO.WITHHOLDING_OF_WAGES: _("Not paid, paid less than promised, or pay held back"),
    ILO.DEBT_BONDAGE: _(
        "Made to work off a debt (travel, recruitment fee, advance) that never ends"
    ),
    ILO.ABUSIVE_CONDITIONS: _("Degrading, dangerous or unhealthy work or living conditions"),
    ILO.EXCESSIVE_OVERTIME: _("Made to work far beyond normal hours, without rest days"),
}
# Non-physical coercion: the signals most often missed when there was no violence.
PROMPTED_INDICATORS = [
    ILO.DECEPTION,
    ILO.INTIMIDATION_AND_THREATS,
    ILO.DEBT_BONDAGE,
    ILO.RETENTION_OF_IDENTITY_DOCUMENTS,
    ILO.WITHHOLDING_OF_WAGES,
]
MC = enums.MethodOfControl
PROMPTED_CONTROL = [
    MC.THREATS_LAW_ENFORCEMENT,
    MC.THREATENS_CHILDREN_FAMILY,
    MC.DEBT_BONDAGE,
    MC.FALSE_PROMISES,
    MC.PSYCHOLOGICAL_ABUSE,
    MC.WITHHOLDS_DOCUMENTS,
]
EXPLOITATION_HELP = {
    enums.ExploitationType.FORCED_CRIMINALITY: _(
        "Made to scam people online (call-centre, romance or investment scams), often in a "
        "guarded compound in Myanmar, Cambodia or Laos"
    ),
}
RM = enums.RecruitmentMethod
PROMPTED_RECRUITMENT = [RM.ONLINE_ADVERTISEMENT, RM.ONLINE_SOCIAL_NETWORKS, RM.BROKER]


def _checklist(enum, label, *, first=(), help_texts=None, prompted=()):
    """A checklist of an enum's values, the prompted ones first."""
    choices = [c for c in enum.choices if c[0] in first] + [
        c for c in enum.choices if c[0] not in first
    ]
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=ChecklistWidget(help_texts=help_texts, prompted=prompted),
    )


CONSENT_CHOICES = [("", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))]


def _consent(value):
    return {"yes": True, "no": False}.get(value)


class ScreeningForm(CaseActionForm):
    interviewed_at = ThaiDateTimeField(label=_("Interview time"))
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter's language"),
        required=False,
        choices=[("", _("No interpreter needed"))] + LANGUAGES,
    )
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=200, required=False)
    indicators = _checklist(
        ILO,
        _("ILO indicators of forced labour observed"),
        help_texts=INDICATOR_HELP,
        prompted=PROMPTED_INDICATORS,
    )
    methods_of_control = _checklist(
        MC, _("Methods of control"), first=PROMPTED_CONTROL, prompted=PROMPTED_CONTROL
    )
    exploitation_types = _checklist(
        enums.ExploitationType,
        _("Forms of exploitation"),
        first=[enums.ExploitationType.FORCED_CRIMINALITY],
        help_texts=EXPLOITATION_HELP,
        prompted=[enums.ExploitationType.FORCED_CRIMINALITY],
    )
    sex_exploitation_types = _checklist(
        enums.SexExploitationType, _("Forms of sexual exploitation")
    )
    forced_labour_industry = forms.ChoiceField(
        label=_("Industry of forced labour"),
        required=False,
        choices=[("", _("Not forced labour / not known"))] + enums.ForcedLabourIndustry.choices,
    )
    recruitment_methods = _checklist(
        RM,
        _("How the person was recruited"),
        first=PROMPTED_RECRUITMENT,
        prompted=PROMPTED_RECRUITMENT,
    )
    recruitment_apps = _checklist(enums.RecruitmentApp, _("Apps and websites used in recruitment"))
    relationship_to_trafficker = forms.ChoiceField(
        label=_("Relationship to the trafficker"),
        required=False,
        choices=[("", _("Not known"))] + enums.RelationshipToTrafficker.choices,
    )
    vulnerabilities = _checklist(enums.Vulnerability, _("Vulnerabilities"))
    notes = forms.CharField(
        label=_("Interview notes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    # Asked of an interviewer without a valid screening qualification (capacity app).
    qualification_override_reason = forms.CharField(
        label=_("Why you conducted the interview without a valid screening qualification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # HTCDS con_Consent, asked before the interview and before the data is used.
    consent_interview = forms.TypedChoiceField(
        label=_("The person consented to the interview"),
        choices=CONSENT_CHOICES,
        coerce=_consent,
        empty_value=None,
        required=False,
    )
    consent_data_use = forms.TypedChoiceField(
        label=_("The person consented to the use of their data"),
        choices=CONSENT_CHOICES,
        coerce=_consent,
        empty_value=None,
        required=False,
        help_text=_("For their case, referrals and anonymous statistics."),
    )
    custody_still_held = forms.BooleanField(
        label=_("The person is still held for screening after the interview"),
        required=False,
        help_text=_(
            "Screening custody (s.29) ends with the interview: unless you tick this, it is "
            "recorded as ended at the interview's time."
        ),
    )

    def initial_for(self, case):
        return {"interviewed_at": today_initial()}

    @cached_property
    def custody_running(self) -> bool:
        from .models import Custody

        return Custody.objects.filter(case=self.case, ended_at__isnull=True).exists()

    @cached_property
    def unqualified(self):
        """The interviewer's lapsed or missing screening qualification (None when qualified)."""
        from .plugins import screening_unqualified

        return screening_unqualified(self.user) if self.user is not None else None


class TemporaryProtectionForm(CaseActionForm):
    started_at = ThaiDateTimeField(
        label=_("Started"), help_text=_("The 15-day temporary protection period runs from here.")
    )
    shelter = AgencyChoiceField(label=_("Shelter"), queryset=Agency.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["shelter"].queryset = shelters_for(case.province_id)

    def initial_for(self, case):
        return {"started_at": today_initial()}


MEMBER_ROWS = 6
# Signals seen at screening (methods of control, ILO indicators) that suggest a means (s.6).
TM = enums.TraffickingMeans
SIGNAL_MEANS = [
    (MC.PHYSICAL_THREATS, TM.THREAT),
    (MC.THREATENS_CHILDREN_FAMILY, TM.THREAT),
    (ILO.INTIMIDATION_AND_THREATS, TM.THREAT),
    (MC.PHYSICAL_ABUSE, TM.FORCE),
    (ILO.PHYSICAL_AND_SEXUAL_VIOLENCE, TM.FORCE),
    (MC.FALSE_PROMISES, TM.DECEPTION),
    (ILO.DECEPTION, TM.DECEPTION),
    (ILO.ABUSE_OF_VULNERABILITY, TM.ABUSE_OF_VULNERABILITY),
    (MC.DEBT_BONDAGE, TM.DEBT_BONDAGE),
    (ILO.DEBT_BONDAGE, TM.DEBT_BONDAGE),
]


class IdentificationForm(CaseActionForm):
    status = forms.ChoiceField(
        label=_("Trafficking status"),
        choices=enums.TraffickingStatus.choices,
        widget=forms.RadioSelect,
    )
    deciding_org = forms.ChoiceField(
        label=_("Deciding organisation"),
        choices=enums.DecisionOrg.choices,
        initial=enums.DecisionOrg.NON_POLICE_GOVERNMENT,
    )
    decided_at = ThaiDateTimeField(label=_("Decided"))
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The facts and indicators the team relied on."),
    )
    # Filled by clean() from the member rows; declared so that errors about the members
    # (from the form or from the service) have a place next to the rows.
    members = forms.Field(label=_("Team members present"), required=False, widget=forms.HiddenInput)
    # The elements of the offence (process.identification_unmet decides what is required).
    basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=[("", _("Not decided (possible or not a victim)"))] + enums.DecisionBasis.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "s.6: an act, a means and a purpose of exploitation (for a child under 18 no means "
            "is needed). s.6/1: forced labour or services, an offence of its own."
        ),
    )
    acts = _checklist(enums.TraffickingAct, _("The act"))
    means = _checklist(enums.TraffickingMeans, _("The means"))
    purposes = _checklist(enums.ExploitationType, _("The purpose of exploitation"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        from .process import screening_indicators

        for indicator in screening_indicators(case):
            self.fields[f"weigh_{indicator}"] = forms.CharField(
                label=ILO(indicator).label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        agencies = agencies_for(case.province_id)
        for i in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_{i}_agency"] = AgencyChoiceField(
                label=_("Agency"),
                queryset=agencies,
                required=False,
                empty_label="—",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"member_{i}_name"] = forms.CharField(
                label=_("Name and position"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def initial_for(self, case):
        """Pre-ticked from the screening, for the team to confirm or correct."""
        screenings = list(case.screenings.all())
        controls = {v for sc in screenings for v in (sc.methods_of_control or [])}
        controls |= {v for sc in screenings for v in (sc.indicators or [])}
        means = [m for signal, m in SIGNAL_MEANS if signal in controls]
        return {
            "decided_at": today_initial(),
            "basis": enums.DecisionBasis.TRAFFICKING,
            "acts": [enums.TraffickingAct.RECRUITING]
            if any(sc.recruitment_methods for sc in screenings)
            else [],
            "means": list(dict.fromkeys(means)),
            "purposes": [p for p in case.exploitation_types if p in enums.ExploitationType.values],
        }

    @cached_property
    def weighed_indicators(self) -> list:
        """The indicators ticked at screening, each with the field that says how it was weighed
        (a "not a victim" decision needs them all)."""
        from .process import screening_indicators

        return [(ILO(i).label, self[f"weigh_{i}"]) for i in screening_indicators(self.case)]

    @property
    def member_rows(self):
        return [
            (i, self[f"member_{i}_agency"], self[f"member_{i}_name"])
            for i in range(1, MEMBER_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        data["indicator_weighing"] = {
            name[len("weigh_") :]: (data.get(name) or "").strip()
            for name in self.fields
            if name.startswith("weigh_")
        }
        rows = []
        for i in range(1, MEMBER_ROWS + 1):
            agency = data.get(f"member_{i}_agency")
            name = (data.get(f"member_{i}_name") or "").strip()
            if agency and name:
                rows.append((agency, name))
            elif agency or name:
                self.add_error(
                    "members",
                    _("Row %(row)s: give both the agency and the name.") % {"row": i},
                )
        data["members"] = rows
        return data


class IdentificationApproveForm(CaseActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve the identification record")),
            ("send_back", _("Send it back to the case worker")),
        ],
        initial="approve",
        required=False,  # left out: approve (the form had no choice before)
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why it is sent back"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you send the decision back."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "send_back" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the decision is sent back."))
        return data


class RightsNoticeForm(CaseActionForm):
    notified_at = ThaiDateTimeField(label=_("Told on"))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=200, required=False)
    rights = forms.MultipleChoiceField(
        label=_("Rights explained"),
        required=False,
        choices=Right.choices,
        widget=ChecklistWidget(),
    )
    person_views = forms.CharField(
        label=_("The person's views and wishes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def initial_for(self, case):
        return {"notified_at": today_initial(), "language": "th"}


ADVANCE_TARGETS = [Phase.RETURN_REINTEGRATION, Phase.FOLLOW_UP]


def advance_targets(case) -> list[Phase]:
    current = ORDER.index(Phase(case.phase))
    return [p for p in ADVANCE_TARGETS if ORDER.index(p) > current]


class PhaseAdvanceForm(CaseActionForm):
    to = forms.ChoiceField(label=_("Move the case to"), widget=forms.RadioSelect)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["to"].choices = [(p.value, p.label) for p in advance_targets(case)]


class ClosureRequestForm(CaseActionForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=enums.ClosureReason.choices)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    withdraw_referrals_reason = forms.CharField(
        label=_("Withdraw the unanswered referrals, because"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "A case is not closed while a referral waits for an answer. Write why, and the "
            "referrals still waiting are withdrawn with this reason when you send the request."
        ),
    )

    @cached_property
    def open_referrals(self) -> list:
        from .process import open_referrals

        return list(open_referrals(self.case))


class ClosureDecideForm(CaseActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the closure")), ("send_back", _("Send it back"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the case worker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you send the closure back."),
    )


class ReopenForm(CaseActionForm):
    reason = forms.CharField(
        label=_("Why the case is reopened"), widget=forms.Textarea(attrs={"rows": 3})
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AssignForm(CaseActionForm):
    case_worker = UserChoiceField(label=_("Case worker"), queryset=get_user_model().objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["case_worker"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, province_id=case.province_id, roles__contains=[Role.CASE_WORKER]
            )
            .order_by("first_name", "last_name", "username")
        )

    def initial_for(self, case):
        return {"case_worker": case.case_worker_id}


# --- the parallel tracks (stages 7-12), referrals, notes and documents -------------------------
#
# Forms that act on one of the case's records (a service, a claim, a visit…) choose it among the
# records the view loaded through selectors.case_records: never a record of another case.


class RecordChoiceField(forms.ChoiceField):
    """One of the case's own records, chosen by its id; cleaned to the record itself."""

    def __init__(self, *, describe=str, **kwargs):
        self.describe = describe
        self.objects: dict = {}
        super().__init__(**kwargs)

    def set_records(self, records) -> None:
        self.objects = {str(r.pk): r for r in records}
        choices = [(str(r.pk), self.describe(r)) for r in records]
        self.choices = choices if len(choices) == 1 else [("", "—")] + choices
        if len(choices) == 1:
            self.initial = choices[0][0]

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(str(value)) if value else None


class AmountField(forms.CharField):
    """Baht as typed (12,500.50): the service reads and checks the amount, so that a negative
    or malformed figure gets the same message from every form and the API."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("In baht, e.g. 12,500.50"))
        super().__init__(
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )


class AgencyGroupField(forms.ChoiceField):
    """Any active agency with a province, grouped by province (the user's own first), for
    referrals and reintegration in another province. Cleaned to the Agency."""

    def set_agencies(self, *, first_province_id=None, exclude=()) -> None:
        qs = (
            Agency.objects.filter(is_active=True, province__isnull=False)
            .exclude(pk__in=[pk for pk in exclude if pk])
            .select_related("province")
            .order_by("province__name_th", "kind", "name_th")
        )
        groups: dict = {}
        for agency in qs:
            groups.setdefault(agency.province, []).append((str(agency.pk), agency.name))
        ordered = sorted(groups.items(), key=lambda kv: kv[0].pk != first_province_id)
        self.choices = [("", "—")] + [(str(p.name), rows) for p, rows in ordered]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return Agency.objects.filter(pk=value, is_active=True).first()


def _date(value) -> str:
    from saphan.core.thai import format_date

    return format_date(value)


def _datetime(value) -> str:
    from saphan.core.thai import format_datetime

    return format_datetime(value)


def _baht(amount) -> str:
    return f"{amount:,.2f}"


def describe_service(s) -> str:
    return _("%(type)s — %(provider)s (%(status)s)") % {
        "type": s.get_type_display(),
        "provider": s.provider or "—",
        "status": s.get_status_display(),
    }


def describe_proceeding(p) -> str:
    number = p.court_case_number or p.police_case_number or "—"
    return f"{number} · {p.get_status_display()}"


def describe_testimony(t) -> str:
    return f"{t.get_kind_display()} · {_datetime(t.scheduled_at)}"


def describe_claim(c) -> str:
    return _("%(kind)s: %(amount)s baht claimed on %(date)s") % {
        "kind": c.get_kind_display(),
        "amount": _baht(c.amount_claimed),
        "date": _date(c.claimed_on),
    }


def describe_return(r) -> str:
    return f"{r.get_kind_display()} · {_date(r.planned_on)}"


def describe_visit(v) -> str:
    return _("Visit %(number)s, due %(date)s") % {"number": v.number, "date": _date(v.due_on)}


def describe_referral(r) -> str:
    return _("To %(agency)s, sent %(date)s") % {"agency": r.to_agency, "date": _date(r.sent_at)}


def _today() -> dt.date:
    return timezone.localdate()


def _text(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- stage 7: the plan, its services, shelter stays ---------------------------------------------


class AssistancePlanForm(CaseActionForm):
    objectives = _text(
        _("What the plan is for"),
        help_text=_("The person's needs and goals, agreed with them (s.33)."),
    )
    action_plan = _text(_("How, and who does what"), required=False, rows=4)
    started_on = ThaiDateField(label=_("Plan starts"))
    planned_end = ThaiDateField(label=_("Planned end"))

    def initial_for(self, case):
        return {"started_on": _today()}


class AssistancePlanCloseForm(CaseActionForm):
    actual_end = ThaiDateField(label=_("The plan ended on"))

    def initial_for(self, case):
        return {"actual_end": _today()}

    def clean(self):
        data = super().clean()
        data["plan"] = self.records.open_plan
        if data["plan"] is None:
            raise ValidationError(_("This case has no open assistance plan."))
        return data


class PlannedServiceForm(CaseActionForm):
    type = forms.ChoiceField(label=_("Type of support"), choices=enums.SupportType.choices)
    description = _text(_("What will be done"), required=False)
    provider_agency = AgencyChoiceField(
        label=_("Providing agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Not an agency in the list"),
    )
    provider_name = forms.CharField(
        label=_("Or the provider's name"),
        max_length=200,
        required=False,
        help_text=_("A person or an organisation not in the list, e.g. the interpreter."),
    )
    planned_start = ThaiDateField(label=_("Planned start"))
    planned_end = ThaiDateField(label=_("Planned end"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["provider_agency"].queryset = agencies_for(case.province_id)

    def initial_for(self, case):
        return {"planned_start": _today()}

    def clean(self):
        data = super().clean()
        data["plan"] = self.records.open_plan
        if data["plan"] is None:
            raise ValidationError(_("Make the assistance plan first."))
        return data


class PlannedServiceUpdateForm(CaseActionForm):
    service = RecordChoiceField(label=_("Service"), describe=describe_service)
    status = forms.ChoiceField(
        label=_("What happened"),
        widget=forms.RadioSelect,
        choices=[
            (enums.ServiceStatus.IN_PROGRESS, _("The service started")),
            (enums.ServiceStatus.DONE, _("The service is done")),
            (enums.ServiceStatus.CANCELLED, _("The service was cancelled")),
        ],
    )
    actual_start = ThaiDateField(
        label=_("Started on"), required=False, help_text=_("Needed once the service has started.")
    )
    actual_end = ThaiDateField(
        label=_("Ended on"), required=False, help_text=_("Needed when the service is done.")
    )
    outcome = _text(
        _("Outcome"),
        required=False,
        help_text=_("How the service went; for a cancelled service, why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].set_records(self.records.open_services)


class ShelterStayForm(CaseActionForm):
    shelter = AgencyChoiceField(label=_("Shelter"), queryset=Agency.objects.none())
    started_on = ThaiDateField(label=_("Arrived on"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["shelter"].queryset = shelters_for(case.province_id)

    def initial_for(self, case):
        return {"started_on": _today()}


class ShelterStayEndForm(CaseActionForm):
    ended_on = ThaiDateField(label=_("Left on"))
    exit_reason = forms.ChoiceField(
        label=_("Why the stay ended"), choices=[("", "—")] + enums.ShelterExitReason.choices
    )
    exit_note = _text(_("About the exit"), required=False)

    def initial_for(self, case):
        return {"ended_on": _today()}

    def clean(self):
        data = super().clean()
        data["stay"] = self.records.open_stay
        if data["stay"] is None:
            raise ValidationError(_("The person is not staying in a shelter now."))
        return data


# --- stage 8: legal proceedings -------------------------------------------------------------------


class LegalProceedingForm(CaseActionForm):
    police_case_number = forms.CharField(
        label=_("Police case number"), max_length=100, required=False
    )
    police_station = forms.CharField(label=_("Police station"), max_length=200, required=False)
    prosecutor = forms.CharField(
        label=_("Public prosecutor's office"), max_length=200, required=False
    )
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    court_case_number = forms.CharField(
        label=_("Court case number"), max_length=100, required=False
    )
    victim_role = forms.ChoiceField(
        label=_("The person's role in the case"), choices=enums.VictimRole.choices
    )
    status = forms.ChoiceField(
        label=_("Where the case is now"),
        choices=enums.ProceedingStatus.choices,
        initial=enums.ProceedingStatus.INVESTIGATION,
    )
    notes = _text(_("Notes"), required=False)


class LegalProceedingUpdateForm(CaseActionForm):
    proceeding = RecordChoiceField(label=_("Proceedings"), describe=describe_proceeding)
    status = forms.ChoiceField(
        label=_("Where the case is now"), choices=enums.ProceedingStatus.choices
    )
    prosecutor = forms.CharField(
        label=_("Public prosecutor's office"), max_length=200, required=False
    )
    court = forms.CharField(label=_("Court"), max_length=200, required=False)
    court_case_number = forms.CharField(
        label=_("Court case number"), max_length=100, required=False
    )
    victim_role = forms.ChoiceField(
        label=_("The person's role in the case"),
        required=False,
        choices=[("", _("Unchanged"))] + enums.VictimRole.choices,
    )
    notes = _text(_("Notes"), required=False, help_text=_("Empty fields keep what is recorded."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["proceeding"]
        field.set_records(self.records.proceedings)
        # Opened from one proceeding's button: start from what is recorded for it.
        chosen = field.objects.get(str(self.initial.get("proceeding") or field.initial or ""))
        if chosen is not None and not self.is_bound:
            for name in ("status", "prosecutor", "court", "court_case_number", "notes"):
                self.initial[name] = getattr(chosen, name)


class TestimonyForm(CaseActionForm):
    proceeding = RecordChoiceField(label=_("Proceedings"), describe=describe_proceeding)
    kind = forms.ChoiceField(
        label=_("Kind of testimony"), choices=enums.WitnessTestimonyKind.choices
    )
    scheduled_at = ThaiDateTimeField(
        label=_("Date and time"), help_text=_("A date to come, or one that has passed.")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].set_records(self.records.proceedings)


class TestimonyGivenForm(CaseActionForm):
    testimony = RecordChoiceField(label=_("Testimony"), describe=describe_testimony)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["testimony"].set_records(testimonies_to_confirm(self.records))


def testimonies_to_confirm(records) -> list:
    """Testimony dates that have come and are not yet recorded as given."""
    now = timezone.now()
    return [t for t in records.testimonies if not t.done and t.scheduled_at <= now]


class ProtectionMeasureForm(CaseActionForm):
    proceeding = RecordChoiceField(label=_("Proceedings"), describe=describe_proceeding)
    measure = forms.ChoiceField(
        label=_("Protection measure"), choices=enums.ProtectionMeasureKind.choices
    )
    started_on = ThaiDateField(label=_("From"))
    ended_on = ThaiDateField(label=_("Until"), required=False)
    details = _text(_("Details"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].set_records(self.records.proceedings)

    def initial_for(self, case):
        return {"started_on": _today()}


# --- stages 9-10: compensation and the s.37 permission ---------------------------------------------


class CompensationClaimForm(CaseActionForm):
    kind = forms.ChoiceField(label=_("Kind of claim"), choices=enums.CompensationKind.choices)
    amount_claimed = AmountField(label=_("Amount claimed"))
    claimed_on = ThaiDateField(label=_("Claimed on"))
    details = _text(_("Details"), required=False)

    def initial_for(self, case):
        return {"claimed_on": _today()}


class _ClaimForm(CaseActionForm):
    claim = RecordChoiceField(label=_("Claim"), describe=describe_claim)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].set_records(self.records.claims)


class CompensationOrderForm(_ClaimForm):
    amount_ordered = AmountField(label=_("Amount ordered"))
    ordered_on = ThaiDateField(label=_("Ordered on"))
    decided_by = forms.CharField(
        label=_("Court or deciding body"),
        max_length=200,
        help_text=_("E.g. the Criminal Court for Trafficking Cases, or the fund's committee."),
    )
    order_ref = forms.CharField(
        label=_("Order or judgment reference"), max_length=100, required=False
    )


class CompensationPaymentForm(_ClaimForm):
    amount_paid = AmountField(label=_("Amount paid"))
    paid_on = ThaiDateField(label=_("Paid on"))
    payer = forms.CharField(label=_("Paid by"), max_length=200)
    reference = forms.CharField(label=_("Payment reference"), max_length=100, required=False)

    def initial_for(self, case):
        return {"paid_on": _today()}


class StayPermitForm(CaseActionForm):
    permit_type = forms.ChoiceField(
        label=_("Permission"), choices=enums.PermitType.choices, widget=forms.RadioSelect
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=enums.PermitPurpose.choices)
    valid_from = ThaiDateField(label=_("Valid from"))
    valid_to = ThaiDateField(
        label=_("Valid to"), help_text=_("You are alerted 30 days before it ends.")
    )
    issuing_office = forms.CharField(
        label=_("Issuing office"),
        max_length=200,
        help_text=_("E.g. the provincial immigration office."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)

    def initial_for(self, case):
        return {"permit_type": enums.PermitType.STAY_AND_WORK}


# --- stages 11-12: family assessment, return, reintegration, follow-up -----------------------------


class FamilyAssessmentForm(CaseActionForm):
    assessed_on = ThaiDateField(label=_("Assessed on"))
    assessor = forms.CharField(
        label=_("Assessed by"), max_length=200, help_text=_("Name, position and agency.")
    )
    findings = _text(_("Findings"), rows=4)
    safe_to_return = forms.ChoiceField(
        label=_("Is it safe to return?"),
        choices=enums.SafeToReturn.choices,
        widget=forms.RadioSelect,
    )
    conditions = _text(
        _("Conditions"), required=False, help_text=_("Required when it is safe with conditions.")
    )
    counterpart = forms.ModelChoiceField(
        label=_("Family traced with"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("For a family abroad: the counterpart from the directory who traced it."),
    )

    def __init__(self, *args, **kwargs):
        from .models import Counterpart

        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = Counterpart.objects.filter(is_active=True)

    def initial_for(self, case):
        return {"assessed_on": _today()}


# Places people return to: every listed country, not "stateless" or "unknown".
RETURN_COUNTRIES = [c for c in COUNTRY_CHOICES if c[0] not in {STATELESS, UNKNOWN_COUNTRY}]


class ReturnPlanForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("Kind of return"), choices=enums.ReturnKind.choices, widget=forms.RadioSelect
    )
    planned_on = ThaiDateField(label=_("Planned return date"))
    destination_country = forms.ChoiceField(
        label=_("Destination country"), choices=RETURN_COUNTRIES, initial="TH"
    )
    destination_province = forms.ModelChoiceField(
        label=_("Destination province"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label="—",
        help_text=_("For a return in Thailand."),
    )
    destination_detail = forms.CharField(
        label=_("Destination"),
        max_length=300,
        required=False,
        help_text=_("District, village or town."),
    )
    counterpart = forms.ModelChoiceField(
        label=_("Counterpart from the directory"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("Foreign counterparts and NGOs kept by the system administrator."),
    )
    counterpart_org = forms.CharField(
        label=_("Counterpart organisation in the country of origin"),
        max_length=200,
        required=False,
        help_text=_("Required for repatriation (s.38), unless chosen from the directory."),
    )
    counterpart_contact = forms.CharField(
        label=_("Counterpart's contact"), max_length=200, required=False
    )
    escort = forms.CharField(label=_("Escorted by"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from .models import Counterpart

        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = Counterpart.objects.filter(is_active=True)


class ReturnCompleteForm(CaseActionForm):
    plan = RecordChoiceField(label=_("Return"), describe=describe_return)
    returned_on = ThaiDateField(label=_("Returned on"))
    handed_over_to = forms.CharField(
        label=_("Handed over to"),
        max_length=200,
        help_text=_("The family member, or the counterpart officer and their agency."),
    )
    escort = forms.CharField(label=_("Escorted by"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].set_records(self.records.pending_returns)

    def initial_for(self, case):
        return {"returned_on": _today()}


class ReintegrationPlanForm(CaseActionForm):
    home_province = forms.ModelChoiceField(
        label=_("Home province"), queryset=Province.objects.order_by("name_th")
    )
    responsible_agency = AgencyGroupField(
        label=_("Responsible agency in the home province"),
        help_text=_("It schedules and makes the follow-up visits."),
    )
    volunteer_name = forms.CharField(
        label=_("Village volunteer (อพม.)"), max_length=200, required=False
    )
    volunteer_contact = forms.CharField(
        label=_("Volunteer's contact"), max_length=200, required=False
    )
    plan = _text(_("Reintegration plan"), rows=4)
    started_on = ThaiDateField(
        label=_("Reintegration starts"),
        help_text=_("Follow-up visits are scheduled 1, 3, 6 and 12 months from this date."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        agency = self.fields["responsible_agency"]
        agency.set_agencies(first_province_id=case.province_id)
        # With scripts on, the list shows only the agencies of the chosen home province.
        agency.widget.attrs["data-groups-follow"] = self["home_province"].auto_id

    def initial_for(self, case):
        return {"started_on": _today()}


class FollowUpForm(CaseActionForm):
    visit = RecordChoiceField(label=_("Visit"), describe=describe_visit)
    done_on = ThaiDateField(label=_("Visited on"))
    visited_by = forms.CharField(label=_("Visited by"), max_length=200)
    findings = _text(_("What the visit found"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].set_records(self.records.open_visits)

    def initial_for(self, case):
        return {"done_on": _today()}


def visits_to_miss(records) -> list:
    """Scheduled visits whose day has passed (clocks.day_end): they can be marked missed."""
    from . import clocks

    now = timezone.now()
    return [
        v for v in records.visits if v.status == "scheduled" and clocks.day_end(v.due_on) <= now
    ]


class FollowUpMissedForm(CaseActionForm):
    visit = RecordChoiceField(label=_("Visit"), describe=describe_visit)
    reason = _text(_("Why the visit did not happen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].set_records(visits_to_miss(self.records))


# --- referrals and transfers ------------------------------------------------------------------------


class ReferralForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        widget=forms.RadioSelect,
        choices=enums.ReferralKind.choices,
        initial=enums.ReferralKind.REFERRAL,
    )
    to_agency = AgencyGroupField(label=_("Send to"))
    reason = forms.ChoiceField(label=_("Reason"), choices=enums.ReferralReason.choices)
    details = _text(
        _("Details and arrangements"),
        required=False,
        help_text=_("What is asked of the agency. Do not write the person's name here."),
    )
    share_identity = forms.ChoiceField(
        label=_("What the agency receives"),
        widget=forms.RadioSelect,
        initial="yes",
        choices=[
            ("yes", _("The case and who the person is (name, documents, contacts)")),
            ("no", _("The case only, without who the person is")),
        ],
        help_text=_("A transfer always carries who the person is."),
    )
    consent_recorded = forms.BooleanField(
        label=_("The person agreed that this agency may know who they are"), required=False
    )
    consent_at = ThaiDateTimeField(label=_("When the person agreed"), required=False)
    consent_note = _text(
        _("About the consent"),
        required=False,
        rows=2,
        help_text=_("How it was given, e.g. a signed consent form, or aloud with the interpreter."),
    )
    override_reason = _text(
        _("Supervisor's override: why identity must be shared without consent"),
        required=False,
        help_text=_(
            "Only when the person cannot consent and waiting would harm them. The reason is "
            "kept on the case."
        ),
    )

    def __init__(self, *args, case, user=None, **kwargs):
        super().__init__(*args, case=case, user=user, **kwargs)
        self.fields["to_agency"].set_agencies(
            first_province_id=case.province_id,
            exclude=(case.agency_id, getattr(user, "agency_id", None)),
        )
        if user is None or not user.has_perm("cases.transfer_case", case):
            self.fields["kind"].choices = [
                c for c in enums.ReferralKind.choices if c[0] != enums.ReferralKind.TRANSFER
            ]
        self.can_override = bool(user and user.has_perm("cases.override_referral_consent", case))
        if not self.can_override:
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        data["share_identity"] = data.get("share_identity") != "no"
        data.setdefault("override_reason", "")
        if not data.get("consent_recorded"):
            data["consent_at"] = None
        return data


class ReferralWithdrawForm(CaseActionForm):
    referral = RecordChoiceField(label=_("Referral"), describe=describe_referral)
    reason = _text(_("Why the referral is withdrawn"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].set_records(self.records.pending_referrals)


class ReferralAnswerForm(StyledFormMixin, forms.Form):
    """The receiving agency's answer; it sees the referral, not the case, until it accepts."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    answer = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept the referral")), ("decline", _("Decline it"))],
    )
    decline_reason = _text(
        _("Why it is declined"), required=False, help_text=_("Required when you decline.")
    )

    def __init__(self, *args, referral, **kwargs):
        self.referral = referral
        initial = {"version": referral.case.version, "submission_key": uuid.uuid4()}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self._style()


# --- notes and documents ------------------------------------------------------------------------


class CaseNoteForm(CaseActionForm):
    text = _text(
        _("Case note"),
        rows=5,
        help_text=_("Everyone working on the case reads notes: write facts and what was agreed."),
    )


DOCUMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class DocumentForm(CaseActionForm):
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the service says what is wrong with a file, empty or not
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What the document is, e.g. a medical certificate. Empty: the file's name."),
    )


# --- charges against the victim and their waiver (s.41; non-punishment) ----------------------
def describe_charge(c) -> str:
    offence = enums.VictimChargeOffence(c.offence).label
    return f"{offence} — {c.charged_by}, {_date(c.charged_on)}"


class VictimChargeForm(CaseActionForm):
    offence = forms.ChoiceField(
        label=_("Offence charged"), choices=enums.VictimChargeOffence.choices
    )
    details = _text(_("Details of the charge"), required=False, rows=2)
    charged_by = forms.CharField(
        label=_("Charged by"),
        max_length=200,
        help_text=_("The inquiry official or agency, e.g. an immigration police station."),
    )
    charged_on = ThaiDateField(label=_("Charged on"))
    waived = forms.BooleanField(label=_("The charge was waived"), required=False)
    waived_on = ThaiDateField(label=_("Waived on"), required=False)
    reason = _text(
        _("Why it was waived, or why not"),
        required=False,
        rows=3,
        help_text=_(
            "Section 41: a trafficked person is not prosecuted for illegal entry, leaving or "
            "stay, false statements or forged travel documents, prostitution or working without "
            "a permit. Crimes they were forced to commit (e.g. in scam compounds) fall under the "
            "non-punishment principle."
        ),
    )


class VictimChargeWaiveForm(CaseActionForm):
    charge = RecordChoiceField(label=_("Charge"), describe=describe_charge)
    waived_on = ThaiDateField(label=_("Waived on"))
    reason = _text(_("Why it was waived"), rows=3)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["charge"].set_records([c for c in case.victim_charges.all() if not c.waived])
