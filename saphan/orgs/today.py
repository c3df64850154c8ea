"""Role grants waiting for a central officer's second approval (saphan.core.today)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from saphan.core.today import (
    WAITING,
    TodayEntry,
    TodaySection,
    register_today,
    waiting_section,
)

from .models import GrantStatus
from .selectors import pending_grants


def role_grants(user, *, limit: int) -> TodaySection | None:
    if not user.has_perm("orgs.approve_role_grant"):
        return None
    # The second person decides: grants this officer asked for, or for their own account, wait
    # for another officer and are not this officer's work.
    qs = (
        pending_grants(actor=user)
        .filter(status=GrantStatus.PENDING)
        .exclude(requested_by=user)
        .exclude(user=user)
        .order_by("created_at")
    )
    url = reverse("accounts:grants")
    return waiting_section(
        qs,
        limit=limit,
        entry=lambda grant: TodayEntry(
            title=grant.user.username,
            detail=", ".join(str(r) for r in grant.get_roles_display()),
            url=f"{url}#grant-{grant.pk}",
            when=grant.created_at,
            when_label=_("Asked"),
            urgency=WAITING,
        ),
        key="role-grants",
        title=_("Role grants to approve"),
        more_url=url,
        more_label=_("All role grants waiting"),
        approval=True,
    )


register_today(role_grants, place=90)


def messages_not_delivered(user, *, limit: int) -> TodaySection | None:
    """E-mail and LINE messages the worker gave up on (saphan.core.messaging), for the
    administrators who fix the mail server or the LINE token and send them again."""
    from saphan.core.models import OutgoingMessage

    if not user.has_perm("core.view_message_failures"):
        return None
    qs = OutgoingMessage.objects.filter(status=OutgoingMessage.Status.FAILED)
    url = reverse("message_failures")
    return waiting_section(
        qs,
        limit=limit,
        rows=qs.order_by("-created_at"),
        entry=lambda m: TodayEntry(
            title=f"{m.get_channel_display()} · {m.get_kind_display()}",
            detail=m.last_error[:120],
            url=url,
            when=m.created_at,
            when_label=_("Made"),
            urgency=WAITING,
        ),
        key="messages-failed",
        title=_("Messages not delivered"),
        more_url=url,
        more_label=_("All messages not delivered"),
    )


register_today(messages_not_delivered, place=95)
