"""Household survey import: read (CSV in UTF-8 or TIS-620, or XLSX), map columns, validate every
row, sum members up to households, score, and load PostgreSQL with COPY.

The heavy lifting is DuckDB's: it reads the file, checks every row with SQL, groups members into
households and scores them. PostgreSQL gets the finished households through one COPY into a
staging table and one INSERT … ON CONFLICT, so a re-import of the same (household id, survey
year) updates in place: no duplicates. A file with any bad row loads nothing; its errors go to a
CSV report, one line per problem, with the row number, column and a message in Thai."""

from __future__ import annotations

import codecs
import csv
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from saphan.core import spreadsheets

from . import scoring

# The fields of one member row. Household-level values repeat on each member's row.
FIELDS = {
    "household_id": (_("Household id"), True, ("household_id", "hh_id", "รหัสบ้าน", "รหัสครัวเรือน")),
    "survey_year": (_("Survey year"), True, ("survey_year", "year", "ปี", "ปีสำรวจ")),
    "village_code": (_("Village code (8 digits)"), True, ("village_code", "vill_code", "รหัสหมู่บ้าน")),
    "age": (_("Member's age"), True, ("age", "อายุ")),
    "sex": (_("Member's sex"), False, ("sex", "เพศ")),
    "in_school": (_("Member in school (1/0)"), False, ("in_school", "school", "กำลังเรียน")),
    "has_work": (_("Member has work (1/0)"), False, ("has_work", "work", "มีงานทำ")),
    "income": (_("Household income per year (baht)"), True, ("income", "hh_income", "รายได้")),
    "d_health": (_("TPMAP health (1 = deprived)"), True, ("d_health", "health", "ด้านสุขภาพ")),
    "d_living": (_("TPMAP living conditions (1 = deprived)"), True, ("d_living", "living", "ด้านความเป็นอยู่")),
    "d_education": (_("TPMAP education (1 = deprived)"), True, ("d_education", "education", "ด้านการศึกษา")),
    "d_income": (_("TPMAP income (1 = deprived)"), True, ("d_income", "ด้านรายได้")),
    "d_access": (_("TPMAP access to public services (1 = deprived)"), True, ("d_access", "access", "ด้านการเข้าถึงบริการรัฐ")),
    "welfare_card": (_("State welfare card (1/0)"), False, ("welfare_card", "welfare", "บัตรสวัสดิการ")),
}  # fmt: skip
FLAG_FIELDS = ("in_school", "has_work", "d_health", "d_living", "d_education", "d_income",
               "d_access", "welfare_card")  # fmt: skip


DUCKDB_MEMORY_LIMIT = "2GB"


class ImportRefused(Exception):
    pass


