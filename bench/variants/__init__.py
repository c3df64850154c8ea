"""A labelled set of duplicate-check queries made WITHOUT the code under test.

The bench's own variant set (bench/cases.py ``variant_set``) romanises Thai names with
pythainlp's royin, the very function the app's keys use, so its recall for romanised queries
proves nothing. This set is written from spelling tables instead (the ``*.tsv`` files here,
their sources in bench/README.md): for every name word, the spellings a Thai official, a
passport or a pink card actually use — RTGS and passport habits for Thai names, Burmese, Khmer
and Lao names as written in Latin letters and in Thai script, Vietnamese names with and without
their diacritics — plus titles and honorifics, and the Unicode accidents of Thai text (a
zero-width space for a word gap, a decomposed sara am, a tone mark typed before its vowel).

For each query a synthetic person is *planted* in the bench database with one form of the
name (as a first intake wrote it), and the query is another form (as a second agency writes
it): the label is that person. Nothing here calls saphan's romaniser or keys; the planted
names are stored through the app's own ``name_keys_apply`` (that is what the app stores).

A fixed share of the planted persons (``HELD_OUT_SHARE``, chosen by a hash of the seed and
the index, never by the outcome) is the held-out part: its misses are never printed, and
figures from it are the ones to report. Tune only on the other part.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import permutations, product
from pathlib import Path

HERE = Path(__file__).parent
HELD_OUT_SHARE = 0.3
SAME_SCRIPT = ("thai_latin_spelling", "title", "thai_unicode", "honorific", "vietnamese")
CROSS_SCRIPT = (
    "thai_in_latin", "latin_in_thai", "burmese_in_thai", "burmese_in_latin",
    "burmese_script_in_latin", "khmer_in_thai", "khmer_in_latin", "lao_in_thai", "lao_in_latin",
    "lao_script_in_thai",
)  # fmt: skip
KINDS = SAME_SCRIPT + CROSS_SCRIPT
NATIONALITY_OF_KIND = {
    "thai_latin_spelling": "TH", "title": "TH", "thai_unicode": "TH", "thai_in_latin": "TH",
    "latin_in_thai": "TH", "honorific": "MM", "burmese_in_thai": "MM", "burmese_in_latin": "MM",
    "burmese_script_in_latin": "MM", "khmer_in_thai": "KH", "khmer_in_latin": "KH",
    "lao_in_thai": "LA", "lao_in_latin": "LA", "lao_script_in_thai": "LA", "vietnamese": "VN",
}  # fmt: skip
# Thai titles (glued to the given name or spaced), by sex: M, F or both.
THAI_TITLES = (
    ("นาย", "M"), ("นาง", "F"), ("นางสาว", "F"), ("น.ส.", "F"), ("คุณ", "MF"),
    ("ด.ช.", "M"), ("ด.ญ.", "F"), ("เด็กชาย", "M"), ("เด็กหญิง", "F"),
)  # fmt: skip
LATIN_TITLES = (("Mr.", "M"), ("Mrs.", "F"), ("Miss", "F"), ("Ms.", "F"), ("MR", "M"))
ZWSP = "\u200b"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
SARA_AM = "\u0e33"
DECOMPOSED_AM = "\u0e4d\u0e32"  # nikhahit + sara aa, as some keyboards and PDFs give it


@dataclass(frozen=True)
class Word:
    latin: tuple[str, ...]  # spellings in Latin letters, the usual one first
    thai: tuple[str, ...]  # spellings in Thai script, the usual one first
    native: str = ""  # the word in its own script (Burmese, Khmer, Lao)
    role: str = ""  # given / family / middle


@dataclass
class Planted:
    index: int
    kind: str
    nationality: str
    sex: str
    stored: str  # the name as the first intake wrote it
    query: str  # the name as the second agency writes it
    birth_date: dt.date | None
    precision: str
    held_out: bool
    age: int = 0
    person_id: uuid.UUID | None = None
    # Every spelling of each word of the name (Latin, Thai, its own script), from the tables:
    # what ``same_name`` compares another stored name with.
    spellings: tuple[tuple[str, ...], ...] = ()

    @property
    def query_birth_date(self) -> dt.date | None:
        """The worker types a date of birth only when the person gave an exact one."""
        return self.birth_date if self.precision == "exact" else None


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _spellings(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.strip() for s in cell.split("|") if s.strip()))


@cache
def tables() -> dict[str, list[Word]]:
    thai_given = [Word(_spellings(r[1]), (r[0],), role="given") for r in _rows("thai_given.tsv")]
    thai_family = [Word(_spellings(r[1]), (r[0],), role="family") for r in _rows("thai_family.tsv")]
    burmese = [Word(_spellings(r[0]), _spellings(r[1]), r[2]) for r in _rows("burmese.tsv")]
    khmer = [Word(_spellings(r[0]), _spellings(r[1]), r[2], r[3]) for r in _rows("khmer.tsv")]
    lao = [Word(_spellings(r[0]), _spellings(r[1]), r[2], r[3]) for r in _rows("lao.tsv")]
    honorifics = [Word(_spellings(r[0]), _spellings(r[1])) for r in _rows("burmese_honorifics.tsv")]
    vietnamese = [Word((r[0],), (), role=r[1]) for r in _rows("vietnamese.tsv")]
    return {
        "thai_given": thai_given,
        "thai_family": thai_family,
        "burmese": burmese,
        "khmer_given": [w for w in khmer if w.role == "given"],
        "khmer_family": [w for w in khmer if w.role == "family"],
        "lao_given": [w for w in lao if w.role == "given"],
        "lao_family": [w for w in lao if w.role == "family"],
        "honorifics": honorifics,
        "vn_family": [w for w in vietnamese if w.role == "family"],
        "vn_middle": [w for w in vietnamese if w.role == "middle"],
        "vn_given": [w for w in vietnamese if w.role == "given"],
    }


# --- how a name is written -----------------------------------------------------------------
def _latin_case(text: str, rng: random.Random) -> str:
    """Passports print names in capitals; officials type them capitalised."""
    return text.upper() if rng.random() < 0.3 else text


def _other(options: tuple[str, ...], first: str, rng: random.Random) -> str:
    others = [o for o in options if o != first]
    return rng.choice(others) if others else first


def _any(options: tuple[str, ...], rng: random.Random) -> str:
    return rng.choice(options)


def without_diacritics(text: str) -> str:
    """Vietnamese as the Latin line of a passport writes it (Đặng → Dang)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def thai_unicode_accident(text: str, rng: random.Random) -> str:
    """The same Thai name as another program or keyboard stores it: a zero-width space where
    the space was, sara am as nikhahit + sara aa, a tone mark typed before its upper vowel."""
    changes = []
    if SARA_AM in text:
        changes.append(lambda t: t.replace(SARA_AM, DECOMPOSED_AM))
    if any(text[i] in UPPER_VOWELS and text[i + 1] in TONE_MARKS for i in range(len(text) - 1)):

        def reorder(t: str) -> str:
            chars = list(t)
            for i in range(len(chars) - 1):
                if chars[i] in UPPER_VOWELS and chars[i + 1] in TONE_MARKS:
                    chars[i], chars[i + 1] = chars[i + 1], chars[i]
            return "".join(chars)

        changes.append(reorder)
    changes.append(lambda t: t.replace(" ", ZWSP))
    change = rng.choice(changes)
    out = change(text)
    if rng.random() < 0.3 and " " in out:
        out = out.replace(" ", ZWSP)  # and, often, the space too
    return out


