"""Who may do what in the knowledge base. ``knowledge.publish`` (knowledge managers) is
declared with the other role rules in orgs/rules.py; reading is open to every signed-in user:
the law, manuals and practices hold no personal data."""

import rules

from saphan.orgs.roles import Role
from saphan.orgs.rules import (
    has_role,
    is_knowledge_manager,
    is_supervisor,
)

# Staff who do the work and can write from it. Volunteers, youth-council members, the
# system administrator and the auditor read the knowledge base but do not author practices.
is_practitioner = has_role(
    Role.CASE_WORKER,
    Role.SHELTER_STAFF,
    Role.MDT_MEMBER,
    Role.PROVINCIAL_SUPERVISOR,
    Role.REGIONAL_OFFICER,
    Role.CENTRAL_OFFICER,
    Role.KNOWLEDGE_MANAGER,
)


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_practice_author(user, practice) -> bool:
    return practice is not None and practice.author_id == user.pk


@rules.predicate
def practice_is_editable(user, practice) -> bool:
    return practice is not None and practice.is_editable


@rules.predicate
def practice_from_other_province(user, practice) -> bool:
    # "We used this" is for staff of other provinces: a practice's own province made it.
    return practice is not None and (
        practice.province_id is None or practice.province_id != user.province_id
    )


rules.add_perm("knowledge.view", is_signed_in)
rules.add_perm("knowledge.draft_practice", is_practitioner)
rules.add_perm(
    "knowledge.change_practice",
    is_practitioner & practice_is_editable & (is_practice_author | is_knowledge_manager),
)
rules.add_perm("knowledge.review_practice", is_knowledge_manager)
rules.add_perm("knowledge.mark_practice_used", is_practitioner & practice_from_other_province)
rules.add_perm(
    "knowledge.add_workshop",
    has_role(Role.REGIONAL_OFFICER, Role.CENTRAL_OFFICER, Role.KNOWLEDGE_MANAGER),
)
rules.add_perm("knowledge.view_unticked", is_supervisor)