def detect_encoding(path: str | Path) -> str:
    """utf-8 when the file decodes as UTF-8 (a BOM allowed), otherwise tis-620 (Thai Windows
    files, cp874, are a superset; both decode as Thai)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            return "cp874"


def to_utf8_csv(path: str | Path, *, encoding: str) -> str:
    """A UTF-8 copy of a TIS-620 CSV, for DuckDB (which reads UTF-8)."""
    fd, out = tempfile.mkstemp(suffix=".csv", dir=os.path.dirname(path))
    with (
        open(path, encoding=encoding, newline="") as src,
        os.fdopen(fd, "w", encoding="utf-8") as dst,
    ):
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    return out


def xlsx_to_csv(path: str | Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    fd, out = tempfile.mkstemp(suffix=".csv", dir=os.path.dirname(path))
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
        w = csv.writer(dst)
        for row in wb.worksheets[0].iter_rows(values_only=True):
            w.writerow(
                [
                    "" if v is None else (int(v) if isinstance(v, float) and v.is_integer() else v)
                    for v in row
                ]
            )
    return out


def prepare(path: str | Path) -> tuple[str, str]:
    """(a UTF-8 CSV path DuckDB can read, the encoding found)."""
    path = str(path)
    if path.lower().endswith(".xlsx"):
        return xlsx_to_csv(path), "xlsx"
    enc = detect_encoding(path)
    if enc == "utf-8":
        return path, "utf-8"
    return to_utf8_csv(path, encoding=enc), "tis-620"


def read_columns(csv_path: str) -> list[str]:
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        return [c.strip() for c in next(csv.reader(f), [])]


def guess_mapping(columns: list[str]) -> dict[str, str]:
    lower = {c.lower(): c for c in columns}
    mapping = {}
    for key, (_label, _required, aliases) in FIELDS.items():
        for alias in aliases:
            if alias.lower() in lower:
                mapping[key] = lower[alias.lower()]
                break
    return mapping


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Result:
    """What one survey import did: the member rows read, the households they sum up to, how many
    of those were created or updated; for a file with bad rows (which loads nothing), how many
    problems were found and the CSV report that lists them."""

    rows: int = 0
    households: int = 0
    created: int = 0
    updated: int = 0
    errors: int = 0
    errors_path: str = ""


def _provinces_sql(province_codes: frozenset[str]) -> str:
    """An SQL list of the province codes (two digits each, checked: they come from the
    database, but this goes into SQL text)."""
    codes = sorted(c for c in province_codes if len(c) == 2 and c.isdigit())
    return "(" + ", ".join(f"'{c}'" for c in codes or ["--"]) + ")"


def _errors_sql(m: dict[str, str], province_codes: frozenset[str] | None = None) -> str:
    """One row per problem: (row, column, value, message key). ``province_codes``: the
    importer's provinces (None: the whole nation); a village elsewhere is refused."""
    checks = []

    def col(k):
        return f"trim(CAST({_q(m[k])} AS VARCHAR))" if k in m else "NULL"

    def add(k, cond, msg):
        checks.append(
            f"SELECT rn, '{m.get(k, k)}' AS col, {col(k)} AS val, '{msg}' AS msg FROM raw WHERE {cond}"
        )

    hid, year, vil, age, inc = (
        col("household_id"),
        col("survey_year"),
        col("village_code"),
        col("age"),
        col("income"),
    )
    add("household_id", f"coalesce({hid}, '') = '' OR length({hid}) > 20", "household_id")
    add(
        "survey_year",
        f"TRY_CAST({year} AS INTEGER) IS NULL OR TRY_CAST({year} AS INTEGER) NOT BETWEEN 2540 AND 2600",
        "survey_year",
    )
    add("village_code", f"NOT regexp_full_match(coalesce({vil}, ''), '[0-9]{{8}}')", "village_code")
    if province_codes is not None:
        add(
            "village_code",
            f"regexp_full_match(coalesce({vil}, ''), '[0-9]{{8}}') "
            f"AND substr({vil}, 1, 2) NOT IN {_provinces_sql(province_codes)}",
            "outside",
        )
    add(
        "age",
        f"TRY_CAST({age} AS INTEGER) IS NULL OR TRY_CAST({age} AS INTEGER) NOT BETWEEN 0 AND 120",
        "age",
    )
    add("income", f"TRY_CAST({inc} AS DOUBLE) IS NULL OR TRY_CAST({inc} AS DOUBLE) < 0", "income")
    for k in FLAG_FIELDS:
        if k in m:
            add(k, f"coalesce({col(k)}, '') NOT IN ('0', '1', '')", "flag")
    if "sex" in m:
        add(
            "sex",
            f"coalesce({col('sex')}, '') NOT IN ('', '1', '2', 'M', 'F', 'ชาย', 'หญิง')",
            "sex",
        )
    return " UNION ALL ".join(checks)


MESSAGES = {
    "household_id": _("The household id is empty or longer than 20 characters."),
    "survey_year": _("The survey year must be a Buddhist-Era year such as 2567."),
    "village_code": _("The village code must have 8 digits (DOPA)."),
    "age": _("The age must be a whole number from 0 to 120."),
    "income": _("The income must be a number of baht, 0 or more."),
    "flag": _("Write 1 (yes) or 0 (no)."),
    "sex": _("Write 1 or 2 (male/female), M/F, or ชาย/หญิง."),
    "village_changes": _("The same household and year has another village code on another row."),
    "outside": _(
        "This village is in another province: you may import households of your own province only."
    ),
}