def _thai_title(sex: str, rng: random.Random) -> str:
    return rng.choice([t for t, s in THAI_TITLES if sex in s])


def _honorific(sex: str, thai: bool, rng: random.Random) -> str:
    table = {w.latin[0]: w for w in tables()["honorifics"]}
    names = ("U", "Maung", "Ko") if sex == "M" else ("Daw", "Ma")
    word = table[rng.choice(names)]
    return _any(word.thai, rng) if thai else _any(word.latin, rng)


def plant_one(index: int, kind: str, *, seed: int) -> Planted:
    """One planted person and the query for ``kind``."""
    rng = random.Random(f"{seed}:variant:{index}")
    t = tables()
    sex = "F" if rng.random() < 0.55 else "M"
    nationality = NATIONALITY_OF_KIND[kind]
    if nationality == "TH":
        words = [rng.choice(t["thai_given"]), rng.choice(t["thai_family"])]
    elif nationality == "MM":
        words = rng.sample(t["burmese"], k=rng.choice((2, 3, 3, 3, 4)))
    elif nationality == "KH":
        given = rng.sample(t["khmer_given"], k=2 if rng.random() < 0.3 else 1)
        words = [rng.choice(t["khmer_family"]), *given]  # Khmer order: family name first
        if rng.random() < 0.4:
            words = [*given, words[0]]  # as Thai forms often put it: given name first
    elif nationality == "LA":
        words = [rng.choice(t["lao_given"]), rng.choice(t["lao_family"])]
    else:
        words = [rng.choice(t["vn_family"]), rng.choice(t["vn_middle"]), rng.choice(t["vn_given"])]

    stored_latin = [w.latin[0] for w in words]
    if kind == "thai_in_latin":
        stored = " ".join(w.thai[0] for w in words)
        query = _latin_case(" ".join(_any(w.latin, rng) for w in words), rng)
    elif kind == "latin_in_thai":
        stored = _latin_case(" ".join(_any(w.latin, rng) for w in words), rng)
        query = " ".join(w.thai[0] for w in words)
    elif kind == "thai_latin_spelling":
        first = [_any(w.latin, rng) for w in words]
        second = [
            _other(w.latin, f, rng) if rng.random() < 0.7 else f
            for w, f in zip(words, first, strict=True)
        ]
        if second == first:
            second[0] = _other(words[0].latin, first[0], rng)
        stored, query = " ".join(first), _latin_case(" ".join(second), rng)
    elif kind == "title":
        plain = " ".join(w.thai[0] for w in words)
        title = _thai_title(sex, rng)
        titled = f"{title}{plain}" if rng.random() < 0.6 else f"{title} {plain}"
        stored, query = (plain, titled) if rng.random() < 0.7 else (titled, plain)
    elif kind == "thai_unicode":
        stored = " ".join(w.thai[0] for w in words)
        query = thai_unicode_accident(stored, rng)
    elif kind == "honorific":
        thai = rng.random() < 0.4
        plain = " ".join((w.thai[0] if thai else w.latin[0]) for w in words)
        titled = f"{_honorific(sex, thai, rng)} {plain}"
        stored, query = (plain, titled) if rng.random() < 0.7 else (titled, plain)
    elif kind in ("burmese_in_thai", "khmer_in_thai", "lao_in_thai"):
        stored = _latin_case(" ".join(stored_latin), rng)
        query = " ".join(_any(w.thai, rng) for w in words)
    elif kind in ("burmese_in_latin", "khmer_in_latin", "lao_in_latin"):
        stored = " ".join(w.thai[0] for w in words)
        query = _latin_case(" ".join(_any(w.latin, rng) for w in words), rng)
    elif kind == "burmese_script_in_latin":
        stored = "".join(w.native for w in words)  # Burmese writes no spaces between syllables
        query = _latin_case(" ".join(_any(w.latin, rng) for w in words), rng)
    elif kind == "lao_script_in_thai":
        stored = " ".join(w.native for w in words)
        query = " ".join(_any(w.thai, rng) for w in words)
    else:  # vietnamese
        accented = " ".join(w.latin[0] for w in words)
        plain = without_diacritics(accented)
        stored, query = (accented, plain) if rng.random() < 0.6 else (plain, accented)
        query = _latin_case(query, rng)

    age = rng.randint(12, 17) if rng.random() < 0.2 else rng.randint(18, 55)
    born = dt.date(2026, 6, 1) - dt.timedelta(days=int(age * 365.25) + rng.randint(0, 364))
    roll = rng.random()
    precision = "exact" if roll < 0.7 else "year" if roll < 0.85 else "estimated"
    if precision == "year":
        born = born.replace(month=1, day=1)
    digest = hashlib.sha256(f"{seed}:held-out:{index}".encode()).digest()
    return Planted(
        index=index,
        kind=kind,
        nationality=nationality,
        sex=sex,
        stored=stored,
        query=query,
        birth_date=born if precision != "estimated" else None,
        precision=precision,
        held_out=digest[0] < 256 * HELD_OUT_SHARE,
        age=age,
        spellings=tuple((*w.latin, *w.thai, *((w.native,) if w.native else ())) for w in words),
    )


