"""Linkage across the whole register (issue 14 item 4): the Splink model and its run.

``manage.py link_persons`` reads every person (not merged away) with the matching keys that
people/keys.py stored on their names, fits a Fellegi-Sunter model with Splink (u of every
level by random sampling of the register; m a stated prior per level, moved by the supervisors'
decisions) and puts the pairs above the review threshold in the review queue
(models.LinkPair) for the supervisors of the provinces concerned.

One settings function (``splink_settings``) serves both engines: the DuckDB backend here, the
Spark backend at national scale (README, "Linkage across the register"). Every comparison and
blocking rule is written with Splink's library levels or in SQL both dialects read
(``substr``, ``ABS``, ``=``), so the same settings dict runs on either.

The queue learns from its decisions: a dismissed pair is never proposed again, and the
comparison levels of decided pairs ("same person" vs "not the same") re-weigh the m
probabilities of the next run (``_blend_m_with_labels``) — Splink's own
``estimate_m_from_pairwise_labels`` needs both records in the input, and a merged person is
no longer there, so the levels are kept on the pair when it is decided.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .phonetic import forms_of

# Models are imported where they are used: the settings (splink_settings, train) must load
# on a Spark cluster without Django's app registry (README, "At scale").

log = logging.getLogger(__name__)

REVIEW_THRESHOLD = 0.95  # match probability from which a pair goes to the review queue
LABEL_PSEUDO_COUNT = 20  # weight of the stated prior against the decided pairs' levels
# The prior: the share of persons recorded twice that the register is expected to hold. EM
# cannot see it (a duplicate among 10^10 pairs), and Splink's estimate from deterministic rules
# needs their recall, which nobody knows here; a stated assumption is easier to check.
DUPLICATE_SHARE = 0.01
# No single disagreement proves two records are two persons (a nationality or a sex written
# wrongly happens): no level's m probability falls below this.
M_FLOOR = 0.005
BIRTH_M = {
    "same_date": 0.60,
    "swapped": 0.02,
    "same_year": 0.15,
    "within_two": 0.15,
    "apart": 0.08,
}
# The name's levels, the same way: how often a second record of one person writes the name
# at each level. Measured as EM's estimate at 1,000,000 persons, the "match" class EM found
# over the pairs born the same day was not duplicates but strangers sharing one common word
# (m of "same name" 0.005, of "one word sounds the same" 0.56, of "same sex" 0.63), and no
# pair reached the review threshold; a stated prior, moved by the supervisors' decisions, is
# what the queue can rest on.
NAME_M = {
    "same name": 0.45,  # copied from an ID card or passport, or typed as before
    "given and family names sound the same": 0.15,
    "given and family names sound the same in any script": 0.12,
    "given and family names swapped": 0.04,
    "two name words sound the same": 0.07,
    "names spelt alike (Jaro-Winkler ≥ 0.88)": 0.06,
    "two name words sound the same in any script": 0.05,
    "one name word sounds the same": 0.04,
    "names differ": 0.02,
}
SAME_M = {"sex": 0.95, "nationality": 0.95, "documents": 0.7}  # m of "the same"; else 1 - m
PERSON_COLUMNS = (
    "unique_id",
    "given_key",
    "family_key",
    "name_keys",
    "romanized",
    "birth_date",
    "birth_year",
    "sex",
    "nationality",
    "documents",
    "first_document",
    "sound_words",
    "sound_keys",
)


# --- the model ------------------------------------------------------------------------------
def _m(label: str) -> dict:
    """A name level's label and its stated m probability (NAME_M), fixed."""
    return {"label_for_charts": label, "m_probability": NAME_M[label], "fix_m_probability": True}


