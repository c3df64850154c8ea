"""Role grants waiting for a central officer's second approval (saphan.core.today)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from saphan.core.today import WAITING, TodayEntry, TodaySection, register_today

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
    count = qs.count()
    if not count:
        return None
    url = reverse("accounts:grants")
    entries = [
        TodayEntry(
            title=grant.user.username,
            detail=", ".join(str(r) for r in grant.get_roles_display()),
            url=f"{url}#grant-{grant.pk}",
            when=grant.created_at,
            when_label=_("Asked"),
            urgency=WAITING,
        )
        for grant in qs[:limit]
    ]
    return TodaySection(
        key="role-grants",
        title=_("Role grants to approve"),
        count=count,
        entries=entries,
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
    count = qs.count()
    if not count:
        return None
    url = reverse("message_failures")
    entries = [
        TodayEntry(
            title=f"{m.get_channel_display()} · {m.get_kind_display()}",
            detail=m.last_error[:120],
            url=url,
            when=m.created_at,
            when_label=_("Made"),
            urgency=WAITING,
        )
        for m in qs.order_by("-created_at")[:limit]
    ]
    return TodaySection(
        key="messages-failed",
        title=_("Messages not delivered"),
        count=count,
        entries=entries,
        more_url=url,
        more_label=_("All messages not delivered"),
    )


register_today(messages_not_delivered, place=95)
