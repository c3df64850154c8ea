"""Writes of persons (DESIGN.md rule 2): keyword-only, typed, one transaction each.

Every write of a name recomputes its matching keys (people/keys.py) and keeps the person's
``full_name`` in step with the primary name. Every write bumps the person's ``version``; a
caller that passes ``expected_version`` gets ConflictError when someone else saved first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ConflictError
from saphan.core.thai import normalize_thai_id, validate_thai_id
from saphan.orgs import access

from .keys import NameScript, birth_blocking, block_keys, detect_script, name_keys
from .models import (
    MAX_AGE,
    AccessRequest,
    AccessRequestStatus,
    BirthDatePrecision,
    Contact,
    ContactKind,
    DocumentKind,
    GuardianRelationship,
    IdentityDocument,
    NameKeyFrequency,
    Person,
    PersonName,
    ProfilePart,
    Sex,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from django.db.models import Model

    from saphan.orgs.models import User

ADD_PERM = "cases.add_case"


@dataclass(frozen=True)
class NameInput:
    """A name as written. ``full_name`` may be left empty when given and family names are
    given; ``script`` is detected from the letters unless set."""

    full_name: str = ""
    given_name: str = ""
    family_name: str = ""
    script: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    number: str = ""
    issuing_country: str = ""
    expiry: dt.date | None = None


@dataclass(frozen=True)
class ContactInput:
    kind: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class PersonDetails:
    """What a person record says besides names, documents and contacts."""

    sex: str = Sex.NON_SPECIFIED_UNKNOWN
    birth_date: dt.date | None = None
    birth_date_precision: str = BirthDatePrecision.UNKNOWN
    age_estimate_min: int | None = None
    age_estimate_max: int | None = None
    age_estimated_on: dt.date | None = None
    citizenships: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    interpreter_needed: bool = False
    home_province_id: str | None = None
    home_district_id: str | None = None
    home_subdistrict_id: str | None = None
    home_village_code: str = ""
    address: str = ""


@dataclass(frozen=True)
class PersonInput(PersonDetails):
    """A new person: the details, at least one name, documents and contacts."""

    names: list[NameInput] = field(default_factory=list)
    documents: list[DocumentInput] = field(default_factory=list)
    contacts: list[ContactInput] = field(default_factory=list)
    photo: UploadedFile | None = None
    is_demo: bool = False


@dataclass(frozen=True)
class GuardianInput:
    """For a child: who holds guardianship while the case runs, and the best-interests note."""

    guardian_name: str = ""
    guardian_relationship: str = ""
    guardian_contact: str = ""
    best_interests_note: str = ""


_DETAIL_FIELDS = tuple(f.name for f in fields(PersonDetails))
_GUARDIAN_FIELDS = tuple(f.name for f in fields(GuardianInput))
_ADDRESS_FIELDS = (
    "home_province_id",
    "home_district_id",
    "home_subdistrict_id",
    "home_village_code",
    "address",
)


# --- permission helpers -----------------------------------------------------------------------
def _require_case_role(actor: User) -> None:
    """Anyone who works on cases may record a person met in one (the case page links them
    in the same step, under that case's own permission): a person not linked to any case is
    seen by nobody, so creating one shows nothing to anyone."""
    if not (
        actor and actor.is_authenticated and actor.is_active and actor.has_role(*access.CASE_ROLES)
    ):
        raise PermissionDenied("no case role")


def _require_may_change(actor: User, person: Person) -> None:
    """A person is changed by whoever may see their identity in one of their cases; a person
    not yet linked to any case (an intake in progress) by anyone who works on cases."""
    if not person.case_links.exists():
        _require_case_role(actor)
    elif not access.visible_persons(actor).filter(pk=person.pk).exists():
        raise PermissionDenied("person not visible")


_person_changed: list = []


def register_person_changed(listener: Callable[..., None]) -> None:
    """An app above people (cases) asks to be told, in the writer's transaction, which parts of a
    person's record changed: ``listener(actor=..., person=..., parts=[...])``."""
    if listener not in _person_changed:
        _person_changed.append(listener)


_case_line_writers: list = []


def register_case_line_writer(writer: Callable[..., None]) -> None:
    """An app above people (cases) writes a line on the timeline of every case of some persons:
    ``writer(actor=..., persons=[...], kind=..., **data)`` (a merge of two records, its undo)."""
    if writer not in _case_line_writers:
        _case_line_writers.append(writer)


def write_on_persons_cases(*, actor: User, persons: list, kind: str, **data: object) -> None:
    for writer in _case_line_writers:
        writer(actor=actor, persons=persons, kind=kind, **data)


def _record_on_cases(*, actor: User, person: Person, parts: list[str]) -> None:
    """Tell the listeners (cases writes one timeline line on each of the person's cases) which
    parts of the record changed, never what they say."""
    if not parts:
        return
    for listener in _person_changed:
        listener(actor=actor, person=person, parts=parts)


def _touch(person: Person, expected_version: int | None) -> None:
    """Bump the version, refusing when it moved since the caller read the person."""
    qs = Person.objects.filter(pk=person.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1, updated_at=timezone.now()) == 0:
        raise ConflictError()
    person.version = Person.objects.filter(pk=person.pk).values_list("version", flat=True).get()


def _change_begin(actor: User, person: Person, expected_version: int | None) -> None:
    """Before a change to one part of a person's record (a name, a document, a contact): the
    right to change it, and the version the form was opened at (bumped here)."""
    _require_may_change(actor, person)
    _touch(person, expected_version)


def _copy_fields(target: object, source: object, attrs: tuple[str, ...]) -> None:
    """An update keeps the row and takes what a freshly built (and checked) one holds."""
    for attr in attrs:
        setattr(target, attr, getattr(source, attr))


@dataclass(frozen=True)
class _RecordPart:
    """A part of the record written one row at a time (documents, contacts): how a row is
    built and checked from what was typed, what a correction takes from the row built again,
    and the part the cases are told changed."""

    build: Callable[[Person, object], Model]
    corrected: tuple[str, ...]
    part: str

    def add(
        self, *, actor: User, person: Person, data: object, expected_version: int | None
    ) -> Model:
        _change_begin(actor, person, expected_version)
        row = self.build(person, data)
        row.save()
        _record_on_cases(actor=actor, person=person, parts=[self.part])
        return row

    def update(
        self, *, actor: User, row: Model, data: object, expected_version: int | None
    ) -> Model:
        person = row.person
        _change_begin(actor, person, expected_version)
        _copy_fields(row, self.build(person, data), self.corrected)
        row.save()
        _record_on_cases(actor=actor, person=person, parts=[self.part])
        return row


# --- names ------------------------------------------------------------------------------------
def _composed(data: NameInput) -> str:
    full = " ".join(data.full_name.split())
    if full:
        return full
    return " ".join(part for part in (data.given_name.strip(), data.family_name.strip()) if part)


def name_keys_apply(name: PersonName) -> PersonName:
    """Write the derived matching keys of ``name`` from its full name and its person's date
    of birth (not saved)."""
    keys = name_keys(name.full_name)
    name.phonetic = keys.phonetic
    name.block_keys = block_keys(keys.phonetic, **birth_blocking(name.person))
    name.normalized = keys.normalized
    name.tokens = keys.tokens
    name.udom83 = keys.udom83
    name.lk82 = keys.lk82
    name.latin_keys = keys.latin_keys
    name.typo_keys = keys.typo_keys
    name.romanized = keys.romanized
    return name


def _name_build(person: Person, data: NameInput) -> PersonName:
    full = _composed(data)
    if not full:
        raise ValidationError({"full_name": _("Enter the name.")})
    script = data.script or detect_script(full)
    if script not in NameScript.values:
        raise ValidationError({"script": _("Choose a script from the list.")})
    name = PersonName(
        person=person,
        script=script,
        full_name=full[:300],
        given_name=data.given_name.strip()[:150],
        family_name=data.family_name.strip()[:150],
        is_primary=data.is_primary,
    )
    return name_keys_apply(name)


def _primary_sync(person: Person) -> None:
    primary = person.names.filter(is_primary=True).first()
    if primary is None:
        primary = person.names.order_by("created_at").first()
        if primary is None:
            return
        PersonName.objects.filter(pk=primary.pk).update(is_primary=True)
    if person.full_name != primary.full_name:
        person.full_name = primary.full_name
        Person.objects.filter(pk=person.pk).update(full_name=primary.full_name)


@transaction.atomic
def name_add(
    *, actor: User, person: Person, data: NameInput, expected_version: int | None = None
) -> PersonName:
    """Add a name (another spelling, script or alias); primary if asked or if it is the first."""
    _change_begin(actor, person, expected_version)
    name = _name_build(person, data)
    if name.is_primary:
        person.names.filter(is_primary=True).update(is_primary=False)
    name.save()
    _primary_sync(person)
    _record_on_cases(actor=actor, person=person, parts=[ProfilePart.NAMES])
    return name


# What a name's correction takes from the name built again from what was typed: the spelling
# and every matching key computed from it.
_NAME_BUILT = (
    "script",
    "full_name",
    "given_name",
    "family_name",
    "normalized",
    "tokens",
    "udom83",
    "lk82",
    "latin_keys",
    "typo_keys",
    "romanized",
    "phonetic",
    "block_keys",
)


@transaction.atomic
def name_update(
    *,
    actor: User,
    name: PersonName,
    data: NameInput,
    expected_version: int | None = None,
) -> PersonName:
    """Correct a name as written; its keys are recomputed."""
    person = name.person
    _change_begin(actor, person, expected_version)
    _copy_fields(name, _name_build(person, data), _NAME_BUILT)
    if data.is_primary and not name.is_primary:
        person.names.filter(is_primary=True).update(is_primary=False)
        name.is_primary = True
    name.save()
    _primary_sync(person)
    _record_on_cases(actor=actor, person=person, parts=[ProfilePart.NAMES])
    return name


def person_for_link(
    *, actor: User, person_id: UUID | str, typed_name: str = "", path: str = ""
) -> Person:
    """The recorded person a worker says a new intake is ("this is the same person" on a
    duplicate-check candidate): only one they may see (the read is logged), never a new row.
    The spelling they typed, when the person has no name written that way yet, is kept as
    another name of the person, so the next check finds it too."""
    from .selectors import person_get

    person = person_get(actor=actor, person_id=person_id, path=path, purpose="same person")
    if person.merged_into_id:
        raise ValidationError(_("This person's record was merged into another."))
    typed = " ".join((typed_name or "").split())
    if typed:
        normalized = name_keys(typed).normalized
        if not person.names.filter(normalized=normalized).exists():
            name_add(actor=actor, person=person, data=NameInput(full_name=typed))
    return person


# --- documents and contacts -------------------------------------------------------------------
def _document_build(person: Person, data: DocumentInput) -> IdentityDocument:
    if data.kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Choose a document from the list.")})
    number = data.number.strip()
    if data.kind == DocumentKind.THAI_ID:
        try:
            number = validate_thai_id(number)
        except ValidationError as error:
            raise ValidationError({"number": error.error_list}) from error
    elif data.kind == DocumentKind.NONE:
        number = ""
    else:
        number = normalize_thai_id(number).upper()
    if data.kind not in (DocumentKind.NONE, DocumentKind.OTHER) and not number:
        raise ValidationError({"number": _("Enter the document number.")})
    doc = IdentityDocument(
        person=person,
        kind=data.kind,
        number=number,
        issuing_country=(
            "TH" if data.kind == DocumentKind.THAI_ID and not data.issuing_country else ""
        )
        or data.issuing_country,
        expiry=data.expiry,
    )
    doc.full_clean(exclude=["person"])
    return doc


_DOCUMENTS = _RecordPart(
    _document_build, ("kind", "number", "issuing_country", "expiry"), ProfilePart.DOCUMENTS
)


@transaction.atomic
def document_add(
    *, actor: User, person: Person, data: DocumentInput, expected_version: int | None = None
) -> IdentityDocument:
    """Record a document the person holds (or that they hold none). A number already on
    another person is recorded all the same: the duplicate check shows it, it never blocks."""
    return _DOCUMENTS.add(actor=actor, person=person, data=data, expected_version=expected_version)


@transaction.atomic
def document_update(
    *,
    actor: User,
    document: IdentityDocument,
    data: DocumentInput,
    expected_version: int | None = None,
) -> IdentityDocument:
    """Correct a document as recorded (a mistyped number, the expiry date)."""
    return _DOCUMENTS.update(
        actor=actor, row=document, data=data, expected_version=expected_version
    )


def _contact_build(person: Person, data: ContactInput) -> Contact:
    if data.kind not in ContactKind.values:
        raise ValidationError({"kind": _("Choose a kind of contact from the list.")})
    contact = Contact(
        person=person, kind=data.kind, value=data.value.strip(), note=data.note.strip()
    )
    contact.full_clean(exclude=["person"])
    return contact


_CONTACTS = _RecordPart(_contact_build, ("kind", "value", "note"), ProfilePart.CONTACTS)


@transaction.atomic
def contact_add(
    *, actor: User, person: Person, data: ContactInput, expected_version: int | None = None
) -> Contact:
    return _CONTACTS.add(actor=actor, person=person, data=data, expected_version=expected_version)


@transaction.atomic
def contact_update(
    *, actor: User, contact: Contact, data: ContactInput, expected_version: int | None = None
) -> Contact:
    return _CONTACTS.update(actor=actor, row=contact, data=data, expected_version=expected_version)


# --- the person -------------------------------------------------------------------------------
def _details_apply(person: Person, data: PersonDetails) -> None:
    for name in _DETAIL_FIELDS:
        setattr(person, name, getattr(data, name))
    person.citizenships = list(dict.fromkeys(data.citizenships))
    person.languages = list(dict.fromkeys(data.languages))
    if (
        person.birth_date_precision == BirthDatePrecision.ESTIMATED
        and person.age_estimated_on is None
    ):
        person.age_estimated_on = timezone.localdate()


def _estimated_age(age: int | None) -> dict:
    """The details of an age typed as one number: an estimate, as on the profile's form."""
    if age is None:
        return {}
    if not 0 <= age <= MAX_AGE:
        raise ValidationError({"age": _("Enter an age from 0 to %(max)s.") % {"max": MAX_AGE}})
    return {
        "birth_date_precision": BirthDatePrecision.ESTIMATED,
        "age_estimate_min": age,
        "age_estimate_max": age,
    }


@transaction.atomic
def person_create(
    *, actor: User, data: PersonInput | None = None, full_name: str = "", age: int | None = None
) -> Person:
    """A new person with their names, documents and contacts — or, for the case page's quick
    form, just ``full_name`` as the person gives it and, when no date of birth is known, about
    how old they are (``age``, kept as an estimated age from today). Link them to a case with
    the case service (cases.services person_link) in the same transaction: until then nobody
    sees them.
    """
    _require_case_role(actor)
    if data is None:
        if not " ".join((full_name or "").split()):
            raise ValidationError({"full_name": _("Enter the name as the person gives it.")})
        data = PersonInput(names=[NameInput(full_name=full_name)], **_estimated_age(age))
    if not data.names:
        raise ValidationError({"names": _("A person needs at least one name.")})
    person = Person(is_demo=data.is_demo)
    _details_apply(person, data)
    if data.photo is not None:
        person.photo = data.photo
    names = [_name_build(person, n) for n in data.names]
    if not any(n.is_primary for n in names):
        names[0].is_primary = True
    elif sum(n.is_primary for n in names) > 1:
        raise ValidationError({"names": _("Only one name can be the primary name.")})
    person.full_name = next(n.full_name for n in names if n.is_primary)
    person.full_clean()
    person.save()
    PersonName.objects.bulk_create(names)
    IdentityDocument.objects.bulk_create([_document_build(person, d) for d in data.documents])
    Contact.objects.bulk_create([_contact_build(person, c) for c in data.contacts])
    return person


def _parts_snapshot(person: Person) -> dict[str, tuple]:
    details = tuple(getattr(person, n) for n in _DETAIL_FIELDS if n not in _ADDRESS_FIELDS)
    return {
        ProfilePart.DETAILS: details,
        ProfilePart.ADDRESS: tuple(getattr(person, n) for n in _ADDRESS_FIELDS),
        ProfilePart.GUARDIAN: tuple(getattr(person, n) for n in _GUARDIAN_FIELDS),
    }


def _changed_parts(before: dict, person: Person) -> list[str]:
    after = _parts_snapshot(person)
    return [str(part) for part in before if before[part] != after[part]]


def _guardian_check(person: Person) -> None:
    has = any(getattr(person, n).strip() for n in _GUARDIAN_FIELDS)
    if has and person.is_adult():
        raise ValidationError(
            {
                "guardian_name": _(
                    "A guardian and a best-interests note are recorded for a child only; "
                    "by the date of birth this person is 18 or older."
                )
            }
        )
    if person.guardian_relationship and (
        person.guardian_relationship not in GuardianRelationship.values
    ):
        raise ValidationError({"guardian_relationship": _("Choose from the list.")})


@transaction.atomic
def profile_save(
    *,
    actor: User,
    person: Person,
    details: PersonDetails,
    guardian: GuardianInput,
    documents: list[DocumentInput] | None = None,
    contacts: list[ContactInput] | None = None,
    expected_version: int,
) -> Person:
    """Save the profile form in one go: the details and home address, the guardian of a child,
    and any new document or contact typed with them. All or nothing; ConflictError when someone
    saved the person since ``expected_version`` was read (the form keeps what was typed)."""
    _require_may_change(actor, person)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise ConflictError()
    before = _parts_snapshot(current)
    _details_apply(current, details)
    for name in _GUARDIAN_FIELDS:
        setattr(current, name, (getattr(guardian, name) or "").strip())
    current.full_clean()
    _guardian_check(current)
    new_documents = [_document_build(current, d) for d in documents or []]
    new_contacts = [_contact_build(current, c) for c in contacts or []]
    current.version = expected_version + 1
    current.save()
    IdentityDocument.objects.bulk_create(new_documents)
    Contact.objects.bulk_create(new_contacts)
    _block_keys_refresh(current)  # the birth date is part of the names' blocking keys
    parts = _changed_parts(before, current)
    if new_documents:
        parts.append(str(ProfilePart.DOCUMENTS))
    if new_contacts:
        parts.append(str(ProfilePart.CONTACTS))
    _record_on_cases(actor=actor, person=current, parts=parts)
    person.refresh_from_db()
    return person


def _block_keys_refresh(person: Person) -> None:
    """The names' blocking keys hold the date of birth: rewritten when it changes."""
    birth = birth_blocking(person)
    names = list(person.names.only("pk", "phonetic", "block_keys"))
    changed = []
    for name in names:
        keys = block_keys(name.phonetic, **birth)
        if keys != name.block_keys:
            name.block_keys = keys
            changed.append(name)
    if changed:
        PersonName.objects.bulk_update(changed, ["block_keys"])


@transaction.atomic
def photo_set(
    *, actor: User, person: Person, photo: UploadedFile, expected_version: int | None = None
) -> Person:
    _require_may_change(actor, person)
    Person._meta.get_field("photo").run_validators(photo)
    _touch(person, expected_version)
    person.photo = photo
    person.save(update_fields=["photo", "updated_at"])
    _record_on_cases(actor=actor, person=person, parts=[ProfilePart.PHOTO])
    return person


def primary_names_backfill(*, batch_size: int = 2000) -> int:
    """Give every person without any PersonName a primary one from ``full_name``, with its
    matching keys, so the duplicate check finds them. For rows written before the people app
    kept names (migration 0003) and for bulk loaders (demo data, benchmarks) that write
    persons directly; returns how many names it wrote. System maintenance: no actor."""
    written = 0
    while True:
        batch = list(
            Person.objects.filter(names__isnull=True, merged_into__isnull=True)
            .exclude(full_name="")
            .only("pk", "full_name", *_BIRTH_FIELDS)[:batch_size]
        )
        if not batch:
            return written
        names = [
            name_keys_apply(
                PersonName(
                    person=p,
                    full_name=p.full_name,
                    script=detect_script(p.full_name),
                    is_primary=True,
                )
            )
            for p in batch
        ]
        PersonName.objects.bulk_create(names)
        written += len(names)


_BIRTH_FIELDS = (
    "birth_date", "birth_date_precision", "age_estimate_min", "age_estimate_max",
    "age_estimated_on", "created_at",
)  # fmt: skip


def name_keys_recompute(*, batch_size: int = 2000, log: Callable[[str], None] | None = None) -> int:
    """Recompute every stored name's matching keys with the code of today (after the keys
    changed: migration people 0006 runs it) and then the key frequencies. System
    maintenance: no actor, no history rows for derived keys. Returns the names rewritten."""
    fields = ["normalized", "tokens", "udom83", "lk82", "latin_keys", "typo_keys", "romanized",
              "phonetic", "block_keys"]  # fmt: skip
    done, last = 0, None
    while True:
        qs = PersonName.objects.select_related("person").order_by("pk")
        qs = qs.only("pk", "full_name", "person_id", *(f"person__{f}" for f in _BIRTH_FIELDS))
        if last is not None:
            qs = qs.filter(pk__gt=last)
        batch = list(qs[:batch_size])
        if not batch:
            break
        for name in batch:
            name_keys_apply(name)
        PersonName.objects.bulk_update(batch, fields)
        done += len(batch)
        last = batch[-1].pk
        if log:
            log(f"{done} names")
    name_key_frequencies_refresh()
    return done


def name_key_frequencies_refresh() -> int:
    """Count, for each blocking key and each word's folded Latin spelling held by at least
    NameKeyFrequency.FREQUENT names, the names holding it (a spelling held twice by one name
    counts twice), and under ``#`` all names. Returns the keys counted."""
    from django.db import connection

    table = NameKeyFrequency._meta.db_table
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table}")
        cur.execute(
            f"INSERT INTO {table} (key, names) "
            "SELECT k, count(*) FROM people_personname, unnest(block_keys) k "
            "GROUP BY k HAVING count(*) >= %s",
            [NameKeyFrequency.FREQUENT],
        )
        counted = cur.rowcount
        # The folded Latin spelling of each word (WordKeys.latin), under "l": a word matched by
        # its spelling is weighed by how common that spelling is, not its coarse sound form.
        cur.execute(
            f"INSERT INTO {table} (key, names) "
            "SELECT %s || k, count(*) FROM people_personname, unnest(latin_keys) k "
            "WHERE k <> '' GROUP BY k HAVING count(*) >= %s",
            [NameKeyFrequency.LATIN, NameKeyFrequency.FREQUENT],
        )
        counted += cur.rowcount
        cur.execute(
            f"INSERT INTO {table} (key, names) SELECT %s, count(*) FROM people_personname",
            [NameKeyFrequency.TOTAL],
        )
    return counted