def flag(m, k):
    return (
        f"(CASE WHEN trim(CAST({_q(m[k])} AS VARCHAR)) = '1' THEN 1 ELSE 0 END)" if k in m else "0"
    )


def members_sql(m: dict[str, str], source: str = "raw") -> str:
    """One member row, typed, from the validated raw text columns (the slow path's roll-up)."""
    age = f"CAST(trim(CAST({_q(m['age'])} AS VARCHAR)) AS INTEGER)"
    school = flag(m, "in_school") if "in_school" in m else "1"
    work = flag(m, "has_work") if "has_work" in m else "1"
    return f"""
        SELECT trim(CAST({_q(m["household_id"])} AS VARCHAR)) AS household_code,
               CAST(trim(CAST({_q(m["survey_year"])} AS VARCHAR)) AS INTEGER) AS survey_year,
               trim(CAST({_q(m["village_code"])} AS VARCHAR)) AS village_code,
               {age} AS age, {school} AS in_school, {work} AS has_work,
               CAST(trim(CAST({_q(m["income"])} AS VARCHAR)) AS DOUBLE) AS income,
               {flag(m, "d_health")} AS dh, {flag(m, "d_living")} AS dl, {flag(m, "d_education")} AS de,
               {flag(m, "d_income")} AS di, {flag(m, "d_access")} AS da, {flag(m, "welfare_card")} AS wc
        FROM {source}"""


# Members → households: plain GROUP BY SQL (DuckDB and Spark SQL). `members` has the columns of
# members_sql; village_code is the same on every row of a household (validated before).
HH_SQL = """
        SELECT household_code, survey_year, max(village_code) AS village_code,
               count(*) AS members,
               sum(CASE WHEN age < 18 THEN 1 ELSE 0 END) AS children,
               sum(CASE WHEN age BETWEEN 6 AND 17 AND in_school = 0 THEN 1 ELSE 0 END) AS children_out_of_school,
               sum(CASE WHEN age BETWEEN 18 AND 59 AND has_work = 0 THEN 1 ELSE 0 END) AS adults_without_work,
               CAST(max(income) / count(*) AS INTEGER) AS income_per_person,
               max(dh) = 1 AS deprived_health, max(dl) = 1 AS deprived_living,
               max(de) = 1 AS deprived_education, max(di) = 1 AS deprived_income,
               max(da) = 1 AS deprived_access, max(wc) = 1 AS welfare_card
        FROM members GROUP BY household_code, survey_year"""


def scored_sql(score: str, hh: str = "hh") -> str:
    """Households (the columns of HH_SQL, in table or view `hh`) scored, in the load's column
    order. Only DuckDB/Spark SQL: LEFT JOIN, CASE, substr."""
    return f"""
    WITH scored AS (
        SELECT h.*, CASE WHEN vv.village_code IS NULL THEN 0 ELSE 1 END AS victim_village,
               {", ".join(f"0 AS f_{k}" for k in scoring.VISIT_FLAGS)}
        FROM {hh} h LEFT JOIN victim_villages vv ON vv.village_code = h.village_code
    )
    SELECT household_code, survey_year, village_code, substr(village_code, 1, 6) AS subdistrict_code,
           substr(village_code, 1, 4) AS district_code, substr(village_code, 1, 2) AS province_code,
           members, children, children_out_of_school, adults_without_work, income_per_person,
           deprived_health, deprived_living, deprived_education, deprived_income, deprived_access,
           welfare_card, {score} AS score
    FROM scored
    """


def households_sql(m: dict[str, str], score: str) -> str:
    """The whole roll-up over the member rows registered as `raw` (all text columns, as read from
    the file) and the victims' villages as `victim_villages`: the SQL to run on Spark."""
    return f"WITH members AS ({members_sql(m)}), hh AS ({HH_SQL})" + scored_sql(score).replace(
        "WITH scored AS", ", scored AS", 1
    )


