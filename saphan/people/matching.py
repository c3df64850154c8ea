"""The duplicate check at intake: is the person being typed in already known?

``find_candidates`` looks among *all* persons, because a duplicate hidden in another
province is exactly what must not be missed; what it *shows* of each is decided by
orgs/access.py (``visible_persons``). A candidate the worker may not see comes back as a
score band, the province of its case and an opaque token for requesting access — never a
name, a document number or the person's key. Every visible candidate shown is logged.

How (generation in SQL, then scoring in Python):

1. Generation: the union of several passes over ``people_personname``, each an index probe.
   (a) By words' sound keys (Thai udom83 and lk82, Latin keys), over the match-key GIN index:
   names holding three, then two, of the query's words, then allowing a slip of the keyboard
   in a word (shared typo keys) only when the cheaper pass found too few; a one-word query
   also by its whole text being trigram-similar (pg_trgm ``%``). When more than ``POOL``
   persons match, a rough likeness computed in Python (rapidfuzz over the matched names'
   texts, plus shared sound keys) decides who is scored. (b) The blocking probe
   (``generation.block_probe``, the personname_block GIN index over ``keys.block_keys``):
   names sharing
   two words' phonetic form (phonetic.py: one form for Thai, Latin, Myanmar, Khmer and Lao
   script), or three words' (a Burmese name of three common syllables, whose every pair
   thousands hold), or one word's with the exact date or the year of birth, or one rare word
   alone, the keys chosen rarest first by their counts (NameKeyFrequency) so one probe reads
   at most ``BLOCK_BUDGET`` names — a rare family name with a date finds its person, "Aung"
   alone reads nothing. Of the names it reads, those sharing a word's folded Latin spelling
   and spelled most like the query as a whole come first, those holding the query's words in
   its order before those holding them swapped. (c) A second query finds persons
   holding one of the typed document numbers.
2. Scoring, in Python over those few hundred, by evidence (Fellegi–Sunter, evidence.py: each
   word, the order of the words, the date of birth or an estimated age, sex and nationality
   by the m/u weights of people/weights.py). The sum of the weights is shown as a score from
   0 to 1 (weights.score).
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from saphan.audit.services import log_reads
from saphan.core.thai import normalize_thai_id
from saphan.orgs import access

from . import generation
from .evidence import age_years, reason_text, score_person
from .keys import (
    name_keys,
)
from .models import CaseParty, Person

MIN_SCORE = 0.45  # below this a candidate is noise, not a possible duplicate
SCOPE = "duplicate check"
TOKEN_MAX_AGE = 24 * 3600  # a request for access must follow the check the same day
_TOKEN_SALT = "saphan.people.candidate"

# Score bands, the only measure shown for a candidate the worker may not see.
HIGH, MEDIUM, LOW = "high", "medium", "low"
BAND_FLOOR = {HIGH: 0.8, MEDIUM: 0.6, LOW: MIN_SCORE}


def band_of(score: float) -> str:
    if score >= BAND_FLOOR[HIGH]:
        return HIGH
    if score >= BAND_FLOOR[MEDIUM]:
        return MEDIUM
    return LOW


@dataclass
class Candidate:
    """One possible duplicate. For a candidate the actor may not see (``visible`` False)
    only ``band``, ``score`` (the band's floor), ``province_name`` and ``token`` are set."""

    score: float
    band: str
    visible: bool
    reasons: list[str] = field(default_factory=list)
    reason_codes: list[str] = field(default_factory=list)
    person_id: uuid.UUID | None = None
    person: Person | None = None
    province_code: str = ""
    province_name: str = ""
    token: str = ""

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class Candidates(list):
    """The candidates, best first; ``too_broad`` when the name typed so far (one very common
    word) matched too many persons to rank: the worker is asked to type more, not told that
    nothing matched."""

    def __init__(self, items=(), *, too_broad: bool = False):
        super().__init__(items)
        self.too_broad = too_broad


# --- the opaque token ------------------------------------------------------------------------
def _pad(nonce: bytes) -> bytes:
    return salted_hmac(_TOKEN_SALT, nonce, algorithm="sha256").digest()[:16]


def candidate_token(*, person_id: uuid.UUID, actor) -> str:
    """A token naming a hidden candidate to the server only: the person's key is encrypted
    (XOR with an HMAC pad of a random nonce) and the whole signed, bound to the actor and
    dated. Two checks give two unrelated tokens for one person, so nothing can be compared."""
    nonce = secrets.token_bytes(12)
    cipher = bytes(a ^ b for a, b in zip(person_id.bytes, _pad(nonce), strict=True))
    blob = base64.urlsafe_b64encode(nonce + cipher).decode().rstrip("=")
    return signing.TimestampSigner(salt=_TOKEN_SALT).sign_object({"c": blob, "u": str(actor.pk)})


def candidate_token_person_id(*, token: str, actor) -> uuid.UUID:
    """The person a token names; PermissionDenied when it is forged, stale or someone else's."""
    try:
        data = signing.TimestampSigner(salt=_TOKEN_SALT).unsign_object(token, max_age=TOKEN_MAX_AGE)
        raw = base64.urlsafe_b64decode(data["c"] + "=" * (-len(data["c"]) % 4))
        if data.get("u") != str(actor.pk) or len(raw) != 28:
            raise ValueError("token of another user")
    except (signing.BadSignature, ValueError, KeyError, TypeError) as error:
        raise PermissionDenied("invalid candidate token") from error
    nonce, cipher = raw[:12], raw[12:]
    return uuid.UUID(bytes=bytes(a ^ b for a, b in zip(cipher, _pad(nonce), strict=True)))


# --- the check -------------------------------------------------------------------------------
_SCORING_FIELDS = (
    "id", "birth_date", "birth_date_precision", "age_estimate_min", "age_estimate_max",
    "age_estimated_on", "created_at", "sex", "citizenships",
)  # fmt: skip


def _persons_and_names(
    person_ids: list[uuid.UUID],
) -> tuple[dict[uuid.UUID, Person], dict[uuid.UUID, list[tuple]]]:
    """For scoring, in one round trip: each person with the fields scoring reads (an unsaved
    Person holding _SCORING_FIELDS only), and (normalized, udom83, lk82, latin_keys) of each
    of their names. The key arrays are read as text joined by "|" (psycopg reads text far
    faster than arrays); their lengths follow from the name's words, so an empty text is as
    many empty keys as words."""
    persons: dict[uuid.UUID, Person] = {}
    names_of: dict[uuid.UUID, list[tuple]] = defaultdict(list)
    if not person_ids:
        return persons, names_of
    fields = ", ".join(f"p.{f}" for f in _SCORING_FIELDS)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT {fields}, n.normalized, array_to_string(n.udom83, '|'), "
            "array_to_string(n.lk82, '|'), array_to_string(n.latin_keys, '|'), "
            "array_to_string(n.phonetic, '|') "
            "FROM people_person p LEFT JOIN people_personname n ON n.person_id = p.id "
            "WHERE p.id = ANY(%s)",
            [person_ids],
        )
        width = len(_SCORING_FIELDS)
        for row in cur.fetchall():
            person_id = row[0]
            if person_id not in persons:
                persons[person_id] = Person(**dict(zip(_SCORING_FIELDS, row[:width], strict=True)))
            normalized, *joined = row[width:]
            if normalized is None:
                continue  # a person without a name (found by a document number alone)
            words = len(normalized.split())
            udom83, lk82, latin_keys, phonetic = (
                j.split("|") if j else [""] * words for j in joined
            )
            names_of[person_id].append((normalized, udom83, lk82, latin_keys, phonetic))
    return persons, names_of