def plant(*, size: int, seed: int) -> list[Planted]:
    """``size`` planted persons, the kinds in equal shares."""
    return [plant_one(i, KINDS[i % len(KINDS)], seed=seed) for i in range(size)]


def _key(p: Planted) -> tuple:
    sex = "Feminine" if p.sex == "F" else "Masculine"
    return (p.stored, p.birth_date, p.precision, p.nationality, sex)


def insert(planted: list[Planted]) -> None:
    """Store the planted persons as a first intake would have (synthetic: ``is_demo``). On a
    kept bench database (``--reuse-data``) those already planted by an earlier run with the
    same seed are found again (same name, birth, nationality and sex), not planted twice."""
    from django.db import transaction

    from saphan.people.keys import detect_script
    from saphan.people.models import Person, PersonName
    from saphan.people.services import name_keys_apply

    there = Person.objects.filter(is_demo=True, full_name__in={p.stored for p in planted})
    existing = {
        (name, born, precision, (nat or [""])[0], sex): pk
        for pk, name, born, precision, nat, sex in there.values_list(
            "pk", "full_name", "birth_date", "birth_date_precision", "citizenships", "sex"
        ).order_by("created_at")
    }
    persons, names, new = [], [], []
    for p in planted:
        if _key(p) in existing:
            p.person_id = existing[_key(p)]
            continue
        new.append(p)
        age = p.age if p.precision == "estimated" else None
        person = Person(
            full_name=p.stored,
            sex="Feminine" if p.sex == "F" else "Masculine",
            birth_date=p.birth_date,
            birth_date_precision=p.precision,
            age_estimate_min=age - 3 if age else None,
            age_estimate_max=age + 3 if age else None,
            age_estimated_on=dt.date(2026, 6, 1) if age else None,
            citizenships=[p.nationality],
            is_demo=True,
        )
        persons.append(person)
        names.append(
            name_keys_apply(
                PersonName(
                    person=person,
                    script=detect_script(p.stored),
                    full_name=p.stored,
                    is_primary=True,
                )
            )
        )
    with transaction.atomic():
        Person.objects.bulk_create(persons, batch_size=1000)
        PersonName.objects.bulk_create(names, batch_size=1000)
    for p, person in zip(new, persons, strict=True):
        p.person_id = person.pk


