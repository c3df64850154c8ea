"""Screening (stage 2): the ILO forced-labour indicators, means of control and recruitment."""

from __future__ import annotations

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (
    ChecklistWidget,
    ThaiDateTimeField,
)

from .. import enums
from .common import LANGUAGES, CaseActionForm, _line, _text, _tick, today_initial

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


def _consent_field(label, **kw) -> forms.TypedChoiceField:
    """A consent question (HTCDS con_Consent): yes, no, or not asked (None)."""
    return forms.TypedChoiceField(
        label=label,
        choices=CONSENT_CHOICES,
        coerce=_consent,
        empty_value=None,
        required=False,
        **kw,
    )


class ScreeningForm(CaseActionForm):
    interviewed_at = ThaiDateTimeField(label=_("Interview time"))
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter's language"),
        required=False,
        choices=[("", _("No interpreter needed"))] + LANGUAGES,
    )
    interpreter_name = _line(_("Interpreter"), required=False)
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
    notes = _text(_("Interview notes"), required=False, rows=5)
    # Asked of an interviewer without a valid screening qualification (capacity app).
    qualification_override_reason = _text(
        _("Why you conducted the interview without a valid screening qualification"),
        required=False,
        rows=2,
    )

    # HTCDS con_Consent, asked before the interview and before the data is used.
    consent_interview = _consent_field(_("The person consented to the interview"))
    consent_data_use = _consent_field(
        _("The person consented to the use of their data"),
        help_text=_("For their case, referrals and anonymous statistics."),
    )
    custody_still_held = _tick(
        _("The person is still held for screening after the interview"),
        help_text=_(
            "Screening custody (s.29) ends with the interview: unless you tick this, it is "
            "recorded as ended at the interview's time."
        ),
    )

    def initial_for(self, case):
        return {"interviewed_at": today_initial()}

    @cached_property
    def custody_running(self) -> bool:
        from ..models import Custody

        return Custody.objects.filter(case=self.case, ended_at__isnull=True).exists()

    @cached_property
    def unqualified(self):
        """The interviewer's lapsed or missing screening qualification (None when qualified)."""
        from ..plugins import screening_unqualified

        return screening_unqualified(self.user) if self.user is not None else None