# --- requests to see a hidden duplicate -------------------------------------------------------
ACCESS_GRANT_DAYS = 30  # a need-to-know grant from a duplicate check lapses unless renewed


@transaction.atomic
def access_request_create(*, actor: User, token: str, reason: str) -> list[AccessRequest]:
    """Ask to see who a hidden candidate of the duplicate check is. ``token`` comes from
    that check (matching.Candidate.token); one request per case of the person that the
    actor cannot see, each for the supervisor of that case's province to decide. Asking
    again while a request waits returns the waiting one."""
    from .matching import candidate_token_person_id

    access.require(actor, ADD_PERM)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you need to see this person.")})
    person_id = candidate_token_person_id(token=token, actor=actor)
    person = Person.objects.get(pk=person_id)
    # Cases stand above people: their models come from the app registry, never an import.
    hidden_cases = (
        apps.get_model("cases.Case")
        .objects.filter(parties__person=person)
        .exclude(pk__in=access.identity_cases(actor).values("pk"))
        .distinct()
    )
    requests = []
    for case in hidden_cases:
        pending = AccessRequest.objects.filter(
            requester=actor, case=case, person=person, status=AccessRequestStatus.PENDING
        ).first()
        requests.append(
            pending
            or AccessRequest.objects.create(
                requester=actor, person=person, case=case, reason=reason
            )
        )
    return requests


