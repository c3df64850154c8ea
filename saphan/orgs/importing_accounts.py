"""A province's staff from an XLSX file (the pattern of capacity/importing.py): every row is
checked, errors are listed by row and column, and nothing is created from a file with any
error. Each row becomes a new account through ``account_create``: roles that open case files
wait for a central officer's approval, one request per account, and each owner gets the link
to choose their own password by e-mail. An existing username is an error: an import never
changes an existing account."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from saphan.core import spreadsheets
from saphan.core.importing import ImportResult, RowError, cell_text, errors_sorted, read_sheet

from .access import require
from .models import Agency, User
from .roles import Jurisdiction, Role
from .selectors import users_by_username
from .services_accounts import (
    AccountInput,
    account_create,
    check_access_shape,
)

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


def staff_import(
    *, actor, province, file, reason: str = "", base_url: str = ""
) -> AccountImportResult:
    """Check every row of ``file``; create all accounts only when no row has an error."""
    require(actor, "orgs.manage_users")
    result = AccountImportResult()
    sheet = read_sheet(
        file,
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
    for number, (username, first, last, email, roles_text, agency_code) in raw:
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
        data = AccountInput(
            username=username, first_name=first, last_name=last, name_en="", email=email.lower(),
            roles=roles, jurisdiction=Jurisdiction.PROVINCE, region_id=None,
            province_id=province.pk, agency=agency,
        )  # fmt: skip
        shape = check_access_shape(data)
        for key, message in shape.items():
            err({"roles": "E", "agency": "F"}.get(key, ""), message)
        if not shape:
            inputs.append((number, data))
    if errors_sorted(result):
        return result
    with transaction.atomic():
        for _number, data in inputs:
            made = account_create(actor=actor, data=data, reason=reason, base_url=base_url)
            result.accounts.append(made.user)
            result.created += 1
            result.pending += made.grant is not None
    return result


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
