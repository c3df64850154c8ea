"""What the people app's roles may do. Which persons they see is in saphan/orgs/access.py."""

import rules

from saphan.orgs.rules import is_supervisor

# A provincial supervisor merges two records of one person (both must be visible to them:
# people/merging.py checks it against access.visible_persons) and reviews the pairs that the
# batch linkage (people/linkage.py) proposes in their province.
rules.add_perm("people.merge_persons", is_supervisor)
rules.add_perm("people.review_links", is_supervisor)