def _fast_hh_sql(m: dict[str, str], csv_path: str) -> str:
    """One parallel pass over the file for a well-formed survey: the parser types the numbers,
    and the roll-up carries what validation needs (min, max, counts) per household, so a clean
    file is read once. Any doubt (a value the typed parser refuses, a check that fails here)
    sends the file to the row-by-row validation, which decides and reports: this pass never
    accepts a file that one would refuse (flags must be exactly '0', '1' or empty; codes
    without surrounding spaces)."""
    types = {m["survey_year"]: "INTEGER", m["age"]: "INTEGER", m["income"]: "DOUBLE"}
    types_sql = "{" + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': '{t}'"
                                for c, t in types.items()) + "}"  # fmt: skip

    def fi(k, absent="0"):
        return f"(CASE WHEN {_q(m[k])} = '1' THEN 1 ELSE 0 END)" if k in m else absent

    # Each flag exactly '0', '1' or empty; sex one of the accepted spellings (one sum, cheap
    # equality tests: min/max/length over text cost the pass twice as much).
    odd = [
        f"(CASE WHEN {_q(m[k])} IS NULL OR {_q(m[k])} = '0' OR {_q(m[k])} = '1' THEN 0 ELSE 1 END)"
        for k in FLAG_FIELDS
        if k in m
    ]
    if "sex" in m:
        odd.append(
            f"(CASE WHEN {_q(m['sex'])} IS NULL OR {_q(m['sex'])} IN "
            "('1', '2', 'M', 'F', 'ชาย', 'หญิง') THEN 0 ELSE 1 END)"
        )
    odd_sum = f"sum({' + '.join(odd)})" if odd else "0"
    return f"""
    SELECT {_q(m["household_id"])} AS household_code, {_q(m["survey_year"])} AS survey_year,
           max({_q(m["village_code"])}) AS village_code,
           count(*) AS members,
           sum(CASE WHEN {_q(m["age"])} < 18 THEN 1 ELSE 0 END) AS children,
           sum(CASE WHEN {_q(m["age"])} BETWEEN 6 AND 17 AND {fi("in_school", "1")} = 0
               THEN 1 ELSE 0 END) AS children_out_of_school,
           sum(CASE WHEN {_q(m["age"])} BETWEEN 18 AND 59 AND {fi("has_work", "1")} = 0
               THEN 1 ELSE 0 END) AS adults_without_work,
           CAST(max({_q(m["income"])}) / count(*) AS INTEGER) AS income_per_person,
           max({fi("d_health")}) = 1 AS deprived_health, max({fi("d_living")}) = 1 AS deprived_living,
           max({fi("d_education")}) = 1 AS deprived_education,
           max({fi("d_income")}) = 1 AS deprived_income,
           max({fi("d_access")}) = 1 AS deprived_access, max({fi("welfare_card")}) = 1 AS welfare_card,
           (min({_q(m["village_code"])}) = max({_q(m["village_code"])})
            AND count({_q(m["village_code"])}) = count(*)
            AND count({_q(m["age"])}) = count(*) AND min({_q(m["age"])}) >= 0
            AND max({_q(m["age"])}) <= 120
            AND count({_q(m["income"])}) = count(*) AND min({_q(m["income"])}) >= 0
            AND {odd_sum} = 0) AS rows_ok
    FROM read_csv('{csv_path.replace("'", "''")}', header = true, all_varchar = true,
                  types = {types_sql})
    GROUP BY {_q(m["household_id"])}, {_q(m["survey_year"])}
    """


_FAST_CHECK = """
    SELECT count(*), coalesce(sum(members), 0),
           count(*) FILTER (WHERE NOT rows_ok OR household_code IS NULL
               OR household_code <> trim(household_code) OR length(household_code) > 20
               OR survey_year IS NULL OR survey_year NOT BETWEEN 2540 AND 2600
               OR NOT regexp_full_match(village_code, '[0-9]{{8}}') {outside})
    FROM hh
"""


COLUMNS = ("household_code", "survey_year", "village_code", "subdistrict_code", "district_code",
           "province_code", "members", "children", "children_out_of_school", "adults_without_work",
           "income_per_person", "deprived_health", "deprived_living", "deprived_education",
           "deprived_income", "deprived_access", "welfare_card", "score")  # fmt: skip