def comparisons():
    """Name, birth, sex, nationality and documents, each from the stored columns."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="names (people/keys.py latin keys and romanised form)",
        comparison_levels=[
            # No name to compare only when neither a romanised form nor a sound is known: a
            # name in Myanmar, Khmer or Lao script has no romanised form but has its sound.
            cll.CustomLevel(
                "(romanized_l IS NULL OR romanized_r IS NULL) "
                "AND (sound_keys_l IS NULL OR sound_keys_r IS NULL)"
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("romanized").configure(**_m("same name")),
            cll.And(cll.ExactMatchLevel("given_key"), cll.ExactMatchLevel("family_key")).configure(
                **_m("given and family names sound the same")
            ),
            # people/phonetic.py: the same sound whatever the script (สมชาย / Somchai / ...)
            # and in any order of the words (a family name written first).
            cll.ExactMatchLevel("sound_words").configure(
                **_m("given and family names sound the same in any script")
            ),
            cll.ColumnsReversedLevel("given_key", "family_key").configure(
                **_m("given and family names swapped")
            ),
            cll.ArrayIntersectLevel("name_keys", min_intersection=2).configure(
                **_m("two name words sound the same")
            ),
            cll.JaroWinklerLevel("romanized", 0.88).configure(
                **_m("names spelt alike (Jaro-Winkler ≥ 0.88)")
            ),
            cll.ArrayIntersectLevel("sound_keys", min_intersection=2).configure(
                **_m("two name words sound the same in any script")
            ),
            cll.ArrayIntersectLevel("name_keys", min_intersection=1).configure(
                **_m("one name word sounds the same")
            ),
            cll.ElseLevel().configure(**_m("names differ")),
        ],
    )
    # The birth levels' m probabilities are a stated prior, not EM's: EM blocked on the name
    # (the only way to see birth agreement apart from the name) is not identifiable on a
    # register where many different persons share a name (common Burmese names), and found
    # "born years apart" to be what matches do. How often a second record of one person
    # writes the birth the same way: the date as recorded, the day and month swapped, only
    # the same year (a year or an estimated age), within two years (an estimate), or not.
    # The supervisors' decisions move these (``_blend_m_with_labels``).
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_description="date or year of birth",
        comparison_levels=[
            cll.CustomLevel("birth_year_l IS NULL OR birth_year_r IS NULL").configure(
                is_null_level=True
            ),
            cll.CustomLevel("birth_date_l = birth_date_r").configure(
                label_for_charts="same date of birth",
                m_probability=BIRTH_M["same_date"],
                fix_m_probability=True,
            ),
            cll.CustomLevel(
                "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) "
                "AND substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
                "AND substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
            ).configure(
                label_for_charts="day and month swapped",
                m_probability=BIRTH_M["swapped"],
                fix_m_probability=True,
            ),
            cll.CustomLevel("birth_year_l = birth_year_r").configure(
                label_for_charts="same year of birth",
                m_probability=BIRTH_M["same_year"],
                fix_m_probability=True,
            ),
            cll.CustomLevel("ABS(birth_year_l - birth_year_r) <= 2").configure(
                label_for_charts="born within two years",
                m_probability=BIRTH_M["within_two"],
                fix_m_probability=True,
            ),
            cll.ElseLevel().configure(
                label_for_charts="born years apart",
                m_probability=BIRTH_M["apart"],
                fix_m_probability=True,
            ),
        ],
    )

    def same_or_not(column: str):
        return cl.CustomComparison(
            output_column_name=column,
            comparison_description=column,
            comparison_levels=[
                cll.NullLevel(column),
                cll.ExactMatchLevel(column).configure(
                    label_for_charts=f"Exact match on {column}",
                    m_probability=SAME_M[column],
                    fix_m_probability=True,
                ),
                cll.ElseLevel().configure(
                    label_for_charts="All other comparisons",
                    m_probability=1 - SAME_M[column],
                    fix_m_probability=True,
                ),
            ],
        )

    documents = cl.CustomComparison(
        output_column_name="documents",
        comparison_description="identity document numbers",
        comparison_levels=[
            cll.NullLevel("first_document"),
            cll.ArrayIntersectLevel("documents", min_intersection=1).configure(
                label_for_charts="a document number in common",
                m_probability=SAME_M["documents"],
                fix_m_probability=True,
            ),
            cll.ElseLevel().configure(
                label_for_charts="different document numbers",
                m_probability=1 - SAME_M["documents"],
                fix_m_probability=True,
            ),
        ],
    )
    return [name, birth, same_or_not("sex"), same_or_not("nationality"), documents]


def blocking_rules():
    """Which pairs are compared at all: each rule one equi-join, their union scored."""
    from splink import block_on

    return [
        block_on("birth_date"),
        block_on("given_key", "family_key"),
        block_on("family_key", "birth_year"),
        block_on("given_key", "birth_year"),
        block_on("sound_words", "birth_year"),
        block_on("first_document"),
    ]


def splink_settings(*, persons: int = 1_000_000):
    """The one settings object of the register's linkage (DuckDB here, Spark at scale)."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        probability_two_random_records_match=min(2 * DUPLICATE_SHARE / max(persons - 1, 1), 0.5),
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        max_iterations=20,
    )


