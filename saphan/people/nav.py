"""The people app's menu item: supervisors' duplicate persons (the linkage review queue)."""

from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import register_pages, register_purposes, register_scopes
from saphan.core.menus import NavItem, register_menu

from .matching import SCOPE as DUPLICATE_CHECK

register_menu(
    NavItem(_("Duplicate persons"), "people:linkage", perm="people.review_links"), place=15
)
# The read log's scopes this app writes, in the auditor's words (/audit/).
register_scopes(
    exact={
        DUPLICATE_CHECK: _("Duplicate check of a new person"),
        "merge search": _("Search for the same person (merging records)"),
    },
    prefixes={"identity via ": _("Names of the people in case %(rest)s")},
)
register_pages(
    {
        "people:profile": _("Person's profile"),
        "people:profile_edit": _("Correction of a person's profile"),
        "people:photo_edit": _("Photo of the person"),
        "people:photo_file": _("Photo of the person"),
        "people:item_add": _("Person's profile"),
        "people:item_edit": _("Person's profile"),
        "people:check": _("Duplicate check of a new person"),
        "people:candidates": _("Duplicate check of a new person"),
        "people:merge": _("Merging records of the same person"),
        "people:merge_compare": _("Merging records of the same person"),
        "people:merges": _("Merges of persons' records"),
        "people:merge_detail": _("Merge of persons' records"),
        "people:merge_undo": _("Undoing a merge of persons' records"),
        "people:linkage": _("Duplicate persons"),
        "people:link_pair": _("Duplicate persons"),
        "people:link_pair_dismiss": _("Duplicate persons"),
        "people:access_requests": _("Access requests to answer"),
        "people:access_request_new": _("Request to see who the person is"),
        "people:access_request_decide": _("Answer to a request to see who the person is"),
    }
)
register_purposes(
    {
        "intake": _("Duplicate check of a new person"),
        "same person": _("Checking whether two records are the same person"),
        "profile": _("Person's profile"),
        "profile edit": _("Correction of a person's profile"),
        "profile photo": _("Photo of the person"),
        "profile names": _("Names of the person"),
        "profile documents": _("Identity documents of the person"),
        "profile contacts": _("Contacts of the person"),
        "person merge refused": _("Merging records of the same person (refused)"),
        "person merge undo refused": _("Undoing a merge of persons' records (refused)"),
        "link pair dismiss refused": _("Marking two records as different people (refused)"),
    }
)
