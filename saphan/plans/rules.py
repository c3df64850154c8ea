"""Who may do what with the action plan and the provincial progress reports.

- The province's case workers and supervisors draft and submit its report; only a supervisor
  of that province approves it (or returns it for correction).
- The regional officer of the province's region reviews an approved report (or returns it).
- Province staff see their own province's plan and reports; a regional officer those of the
  region's provinces once sent; a central officer every sent report and the national roll-up.
- The plan itself (plan, strategies, measures, indicators and their yearly targets, assignments
  and the provinces' targets) is edited only by the central officer (``plans.manage_plan``): the
  central office (DATIP) owns the national plan. There is no separate plan-editing role; the
  system administrator manages accounts, not content, and is not given this right. Regional and
  provincial staff, and every other role, may read the plan but never change it.
"""

import rules

from saphan.geo.models import Province, Region
from saphan.orgs.rules import (
    is_case_worker,
    is_central_officer,
    is_mdt_member,
    is_regional_officer,
    is_shelter_staff,
    is_supervisor,
)

from .models import EDITABLE_STATES, SENT_STATES, ReportState


def _province_id(obj):
    """The province of a Province, a report or an assignment."""
    if isinstance(obj, Province):
        return obj.code
    return getattr(obj, "province_id", None)


def _region_id(obj):
    """The region of a Region, a Province, or a report or assignment of a province."""
    if isinstance(obj, Region):
        return obj.code
    if isinstance(obj, Province):
        return obj.region_id
    province = getattr(obj, "province", None)
    return province.region_id if province is not None else None


@rules.predicate
def in_own_province(user, obj) -> bool:
    return bool(user.province_id) and user.province_id == _province_id(obj)


@rules.predicate
def in_own_region(user, obj) -> bool:
    region = getattr(user, "region_id", None)
    return bool(region) and region == _region_id(obj)


@rules.predicate
def report_editable(user, report) -> bool:
    return report is not None and report.state in EDITABLE_STATES


@rules.predicate
def report_submitted(user, report) -> bool:
    return report is not None and report.state == ReportState.SUBMITTED


@rules.predicate
def report_approved(user, report) -> bool:
    return report is not None and report.state == ReportState.APPROVED


@rules.predicate
def report_sent(user, report) -> bool:
    return report is not None and report.state in SENT_STATES


is_field_staff = is_case_worker | is_supervisor | is_mdt_member | is_shelter_staff
province_reporter = (is_case_worker | is_supervisor) & in_own_province

# Seeing the plan's structure: every staff role.
rules.add_perm("plans.view_plan", is_field_staff | is_regional_officer | is_central_officer)
# What the plan asks of a province (obj: a Province).
rules.add_perm(
    "plans.view_province",
    (is_field_staff & in_own_province) | (is_regional_officer & in_own_region) | is_central_officer,
)
# A report (obj: a ProgressReport). Outside the province only once sent.
rules.add_perm(
    "plans.view_report",
    ((is_case_worker | is_supervisor | is_mdt_member | is_shelter_staff) & in_own_province)
    | (is_regional_officer & in_own_region & report_sent)
    | (is_central_officer & report_sent),
)
rules.add_perm("plans.start_report", province_reporter)  # obj: a Province
rules.add_perm("plans.edit_report", province_reporter & report_editable)
rules.add_perm("plans.submit_report", province_reporter & report_editable)
rules.add_perm("plans.approve_report", is_supervisor & in_own_province & report_submitted)
rules.add_perm(
    "plans.return_report",
    (is_supervisor & in_own_province & report_submitted)
    | (is_regional_officer & in_own_region & report_approved),
)
rules.add_perm("plans.review_report", is_regional_officer & in_own_region & report_approved)
# Roll-ups (obj: a Region for the regional one).
rules.add_perm("plans.view_region", (is_regional_officer & in_own_region) | is_central_officer)
rules.add_perm("plans.view_nation", is_central_officer)
# The plan itself: targets and assignments are set centrally.
rules.add_perm("plans.manage_plan", is_central_officer)


# --- national agencies (assignments without a province) --------------------------------------
@rules.predicate
def in_own_agency(user, agency) -> bool:
    return agency is not None and bool(user.agency_id) and user.agency_id == agency.pk


@rules.predicate
def agency_is_national(user, agency) -> bool:
    from saphan.orgs.roles import Jurisdiction

    return agency is not None and agency.level == Jurisdiction.NATION


# What the plan asks of a national agency (obj: an Agency): its own staff, and the centre.
rules.add_perm("plans.view_agency", (in_own_agency & agency_is_national) | is_central_officer)
