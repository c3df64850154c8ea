"""Forms of the case pages: the list filters, the intake and one form per stage action.

Forms only parse and check what was typed; the services decide what the law allows. Every
action form carries the case's ``version`` (the services' optimistic check) and a one-time
``submission_key`` (a double submit changes nothing twice).

One module a stage or track: ``common``, ``listing``, ``intake``, ``stages``, ``screening``, ``identification``, ``plan``, ``legal``, ``compensation``, ``returns``, ``referrals``, ``documents``, ``charges``. The names are
re-exported here, so ``from saphan.cases.forms import X`` and ``forms.X`` keep working.
"""

from saphan.core.forms import (
    ChecklistWidget,
    StyledFormMixin,
    ThaiDateField,
    ThaiDateTimeField,
    validation_errors_to_form,
)

from .charges import (
    VictimChargeForm,
    VictimChargeWaiveForm,
    describe_charge,
)
from .common import (
    LANGUAGE_LABELS,
    LANGUAGES,
    AgencyChoiceField,
    AgencyGroupField,
    AmountField,
    CaseActionForm,
    RecordChoiceField,
    UserChoiceField,
    agencies_for,
    describe_claim,
    describe_proceeding,
    describe_referral,
    describe_return,
    describe_service,
    describe_testimony,
    describe_visit,
    language_label,
    shelters_for,
    today_initial,
)
from .compensation import (
    CompensationClaimForm,
    CompensationOrderForm,
    CompensationPaymentForm,
    StayPermitForm,
)
from .documents import (
    DOCUMENT_ACCEPT,
    CaseNoteForm,
    DocumentForm,
)
from .identification import (
    MEMBER_ROWS,
    SIGNAL_MEANS,
    TM,
    IdentificationApproveForm,
    IdentificationForm,
)
from .intake import (
    IntakeForm,
)
from .legal import (
    LegalProceedingForm,
    LegalProceedingUpdateForm,
    ProtectionMeasureForm,
    TestimonyForm,
    TestimonyGivenForm,
    testimonies_to_confirm,
)
from .listing import (
    CaseListForm,
)
from .plan import (
    AssistancePlanCloseForm,
    AssistancePlanForm,
    PlannedServiceForm,
    PlannedServiceUpdateForm,
    ShelterStayEndForm,
    ShelterStayForm,
)
from .referrals import (
    ReferralAnswerForm,
    ReferralForm,
    ReferralWithdrawForm,
)
from .returns import (
    RETURN_COUNTRIES,
    FamilyAssessmentForm,
    FollowUpForm,
    FollowUpMissedForm,
    ReintegrationPlanForm,
    ReturnCompleteForm,
    ReturnPlanForm,
    visits_to_miss,
)
from .screening import (
    CONSENT_CHOICES,
    EXPLOITATION_HELP,
    ILO,
    INDICATOR_HELP,
    MC,
    PROMPTED_CONTROL,
    PROMPTED_INDICATORS,
    PROMPTED_RECRUITMENT,
    RM,
    ScreeningForm,
)
from .stages import (
    AssignForm,
    ClosureDecideForm,
    ClosureRequestForm,
    CustodyEndForm,
    CustodyExtensionForm,
    CustodyForm,
    PersonLinkForm,
    PhaseAdvanceForm,
    ReopenForm,
    RightsNoticeForm,
    TemporaryProtectionForm,
)

__all__ = [
    "AgencyChoiceField",
    "AgencyGroupField",
    "AmountField",
    "AssignForm",
    "AssistancePlanCloseForm",
    "AssistancePlanForm",
    "CONSENT_CHOICES",
    "CaseActionForm",
    "CaseListForm",
    "CaseNoteForm",
    "ChecklistWidget",
    "ClosureDecideForm",
    "ClosureRequestForm",
    "CompensationClaimForm",
    "CompensationOrderForm",
    "CompensationPaymentForm",
    "CustodyEndForm",
    "CustodyExtensionForm",
    "CustodyForm",
    "DOCUMENT_ACCEPT",
    "DocumentForm",
    "EXPLOITATION_HELP",
    "FamilyAssessmentForm",
    "FollowUpForm",
    "FollowUpMissedForm",
    "ILO",
    "INDICATOR_HELP",
    "IdentificationApproveForm",
    "IdentificationForm",
    "IntakeForm",
    "LANGUAGES",
    "LANGUAGE_LABELS",
    "LegalProceedingForm",
    "LegalProceedingUpdateForm",
    "MC",
    "MEMBER_ROWS",
    "PROMPTED_CONTROL",
    "PROMPTED_INDICATORS",
    "PROMPTED_RECRUITMENT",
    "PersonLinkForm",
    "PhaseAdvanceForm",
    "PlannedServiceForm",
    "PlannedServiceUpdateForm",
    "ProtectionMeasureForm",
    "RETURN_COUNTRIES",
    "RM",
    "RecordChoiceField",
    "ReferralAnswerForm",
    "ReferralForm",
    "ReferralWithdrawForm",
    "ReintegrationPlanForm",
    "ReopenForm",
    "ReturnCompleteForm",
    "ReturnPlanForm",
    "RightsNoticeForm",
    "SIGNAL_MEANS",
    "ScreeningForm",
    "ShelterStayEndForm",
    "ShelterStayForm",
    "StayPermitForm",
    "StyledFormMixin",
    "TM",
    "TemporaryProtectionForm",
    "TestimonyForm",
    "TestimonyGivenForm",
    "ThaiDateField",
    "ThaiDateTimeField",
    "UserChoiceField",
    "VictimChargeForm",
    "VictimChargeWaiveForm",
    "agencies_for",
    "describe_charge",
    "describe_claim",
    "describe_proceeding",
    "describe_referral",
    "describe_return",
    "describe_service",
    "describe_testimony",
    "describe_visit",
    "language_label",
    "shelters_for",
    "testimonies_to_confirm",
    "today_initial",
    "validation_errors_to_form",
    "visits_to_miss",
]