# --- names no check can tell apart ---------------------------------------------------------
def _fold(text: str) -> str:
    """Lower case, no diacritics, no spaces, dots or zero-width spaces: how two writings of
    the same spelling are compared here (not the app's normalisation)."""
    text = without_diacritics(text.replace(ZWSP, " ")).lower()
    return "".join(c for c in text if not c.isspace() and c not in ".-")


@cache
def _titles() -> tuple[str, ...]:
    """Thai and Latin titles and Burmese honorifics as written, folded, longest first."""
    words = [t for t, _s in THAI_TITLES] + [t for t, _s in LATIN_TITLES]
    for w in tables()["honorifics"]:
        words += [*w.latin, *w.thai]
    return tuple(sorted({_fold(w) for w in words if _fold(w)}, key=len, reverse=True))


def same_name(planted: Planted, name: str) -> bool:
    """Whether ``name`` (another person's stored name) is the planted person's name by the
    tables alone: each word one of the spellings of the planted name's words, every word
    once, in any order, a title or honorific before it or not. Two persons so named cannot be
    told apart by a name check; without a date of birth in the query nothing else is asked."""
    folded = _fold(name)
    options = [folded] + [folded[len(t) :] for t in _titles() if folded.startswith(t)]
    words = [sorted({_fold(s) for s in spellings if _fold(s)}) for spellings in planted.spellings]

    def fits(rest: str, left: tuple[int, ...]) -> bool:
        if not left:
            return not rest
        return any(
            rest.startswith(form) and fits(rest[len(form) :], left[:k] + left[k + 1 :])
            for k, i in enumerate(left)
            for form in words[i]
        )

    return bool(words) and any(fits(o, tuple(range(len(words)))) for o in options if o)


