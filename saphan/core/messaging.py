"""Messages that reach people outside the app: an alert or the daily digest of their Today, by
e-mail (Django's mail, SMTP) or LINE (the Messaging API through line-bot-sdk), as each person
chose on their preferences page.

Privacy: a message says only that something waits, the case codes it concerns and links to
Saphan, never a victim's name or a case's details: an e-mail or a LINE chat is read on phones
and shared screens, forwarded and kept by servers outside the ministry. The text is made here
from the case codes found in the alert or Today entry and their links; nothing else of the
alert's wording is copied.

Every message is an ``OutgoingMessage`` row made in the caller's transaction; after the commit
the worker sends it (``tasks.deliver_message``) and retries it; one that still fails stays
"failed", with its error, on the administrators' page.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .effects import after_commit
from .models import Alert, AlertChoice, MessagePreference, OutgoingMessage

# The case code as cases/models/case.py makes it: <DOPA province>-<B.E. year>-<number>.
CASE_CODE = re.compile(r"\b\d{2}-\d{4}-\d{5}\b")
LINE_CODE_MINUTES = 30
LINE_TEXT_MAX = 5000  # the Messaging API's limit for one text message
MAX_ATTEMPTS = 5


class MessageNotSent(Exception):
    """One attempt failed; the worker tries again."""


# --- preferences ---------------------------------------------------------------------------------
def preference_of(user) -> MessagePreference:
    """The person's choices (unsaved defaults — nothing sent — when they have never chosen)."""
    return MessagePreference.objects.filter(user=user).first() or MessagePreference(user=user)


def line_available() -> bool:
    return bool(settings.SAPHAN_LINE_CHANNEL_TOKEN)


@transaction.atomic
def message_preferences_save(
    *,
    actor,
    email: str,
    email_alerts: str,
    line_alerts: str,
    digest_email: bool,
    digest_line: bool,
    digest_hour: int,
) -> MessagePreference:
    """A person sets their own choices (nobody sets another's). A channel chosen must be one
    the person can receive: an address for e-mail, a linked LINE account for LINE."""
    pref = preference_of(actor)
    errors = {}
    address = (email or "").strip() or actor.email
    if (email_alerts != AlertChoice.NONE or digest_email) and not address:
        errors["email"] = _("Give an e-mail address to receive messages by e-mail.")
    wants_line = line_alerts != AlertChoice.NONE or digest_line
    if wants_line and not pref.line_user_id:
        errors["line_alerts"] = _("Link your LINE account first (below), then choose LINE.")
    if not 0 <= int(digest_hour) <= 23:
        errors["digest_hour"] = _("Choose an hour from 0 to 23.")
    if errors:
        raise ValidationError(errors)
    pref.email = (email or "").strip()
    pref.email_alerts, pref.line_alerts = email_alerts, line_alerts
    pref.digest_email, pref.digest_line, pref.digest_hour = digest_email, digest_line, digest_hour
    pref.save()
    return pref


@transaction.atomic
def line_link_code_issue(*, actor) -> MessagePreference:
    """A short code the person sends to Saphan's LINE account from their phone: the webhook
    then knows which LINE user is this person. It works once, for 30 minutes."""
    pref = preference_of(actor)
    pref.line_link_code = f"{secrets.randbelow(10**6):06d}"
    pref.line_link_expires = timezone.now() + dt.timedelta(minutes=LINE_CODE_MINUTES)
    pref.save()
    return pref


@transaction.atomic
def line_link_by_code(*, line_user_id: str, text: str) -> MessagePreference | None:
    """A LINE user sent ``text`` to Saphan's account: when it is a live code, that person's
    LINE account is linked (and told so). Anything else is ignored."""
    code = re.sub(r"\D", "", text or "")
    if len(code) != 6 or not line_user_id:
        return None
    pref = (
        MessagePreference.objects.select_for_update()
        .filter(line_link_code=code, line_link_expires__gt=timezone.now())
        .select_related("user")
        .first()
    )
    if pref is None:
        return None
    # one LINE account belongs to one person: a relink moves it
    MessagePreference.objects.filter(line_user_id=line_user_id).exclude(pk=pref.pk).update(
        line_user_id="", line_linked_at=None
    )
    pref.line_user_id, pref.line_linked_at = line_user_id, timezone.now()
    pref.line_link_code, pref.line_link_expires = "", None
    pref.save()
    with translation.override(pref.user.language or "th"):
        _queue(
            user=pref.user, channel=OutgoingMessage.Channel.LINE,
            kind=OutgoingMessage.Kind.LINE_LINKED, key=f"line_linked:{pref.pk}:{uuid.uuid4()}",
            subject=_("Saphan"),
            body=_("This LINE account now receives Saphan's messages for %(name)s.")
            % {"name": pref.user.get_username()},
        )  # fmt: skip
    return pref