def victim_villages(among: list[str] | None = None) -> list[str]:
    """Home villages of the victims of identified cases (`process.identified_cases_sql`: an
    approved "actual victim" decision). An aggregate: only village codes leave this function."""
    from saphan.cases.process import identified_cases_sql

    sql = f"""SELECT DISTINCT p.home_village_code FROM people_caseparty cp
              JOIN ({identified_cases_sql()}) ic ON ic.case_id = cp.case_id
              JOIN people_person p ON p.id = cp.person_id
              WHERE cp.role = 'victim' AND p.home_village_code <> ''"""
    params: list = []
    if among is not None:
        if not among:
            return []
        sql += " AND p.home_village_code = ANY(%s)"
        params.append(list(among))
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [r[0] for r in cur.fetchall()]


def _fast_pass(
    con, csv_path: str, mapping: dict[str, str], result: Result,
    province_codes: frozenset[str] | None = None,
) -> bool:  # fmt: skip
    """True when the one-pass roll-up found a clean file (then table `hh` holds its households)."""
    import duckdb

    try:
        con.execute(f"CREATE OR REPLACE TABLE hh AS {_fast_hh_sql(mapping, csv_path)}")
    except duckdb.Error:  # a value the typed parser refuses: the row-by-row check will name it
        return False
    outside = (
        "" if province_codes is None
        else f"OR substr(village_code, 1, 2) NOT IN {_provinces_sql(province_codes)}"
    )  # fmt: skip
    households, rows, bad = con.execute(_FAST_CHECK.format(outside=outside)).fetchone()
    if bad or not households:
        return False
    con.execute("ALTER TABLE hh DROP COLUMN rows_ok")
    result.rows = int(rows)
    return True


def _validate(
    con, csv_path: str, mapping: dict[str, str], result: Result, errors_dir: str,
    province_codes: frozenset[str] | None = None,
) -> bool:  # fmt: skip
    """Every row checked on its own (all columns read as text); True when there were errors,
    written to a CSV report, one line per problem."""
    con.execute(
        "CREATE OR REPLACE TABLE raw AS SELECT row_number() OVER () + 1 AS rn, * FROM "
        "read_csv(?, header = true, all_varchar = true)",
        [csv_path],
    )
    result.rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    con.execute(f"CREATE TABLE errs AS {_errors_sql(mapping, province_codes)}")
    hid, year, vil = (
        f"trim(CAST({_q(mapping[k])} AS VARCHAR))"
        for k in ("household_id", "survey_year", "village_code")
    )
    con.execute(
        f"""INSERT INTO errs SELECT min(rn), '{mapping["village_code"]}', NULL, 'village_changes'
        FROM raw GROUP BY {hid}, {year} HAVING count(DISTINCT {vil}) > 1"""
    )
    result.errors = con.execute("SELECT count(*) FROM errs").fetchone()[0]
    if not result.errors:
        return False
    fd, path = tempfile.mkstemp(suffix="-errors.csv", dir=errors_dir)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
        w = spreadsheets.SafeCsvWriter(f)
        w.writerow(["แถว / row", "คอลัมน์ / column", "ค่า / value", "ปัญหา / problem"])
        for rn, col, val, msg in con.execute("SELECT * FROM errs ORDER BY 1, 2").fetchall():
            w.writerow([rn, col, val or "", str(MESSAGES[msg])])
    result.errors_path = path
    return True