def train(linker, *, persons: int, seed: int = 2569, log=log.info) -> None:
    """u of every level from random pairs. Every m is a stated prior (NAME_M, BIRTH_M,
    SAME_M), moved by the supervisors' decisions (``_blend_m_with_labels``): EM over the
    blocked pairs of a national register learns strangers sharing a word, not duplicates."""
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(max(persons * 40, 1_000_000), 50_000_000), seed=seed
    )


# --- the input ------------------------------------------------------------------------------
PERSONS_SQL = """
SELECT p.id::text,
       p.sex, p.birth_date, p.birth_date_precision, p.age_estimate_min, p.age_estimate_max,
       COALESCE(p.age_estimated_on, p.created_at::date) AS estimated_on,
       p.citizenships[1],
       pn.latin_keys, pn.romanized,
       k.keys, d.numbers, pn.phonetic, s.sounds
FROM people_person p
JOIN people_personname pn ON pn.person_id = p.id AND pn.is_primary
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT key ORDER BY key) AS keys
    FROM people_personname n, unnest(n.latin_keys) AS key
    WHERE n.person_id = p.id
) k ON true
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT sound ORDER BY sound) AS sounds
    FROM people_personname n, unnest(n.phonetic) AS sound
    WHERE n.person_id = p.id AND sound <> ''
) s ON true
LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT d.number ORDER BY d.number) AS numbers
    FROM people_identitydocument d
    WHERE d.person_id = p.id AND d.number <> ''
) d ON true
WHERE p.merged_into_id IS NULL
"""


def arrow_schema():
    import pyarrow as pa

    text, texts = pa.string(), pa.list_(pa.string())
    return pa.schema(
        [
            ("unique_id", text),
            ("given_key", text),
            ("family_key", text),
            ("name_keys", texts),
            ("romanized", text),
            ("birth_date", text),
            ("birth_year", pa.int32()),
            ("sex", text),
            ("nationality", text),
            ("documents", texts),
            ("first_document", text),
            ("sound_words", text),
            ("sound_keys", texts),
        ]
    )


def _birth(row) -> tuple[str | None, int | None]:
    _pk, _sex, born, precision, low, high, on, *_ = row
    if precision == "exact" and born:
        return born.isoformat(), born.year
    if precision == "year" and born:
        return None, born.year
    if precision == "estimated" and low is not None and high is not None and on:
        return None, on.year - (low + high + 1) // 2
    return None, None


def read_persons() -> dict[str, list]:
    """Every person not merged away, as Splink's columns (column -> values)."""
    columns: dict[str, list] = {c: [] for c in PERSON_COLUMNS}
    with connection.cursor() as cur:
        cur.execute(PERSONS_SQL)
        while rows := cur.fetchmany(20_000):
            for row in rows:
                pk, sex, *_rest = row
                nationality, latin, romanized, keys, numbers, phonetic, sounds = row[7:]
                birth_date, birth_year = _birth(row)
                latin = [k for k in (latin or []) if k]
                columns["unique_id"].append(pk)
                columns["given_key"].append(latin[0] if latin else None)
                columns["family_key"].append(latin[-1] if len(latin) > 1 else None)
                columns["name_keys"].append([k for k in (keys or []) if k] or None)
                columns["romanized"].append(romanized or None)
                columns["birth_date"].append(birth_date)
                columns["birth_year"].append(birth_year)
                columns["sex"].append(None if sex == "NonSpecifiedUnknown" else sex)
                columns["nationality"].append(nationality or None)
                columns["documents"].append(numbers or None)
                columns["first_document"].append(numbers[0] if numbers else None)
                columns["sound_words"].append(sound_words(phonetic or []))
                forms = sorted({f for p in (sounds or []) for f in forms_of(p)})
                columns["sound_keys"].append(forms or None)
    return columns


def sound_words(phonetic: list[str]) -> str | None:
    """The sound of every word of the name (its first form), in sorted order: the same for a
    name written in another script or with the family name first."""
    words = [forms_of(p)[0] for p in phonetic if forms_of(p)]
    if len(words) < 2:
        return None
    return "+".join(sorted(words))


