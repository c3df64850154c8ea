"""Who may do what with training records.

- Everyone signed in reads the catalogue and their own training record.
- A provincial supervisor records completions for the staff of their province, creates
  sessions held in their province, imports files of their province's staff, and sees the gaps
  of their province.
- A regional officer creates sessions in their region's provinces and sees the region's gaps.
- A central officer (national jurisdiction) does all of that for the whole country, and alone
  keeps the competency table: which competencies exist, how long a course counts for each, which
  courses give it and which roles need it (it decides whose training every province counts).
"""

import rules

from saphan.orgs.roles import Jurisdiction
from saphan.orgs.rules import is_central_officer, is_regional_officer, is_supervisor


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_national(user) -> bool:
    return user.jurisdiction == Jurisdiction.NATION


@rules.predicate
def staff_of_my_province(user, staff) -> bool:
    """The staff member works in the actor's province (no staff member given: any of them)."""
    if staff is None:
        return bool(user.province_id)
    return bool(user.province_id) and staff.province_id == user.province_id


@rules.predicate
def is_self(user, staff) -> bool:
    return staff is not None and staff.pk == user.pk


@rules.predicate
def province_is_mine(user, province) -> bool:
    """A session's province (or a province given) is the actor's (none given: any of them)."""
    if province is None:
        return bool(user.province_id)
    return bool(user.province_id) and province.pk == user.province_id


@rules.predicate
def province_in_my_region(user, province) -> bool:
    if province is None:
        return bool(user.region_id)
    return bool(user.region_id) and province.region_id == user.region_id


central = is_central_officer & is_national

rules.add_perm("capacity.view_catalogue", is_signed_in)
rules.add_perm("capacity.record_completion", central | (is_supervisor & staff_of_my_province))
rules.add_perm("capacity.import_completions", central | is_supervisor)
rules.add_perm(
    "capacity.add_session",
    central | (is_supervisor & province_is_mine) | (is_regional_officer & province_in_my_region),
)
rules.add_perm("capacity.manage_competencies", central)
rules.add_perm("capacity.view_gaps", central | is_supervisor | is_regional_officer)
rules.add_perm(
    "capacity.view_staff_record",
    is_self | central | (is_supervisor & staff_of_my_province),
)