def run(
    *, csv_path: str, mapping: dict[str, str], errors_dir: str, is_demo: bool = False,
    progress: Callable[[int, str], None] = lambda p, s: None,
    province_codes: frozenset[str] | None = None,
) -> Result:  # fmt: skip
    """``province_codes``: the provinces the importer works for (None: the whole nation); a row
    whose village lies elsewhere is refused with the rest of the file."""
    import duckdb

    missing = [k for k, (_l, required, _a) in FIELDS.items() if required and k not in mapping]
    if missing:
        raise ImportRefused(", ".join(str(FIELDS[k][0]) for k in missing))
    result = Result()
    # Every core; memory capped (DuckDB spills the roll-up and the sort to errors_dir beyond it)
    # so a 13-million-household file stays within a few GB next to the web workers.
    con = duckdb.connect(config={
        "threads": os.cpu_count() or 1, "preserve_insertion_order": False,
        "memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": os.path.join(errors_dir, "duckdb.tmp"),
    })  # fmt: skip
    try:
        progress(5, "read")
        if not _fast_pass(con, csv_path, mapping, result, province_codes):
            progress(25, "validate")
            if _validate(con, csv_path, mapping, result, errors_dir, province_codes):
                return result
            con.execute(
                f"CREATE OR REPLACE TABLE hh AS WITH members AS ({members_sql(mapping)}) {HH_SQL}"
            )
        progress(45, "score")
        con.execute("CREATE TABLE victim_villages (village_code VARCHAR)")
        vv = victim_villages()
        if vv:
            con.executemany("INSERT INTO victim_villages VALUES (?)", [[v] for v in vv])
        score = scoring.score_sql(scoring.weights())
        result.households = con.execute("SELECT count(*) FROM hh").fetchone()[0]
        progress(60, "load")
        fd, out = tempfile.mkstemp(suffix=".csv", dir=errors_dir)
        os.close(fd)
        # Ordered by area and rank: a ranked list's rows then share a few heap pages.
        con.execute(
            f"COPY (SELECT *, {'true' if is_demo else 'false'} AS is_demo FROM ({scored_sql(score)}) "
            f"ORDER BY subdistrict_code, score DESC) TO '{out}' (HEADER false, DELIMITER ',')"
        )
        years = [r[0] for r in con.execute("SELECT DISTINCT survey_year FROM hh").fetchall()]
        try:
            result.created, result.updated = _load(out, years=years, total=result.households)
        finally:
            os.unlink(out)
        progress(100, "done")
        return result
    finally:
        con.close()


def _copy(cur, table: str, cols: str, csv_path: str) -> None:
    with (
        open(csv_path, "rb") as f,
        cur.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy,
    ):
        while data := f.read(1 << 20):
            copy.write(data)


# From this many new households (and no fewer than the table holds) a load builds the indexes
# after the COPY instead of maintaining them row by row.
REBUILD_INDEXES_FROM = 10_000


def _secondary_indexes(cur) -> list[tuple[str, str]]:
    """(drop statement, create statement) of every index and unique constraint of the household
    table but its primary key, as the database holds them (so the model stays their one source)."""
    cur.execute(
        """SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
           WHERE c.conrelid = 'network_household'::regclass AND c.contype = 'u'"""
    )
    out = [
        (
            f"ALTER TABLE network_household DROP CONSTRAINT {_q(name)}",
            f"ALTER TABLE network_household ADD CONSTRAINT {_q(name)} {definition}",
        )
        for name, definition in cur.fetchall()
    ]
    cur.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
           WHERE i.indrelid = 'network_household'::regclass AND NOT i.indisprimary
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"""
    )
    out += [(f"DROP INDEX {name}", definition) for name, definition in cur.fetchall()]
    return out


def _load(csv_path: str, *, years: list[int], total: int) -> tuple[int, int]:
    """A survey year seen for the first time: COPY straight into the table (the unique
    constraint still refuses a duplicate); when it brings at least as many households as the
    table holds (the first national load), the indexes are dropped for the COPY and built again
    after it, in the same transaction: sorting once is far cheaper than inserting 13 million
    entries one at a time, and a failure rolls the indexes back with the rows. Otherwise COPY
    into a staging table and one upsert by (household id, survey year), so a re-import updates in
    place. Readers wait (the table's lock) until the load commits; they never see half of it."""
    from ..models import Household

    cols = ", ".join((*COLUMNS, "is_demo"))
    with transaction.atomic(), connection.cursor() as cur:
        if not Household.objects.filter(survey_year__in=years).exists():
            cur.execute("LOCK TABLE network_household IN SHARE ROW EXCLUSIVE MODE")
            if not Household.objects.filter(survey_year__in=years).exists():
                cur.execute(
                    "SELECT greatest(reltuples, 0) FROM pg_class "
                    "WHERE oid = 'network_household'::regclass"
                )
                rebuild = total >= REBUILD_INDEXES_FROM and total >= cur.fetchone()[0]
                indexes = _secondary_indexes(cur) if rebuild else []
                if indexes:
                    cur.execute("LOCK TABLE network_household IN ACCESS EXCLUSIVE MODE")
                    for drop, _create in indexes:
                        cur.execute(drop)
                _copy(cur, "network_household", cols, csv_path)
                if indexes:
                    cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    for _drop, create in indexes:
                        cur.execute(create)
                return total, 0
        cur.execute("DROP TABLE IF EXISTS hh_stage")
        cur.execute(
            f"CREATE TEMP TABLE hh_stage ON COMMIT DROP AS "
            f"SELECT {cols} FROM network_household WITH NO DATA"
        )
        _copy(cur, "hh_stage", cols, csv_path)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[2:])
        cur.execute(
            f"""WITH ins AS (
                INSERT INTO network_household ({cols})
                SELECT {cols} FROM hh_stage
                ON CONFLICT (household_code, survey_year) DO UPDATE SET {updates}
                RETURNING (xmax = 0) AS created
            ) SELECT count(*) FILTER (WHERE created), count(*) FROM ins"""
        )
        created, total = cur.fetchone()
    return created, total - created