def person_provinces(person_ids: set[str]) -> dict[str, list[str]]:
    """The provinces of each person's cases."""
    found: dict[str, list[str]] = {}
    ids = list(person_ids)
    with connection.cursor() as cur:
        for start in range(0, len(ids), 5000):
            cur.execute(
                """SELECT cp.person_id::text, array_agg(DISTINCT c.province_id ORDER BY c.province_id)
                   FROM people_caseparty cp JOIN cases_case c ON c.id = cp.case_id
                   WHERE cp.person_id = ANY(%s::uuid[]) GROUP BY cp.person_id""",
                [ids[start : start + 5000]],
            )
            found.update(dict(cur.fetchall()))
    return found


# --- learning from decisions ----------------------------------------------------------------
def _levels(model: dict) -> dict[str, list[dict]]:
    """Per comparison, its non-null levels with their comparison vector value (gamma)."""
    levels = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        real = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        levels[name] = [{**lv, "gamma": len(real) - 1 - i} for i, lv in enumerate(real)]
    return levels


def decided_levels() -> list[dict[str, int]]:
    """The comparison levels ({comparison: gamma}) of every pair decided "same person"."""
    from .models import LinkPair, LinkPairStatus

    found = []
    for evidence in LinkPair.objects.filter(status=LinkPairStatus.MERGED).values_list(
        "evidence", flat=True
    ):
        # By the level's label where it has one: a level added since keeps the others' meaning.
        found.append(
            {
                e["comparison"]: e.get("level") or e["gamma"]
                for e in evidence
                if e.get("gamma", -1) >= 0
            }
        )
    return found


def _floor_m(model: dict) -> dict:
    """m of every level at least M_FLOOR (then the levels of a comparison sum to 1 again)."""
    for comparison in model["comparisons"]:
        real = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if any(lv.get("m_probability") is None for lv in real):
            continue
        floored = [max(lv["m_probability"], M_FLOOR) for lv in real]
        total = sum(floored)
        for level, m in zip(real, floored, strict=True):
            level["m_probability"] = m / total
    return model


def _blend_m_with_labels(model: dict, labelled: list[dict[str, int]]) -> dict:
    """m of each level: the stated prior and the share of decided same-person pairs at that
    level, weighed LABEL_PSEUDO_COUNT to the number of decisions."""
    if not labelled:
        return model
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        seen = [pair[name] for pair in labelled if name in pair]
        if not seen:
            continue
        real = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        n = len(seen)
        for i, level in enumerate(real):
            gamma = len(real) - 1 - i
            em = level.get("m_probability")
            if em is None:
                continue
            label = level.get("label_for_charts")
            share = sum(1 for g in seen if g == gamma or (label and g == label)) / n
            level["m_probability"] = max(
                (n * share + LABEL_PSEUDO_COUNT * em) / (n + LABEL_PSEUDO_COUNT), 1e-6
            )
    return model


# --- the run --------------------------------------------------------------------------------
@dataclass
class RunResult:
    run: object  # models.LinkRun
    pairs: list[dict]


def _level_weights(linker) -> dict[str, list[dict]]:
    """Per comparison, its levels with their match weight log2(m/u) and gamma, as the linker
    scores them."""
    found = {}
    for comparison in linker._settings_obj.comparisons:
        levels = []
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            try:
                weight = level._log2_bayes_factor
            except (TypeError, ValueError):
                weight = None
            levels.append(
                {
                    "gamma": level.comparison_vector_value,
                    "label": level.label_for_charts,
                    "weight": weight,
                }
            )
        found[comparison.output_column_name] = levels
    return found


def _evidence(row: dict, weights: dict[str, list[dict]]) -> list[dict]:
    """What each comparison found for this pair, read from its match weight (``mw_``): the
    level of that weight, its label and the weight itself."""
    found = []
    for name, levels in weights.items():
        mw = row.get(f"mw_{name}")
        levels = [lv for lv in levels if lv["weight"] is not None]
        if (
            mw is None
            or not levels
            or (abs(mw) < 1e-9 and not any(abs(lv["weight"]) < 1e-9 for lv in levels))
        ):
            found.append({"comparison": name, "gamma": -1, "level": "no data", "weight": 0.0})
            continue
        level = min(levels, key=lambda lv: abs(lv["weight"] - mw))
        found.append(
            {
                "comparison": name,
                "gamma": level["gamma"],
                "level": level["label"],
                "weight": round(float(mw), 2),
            }
        )
    return found


