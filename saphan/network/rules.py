"""What the network's roles may do. Which rows they see is in saphan/orgs/access.py."""

import rules

from saphan.orgs.rules import (
    is_case_worker,
    is_central_officer,
    is_supervisor,
    is_volunteer,
)


@rules.predicate
def tip_in_own_province(user, tip) -> bool:
    return tip is not None and bool(user.province_id) and user.province_id == tip.province_id


@rules.predicate
def visit_in_own_province(user, visit) -> bool:
    return visit is not None and bool(user.province_id) and user.province_id == visit.province_id


@rules.predicate
def member_in_own_province(user, member) -> bool:
    return member is not None and bool(user.province_id) and user.province_id == member.province_id


@rules.predicate
def visit_assigned_by_user(user, visit) -> bool:
    return visit is not None and visit.assigned_by_id == user.pk


@rules.predicate
def visit_assigned_to_user(user, visit) -> bool:
    return visit is not None and visit.assigned_to_id == user.pk


# network.report_concern (volunteer or youth-council member) is in saphan/orgs/rules.py.
rules.add_perm("network.enter_hotline_tip", is_case_worker | is_supervisor | is_central_officer)
rules.add_perm("network.triage_tip", (is_case_worker | is_supervisor) & tip_in_own_province)
rules.add_perm("network.view_triage", is_case_worker | is_supervisor)
rules.add_perm("network.manage_members", is_supervisor)
rules.add_perm("network.view_members", is_case_worker | is_supervisor)
rules.add_perm(
    "network.issue_password_link", (is_case_worker | is_supervisor) & member_in_own_province
)
rules.add_perm("network.record_visit", is_volunteer & visit_assigned_to_user)
rules.add_perm("network.view_my_visits", is_volunteer)
rules.add_perm("network.view_visits", is_case_worker | is_supervisor)
# The visit's province's staff, or whoever assigned it (a follow-up assigned from the case's
# province to the home province's volunteer).
rules.add_perm(
    "network.manage_visit",
    (is_case_worker | is_supervisor) & (visit_in_own_province | visit_assigned_by_user),
)
rules.add_perm("network.view_outreach", is_case_worker | is_supervisor)
rules.add_perm("network.assign_household_visit", is_case_worker | is_supervisor)
rules.add_perm("network.import_households", is_supervisor | is_central_officer)
rules.add_perm("network.set_risk_weights", is_central_officer)