# --- how many persons a name check cannot tell from the planted one -------------------------
SPELLED_ALIKE_MAX = 200_000  # written forms of one planted name enumerated at the most


def _written_forms(planted: Planted, *, as_stored: bool = False) -> set[str]:
    """Every folded writing of the planted name by the tables: each word in any of its
    spellings, the words in any order (``same_name`` in reverse, so that the register can be
    read once instead of once per planted person). With ``as_stored``, only the words of the
    name as the planted person's record writes it, in any order."""
    if as_stored:
        words = [[_fold(w)] for w in planted.stored.split() if _fold(w)]
    else:
        words = [sorted({_fold(s) for s in sp if _fold(s)}) for sp in planted.spellings]
    out: set[str] = set()
    for order in permutations(range(len(words))):
        for forms in product(*(words[i] for i in order)):
            out.add("".join(forms))
            if len(out) >= SPELLED_ALIKE_MAX:
                return out
    return out


def namesakes(planted: list[Planted], *, as_stored: bool = False) -> list[int]:
    """For each planted person, how many persons of the register (the planted one included)
    carry its name and, when its query gives a date of birth, were born that day. The name is
    carried as the planted record writes it (``as_stored``: the same words, any order, a
    title or honorific aside) or by the tables (``same_name``: any spelling of each word).

    Among n persons holding the record's very name, a check given only the name and the date
    has nothing to rank the planted person above the others: the best it can do is to show
    all of them first, in an order that favours none, so that the planted person is among
    the ten shown with a chance of min(1, 10 / n). The mean of that is the ceiling of
    recall@10 for these queries on this register, whatever the matcher (``recall_ceiling``),
    in expectation (``tie_order_sd``). By the tables, the count also holds persons whose
    spelling of a word differs, which a check may weigh (a spelling nearer the query's): that
    ceiling is lower and not a bound. Judged from the stored names as written; the app's keys
    are not read. A stored spelling the tables do not list is not counted, so either ceiling
    errs high."""
    from django.db import connection

    wanted: dict[str, list[int]] = defaultdict(list)
    for n, p in enumerate(planted):
        for form in _written_forms(p, as_stored=as_stored):
            wanted[form].append(n)
    titles = _titles()
    found: list[set] = [set() for _ in planted]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT n.person_id, n.full_name, CASE WHEN p.birth_date_precision = 'exact' "
            "THEN p.birth_date END FROM people_personname n "
            "JOIN people_person p ON p.id = n.person_id WHERE p.merged_into_id IS NULL"
        )
        while rows := cur.fetchmany(20_000):
            for person_id, full_name, born in rows:
                folded = _fold(full_name)
                options = {folded, *(folded[len(t) :] for t in titles if folded.startswith(t))}
                for option in options:
                    for n in wanted.get(option, ()):
                        day = planted[n].query_birth_date
                        if day is None or born == day:
                            found[n].add(person_id)
    for p, persons in zip(planted, found, strict=True):
        persons.add(p.person_id)
    return [len(persons) for persons in found]


def recall_ceiling(counts: list[int]) -> float | None:
    """The mean over queries of min(1, 10 / namesakes): see ``namesakes``."""
    return round(sum(min(1.0, 10 / c) for c in counts) / len(counts), 4) if counts else None


def tie_order_sd(counts: list[int]) -> float | None:
    """How far the luck of the order among namesakes moves a recall from the ceiling: the
    standard deviation of the share of hits when each query is a hit with chance
    min(1, 10 / n). A check's recall over a few queries may stand above the ceiling by it."""
    if not counts:
        return None
    chances = [min(1.0, 10 / c) for c in counts]
    return round(sum(q * (1 - q) for q in chances) ** 0.5 / len(counts), 4)
