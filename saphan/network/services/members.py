"""Volunteers and youth-council members: the province's list, imported from a spreadsheet.

The import is all-or-nothing: every row is checked first and a file with any bad row changes
nothing; the errors name the row and say what to fix, in the reader's language."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from saphan.core.effects import after_commit
from saphan.core.importing import (
    NO_PROGRESS,
    ImportResult,
    RowError,
    RowNote,
    cell_text,
    import_run_start,
)
from saphan.geo.models import Subdistrict
from saphan.orgs.access import TRIAGE_ROLES, require
from saphan.orgs.models import User
from saphan.orgs.roles import Role
from saphan.orgs.selectors import users_by_username
from saphan.orgs.services_accounts import has_chosen_password, is_network_account

from ..models import MemberKind, NetworkMember

if TYPE_CHECKING:
    from saphan.core.importing import Progress
    from saphan.core.models import ImportRun

# Column headers accepted for each field: Thai first (the ministry's own templates), then English.
COLUMNS = {
    "username": ("ชื่อผู้ใช้", "username"),
    "first_name": ("ชื่อ", "first_name", "first name"),
    "last_name": ("นามสกุล", "last_name", "last name"),
    "kind": ("ประเภท", "บทบาท", "kind", "role"),
    "village_code": ("รหัสหมู่บ้าน", "village_code", "village code"),
    "phone": ("โทรศัพท์", "phone"),
    "coordinator": ("ผู้ประสานงาน", "coordinator"),
}
REQUIRED = ("username", "first_name", "kind", "village_code")
KIND_WORDS = {
    "อพม.": MemberKind.VOLUNTEER,
    "อพม": MemberKind.VOLUNTEER,
    "อาสาสมัคร": MemberKind.VOLUNTEER,
    "volunteer": MemberKind.VOLUNTEER,
    "สภาเด็กและเยาวชน": MemberKind.YOUTH_COUNCIL,
    "สภาเด็ก": MemberKind.YOUTH_COUNCIL,
    "เยาวชน": MemberKind.YOUTH_COUNCIL,
    "youth_council": MemberKind.YOUTH_COUNCIL,
    "youth council": MemberKind.YOUTH_COUNCIL,
}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")
_VILLAGE = re.compile(r"^[0-9]{8}$")
MAX_ROWS = 5000
IMPORT_KIND = "network.members"  # ImportRun.kind


@dataclass
class MemberRow:
    row: int
    username: str
    first_name: str
    last_name: str
    kind: str
    village_code: str
    phone: str
    coordinator: str


def read_member_rows(data: bytes) -> tuple[list[MemberRow], list[RowError]]:
    """The rows of the first sheet, by header; errors for a file that is not the expected shape."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same plain answer
        return [], [RowError(0, "", _("This is not an Excel (.xlsx) file."))]
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        return [], [RowError(1, "", _("The sheet is empty."))]
    names = [cell_text(h).lower() for h in header]
    where: dict[str, int] = {}
    for key, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases:
                where[key] = i
                break
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in where]
    if missing:
        return [], [
            RowError(1, "", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        ]
    out = []
    for n, values in enumerate(rows, start=2):
        cells = {k: cell_text(values[i]) if i < len(values) else "" for k, i in where.items()}
        if not any(cells.values()):
            continue
        out.append(MemberRow(row=n, **{k: cells.get(k, "") for k in COLUMNS}))
        if len(out) > MAX_ROWS:
            return [], [RowError(n, "", _("At most %(n)s rows in one file.") % {"n": MAX_ROWS})]
    if not out:
        return [], [RowError(2, "", _("The file has a header but no rows."))]
    return out, []


def _check_rows(
    *, actor: User, rows: list[MemberRow], progress: Progress = NO_PROGRESS
) -> tuple[list[RowError], dict]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    subdistricts = {
        s.code: s
        for s in Subdistrict.objects.select_related("district").filter(
            code__in={r.village_code[:6] for r in rows}
        )
    }
    users = users_by_username({r.username for r in rows})
    coordinators = {
        u.username: u
        for u in User.objects.filter(
            username__in={r.coordinator for r in rows if r.coordinator}, is_active=True
        )
    }
    for checked, r in enumerate(rows, start=1):
        progress.checked(checked, len(rows))

        def err(message: str, r: MemberRow = r) -> None:
            errors.append(RowError(r.row, "", message))

        username = r.username.lower()
        if not username:
            err(_("The username is empty."))
        elif not _USERNAME.match(username):
            err(
                _("Username “%(value)s”: use 3 or more English letters, digits, dots or dashes.")
                % {"value": r.username}
            )
        elif username in seen:
            err(
                _("Username %(value)s is already on row %(other)s.")
                % {"value": username, "other": seen[username]}
            )
        else:
            seen[username] = r.row
            existing = users.get(username)
            kind = KIND_WORDS.get(r.kind.strip().lower())
            if existing is None:
                pass
            elif not is_network_account(existing, province_id=actor.province_id):
                # Staff, national, other provinces' or deactivated accounts: an import never
                # touches them (it would hand them to whoever issues the set-password link).
                err(
                    _(
                        "%(value)s is an existing account that is not a volunteer or youth-council "
                        "member of your province: an import cannot change it. Choose another "
                        "username."
                    )
                    % {"value": username}
                )
            elif kind is not None and _role_of(kind) not in existing.roles:
                err(
                    _(
                        "%(value)s is already an account of another kind; an import does not "
                        "change an account's role."
                    )
                    % {"value": username}
                )
        if not r.first_name:
            err(_("The first name is empty."))
        if KIND_WORDS.get(r.kind.strip().lower()) is None:
            err(_("Kind “%(value)s”: write อพม. or สภาเด็กและเยาวชน.") % {"value": r.kind})
        if not _VILLAGE.match(r.village_code):
            err(
                _("Village code “%(value)s”: it has 8 digits (subdistrict code + village number).")
                % {"value": r.village_code}
            )
        else:
            sub = subdistricts.get(r.village_code[:6])
            if sub is None:
                err(_("Village code %(value)s: no such subdistrict.") % {"value": r.village_code})
            elif sub.district.province_id != actor.province_id:
                err(_("Village %(value)s is not in your province.") % {"value": r.village_code})
            elif r.village_code[6:] == "00":
                err(_("Village code %(value)s: village number 00.") % {"value": r.village_code})
        if r.coordinator:
            c = coordinators.get(r.coordinator)
            if c is None or not c.has_role(*TRIAGE_ROLES) or c.province_id != actor.province_id:
                err(
                    _("Coordinator %(value)s: not a case worker or supervisor of your province.")
                    % {"value": r.coordinator}
                )
        if len(r.phone) > 30:
            err(_("The phone number is too long."))
    return errors, {"subdistricts": subdistricts, "users": users, "coordinators": coordinators}


def _role_of(kind: str) -> str:
    return Role.VOLUNTEER if kind == MemberKind.VOLUNTEER else Role.YOUTH_COUNCIL


def members_import(*, actor: User, data: bytes, progress: Progress = NO_PROGRESS) -> ImportResult:
    """Add or update the province's volunteers and youth-council members from an XLSX file:
    every row checked first (nothing written while checking), then all rows written in one
    transaction. ``progress`` hears of the rows checked and written."""
    require(actor, "network.manage_members")
    if not actor.province_id:
        raise PermissionDenied("a provincial account")
    rows, errors = read_member_rows(data)
    if errors:
        return ImportResult(errors=errors)
    errors, found = _check_rows(actor=actor, rows=rows, progress=progress)
    if errors:
        return ImportResult(rows=len(rows), errors=errors)
    with transaction.atomic():
        result = _write_rows(actor=actor, rows=rows, found=found, progress=progress)
    result.imported = result.created + result.updated
    return result


def _write_rows(
    *, actor: User, rows: list[MemberRow], found: dict, progress: Progress
) -> ImportResult:
    result = ImportResult(rows=len(rows))
    for written, r in enumerate(rows):
        progress.written(written, len(rows))
        kind = KIND_WORDS[r.kind.strip().lower()]
        sub = found["subdistricts"][r.village_code[:6]]
        user = found["users"].get(r.username.lower())
        if user is None:
            user = User(
                username=r.username.lower(),
                first_name=r.first_name,
                last_name=r.last_name,
                roles=[_role_of(kind)],
                province_id=actor.province_id,
                region_id=actor.province.region_id,
            )
            user.set_unusable_password()
            user.save()
            result.created += 1
            result.notes.append(RowNote(r.row, user.username, _("New account created.")))
        elif has_chosen_password(user):
            # The member has their own password: the account is theirs and stays as it is.
            result.unchanged += 1
            result.notes.append(
                RowNote(
                    r.row,
                    user.username,
                    _("Existing account with its own password: left unchanged."),
                )
            )
            continue
        else:
            # Only the names and the membership below; never roles, flags, agency or area.
            User.objects.filter(pk=user.pk).update(first_name=r.first_name, last_name=r.last_name)
            result.updated += 1
            result.notes.append(
                RowNote(
                    r.row,
                    user.username,
                    _(
                        "Existing account: name, village and contact updated; its role, agency "
                        "and jurisdiction are unchanged."
                    ),
                )
            )
        NetworkMember.objects.update_or_create(
            user=user,
            defaults={
                "kind": kind,
                "province_id": actor.province_id,
                "district_id": sub.district_id,
                "subdistrict": sub,
                "village_code": r.village_code,
                "phone": r.phone,
                "coordinator": found["coordinators"].get(r.coordinator),
                "is_active": True,
            },
        )
    progress.written(len(rows), len(rows))
    return result


def members_summary(result: ImportResult) -> str:
    return _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s left unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


@transaction.atomic
def members_import_start(*, actor: User, file_name: str, data: bytes, key: uuid.UUID) -> ImportRun:
    """Keep the file and let the background worker check and import it (the members page
    follows its progress). The same form sent twice (same ``key``) is one import."""
    require(actor, "network.manage_members")
    if not actor.province_id:
        raise PermissionDenied("a provincial account")
    run, new = import_run_start(
        actor=actor, kind=IMPORT_KIND, file_name=file_name, data=data, key=key
    )
    if new:
        from ..tasks import members_import_run

        after_commit(members_import_run.defer, run_id=str(run.pk))
    return run