def _id_numbers(values: Iterable[str]) -> list[str]:
    result = []
    for value in values:
        number = normalize_thai_id(value or "").upper()
        if len(number) >= 4:
            result.append(number)
    return list(dict.fromkeys(result))


def _province_names(person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """The province of a case of each person (the earliest case), as (code, name)."""
    result: dict[uuid.UUID, tuple[str, str]] = {}
    if not person_ids:
        return result
    english = (get_language() or "th").startswith("en")
    links = (
        CaseParty.objects.filter(person_id__in=list(person_ids))
        .order_by("case__created_at")
        .values_list(
            "person_id", "case__province__code", "case__province__name_th",
            "case__province__name_en",
        )
    )  # fmt: skip
    for person_id, code, name_th, name_en in links:
        result.setdefault(person_id, (code, name_en if english and name_en else name_th))
    return result


@transaction.atomic
def find_candidates(
    *,
    actor,
    names: Sequence[str],
    birth_date: dt.date | None = None,
    id_numbers: Sequence[str] = (),
    sex: str = "",
    nationality: str = "",
    age: int | None = None,
    limit: int = 10,
    path: str = "",
) -> Candidates:
    """Existing persons who may be the one being typed, best first (at most ``limit``).

    ``age`` (years, about) stands for the date of birth when none is known: it weighs, and
    blocks, as the years it allows. Only an actor who may open cases may run the check.
    Visible candidates carry the person
    (and are logged as read under the scope "duplicate check"); the others carry only the
    band, the province of their case and a token for ``access_request_create``.
    """
    access.require(actor, "cases.add_case")
    # One letter typed so far matches nothing worth showing.
    keys = [k for k in (name_keys(n) for n in names if n and n.strip()) if len(k.normalized) >= 2]
    numbers = _id_numbers(id_numbers)
    if not keys and not numbers:
        return Candidates()
    word_shares: dict[str, float | None] = {}
    years = age_years(age, timezone.localdate()) if birth_date is None else None
    found, id_matches, too_broad = generation.generate(
        keys, numbers, generation.POOL, birth_date, word_shares, years=years
    )
    shares = tuple(sorted((p, v) for p, v in word_shares.items() if v is not None))
    if not found:
        return Candidates(too_broad=too_broad)
    # Scored on what scoring reads; the persons shown are read whole afterwards.
    persons, names_of = _persons_and_names(list(found))  # names_of: a defaultdict
    query_words = [tuple(k.words) for k in keys]
    scored = []
    for person_id, person in persons.items():
        score, codes = score_person(
            query_words,
            names_of[person_id],
            person,
            birth_date,
            person_id in id_matches,
            shares=shares,
            sex=sex,
            nationality=nationality,
            years=years,
        )
        if score >= MIN_SCORE:
            scored.append((score, person_id, codes))
    scored.sort(key=lambda item: (-item[0], str(item[1])))
    top = scored[:limit]
    ids = [person_id for _s, person_id, _c in top]
    visible = set(access.visible_persons(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if visible:
        persons.update(Person.objects.in_bulk(list(visible)))
    provinces = _province_names(set(ids) - visible)
    result = Candidates(too_broad=too_broad)
    for score, person_id, codes in top:
        band = band_of(score)
        if person_id in visible:
            result.append(
                Candidate(
                    score=round(score, 3),
                    band=band,
                    visible=True,
                    reasons=[reason_text(c) for c in codes],
                    reason_codes=codes,
                    person_id=person_id,
                    person=persons[person_id],
                )
            )
        else:
            code, name = provinces.get(person_id, ("", ""))
            result.append(
                Candidate(
                    score=BAND_FLOOR[band],
                    band=band,
                    visible=False,
                    province_code=code,
                    province_name=name,
                    token=candidate_token(person_id=person_id, actor=actor),
                )
            )
    log_reads(
        actor=actor,
        records=[c.person for c in result if c.visible],
        scope=SCOPE,
        purpose="intake",
        path=path,
    )
    return result