def rescore(
    *, province_code: str | None = None, household_id: int | None = None,
    household_ids: list[int] | None = None,
) -> int:  # fmt: skip
    """Score again in PostgreSQL with the weights in force, the factors volunteers saw on their
    visits (HouseholdFactor rows not withdrawn) and the victims' villages (after the central
    office changes a weight, a visit adds or withdraws a factor, or a re-import)."""
    score = scoring.score_sql(scoring.weights())
    flags = ", ".join(
        f"MAX(CASE WHEN factor = '{k}' THEN 1 ELSE 0 END) AS f_{k}" for k in scoring.VISIT_FLAGS
    )
    f_cols = ", ".join(f"COALESCE(vf.f_{k}, 0) AS f_{k}" for k in scoring.VISIT_FLAGS)
    where, vf_where, params = "", "", []
    if household_id is not None:
        household_ids = [household_id]
    if household_ids is not None:
        if not household_ids:
            return 0
        # The factors of these households only (not an aggregate of every visited household).
        where, vf_where = "WHERE h.id = ANY(%s)", "AND household_id = ANY(%s)"
        params = [list(household_ids), list(household_ids)]
    elif province_code:
        where, params = "WHERE h.province_code = %s", [province_code]
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS vv_tmp (village_code varchar(8))")
        cur.execute("TRUNCATE vv_tmp")
        vv = victim_villages()
        if vv:
            # One statement, not executemany: inside a request pghistory puts its context in
            # front of every statement, which breaks executemany's parameters (a visit recorded
            # from the page failed whenever any village had an identified victim).
            cur.execute("INSERT INTO vv_tmp SELECT unnest(%s::varchar[])", [vv])
        cur.execute(
            f"""WITH vf AS (
                SELECT household_id, {flags} FROM network_householdfactor
                WHERE withdrawn_at IS NULL {vf_where} GROUP BY household_id
            ), s AS (
                SELECT h.id, {score} AS new_score FROM (
                    SELECT h.*, CASE WHEN vv.village_code IS NULL THEN 0 ELSE 1 END AS victim_village,
                           {f_cols}
                    FROM network_household h
                    LEFT JOIN vf ON vf.household_id = h.id
                    LEFT JOIN (SELECT DISTINCT village_code FROM vv_tmp) vv
                      ON vv.village_code = h.village_code
                    {where}
                ) h
            )
            UPDATE network_household h SET score = s.new_score FROM s
            WHERE s.id = h.id AND h.score IS DISTINCT FROM s.new_score""",
            params,
        )
        return cur.rowcount


def timed(fn, *a, **kw):
    t = time.perf_counter()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t
