"""Picklists of the protection process. Values are HTCDS v2 value names where the standard has
the concept (credit: IOM, CC BY 4.0), Thai-specific values otherwise (DESIGN.md rule 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The phases of the protection process; process.py moves a case through them."""

    INTAKE = "intake", _("Intake")
    SCREENING = "screening", _("Screening")
    IDENTIFICATION = "identification", _("Identification")
    PROTECTION = "protection", _("Protection and assistance")
    RETURN_REINTEGRATION = "return_reintegration", _("Return and reintegration")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


class TraffickingStatus(models.TextChoices):  # vic_TraffickingStatus
    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Actual victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecisionOrg(models.TextChoices):  # vic_TraffickingStatusDecisionMakingOrg
    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOVERNMENT = (
        "NonPoliceGovernmentalOrganization",
        _("Non-police governmental organisation"),
    )
    OTHER = "Other", _("Other")


class RelationshipToTrafficker(models.TextChoices):  # vic_RelationshipToTrafficker
    FAMILIAL = "Familial", _("Family member")
    ACQUAINTED = "Acquainted", _("Acquaintance")
    UNACQUAINTED = "Unaquainted", _("Did not know them")  # sic: the standard's spelling


class RecruitmentApp(models.TextChoices):  # vic_RecruitmentWebsitesAndApps
    FACEBOOK = "Facebook", "Facebook"
    INSTAGRAM = "Instagram", "Instagram"
    WHATSAPP = "WhatsApp", "WhatsApp"
    TELEGRAM = "Telegram", "Telegram"
    FACEBOOK_MESSENGER = "FacebookMessenger", "Facebook Messenger"
    VIBER = "Viber", "Viber"
    SNAPCHAT = "SnapChat", "SnapChat"
    LINE = "Line", "LINE"
    FOUR_SALE = "4Sale", "4Sale"
    WECHAT = "WeChat", "WeChat"
    QQ = "QQ", "QQ"
    QZONE = "QZone", "QZone"
    TIKTOK = "TikTok", "TikTok"
    TWITTER = "Twitter", "Twitter / X"
    OTHER = "Other", _("Other")


class RecruitmentMethod(models.TextChoices):  # vic_MethodOfRecruitment
    AT_A_PLACE_OF_BUSINESS = "AtAPlaceOfBusiness", _("At a place of business")
    AT_AN_EDUCATIONAL_INSTITUTION = "AtAnEducationalInstitution", _("At an educational institution")
    AT_WORK = "AtWork", _("At work")
    ONLINE_SOCIAL_NETWORKS = "ThroughOnlineSocialNetworks", _("Through online social networks")
    ONLINE_ADVERTISEMENT = "ThroughAnOnlineAdvertisement", _("Through an online advertisement")
    TELEVISION_ADVERT = "ThroughATelevisionAdvert", _("Through a television advert")
    NEWSPAPER_ADVERT = "ThroughANewspaperAdvert", _("Through a newspaper advert")
    FAMILY = "ThroughFamilyOrFamilyEvents", _("Through family or family events")
    FRIENDS = "ThroughFriendsOrSocialEvents", _("Through friends or social events")
    BROKER = "ThroughABroker", _("Through a broker or job agent")  # Thai-specific: นายหน้า
    OTHER = "Other", _("Other")


