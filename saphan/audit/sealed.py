"""Downloads with personal data leave only as AES-256 encrypted ZIP files.

``seal`` writes the files into a ZIP encrypted with a password made for this one download
(about 99 bits, from a random source), records who exported what and how many rows in the read
log, and returns the password to be shown once on the exporter's page: it is kept nowhere, and
the file itself is fetched from a separate one-time link (``take``) that only the exporter can
use, once, before it expires. A file that is never fetched is removed when it expires.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import secrets
import uuid
from pathlib import Path

import pyzipper
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from saphan.core import spreadsheets
from saphan.core.effects import after_commit

from .models import Outcome, SealedExport
from .services import log_event

log = logging.getLogger(__name__)

# No look-alike letters or digits (l/1, o/0): the password is read off a screen and typed.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 4
PASSWORD_GROUP_LENGTH = 5


def link_minutes() -> int:
    return int(getattr(settings, "SAPHAN_EXPORT_LINK_MINUTES", 30))


def new_password() -> str:
    """Four groups of five characters, e.g. ``k7mwq-3hd9x-…``: 20 draws from 31 symbols."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "sealed-exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def file_path(export_id: uuid.UUID) -> Path:
    return _folder() / f"{export_id}.zip"


def zip_bytes(files: dict[str, bytes], password: str) -> bytes:
    buf = io.BytesIO()
    with pyzipper.AESZipFile(
        buf, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as zf:
        zf.setpassword(password.encode())
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


# The file inside is written by the one writer of spreadsheets (formulas neutralised, dates as
# B.E. date cells); these names are kept here for the callers that seal a sheet.
xlsx_bytes = spreadsheets.xlsx_bytes
BE_DATE_FORMAT = spreadsheets.BE_DATE_FORMAT
BE_DATETIME_FORMAT = spreadsheets.BE_DATETIME_FORMAT


@transaction.atomic
def seal(
    *,
    actor,
    kind: str,
    file_name: str,
    files: dict[str, bytes],
    rows: int,
    scope: str = "",
    detail: str = "",
    path: str = "",
) -> tuple[SealedExport, str]:
    """Encrypt ``files`` into one ZIP for ``actor``; returns the waiting export and its
    password. The caller has checked that ``actor`` may export this data."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("export")
    purge_expired()
    password = new_password()
    export = SealedExport.objects.create(
        user=actor,
        kind=kind[:60],
        file_name=file_name[:200],
        rows=rows,
        expires_at=timezone.now() + dt.timedelta(minutes=link_minutes()),
    )
    log_event(
        actor=actor,
        outcome=Outcome.EXPORT,
        record_type=f"export:{kind}",
        record_id=str(export.id),
        record_label=file_name,
        scope=scope or kind,
        purpose=(f"rows={rows} " + detail).strip(),
        path=path,
    )
    # Written last: should the transaction still roll back, the file has no row, can never be
    # fetched, and is removed by purge_expired with the other old files.
    file_path(export.id).write_bytes(zip_bytes(files, password))
    return export, password


@transaction.atomic
def take(*, actor, export_id) -> tuple[SealedExport, bytes]:
    """The encrypted file, once, for the one who made it; the file is then removed.

    Someone else's link is refused (PermissionDenied); a used, expired or unknown link is
    answered as not found."""
    export = SealedExport.objects.select_for_update().filter(pk=export_id).first()
    if export is None:
        raise Http404("no such export")
    if export.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("someone else's export")
    target = file_path(export.id)
    if export.downloaded_at or export.expires_at <= timezone.now() or not target.exists():
        raise Http404("export link used or expired")
    data = target.read_bytes()
    export.downloaded_at = timezone.now()
    export.save(update_fields=["downloaded_at"])
    after_commit(target.unlink, missing_ok=True)
    return export, data


def purge_expired(*, now=None) -> int:
    """Remove every file older than a link's life (expired, or left by a rolled-back export);
    returns how many. A fetched file is removed at once by ``take``."""
    now = now or timezone.now()
    cutoff = (now - dt.timedelta(minutes=link_minutes())).timestamp()
    removed = 0
    for target in _folder().glob("*.zip"):
        try:
            if target.stat().st_mtime <= cutoff:
                target.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:  # fetched meanwhile
            continue
    return removed