@transaction.atomic
def access_request_decide(
    *, actor: User, request: AccessRequest, grant: bool, note: str = ""
) -> AccessRequest:
    """The supervisor of the case's province grants or declines a request. A grant is a
    need-to-know access row with identity to the requester, for ACCESS_GRANT_DAYS."""
    access.require(actor, "cases.grant_need_to_know", request.case)
    current = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if current.status != AccessRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    now = timezone.now()
    if grant:
        CaseAccess = apps.get_model("cases.CaseAccess")
        current.grant = CaseAccess.objects.create(
            case=current.case,
            user=current.requester,
            reason=CaseAccess.Reason.NEED_TO_KNOW,
            identity=True,
            granted_by=actor,
            note=current.reason,
            expires_at=now + dt.timedelta(days=ACCESS_GRANT_DAYS),
        )
        current.status = AccessRequestStatus.GRANTED
    else:
        current.status = AccessRequestStatus.DECLINED
    current.decided_by = actor
    current.decided_at = now
    current.decision_note = note.strip()
    current.save()
    apps.get_model("cases.TimelineEvent").objects.create(  # the case's timeline, same transaction
        case=current.case,
        actor=actor,
        kind="access_request_granted" if grant else "access_request_declined",
        at=now,
        data={"requester": current.requester.username},
    )
    request.refresh_from_db()
    return request