class MethodOfControl(models.TextChoices):  # vic_MethodsOfControl
    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of law enforcement")
    THREATENS_CHILDREN_FAMILY = "ThreatensChildrenFamily", _("Threatens children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", _("Restricts financial access")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Psychoactive substances")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class ExploitationType(models.TextChoices):  # vic_TypeOfExploitation (+ forced criminality)
    FORCED_LABOUR = "ForcedLabour", _("Forced labour")
    SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
    CHILD_LABOUR = "ChildLabour", _("Child labour")
    FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
    SERVITUDE = "Servitude", _("Servitude")
    FORCED_MILITARY = (
        "ForcedMilitaryByNonStateActors",
        _("Forced military service (non-state actors)"),
    )
    ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
    FORCED_BEGGING = "ForcedBegging", _("Forced begging")
    FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
    SURROGACY = "Surrogacy", _("Surrogacy")
    # Not in HTCDS v2: forced criminality, above all in online-scam compounds abroad.
    FORCED_CRIMINALITY = "ForcedCriminality", _("Forced criminality (e.g. online scam compounds)")
    # Thai law: s.6/1 (2019) makes forced labour or services an offence of its own.
    FORCED_LABOUR_OR_SERVICES = "ForcedLabourOrServices", _("Forced labour or services (s.6/1)")
    OTHER = "Other", _("Other")


class SexExploitationType(models.TextChoices):  # vic_TypeOfSexExploitation
    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE_INTERACTIVE = "RemoteInteractiveServices", _("Remote interactive services")
    PRIVATE_SEXUAL_SERVICES = "PrivateSexualServices", _("Private sexual services")


class ForcedLabourIndustry(models.TextChoices):  # vic_ForcedLabourIndustry (ISIC sections)
    AGRICULTURE_FORESTRY_FISHING = (
        "A_AgricultureForestryAndFishing",
        _("Agriculture, forestry and fishing"),
    )
    MINING = "B_MiningAndQuarrying", _("Mining and quarrying")
    MANUFACTURING = "C_Manufacturing", _("Manufacturing")
    CONSTRUCTION = "F_Construction", _("Construction")
    TRADE = "G_WholesaleAndRetailTradeRepairOfMotorVehicles", _("Wholesale and retail trade")
    TRANSPORT = "H_TransportationAndStorage", _("Transportation and storage")
    ACCOMMODATION_FOOD = (
        "I_AccommodationAndFoodServiceActivities",
        _("Accommodation and food services"),
    )
    INFORMATION = "J_InformationAndCommunication", _("Information and communication")
    OTHER_SERVICES = "S_OtherServiceActivities", _("Other services")
    HOUSEHOLDS = "T_ActivitiesOfHouseholdsAsEmployers", _("Domestic work (households as employers)")


class Vulnerability(models.TextChoices):  # vic_Vulnerabilities
    ADDICTION = "Addiction", _("Addiction")
    SOCIAL_GROUP = "SocialGroup", _("Social group")
    DISCRIMINATION = "Discrimination", _("Discrimination")
    POVERTY = "Poverty", _("Poverty")
    DISABILITY = "DisabilityAndPhysicalHealth", _("Disability and physical health")
    MENTAL_HEALTH = "MentalHealth", _("Mental health")
    MIGRATION = "Migration", _("Migration")
    HOMELESSNESS = "Homelessness", _("Homelessness")
    ABUSE_SOCIAL_MEDIA = "AbuseSocialMedia", _("Abuse through social media")
    ABUSE_PHYSICAL = "AbusePhysical", _("Physical abuse")
    EDUCATION = "Education", _("Education")
    WORK_ENVIRONMENT = "WorkEnvironment", _("Work environment")


class ForcedLabourIndicator(models.TextChoices):
    """The ILO's 11 indicators of forced labour, prompted one by one at screening."""

    ABUSE_OF_VULNERABILITY = "AbuseOfVulnerability", _("Abuse of vulnerability")
    DECEPTION = "Deception", _("Deception")
    RESTRICTION_OF_MOVEMENT = "RestrictionOfMovement", _("Restriction of movement")
    ISOLATION = "Isolation", _("Isolation")
    PHYSICAL_AND_SEXUAL_VIOLENCE = "PhysicalAndSexualViolence", _("Physical and sexual violence")
    INTIMIDATION_AND_THREATS = "IntimidationAndThreats", _("Intimidation and threats")
    RETENTION_OF_IDENTITY_DOCUMENTS = (
        "RetentionOfIdentityDocuments",
        _("Retention of identity documents"),
    )
    WITHHOLDING_OF_WAGES = "WithholdingOfWages", _("Withholding of wages")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    ABUSIVE_CONDITIONS = (
        "AbusiveWorkingAndLivingConditions",
        _("Abusive working and living conditions"),
    )
    EXCESSIVE_OVERTIME = "ExcessiveOvertime", _("Excessive overtime")


# The question that prompts each indicator in the screening interview (printed on the form).
INDICATOR_PROMPTS = {
    ForcedLabourIndicator.ABUSE_OF_VULNERABILITY: _(
        "Did someone take advantage of the person's situation: no papers, debt, poverty, "
        "language, age?"
    ),
    ForcedLabourIndicator.DECEPTION: _(
        "Were the job, pay, place or conditions different from what was promised?"
    ),
    ForcedLabourIndicator.RESTRICTION_OF_MOVEMENT: _(
        "Could the person leave the workplace or the living quarters freely?"
    ),
    ForcedLabourIndicator.ISOLATION: _(
        "Was the person cut off from family, phone, or the people around them?"
    ),
    ForcedLabourIndicator.PHYSICAL_AND_SEXUAL_VIOLENCE: _(
        "Was the person beaten, hurt, or sexually abused, or did they see it happen to others?"
    ),
    ForcedLabourIndicator.INTIMIDATION_AND_THREATS: _(
        "Was the person threatened: with violence, arrest, deportation, or harm to family?"
    ),
    ForcedLabourIndicator.RETENTION_OF_IDENTITY_DOCUMENTS: _(
        "Does someone else keep the person's passport, ID card or work permit?"
    ),
    ForcedLabourIndicator.WITHHOLDING_OF_WAGES: _("Was pay withheld, delayed, cut, or never paid?"),
    ForcedLabourIndicator.DEBT_BONDAGE: _(
        "Does the person owe a debt (travel, recruitment, food, fines) that keeps growing?"
    ),
    ForcedLabourIndicator.ABUSIVE_CONDITIONS: _(
        "Were the work or the living place degrading, dangerous or unhealthy?"
    ),
    ForcedLabourIndicator.EXCESSIVE_OVERTIME: _(
        "Did the person work very long hours or days without rest, or face punishment for "
        "missing quotas?"
    ),
}


class PerpetratorRole(models.TextChoices):  # per_RoleInProcess
    TRAVELLING_PARTNER = "TravellingPartner", _("Travelling partner")
    TRANSPORTER = "Transporter", _("Transporter")
    RECRUITER = "RecruiterOrIntermediary", _("Recruiter or intermediary")
    BROKER = "BrokerTravelAgent", _("Broker or travel agent")
    SMUGGLER = "Smuggler", _("Smuggler")
    ABUSER = "Abuser", _("Abuser")
    KIDNAPPER = "Kidnapper", _("Kidnapper")
    EXPLOITER = "Exploiter", _("Exploiter")
    OTHER = "Other", _("Other")


class PlaceType(models.TextChoices):  # hte_Type
    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class CaseStatus(models.TextChoices):  # cas_Status, derived from the phase
    ACTIVE = "Active", _("Active")
    FOLLOW_UP = "FollowUp", _("Follow-up")
    CLOSED = "Closed", _("Closed")
    CLOSED_REFERRED = "ClosedReferred", _("Closed, referred")


class TipSource(models.TextChoices):
    HOTLINE_1300 = "hotline_1300", _("1300 hotline")
    POLICE = "police", _("Police")
    NGO = "ngo", _("NGO")
    VOLUNTEER = "volunteer", _("Volunteer (อพม.)")
    YOUTH_COUNCIL = "youth_council", _("Children and youth council")
    PUBLIC = "public", _("Member of the public")
    RELATIVE = "relative", _("Relative")
    SELF = "self", _("The person themself")
    OTHER_AGENCY = "other_agency", _("Another agency")
    EMBASSY = "embassy", _("Embassy or foreign counterpart")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("In person")
    LETTER = "letter", _("Letter or official memo")
    ONLINE = "online", _("Online or chat")
    FIELD = "field", _("Found in the field (operation, inspection)")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate danger")
    URGENT = "urgent", _("Urgent (within 24 hours)")
    ROUTINE = "routine", _("Routine")


class ClosureReason(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated: living normally")
    REFERRED = "referred", _("Referred to another organisation")  # HTCDS ClosedReferred
    REPATRIATED = "repatriated", _("Repatriated and handed over")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim of trafficking")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECLINED_SERVICES = "declined_services", _("Declined services")
    WITHDRAWN = "withdrawn", _("Withdrew from the process")
    DECEASED = "deceased", _("Deceased")
    DUPLICATE = "duplicate", _("Duplicate of another case")


# --- parallel tracks (stages 7-12) and referrals ------------------------------------------------
class SupportType(models.TextChoices):  # spl_Type (+ the services Thai practice plans as such)
    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial support")
    HEALTH = "Health", _("Health care")
    LABOUR_EXPLOITATION_REHABILITATION = (
        "LabourExploitationRehabilitation",
        _("Rehabilitation after labour exploitation"),
    )
    LEGAL = "Legal", _("Legal aid")
    LIVELIHOOD = "Livelihood", _("Livelihood and vocational training")
    RIGHTS_BASED_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_EXPLOITATION_REHABILITATION = (
        "SexualExploitationRehabilitation",
        _("Rehabilitation after sexual exploitation"),
    )
    SOCIAL_CARE = "SocialCare", _("Social care")
    # Not in HTCDS v2: services the s.33 plan names one by one.
    SHELTER = "Shelter", _("Shelter")
    FOOD = "Food", _("Food and daily necessities")
    MENTAL_HEALTH = "MentalHealth", _("Mental health and psychosocial care")
    INTERPRETER = "Interpreter", _("Interpreter")
    FAMILY_TRACING = "FamilyTracing", _("Family tracing and contact")


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ShelterExitReason(models.TextChoices):
    RETURNED_TO_FAMILY = "returned_to_family", _("Returned to the family")
    REPATRIATED = "repatriated", _("Repatriated to the country of origin")
    MOVED_TO_ANOTHER_SHELTER = "moved_to_another_shelter", _("Moved to another shelter")
    INDEPENDENT_LIVING = "independent_living", _("Living independently")
    LEFT_BY_CHOICE = "left_by_choice", _("Left of their own choice")
    LEFT_WITHOUT_NOTICE = "left_without_notice", _("Left without notice")
    OTHER = "other", _("Other")


class VictimRole(models.TextChoices):
    """The person's part in the criminal case."""

    WITNESS = "witness", _("Witness")
    JOINT_PLAINTIFF = "joint_plaintiff", _("Joint plaintiff with the public prosecutor")
    COMPLAINANT = "complainant", _("Complainant (injured person who filed the complaint)")
    COMPENSATION_CLAIMANT = (
        "compensation_claimant",
        _("Claimant of compensation in the criminal case"),
    )
    OTHER = "other", _("Other")


class ProceedingStatus(models.TextChoices):
    INVESTIGATION = "investigation", _("Police investigation")
    PROSECUTION = "prosecution", _("With the public prosecutor")
    TRIAL = "trial", _("Trial in court")
    APPEAL = "appeal", _("Appeal")
    JUDGMENT_FINAL = "judgment_final", _("Final judgment")
    NOT_PROSECUTED = "not_prosecuted", _("Not prosecuted or dropped")


class WitnessTestimonyKind(models.TextChoices):
    POLICE_STATEMENT = "police_statement", _("Statement to the inquiry officer")
    PRE_TRIAL_DEPOSITION = (
        "pre_trial_deposition",
        _("Pre-trial deposition (testimony taken in advance)"),
    )
    IN_COURT = "in_court", _("Testimony in court")
    VIDEO = "video", _("Video testimony (remote)")


class ProtectionMeasureKind(models.TextChoices):
    WITNESS_PROTECTION = "witness_protection", _("Witness protection (Witness Protection Act)")
    SAFE_HOUSE = "safe_house", _("Safe accommodation")
    ESCORT = "escort", _("Escort to and from court")
    SEPARATE_ROOM = "separate_room", _("Separate waiting room, no contact with the accused")
    SCREEN_OR_VIDEO = "screen_or_video", _("Testimony behind a screen or by video link")
    IDENTITY_WITHHELD = "identity_withheld", _("Identity withheld from the public")
    OTHER = "other", _("Other")


class CompensationKind(models.TextChoices):
    FROM_OFFENDER = "from_offender_in_criminal_case", _("From the offender, in the criminal case")
    FUND_LIVING_COSTS = "fund_living_costs", _("From the fund: living costs")
    FUND_REHABILITATION = "fund_rehabilitation", _("From the fund: rehabilitation")
    FUND_LOST_WAGES = "fund_lost_wages", _("From the fund: lost wages")
    OTHER = "other", _("Other")


class PermitPurpose(models.TextChoices):
    PROCEEDINGS = "proceedings", _("Legal proceedings")
    TREATMENT = "treatment", _("Medical treatment")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    COMPENSATION_CLAIM = "compensation_claim", _("Claim for compensation")


class PermitType(models.TextChoices):
    STAY = "stay", _("Stay")
    STAY_AND_WORK = "stay_and_work", _("Stay and work")


class ReturnKind(models.TextChoices):
    REPATRIATION = "repatriation_s38", _("Repatriation to the country of origin (s.38)")
    THAI_FROM_ABROAD = "return_thai_abroad_s39", _("Return of a Thai victim from abroad (s.39)")
    TO_FAMILY = "return_to_family_in_thailand", _("Return to the family in Thailand")


class SafeToReturn(models.TextChoices):
    YES = "yes", _("Safe to return")
    WITH_CONDITIONS = "with_conditions", _("Safe to return with conditions")
    NO = "no", _("Not safe to return")


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral for a service")
    TRANSFER = "transfer", _("Transfer of the case")


class ReferralReason(models.TextChoices):  # cas_ReasonForOutgoingReferral (+ Thai-specific)
    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Additional services required")
    CHANGE_OF_LOCATION = "MigrationOrChangeOfLocation", _("Migration or change of location")
    # Not in HTCDS v2: the reasons the National Referral Mechanism names.
    REINTEGRATION_IN_HOME_PROVINCE = (
        "ReintegrationInHomeProvince",
        _("Reintegration and follow-up in the home province"),
    )
    SHELTER_PLACEMENT = "ShelterPlacement", _("Shelter placement")
    LEGAL_PROCEEDINGS = "LegalProceedings", _("Legal proceedings")
    LABOUR_OR_MIGRANT_SERVICES = (
        "LabourRightsOrMigrantServices",
        _("Labour rights or migrant services"),
    )
    REPATRIATION = "Repatriation", _("Repatriation")
    OTHER = "Other", _("Other")


class ReferralAnswer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the sender")


class IdentitySharing(models.TextChoices):
    """On what basis a referral shares the person's identity (con_Consent, or an override)."""

    CONSENT = "consent", _("identity shared with the person's consent")
    OVERRIDE = "override", _("identity shared on the supervisor's override")
    NOT_SHARED = "not_shared", _("identity not shared")


# --- the elements of the offence (Anti-Trafficking in Persons Act s.6 and s.6/1) ---------------
class DecisionBasis(models.TextChoices):
    TRAFFICKING = "s6", _("Trafficking in persons (s.6)")
    FORCED_LABOUR = "s6_1", _("Forced labour or services (s.6/1)")


class TraffickingAct(models.TextChoices):  # the act (s.6)
    RECRUITING = "recruiting", _("Recruiting")
    TRANSPORTING = "transporting", _("Transporting")
    TRANSFERRING = "transferring", _("Transferring")
    HARBOURING = "harbouring", _("Harbouring")
    RECEIVING = "receiving", _("Receiving")


class TraffickingMeans(models.TextChoices):  # the means (s.6 (1)); none needed for a child
    THREAT = "threat", _("Threat")
    FORCE = "force", _("Use of force")
    ABDUCTION = "abduction", _("Abduction")
    FRAUD = "fraud", _("Fraud")
    DECEPTION = "deception", _("Deception")
    ABUSE_OF_POWER = "abuse_of_power", _("Abuse of power")
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Abuse of a position of vulnerability")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    PAYMENT_TO_CONTROLLER = (
        "payment_to_controller",
        _("Giving money or benefits to a person in control of the victim"),
    )


class VictimChargeOffence(models.TextChoices):
    """Offences a victim may be charged with: the first four are listed in s.41 (not to be
    prosecuted); the last falls under the international non-punishment principle."""

    ILLEGAL_ENTRY_EXIT_STAY = (
        "illegal_entry_exit_stay",
        _("Entering, leaving or staying in the Kingdom without permission"),
    )
    FALSE_STATEMENT = (
        "false_statement_document",
        _("False statement or forged travel document"),
    )
    PROSTITUTION = "prostitution", _("Prostitution")
    WORK_WITHOUT_PERMIT = "work_without_permit", _("Working without a permit")
    OTHER_NON_PUNISHMENT = (
        "other_non_punishment",
        _("Other, e.g. forced criminality in scam compounds (non-punishment principle)"),
    )


class PlaceSetting(models.TextChoices):  # what kind of place (Thai practice; HTCDS has none)
    SCAM_COMPOUND = "scam_compound", _("Scam compound")
    FISHING_VESSEL = "fishing_vessel", _("Fishing vessel")
    FACTORY = "factory", _("Factory")
    ENTERTAINMENT = "entertainment", _("Brothel or entertainment venue")
    PRIVATE_HOME = "private_home", _("Private home (domestic work)")
    FARM = "farm", _("Farm or plantation")
    CONSTRUCTION = "construction", _("Construction site")
    STREET = "street", _("Street or begging")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class CounterpartKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy or consulate")
    GOVERNMENT = "government", _("Government agency of another country")
    INTERNATIONAL = "international", _("International organisation")
    NGO = "ngo", _("Non-governmental organisation")


class PerpetratorPart(models.TextChoices):  # which part of a perpetrator's record was corrected
    NAME = "name", _("name")
    ALIASES = "aliases", _("other names and aliases")
    ROLES = "roles", _("role in the process")
    SEX = "sex", _("sex")
    NATIONALITY = "nationality", _("nationality")
    DETAILS = "details", _("details")
