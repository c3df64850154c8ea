"""What each role may do, as `rules` predicates. Visibility of rows is in access.py."""

import rules

from . import access
from .roles import Role


def has_role(*roles: str):
    name = "has_role:" + ",".join(roles)

    @rules.predicate(name=name)
    def pred(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(*roles))

    return pred


is_case_worker = has_role(Role.CASE_WORKER)
is_shelter_staff = has_role(Role.SHELTER_STAFF)
is_mdt_member = has_role(Role.MDT_MEMBER)
is_supervisor = has_role(Role.PROVINCIAL_SUPERVISOR)
is_regional_officer = has_role(Role.REGIONAL_OFFICER)
is_central_officer = has_role(Role.CENTRAL_OFFICER)
is_knowledge_manager = has_role(Role.KNOWLEDGE_MANAGER)
is_volunteer = has_role(Role.VOLUNTEER)
is_youth_council = has_role(Role.YOUTH_COUNCIL)
is_system_admin = has_role(Role.SYSTEM_ADMIN)
is_auditor = has_role(Role.AUDITOR)


@rules.predicate
def can_view_case(user, case) -> bool:
    return case is not None and access.can_view_case(user, case)


@rules.predicate
def can_see_identity(user, case) -> bool:
    return case is not None and access.can_see_identity(user, case)


@rules.predicate
def supervises_case_province(user, case) -> bool:
    return case is not None and bool(user.province_id) and user.province_id == case.province_id


@rules.predicate
def works_at_owning_agency(user, case) -> bool:
    return case is not None and bool(user.agency_id) and user.agency_id == case.agency_id


@rules.predicate
def works_at_receiving_agency(user, referral) -> bool:
    return referral is not None and bool(user.agency_id) and user.agency_id == referral.to_agency_id


@rules.predicate
def has_national_jurisdiction(user) -> bool:
    return user.jurisdiction == "nation"


@rules.predicate
def has_aggregate_scope(user) -> bool:
    return not access.aggregate_scope(user).is_empty


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.view_identity", can_see_identity)
rules.add_perm("cases.add_case", is_case_worker | is_supervisor)
rules.add_perm(
    "cases.change_case",
    can_view_case & (is_case_worker | is_supervisor | is_mdt_member | is_shelter_staff),
)
rules.add_perm("cases.assign_case", is_supervisor & supervises_case_province)
rules.add_perm("cases.approve_closure", is_supervisor & supervises_case_province)
rules.add_perm("cases.grant_need_to_know", is_supervisor & supervises_case_province)
rules.add_perm("insight.view_aggregates", has_aggregate_scope)
rules.add_perm("knowledge.publish", is_knowledge_manager)
rules.add_perm("network.report_concern", is_volunteer | is_youth_council)
rules.add_perm("audit.view_logs", is_auditor)
rules.add_perm("orgs.manage_users", is_system_admin)
rules.add_perm("core.view_message_failures", is_system_admin)
rules.add_perm("core.resend_message", is_system_admin)
# The second person for a grant that opens case content (orgs/services_accounts.py).
rules.add_perm("orgs.approve_role_grant", is_central_officer & has_national_jurisdiction)
rules.add_perm(
    "orgs.open_account_pages", is_system_admin | (is_central_officer & has_national_jurisdiction)
)
rules.add_perm("geo.manage_reference", is_system_admin)
rules.add_perm("cases.approve_identification", is_supervisor & supervises_case_province)
# The parallel tracks (stages 7-12): each role writes the part that is its work.
rules.add_perm(
    "cases.change_assistance",
    can_view_case & (is_case_worker | is_supervisor | is_shelter_staff),
)
rules.add_perm(
    "cases.change_legal", can_view_case & (is_case_worker | is_supervisor | is_mdt_member)
)
rules.add_perm("cases.change_return", can_view_case & (is_case_worker | is_supervisor))
rules.add_perm("cases.refer_case", can_view_case & (is_case_worker | is_supervisor))
rules.add_perm(
    "cases.transfer_case",
    (can_view_case & is_case_worker & works_at_owning_agency)
    | (is_supervisor & supervises_case_province),
)
# Only the supervisor of the province that holds the case may share identity without consent.
rules.add_perm("cases.override_referral_consent", is_supervisor & supervises_case_province)
# The receiving agency answers: its case workers and supervisors, and the MDT members who
# work there (a referral to the province's police is accepted by the police).
rules.add_perm(
    "cases.answer_referral",
    (is_case_worker | is_supervisor | is_mdt_member) & works_at_receiving_agency,
)
# Bringing another agency's member to the table is the provincial supervisor's decision.
rules.add_perm("cases.add_mdt_member", is_supervisor & supervises_case_province)


@rules.predicate
def may_see_perpetrators(user, case) -> bool:
    return case is not None and access.may_see_perpetrators(user, case)


rules.add_perm("cases.view_perpetrators", may_see_perpetrators)
rules.add_perm(
    "cases.change_crime", may_see_perpetrators & (is_case_worker | is_supervisor | is_mdt_member)
)
# Two records of one perpetrator are made one by a provincial supervisor (as for persons).
rules.add_perm("cases.merge_perpetrators", is_supervisor)
