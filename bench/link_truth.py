"""Precision and recall of `manage.py link_persons` on a kept bench database.

The `cases` generator makes every person once (no person is generated from another), so it
has no known duplicates. This script adds them: it picks source persons at random, writes a
second record of each as another office would (kinds below), linked to another case, and
keeps the truth (variant id -> source id). It then runs the linkage and counts, among the
pairs queued at the review threshold, those that are a variant with its source (true) and
those that are not (false: two generated persons, or a variant with someone else).

The variants are made here from spelling habits, without the functions under test
(people/keys.py computes the stored keys of the new names, as it does for every name):

Each variant changes the name in one way and, drawn apart, the birth in one way:

- ``thai_tone``     Thai name with its tone marks dropped
- ``thai_sound``    one Thai consonant swapped for one that sounds the same (ศ/ษ/ส, ท/ธ …)
- ``latin_habit``   a Latin (passport) name respelt: h dropped or added, ee/i, oo/u, double
                    letters, Ky/Gy, Htun/Tun …
- ``swap``          family name first
- ``typo``          one letter of the family name dropped
- ``other_script``  a Myanmar, Lao or Khmer name written in another script (Latin, Thai, or its
                    own), word for word from the bench's name tables (bench/names.py), as an
                    office working in another script writes it
- ``same_name``     the name as recorded (with the birth as recorded too: an exact copy, the
                    commonest duplicate of a register)
- birth: as recorded (55 %), day and month swapped (10 %), only the year (10 %), an
  estimated age range with sex unknown (15 %), unknown (10 %)

Usage (after `python -m bench cases --scale 100000 --keep-data --data-dir /tmp/linkbench`):

    SAPHAN_DATA_DIR=/tmp/linkbench .venv/bin/python -m bench.link_truth

By default it writes as many variants as the model's prior says a register holds
(``linkage.DUPLICATE_SHARE`` of the persons, 1 %): precision at a threshold depends on that
share, and measuring it at a tenth of the model's would call right pairs wrong. The variants
stay in that database (marked ``is_demo``); ``--forget`` the previous output to measure again.

False pairs are also counted apart when they are two generated persons written alike in every
field the register compares (same name, same exact date of birth, same sex and nationality):
the generator draws names from small tables, so at 1,000,000 persons a hundred such pairs of
different synthetic persons exist that no reviewer could tell apart either.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import time
import uuid
from collections import Counter
from pathlib import Path

NAME_KINDS = ("thai_tone", "thai_sound", "latin_habit", "swap", "typo", "other_script", "same_name")
# How the birth is written in the second record, drawn apart from the name (weights).
BIRTH_KINDS = {"same_birth": 55, "dmswap": 10, "year_only": 10, "estimated": 15, "unknown": 10}
TONE_MARKS = re.compile("[\u0e48-\u0e4b]")
SOUND_ALIKE = [set("ศษส"), set("ทธฑฒ"), set("พภ"), set("คฆ"), set("ชฌ"), set("นณ"), set("ตฏ"),
               set("ดฎ"), set("ยญ"), set("ลฬ"), set("ขฃ"), set("ฐถ")]  # fmt: skip
LATIN_HABITS = [
    (r"kh\b", "k"), (r"h\b", ""), (r"ee", "i"), (r"\bi", "ee"), (r"oo", "u"), (r"u", "oo"),
    (r"ph", "p"), (r"th", "t"), (r"^ht", "t"), (r"ky", "gy"), (r"aw", "au"), (r"ei", "ay"),
    (r"([a-z])\1", r"\1"), (r"ai", "ay"), (r"ou", "u"),
]  # fmt: skip


def _thai_sound(word: str, rng: random.Random) -> str | None:
    spots = [(i, g) for i, ch in enumerate(word) for g in SOUND_ALIKE if ch in g]
    if not spots:
        return None
    i, group = rng.choice(spots)
    return word[:i] + rng.choice(sorted(group - {word[i]})) + word[i + 1 :]


def _latin_habit(name: str, rng: random.Random) -> str | None:
    words = name.split()
    order = list(range(len(words)))
    rng.shuffle(order)
    for i in order:
        low = words[i].lower()
        habits = LATIN_HABITS[:]
        rng.shuffle(habits)
        for pattern, repl in habits:
            changed = re.sub(pattern, repl, low, count=1)
            if changed != low and len(changed) >= 2:
                words[i] = changed.capitalize()
                return " ".join(words)
    return None


def _word_forms() -> dict[str, tuple[str, str, str]]:
    """Each word of the bench's Myanmar, Lao and Khmer tables, in any of its forms (lower
    case), to its (Latin, own script, Thai) forms."""
    from .names import KHMER_FAMILY, KHMER_GIVEN, LAO_FAMILY, LAO_GIVEN, MYANMAR_SYLLABLES

    table = {}
    for row in (*MYANMAR_SYLLABLES, *LAO_GIVEN, *LAO_FAMILY, *KHMER_GIVEN, *KHMER_FAMILY):
        for form in row:
            table.setdefault(form.lower(), row)
    return table


def _other_script(name: str, rng: random.Random) -> str | None:
    """The same words in another of their forms: Latin, Thai, or their own script (Myanmar
    written without spaces), whichever the recorded name is not."""
    table = _word_forms()
    rows = [table.get(w.lower()) for w in name.split()]
    if not rows or None in rows:
        return None
    current = next(i for i, form in enumerate(rows[0]) if form.lower() == name.split()[0].lower())
    target = rng.choice([i for i in range(3) if i != current])
    words = [row[target] for row in rows]
    burmese = target == 1 and any("\u1000" <= c <= "\u109f" for c in words[0])
    return ("" if burmese else " ").join(words)


def _name_variant(kind: str, name: str, rng: random.Random) -> str | None:
    words = name.split()
    is_thai = bool(re.search("[\u0e00-\u0e7f]", name))
    if kind == "same_name":
        return name
    if kind == "thai_tone":
        return TONE_MARKS.sub("", name) if is_thai and TONE_MARKS.search(name) else None
    if kind == "thai_sound":
        return _thai_sound(name, rng) if is_thai else None
    if kind == "latin_habit":
        return None if is_thai else _latin_habit(name, rng)
    if kind == "other_script":
        return _other_script(name, rng)
    if kind == "swap":
        return " ".join([words[-1], *words[:-1]]) if len(words) >= 2 else None
    if kind == "typo":
        family = words[-1]
        if len(words) < 2 or len(family) < 4:
            return None
        i = rng.randrange(1, len(family) - 1)
        return " ".join([*words[:-1], family[:i] + family[i + 1 :]])
    raise ValueError(kind)


def _birth_variant(kind: str, source: dict) -> dict | None:
    born, precision = source["birth_date"], source["precision"]
    out = {k: source[k] for k in ("birth_date", "precision", "low", "high", "sex")}
    if kind == "same_birth":
        return out
    if precision != "exact" or not born:
        return None
    if kind == "dmswap":
        if born.day > 12 or born.day == born.month:
            return None
        out["birth_date"] = born.replace(month=born.day, day=born.month)
    elif kind == "year_only":
        out.update(precision="year", birth_date=born.replace(month=1, day=1))
    elif kind == "estimated":
        age = dt.date.today().year - born.year
        out.update(precision="estimated", birth_date=None, low=max(age - 2, 0), high=age + 1)
        out["sex"] = "NonSpecifiedUnknown"
    elif kind == "unknown":
        out.update(precision="unknown", birth_date=None, low=None, high=None)
    return out


def make_variant(name_kind: str, birth_kind: str, source: dict, rng) -> dict | None:
    """The second record of ``source`` as another office writes it, or None when these
    kinds do not apply to this person."""
    name = _name_variant(name_kind, source["name"], rng)
    birth = _birth_variant(birth_kind, source)
    if not name or birth is None or name == source["name"] and name_kind != "same_name":
        return None
    return {**birth, "name": name, "nationality": source["nationality"]}


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.link_truth")
    p.add_argument(
        "--variants",
        type=int,
        default=None,
        help="how many labelled variants (default: the register's share of duplicates the "
        "model assumes, linkage.DUPLICATE_SHARE, of the persons: precision depends on it)",
    )
    p.add_argument(
        "--forget",
        type=Path,
        default=None,
        help="the output of an earlier run on this database: its variants are deleted first",
    )
    p.add_argument("--seed", type=int, default=2569)
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--output", type=Path, default=Path("/tmp/link_truth.json"))
    args = p.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    import django

    django.setup()
    from django.db import transaction

    from saphan.cases.models import Case
    from saphan.people.keys import detect_script
    from saphan.people.linkage import DUPLICATE_SHARE, REVIEW_THRESHOLD, run_linkage
    from saphan.people.models import CaseParty, LinkPair, LinkRun, Person, PersonName
    from saphan.people.services import name_keys_apply

    if args.forget:
        earlier = list(json.loads(args.forget.read_text())["truth"])
        with transaction.atomic():
            LinkPair.objects.all().delete()
            LinkRun.objects.all().delete()
            CaseParty.objects.filter(person_id__in=earlier).delete()
            gone = Person.objects.filter(pk__in=earlier, is_demo=True).delete()[1]
        print(f"forgot the {len(earlier)} variants of {args.forget} ({gone})")
    if args.variants is None:
        args.variants = max(100, round(DUPLICATE_SHARE * Person.objects.count()))
    threshold = args.threshold or REVIEW_THRESHOLD
    rng = random.Random(args.seed)
    # Drawn with the seed (not ORDER BY random()), so a run on a fresh copy repeats itself.
    everyone = sorted(
        Person.objects.filter(merged_into__isnull=True, names__is_primary=True).values_list(
            "pk", flat=True
        )
    )
    chosen = rng.sample(everyone, min(len(everyone), args.variants * 4))
    found = {
        p["pk"]: p
        for p in Person.objects.filter(pk__in=chosen).values(
            "pk", "full_name", "sex", "birth_date", "birth_date_precision",
            "age_estimate_min", "age_estimate_max", "citizenships",
        )
    }  # fmt: skip
    sources = [found[pk] for pk in chosen]
    all_cases = sorted(Case.objects.values_list("pk", flat=True))
    case_ids = rng.sample(all_cases, min(len(all_cases), args.variants))
    truth: dict[str, dict] = {}
    per_kind = args.variants // len(NAME_KINDS) + 1
    made = Counter()
    made_birth = Counter()
    started = time.monotonic()
    with transaction.atomic():
        for s in sources:
            if sum(made.values()) >= args.variants:
                break
            source = {
                "name": s["full_name"], "sex": s["sex"], "birth_date": s["birth_date"],
                "precision": s["birth_date_precision"], "low": s["age_estimate_min"],
                "high": s["age_estimate_max"],
                "nationality": s["citizenships"][:1],
            }  # fmt: skip
            kinds = [k for k in NAME_KINDS if made[k] < per_kind]
            rng.shuffle(kinds)
            birth_kind = rng.choices(list(BIRTH_KINDS), weights=list(BIRTH_KINDS.values()))[0]
            variant = None
            for kind in kinds:
                variant = make_variant(kind, birth_kind, source, rng)
                if variant:
                    break
            if not variant:
                continue
            person = Person.objects.create(
                full_name=variant["name"],
                sex=variant["sex"],
                birth_date=variant["birth_date"],
                birth_date_precision=variant["precision"],
                age_estimate_min=variant["low"] if variant["precision"] == "estimated" else None,
                age_estimate_max=variant["high"] if variant["precision"] == "estimated" else None,
                age_estimated_on=dt.date.today() if variant["precision"] == "estimated" else None,
                citizenships=variant["nationality"],
                is_demo=True,
            )
            PersonName.objects.create(
                **{
                    f: getattr(n, f)
                    for n in [name_keys_apply(PersonName(full_name=variant["name"], person=person))]
                    for f in (
                        "full_name",
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
                },  # fmt: skip
                person=person,
                is_primary=True,
                script=detect_script(variant["name"]),
            )
            CaseParty.objects.create(
                case_id=case_ids[len(truth) % len(case_ids)], person=person, role="victim"
            )
            truth[str(person.pk)] = {"source": str(s["pk"]), "kind": kind, "birth": birth_kind}
            made[kind] += 1
            made_birth[birth_kind] += 1
    print(
        f"inserted {len(truth)} labelled variants {dict(made)} ({time.monotonic() - started:.1f} s)"
    )

    result = run_linkage(threshold=threshold, log=print)
    queued = list(
        LinkPair.objects.filter(run=result.run, status="pending").values_list(
            "person_a_id", "person_b_id", "match_probability"
        )
    )
    true_pairs = {tuple(sorted((v, t["source"]))): t["kind"] for v, t in truth.items()}
    # The headline figures at the review threshold (the run may go lower for the curve).
    review = max(threshold, REVIEW_THRESHOLD)
    queued_all, queued = queued, [q for q in queued if q[2] >= review]
    tp = [(a, b) for a, b, _ in queued if tuple(sorted((str(a), str(b)))) in true_pairs]
    found = {tuple(sorted((str(a), str(b)))) for a, b in tp}
    fp = len(queued) - len(tp)
    # The false pairs by kind: two generated persons written alike in every field the register
    # compares (name, exact date of birth, sex, nationality) — no reviewer could tell them apart
    # either — and the others.
    wrong = [
        (str(a), str(b)) for a, b, _ in queued if tuple(sorted((str(a), str(b)))) not in true_pairs
    ]
    fields = {
        str(pk): (norm, born, precision, sex, tuple(nat or ()))
        for pk, norm, born, precision, sex, nat in Person.objects.filter(
            pk__in={x for pair in wrong for x in pair}, names__is_primary=True
        ).values_list(
            "pk", "names__normalized", "birth_date", "birth_date_precision", "sex", "citizenships"
        )
    }
    identical = sum(
        1 for a, b in wrong
        if a in fields and fields[a] == fields.get(b) and fields[a][2] == "exact"
        and a not in truth and b not in truth
    )  # fmt: skip
    recall_by_kind, recall_by_birth = {}, {}
    for kind in NAME_KINDS:
        pairs = [(v, t["source"]) for v, t in truth.items() if t["kind"] == kind]
        if pairs:
            hit = sum(1 for v, src in pairs if tuple(sorted((v, src))) in found)
            recall_by_kind[kind] = round(hit / len(pairs), 3)
    for kind in BIRTH_KINDS:
        pairs = [(v, t["source"]) for v, t in truth.items() if t["birth"] == kind]
        if pairs:
            hit = sum(1 for v, src in pairs if tuple(sorted((v, src))) in found)
            recall_by_birth[kind] = round(hit / len(pairs), 3)
    # How the probabilities of the true pairs spread, and precision at other thresholds.
    by_threshold = {}
    for t in (0.5, 0.8, 0.9, 0.95, 0.99):
        q = [(a, b) for a, b, prob in queued_all if prob >= t]
        hit = sum(1 for a, b in q if tuple(sorted((str(a), str(b)))) in true_pairs)
        if t >= threshold:
            by_threshold[str(t)] = {
                "queued": len(q),
                "precision": round(hit / len(q), 4) if q else None,
                "recall": round(hit / len(true_pairs), 4),
            }
    out = {
        "persons": result.run.persons,
        "variants": len(truth),
        "variants_by_kind": dict(made),
        "run_threshold": threshold,
        "review_threshold": review,
        "link_seconds": result.run.seconds,
        "pairs_scored": result.run.pairs_scored,
        "queued": len(queued),
        "true_positives": len(tp),
        "false_positives": fp,
        "precision": round(len(tp) / len(queued), 4) if queued else None,
        "false_positives_identical_records": identical,
        "precision_identical_records_aside": round(len(tp) / (len(queued) - identical), 4)
        if len(queued) > identical
        else None,
        "duplicate_share": round(len(truth) / max(1, result.run.persons), 4),
        "recall": round(len(found) / len(true_pairs), 4) if true_pairs else None,
        "recall_by_name_kind": recall_by_kind,
        "recall_by_birth_kind": recall_by_birth,
        "variants_by_birth_kind": dict(made_birth),
        "truth": truth,
        "by_threshold": by_threshold,
        "note": "labelled set built by bench/link_truth.py (variants inserted into the bench "
        "database); false positives include any pair of generated persons",
        "run": str(result.run.pk),
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "id": str(uuid.uuid4())[:8],
    }
    args.output.write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