def run_linkage(
    *, threshold: float = REVIEW_THRESHOLD, seed: int = 2569, log=log.info
) -> RunResult:
    """Read, train, predict and queue. Returns the run and the queued pairs."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker

    from .models import LinkRun

    started = time.monotonic()
    columns = read_persons()
    persons = len(columns["unique_id"])
    log(f"read {persons:,} persons ({time.monotonic() - started:.1f} s)")
    run = LinkRun.objects.create(threshold=threshold, persons=persons)
    if persons < 2:
        run.finished_at = timezone.now()
        run.seconds = time.monotonic() - started
        run.save()
        return RunResult(run, [])

    con = duckdb.connect()
    # Typed, so that a column nobody filled in (no birth date recorded yet) is still a column
    # of its type for Splink, not a column of NULL type that drops out of the comparisons.
    con.register("persons_arrow", pa.table(columns, schema=arrow_schema()))
    con.execute("CREATE TABLE persons AS SELECT * FROM persons_arrow")
    con.unregister("persons_arrow")
    db_api = DuckDBAPI(con)
    table = db_api.register("persons")
    linker = Linker(table, splink_settings(persons=persons), log_level=logging.WARNING)
    train(linker, persons=persons, seed=seed, log=log)
    labelled = decided_levels()
    model = _floor_m(_blend_m_with_labels(linker.misc.save_model_to_json(), labelled))
    linker = Linker(table, model, log_level=logging.WARNING)
    log(f"trained ({time.monotonic() - started:.1f} s; {len(labelled)} decided pairs used)")

    # Every blocked pair is scored; those above the threshold are read back.
    predictions = linker.inference.predict(warning_mode="never")
    weights = _level_weights(linker)
    pairs_scored = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchone()[0]
    cur = con.execute(
        f"SELECT * FROM {predictions.physical_name} WHERE match_probability >= ?", [threshold]
    )
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    log(f"predicted {len(rows):,} pairs ≥ {threshold} ({time.monotonic() - started:.1f} s)")

    pairs = []
    for row in rows:
        a, b = sorted((row["unique_id_l"], row["unique_id_r"]))
        pairs.append(
            {
                "a": a,
                "b": b,
                "p": float(row["match_probability"]),
                "w": float(row["match_weight"]),
                "evidence": _evidence(row, weights),
            }
        )
    queued = queue_pairs(run=run, pairs=pairs)
    run.pairs_scored = pairs_scored
    run.pairs_queued = queued
    run.labels_used = len(labelled)
    run.model = model
    run.finished_at = timezone.now()
    run.seconds = round(time.monotonic() - started, 2)
    run.save()
    con.close()
    return RunResult(run, pairs)


@transaction.atomic
def queue_pairs(*, run, pairs: list[dict]) -> int:
    """Put the pairs found in the queue: a new pair pending, a pending one refreshed, a
    decided one (dismissed or merged) left as it was decided. A pending pair not found again
    is no longer current."""
    from .models import LinkPair, LinkPairStatus

    provinces = person_provinces({p["a"] for p in pairs} | {p["b"] for p in pairs})
    existing = {
        (str(a), str(b)): (pk, status)
        for pk, a, b, status in LinkPair.objects.filter(
            person_a_id__in=[p["a"] for p in pairs]
        ).values_list("pk", "person_a_id", "person_b_id", "status")
    }
    new, refreshed, found = [], [], set()
    for p in pairs:
        key = (p["a"], p["b"])
        found.add(key)
        concerned = sorted(set(provinces.get(p["a"], [])) | set(provinces.get(p["b"], [])))
        if key in existing:
            pk, status = existing[key]
            if status in (LinkPairStatus.PENDING, LinkPairStatus.SUPERSEDED):
                refreshed.append(
                    LinkPair(
                        pk=pk,
                        run=run,
                        match_probability=p["p"],
                        match_weight=p["w"],
                        evidence=p["evidence"],
                        provinces=concerned,
                        status=LinkPairStatus.PENDING,
                    )
                )
            continue
        new.append(
            LinkPair(
                person_a_id=p["a"],
                person_b_id=p["b"],
                run=run,
                match_probability=p["p"],
                match_weight=p["w"],
                evidence=p["evidence"],
                provinces=concerned,
            )
        )
    LinkPair.objects.bulk_create(new, batch_size=2000)
    LinkPair.objects.bulk_update(
        refreshed,
        ["run", "match_probability", "match_weight", "evidence", "provinces", "status"],
        batch_size=2000,
    )
    LinkPair.objects.filter(status=LinkPairStatus.PENDING).exclude(run=run).update(
        status=LinkPairStatus.SUPERSEDED
    )
    return len(new) + len(refreshed)
