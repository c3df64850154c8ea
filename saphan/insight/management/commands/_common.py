"""What the export commands share: the --user option and the refusal."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from saphan.insight.exports import PERM


def exporting_user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("No active user %(username)s.") % {"username": username})
    if not user.has_perm(PERM):
        raise CommandError(
            _(
                "%(username)s may not export national data: exports are for central officers "
                "with national jurisdiction."
            )
            % {"username": username}
        )
    return user


def write_encrypted(*, user, kind: str, files: dict[str, bytes], rows: int, target) -> str:
    """Write ``files`` into one AES-256 ZIP at ``target`` (owner-only), log the export in the
    read log, and return the password (made for this file, printed once, kept nowhere)."""
    from saphan.audit.models import Outcome
    from saphan.audit.sealed import new_password, zip_bytes
    from saphan.audit.services import log_event

    password = new_password()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(zip_bytes(files, password))
    target.chmod(0o600)
    log_event(
        actor=user,
        outcome=Outcome.EXPORT,
        record_type=f"export:{kind}",
        record_id=target.name,
        record_label=target.name,
        scope="nation",
        purpose=f"rows={rows} command",
    )
    return password