@transaction.atomic
def line_unlink(*, actor) -> MessagePreference:
    pref = preference_of(actor)
    pref.line_user_id, pref.line_linked_at = "", None
    pref.line_alerts, pref.digest_line = AlertChoice.NONE, False
    pref.save()
    return pref


# --- what a message says ---------------------------------------------------------------------------
def absolute(link: str) -> str:
    if not link:
        return settings.SAPHAN_SITE_URL + "/"
    if link.startswith(("http://", "https://")):
        return link
    return settings.SAPHAN_SITE_URL + link


def alert_text(alert: Alert) -> tuple[str, str]:
    """Subject and text of a message about one alert, in the active language: the case code
    (when the alert is about a case) and the link, nothing more."""
    codes = sorted(set(CASE_CODE.findall(f"{alert.link} {alert.message}")))
    if alert.level == "danger":
        headline = _("A deadline has passed")
    elif alert.kind and alert.level == "warning" and alert.due_at:
        headline = _("A deadline is coming")
    else:
        headline = _("Something new for you")
    if codes:
        subject = _("Saphan: %(what)s — case %(code)s") % {"what": headline, "code": codes[0]}
        about = _("Case: %(codes)s") % {"codes": ", ".join(codes)}
    else:
        subject = _("Saphan: %(what)s") % {"what": headline}
        about = ""
    lines = [
        _("You have a new alert in Saphan."),
        about,
        _("Open it (after signing in): %(url)s") % {"url": absolute(alert.link)},
        "",
        _("For the victims' privacy this message holds no names or details."),
    ]
    return subject, "\n".join(line for line in lines if line is not None)


def digest_text(user, sections) -> tuple[str, str] | None:
    """Subject and text of the daily digest from the person's Today: each kind of work, how
    many, and per entry its case code and link. None when nothing waits."""
    sections = [s for s in sections if s.count]
    if not sections:
        return None
    total = sum(s.count for s in sections)
    subject = _("Saphan: %(n)s things waiting for you today") % {"n": total}
    lines = [_("Waiting for you in Saphan today:"), ""]
    for section in sections:
        lines.append(f"{section.title}: {section.count}")
        for entry in section.entries:
            code = CASE_CODE.search(f"{entry.url} {entry.title}")
            label = code.group(0) if code else "•"
            lines.append(f"  {label} {absolute(entry.url)}")
        if section.count > len(section.entries) and section.more_url:
            lines.append("  " + _("All of them: %(url)s") % {"url": absolute(section.more_url)})
        lines.append("")
    lines += [
        _("Today, all in one page: %(url)s") % {"url": absolute("/")},
        _("For the victims' privacy this message holds no names or details."),
        _("Change what you receive: %(url)s") % {"url": absolute("/messages/")},
    ]
    return subject, "\n".join(lines)


# --- making and sending ----------------------------------------------------------------------------
def _queue(*, user, channel: str, kind: str, key: str, subject: str, body: str, defer=True):
    """Make the message once per ``key`` and hand it to the worker after the commit (unless
    the caller sends it itself: ``defer=False``)."""
    try:
        with transaction.atomic():
            message = OutgoingMessage.objects.create(
                user=user, channel=channel, kind=kind, key=key[:300], subject=subject[:200],
                body=body,
            )  # fmt: skip
    except IntegrityError:  # already made (the same alert, the same day's digest)
        return None
    if defer:
        after_commit(_hand_over, message.pk)
    return message


def _hand_over(message_id: int) -> None:
    from .tasks import deliver_message

    deliver_message.defer(message_id=message_id)


def _wanted(choice: str, alert: Alert) -> bool:
    if choice == AlertChoice.ALL:
        return True
    return choice == AlertChoice.OVERDUE and alert.level == "danger"


def queue_for_alert(alert: Alert) -> list[OutgoingMessage]:
    """The messages one new alert asks for, by the person's choices."""
    pref = MessagePreference.objects.filter(user_id=alert.user_id).select_related("user").first()
    if pref is None:
        return []
    made = []
    with translation.override(pref.user.language or "th"):
        subject, body = alert_text(alert)
        if _wanted(pref.email_alerts, alert) and (pref.email or pref.user.email):
            made.append(_queue(user=pref.user, channel="email", kind="alert",
                               key=f"alert:{alert.pk}:email", subject=subject, body=body))  # fmt: skip
        if _wanted(pref.line_alerts, alert) and pref.line_user_id:
            made.append(_queue(user=pref.user, channel="line", kind="alert",
                               key=f"alert:{alert.pk}:line", subject=subject, body=body))  # fmt: skip
    return [m for m in made if m is not None]


