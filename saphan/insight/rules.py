"""Who may run the national exports and official reports (dashboards: insight.view_aggregates
in orgs/rules.py, scoped by access.aggregate_scope).

National exports (HTCDS tables, the CTDC-style dataset) and the national official reports are
for central officers with national jurisdiction: they hold national aggregates by their role.
Auditors search logs, not data, and do not export; regional and provincial staff see their own
area on the dashboards."""

import rules

from saphan.orgs import access
from saphan.orgs.rules import is_central_officer


@rules.predicate
def has_national_scope(user) -> bool:
    scope = access.aggregate_scope(user)
    return scope.province_codes is None


rules.add_perm("insight.export_national", is_central_officer & has_national_scope)
rules.add_perm("insight.official_reports", is_central_officer & has_national_scope)
