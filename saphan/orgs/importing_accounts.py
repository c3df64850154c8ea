"""A province's staff from an XLSX file (the pattern of capacity/importing.py), run by the
background worker while the page shows its progress (core.ImportRun): every row is checked,
errors are listed by row and column, and nothing is created from a file with any error. Each
row becomes a new account through ``account_create``: roles that open case files wait for a
central officer's approval, one request per account, and each owner gets the link to choose
their own password by e-mail. An existing username is an error: an import never changes an
existing account. An administrator imports only into their own area (``check_actor_reach``)."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from saphan.core import spreadsheets
from saphan.core.effects import after_commit
from saphan.core.importing import (
    NO_PROGRESS,
    ImportResult,
    Progress,
    RowError,
    RowNote,
    cell_text,
    errors_sorted,
    import_run_start,
    read_sheet,
)

from .access import require
from .models import Agency, User
from .roles import Jurisdiction, Role
from .selectors import account_provinces, users_by_username
from .services_accounts import (
    AccountInput,
    account_create,
    check_access_shape,
    check_actor_reach,
)

if TYPE_CHECKING:
    from saphan.core.models import ImportRun
    from saphan.geo.models import Province

IMPORT_KIND = "orgs.staff"  # ImportRun.kind
MAX_ROWS = 2000
HEADERS = [
    ("username", "ชื่อผู้ใช้ (username)"),
    ("first_name", "ชื่อ"),
    ("last_name", "นามสกุล"),
    ("email", "อีเมล"),
    ("roles", "บทบาท (คั่นด้วยจุลภาค)"),
    ("agency", "รหัสหน่วยงาน"),
]
COLUMNS = "ABCDEF"
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,149}$")


@dataclass
class AccountImportResult(ImportResult):
    accounts: list[User] = field(default_factory=list)  # the accounts made
    pending: int = 0  # of them, how many wait for a second person's approval of their roles


# Short Thai words people write for a role, besides its code and its full Thai and English names.
ROLE_WORDS = {
    "นักสังคมสงเคราะห์": Role.CASE_WORKER,
    "หัวหน้าทีม": Role.PROVINCIAL_SUPERVISOR,
    "หัวหน้าทีม one home": Role.PROVINCIAL_SUPERVISOR,
    "ทีมสหวิชาชีพ": Role.MDT_MEMBER,
    "เจ้าหน้าที่บ้านพัก": Role.SHELTER_STAFF,
    "อพม.": Role.VOLUNTEER,
    "อพม": Role.VOLUNTEER,
    "สภาเด็กและเยาวชน": Role.YOUTH_COUNCIL,
}


def _role_index() -> dict[str, str]:
    index = {k.casefold(): v.value for k, v in ROLE_WORDS.items()}
    for role in Role:
        index[role.value] = role.value
        for lang in ("th", "en"):
            with translation.override(lang):
                index[str(role.label).casefold()] = role.value
    return index


class _Refused(Exception):
    """A row refused while writing (a username taken meanwhile): every row written is undone."""


def staff_import(
    *,
    actor: User,
    data: bytes,
    progress: Progress = NO_PROGRESS,
    # what the form said besides the file (the import run's options)
    province: str,
    reason: str = "",
    base_url: str = "",
) -> AccountImportResult:
    """Check every row of the XLSX ``data`` for ``province`` (its code); create all accounts
    only when no row has an error. ``progress`` hears of the rows checked and written."""
    result = AccountImportResult()
    if not actor.is_active or not actor.has_perm("orgs.manage_users"):
        # Checked again in the worker: the account may have lost the right since it sent the file.
        result.errors.append(RowError(0, "", _("Your account may not open accounts.")))
        return result
    if not account_provinces(actor=actor).filter(pk=province).exists():
        result.errors.append(
            RowError(0, "", _("You open accounts only in your own area: choose its province."))
        )
        return result
    sheet = read_sheet(
        io.BytesIO(data),
        result=result,
        columns=len(COLUMNS),
        max_rows=MAX_ROWS,
        nothing=_("The file has no accounts below the header row."),
    )
    if sheet is None:
        return result
    raw = [(number, [cell_text(v) for v in cells]) for number, cells in sheet]

    roles_by_word = _role_index()
    names = {c[0].lower() for _n, c in raw}
    taken = set(users_by_username(names))
    agencies = {a.code: a for a in Agency.objects.filter(code__in={c[5] for _n, c in raw})}
    seen: dict[str, int] = {}
    inputs: list[tuple[int, AccountInput]] = []
    for checked, (number, (username, first, last, email, roles_text, agency_code)) in enumerate(
        raw, start=1
    ):
        progress.checked(checked, len(raw))
        before = len(result.errors)

        def err(column: str, message: str, number=number) -> None:
            result.errors.append(RowError(number, column, message))

        username = username.lower()
        if not username:
            err("A", _("The username is missing."))
        elif not _USERNAME.match(username):
            err("A", _("Username “%(value)s”: use 3 or more English letters, digits, dots or "
                       "dashes.") % {"value": username})  # fmt: skip
        elif username in taken:
            err("A", _("The username %(value)s is taken: an import creates new accounts only.")
                % {"value": username})  # fmt: skip
        elif username in seen:
            err("A", _("Username %(value)s is already on row %(other)s.")
                % {"value": username, "other": seen[username]})  # fmt: skip
        else:
            seen[username] = number
        if not first:
            err("B", _("The first name is missing."))
        if len(first) > 150 or len(last) > 150:
            err("B", _("A name is longer than 150 characters."))
        if not email:
            err("D", _("The e-mail address is missing: the owner's password link is sent to it."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                err("D", _("“%(value)s” is not an e-mail address.") % {"value": email})
        roles = []
        for word in [w.strip() for w in re.split(r"[,;\n]", roles_text) if w.strip()]:
            role = roles_by_word.get(word.casefold())
            if role is None:
                err("E", _("Unknown role “%(value)s”.") % {"value": word})
            elif role not in roles:
                roles.append(role)
        if not roles_text:
            err("E", _("The role is missing."))
        agency = agencies.get(agency_code) if agency_code else None
        if agency_code and agency is None:
            err("F", _("There is no agency with code “%(value)s”.") % {"value": agency_code})
        if len(result.errors) > before:
            continue
        data_in = AccountInput(
            username=username, first_name=first, last_name=last, name_en="", email=email.lower(),
            roles=roles, jurisdiction=Jurisdiction.PROVINCE, region_id=None,
            province_id=province, agency=agency,
        )  # fmt: skip
        refused = check_access_shape(data_in) | check_actor_reach(actor, data_in)
        for key, message in refused.items():
            err({"roles": "E", "agency": "F"}.get(key, ""), message)
        if not refused:
            inputs.append((number, data_in))
    if errors_sorted(result):
        return result
    try:
        with transaction.atomic():
            _write(actor=actor, inputs=inputs, reason=reason, base_url=base_url,
                   result=result, progress=progress)  # fmt: skip
    except _Refused:
        result.accounts, result.notes = [], []
        result.created = result.pending = result.imported = 0
        errors_sorted(result)
    return result


def _write(
    *,
    actor: User,
    inputs: list[tuple[int, AccountInput]],
    reason: str,
    base_url: str,
    result: AccountImportResult,
    progress: Progress,
) -> None:
    for written, (number, data) in enumerate(inputs):
        progress.written(written, len(inputs))
        try:
            made = account_create(actor=actor, data=data, reason=reason, base_url=base_url)
        except ValidationError as e:  # another page took the username after the rows were checked
            result.errors.append(RowError(number, "", " ".join(e.messages)))
            raise _Refused from e
        result.accounts.append(made.user)
        result.created += 1
        result.pending += made.grant is not None
        note = _("New account; the link to choose its password goes to %(email)s.") % {
            "email": made.user.email
        }
        if made.grant is not None:
            note += " " + _("Its roles %(roles)s wait for a central officer's approval.") % {
                "roles": ", ".join(str(r) for r in made.grant.get_roles_display())
            }
        result.notes.append(RowNote(number, made.user.username, note))
    progress.written(len(inputs), len(inputs))
    result.imported = result.created


def staff_summary(result: ImportResult) -> str:
    return _("%(n)d accounts were created; %(pending)d wait for a central officer's approval.") % {
        "n": result.created,
        "pending": getattr(result, "pending", 0),
    }


@transaction.atomic
def staff_import_start(
    *,
    actor: User,
    province: Province,
    file_name: str,
    data: bytes,
    key: uuid.UUID,
    reason: str = "",
    base_url: str = "",
) -> ImportRun:
    """Keep the file and let the background worker check it and open the accounts (the page
    follows its progress). The same form sent twice (same ``key``) is one import."""
    require(actor, "orgs.manage_users")
    if not account_provinces(actor=actor).filter(pk=province.pk).exists():
        raise PermissionDenied("a province outside the administrator's area")
    run, new = import_run_start(
        actor=actor, kind=IMPORT_KIND, file_name=file_name, data=data, key=key,
        options={"province": province.pk, "reason": reason[:1000], "base_url": base_url},
    )  # fmt: skip
    if new:
        from .tasks import staff_import_run

        after_commit(staff_import_run.defer, run_id=str(run.pk))
    return run


def template_bytes(*, province=None) -> bytes:
    """An empty import file with the headers, one example row, and the province's agencies."""
    with translation.override("th"):
        example = ["cw.example", "สมศรี", "ใจดี", "somsri@example.org",
                   str(Role.CASE_WORKER.label), "psdhs-27"]  # fmt: skip
    agencies = Agency.objects.filter(is_active=True).order_by("province_id", "code")
    if province is not None:
        agencies = agencies.filter(province=province)
    return spreadsheets.import_template(
        title="staff",
        header=[label for _key, label in HEADERS],
        example=example,
        widths=dict(zip(COLUMNS, (24, 18, 18, 30, 36, 24), strict=True)),
        lists=[
            ("roles", ["รหัสบทบาท (code)", "บทบาท", "Role"], [_role_row(r) for r in Role]),
            (
                "agencies",
                ["รหัสหน่วยงาน (code)", "หน่วยงาน", "Agency"],
                ([a.code, a.name_th, a.name_en] for a in agencies),
            ),
        ],
    )


def _role_row(role: Role) -> list[str]:
    """A role's code and its name in Thai and in English."""
    with translation.override("th"):
        th = str(role.label)
    with translation.override("en"):
        en = str(role.label)
    return [role.value, th, en]
