from django.utils.translation import gettext_lazy as _

from saphan.audit.wording import (
    register_export_kinds,
    register_pages,
    register_purposes,
    register_scopes,
)
from saphan.core.menus import NavItem, register_menu
from saphan.orgs.access import CASE_ROLES
from saphan.orgs.roles import Role

ITEMS = [
    # Everyone whose role can hold case rows; which cases they see is access.py's business.
    NavItem(_("Cases"), "cases:list", roles=tuple(sorted(CASE_ROLES))),
    NavItem(
        _("My deadlines"),
        "cases:deadlines",
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR),
    ),
    # The receiving side of referrals: those who may accept or decline them (orgs/rules.py).
    NavItem(
        _("Referrals waiting"),
        "cases:referrals",
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER),
    ),
]
ITEMS += [
    NavItem(
        _("Perpetrators"),
        "cases:perpetrators",
        roles=(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER),
    ),
]
register_menu(*ITEMS, place=10)

# The read log's scopes and exports this app writes, in the auditor's words (/audit/).
register_scopes(
    exact={
        "identity via case list": _("Names shown in a case list"),
        "perpetrator": _("Alleged perpetrator's record"),
        "perpetrator_search": _("Search of alleged perpetrators"),
        "cases:mine": _("Case list: my cases"),
        "cases:all": _("Case list: all I can see"),
        "deadlines:mine": _("My deadlines"),
    }
)
register_export_kinds([("case_list", _("Cases")), ("deadlines", _("My deadlines"))])

# The pages a refused attempt may name, and the purposes this app writes, in the auditor's words.
register_pages(
    {
        "cases:list": _("Case list"),
        "cases:new": _("New case"),
        "cases:detail": _("Case file"),
        "cases:action": _("Case file form"),
        "cases:document": _("Case file document"),
        "cases:pdf_screening_form": _("Screening form (PDF)"),
        "cases:pdf_summary": _("Case summary (PDF)"),
        "cases:deadlines": _("My deadlines"),
        "cases:referrals": _("Referrals waiting"),
        "cases:referral-answer": _("Answer to a referral"),
        "cases:queue-identification": _("Identification decision waiting for approval"),
        "cases:queue-closure": _("Closure waiting for a decision"),
        "cases:perpetrators": _("Perpetrators"),
        "cases:perpetrator": _("Alleged perpetrator's record"),
        "cases:perpetrator-edit": _("Correction of an alleged perpetrator's record"),
        "cases:perpetrator-merge": _("Merging alleged perpetrators' records"),
        "cases:perpetrator-merge-detail": _("Merge of alleged perpetrators' records"),
    }
)
register_purposes(
    {
        "case_page": _("Case file"),
        "case list": _("Case list"),
        "document": _("Case file document"),
        "perpetrator edit": _("Correction of an alleged perpetrator's record"),
        "edit": _("Correction of the record"),
        "merge compare": _("Comparing records before merging them"),
        "merge detail": _("Merge of alleged perpetrators' records"),
        "perpetrator merge refused": _("Merging alleged perpetrators' records (refused)"),
        "perpetrator merge undo refused": _(
            "Undoing a merge of alleged perpetrators' records (refused)"
        ),
        "PDF: screening form": _("Screening form (PDF)"),
        "PDF: case summary": _("Case summary (PDF)"),
    }
)


def _action_words() -> None:
    """Each form of the case file by its title: the page's action and the purpose it logs."""
    from .views.actions import ACTIONS

    register_pages({f"cases:action/{slug}": action.title for slug, action in ACTIONS.items()})
    register_purposes({slug: action.title for slug, action in ACTIONS.items()})


_action_words()