def queue_digest(
    pref: MessagePreference, *, day: dt.date, defer: bool = True
) -> list[OutgoingMessage]:
    """The person's digest of ``day`` on the channels they chose, once a day per channel."""
    from .today import today_for

    user = pref.user
    if not user.is_active:
        return []
    with translation.override(user.language or "th"):
        text = digest_text(user, today_for(user, limit=10))
        if text is None:
            return []
        subject, body = text
        made = []
        if pref.digest_email and (pref.email or user.email):
            made.append(_queue(user=user, channel="email", kind="digest",
                               key=f"digest:{day.isoformat()}:{user.pk}:email",
                               subject=subject, body=body, defer=defer))  # fmt: skip
        if pref.digest_line and pref.line_user_id:
            made.append(_queue(user=user, channel="line", kind="digest",
                               key=f"digest:{day.isoformat()}:{user.pk}:line",
                               subject=subject, body=body, defer=defer))  # fmt: skip
    return [m for m in made if m is not None]


def digests_due(*, now=None, every_hour: bool = False, usernames=()) -> list[MessagePreference]:
    """Who gets a digest now: those whose chosen hour (Bangkok time) it is."""
    now = timezone.localtime(now or timezone.now())
    qs = MessagePreference.objects.filter(user__is_active=True).select_related("user")
    qs = qs.exclude(digest_email=False, digest_line=False)
    if usernames:
        qs = qs.filter(user__username__in=list(usernames))
    if not every_hour:
        qs = qs.filter(digest_hour=now.hour)
    return list(qs)


def send_line(*, to: str, text: str, retry_key: str) -> None:
    """One push message through line-bot-sdk (POST {SAPHAN_LINE_API}/v2/bot/message/push)."""
    from linebot.v3.messaging import (
        ApiClient,
        Configuration,
        MessagingApi,
        PushMessageRequest,
        TextMessage,
    )
    from linebot.v3.messaging.exceptions import ApiException

    config = Configuration(
        host=settings.SAPHAN_LINE_API, access_token=settings.SAPHAN_LINE_CHANNEL_TOKEN
    )
    try:
        with ApiClient(config) as client:
            MessagingApi(client).push_message(
                PushMessageRequest(to=to, messages=[TextMessage(text=text[:LINE_TEXT_MAX])]),
                x_line_retry_key=retry_key,
            )
    except ApiException as exc:
        if exc.status == 409:  # accepted before under this retry key: it was delivered
            return
        raise MessageNotSent(f"LINE {exc.status}: {(exc.body or '')[:300]}") from exc


def attempt(message: OutgoingMessage) -> bool:
    """Send once and record the outcome; True when sent."""
    error = ""
    try:
        if message.channel == OutgoingMessage.Channel.EMAIL:
            pref = preference_of(message.user)
            address = pref.email or message.user.email
            if not address:
                raise MessageNotSent("no e-mail address")
            EmailMessage(
                subject=message.subject, body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
            ).send()  # fmt: skip
        else:
            if not line_available():
                raise MessageNotSent("LINE is not set up (SAPHAN_LINE_CHANNEL_TOKEN)")
            pref = preference_of(message.user)
            if not pref.line_user_id:
                raise MessageNotSent("no LINE account linked")
            text = message.body if message.kind == "line_linked" else (
                f"{message.subject}\n\n{message.body}"
            )  # fmt: skip
            send_line(to=pref.line_user_id, text=text, retry_key=str(message.retry_key))
    except Exception as exc:  # SMTP, network, the API: any failure is this attempt's outcome
        error = f"{exc.__class__.__name__}: {exc}"[:500]
    ok = not error
    OutgoingMessage.objects.filter(pk=message.pk).update(
        attempts=message.attempts + 1, last_error=error,
        status=OutgoingMessage.Status.SENT if ok else message.status,
        sent_at=timezone.now() if ok else None,
    )  # fmt: skip
    message.attempts += 1
    message.last_error = error
    return ok


def deliver(message_id: int, *, last_try: bool) -> None:
    """The worker's step: send a queued message; after the last try it is marked failed."""
    message = OutgoingMessage.objects.select_related("user").filter(pk=message_id).first()
    if message is None or message.status == OutgoingMessage.Status.SENT:
        return
    if attempt(message):
        return
    if last_try:
        OutgoingMessage.objects.filter(pk=message.pk).update(status=OutgoingMessage.Status.FAILED)
        return
    raise MessageNotSent(f"message {message_id}: {message.last_error}")


@transaction.atomic
def message_resend(*, actor, message: OutgoingMessage) -> OutgoingMessage:
    """An administrator sends a failed message again (after fixing the mail server, say)."""
    from django.core.exceptions import PermissionDenied

    if not actor.has_perm("core.resend_message"):
        raise PermissionDenied("not an administrator")
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=OutgoingMessage.Status.QUEUED, last_error=""
    )
    after_commit(_hand_over, message.pk)
    message.refresh_from_db()
    return message
