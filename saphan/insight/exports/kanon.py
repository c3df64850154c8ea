"""k-anonymity of the CTDC dataset by local recoding, and its export."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from saphan.core import spreadsheets

from .. import services
from .common import MISSING, K, require_exporter
from .ctdc import (
    CTDC_COLUMNS,
    LABOUR_COLUMNS,
    OTHER_FLAGS,
    QUASI_IDENTIFIERS,
    SEX_COLUMNS,
    ctdc_records,
)


# --- k-anonymisation by local recoding ----------------------------------------------------------
# Each step generalises one quasi-identifier, only for the records whose combination still
# occurs fewer than k times; records in large enough groups keep their detail. A generalised
# value never equals a detailed one ("0--17" is not "9--17"), so a group that was large enough
# stays so. What is still too rare after the last step is suppressed.
def _coarse_age(value: str) -> str:
    if value == MISSING or value in ("0--17", "18--29", "30+"):
        return value
    low = int(value.split("--")[0].rstrip("+"))
    return "0--17" if low < 18 else ("18--29" if low < 30 else "30+")


def _year_band(value: str) -> str:
    if value == MISSING or "--" in value:
        return value
    year = int(value)
    start = year - (year % 3)
    return f"{start}--{start + 2}"


def _to(value):
    return lambda v: v if v == MISSING else value


def _set(columns, fn):
    return [(c, fn) for c in columns]


GENERALISATION = [
    ("age: 0--17, 18--29, 30+", _set(["ageBroad"], _coarse_age)),
    ("type of labour and of sexual exploitation: withheld", _set([*LABOUR_COLUMNS, *SEX_COLUMNS], _to(MISSING))),
    ("other forms of exploitation: withheld", _set(OTHER_FLAGS, _to(MISSING))),
    ("year of registration: three-year bands", _set(["yearOfRegistration"], _year_band)),
    ("citizenship: rare values as Other", _set(["citizenship"], _to("Other"))),
    ("country of exploitation: rare values as Other", _set(["CountryOfExploitation"], _to("Other"))),
    ("age: majority status only", _set(["ageBroad"], _to(MISSING))),
    ("year of registration: withheld", _set(["yearOfRegistration"], _to(MISSING))),
    ("sex and labour together: withheld", _set(["isSexAndLabour", "isOtherExploit"], _to(MISSING))),
    ("citizenship: withheld", _set(["citizenship"], _to(MISSING))),
    ("country of exploitation: withheld", _set(["CountryOfExploitation"], _to(MISSING))),
    ("gender: withheld", _set(["gender"], _to(MISSING))),
]  # fmt: skip
# The concatenated and derived columns follow the flags they sum up.
DERIVED = {
    "typeOfLabourConcatenated": LABOUR_COLUMNS,
    "typeOfSexConcatenated": SEX_COLUMNS,
}


@dataclass
class CtdcResult:
    records: list[dict]
    suppressed: int
    total: int
    steps: list[str]


def _key(r) -> tuple:
    return tuple(r.get(c, MISSING) for c in QUASI_IDENTIFIERS)


def k_anonymise(records: list[dict], *, k: int = K) -> CtdcResult:
    """Generalise, record by record, the quasi-identifiers of the records in groups smaller
    than k (GENERALISATION, in order), then suppress the records still in such groups."""
    records = [dict(r) for r in records]
    applied: list[str] = []
    for name, changes in GENERALISATION:
        counts = Counter(_key(r) for r in records)
        small = [r for r in records if counts[_key(r)] < k]
        if not small:
            break
        changed = False
        for r in small:
            for column, fn in changes:
                if column in r:
                    new = fn(r[column])
                    changed |= new != r[column]
                    r[column] = new
        if changed:
            applied.append(name)
    for r in records:
        for column, flags in DERIVED.items():
            if column in r and any(r.get(f) == MISSING for f in flags):
                r[column] = MISSING
    counts = Counter(_key(r) for r in records)
    kept = [r for r in records if counts[_key(r)] >= k]
    return CtdcResult(kept, len(records) - len(kept), len(records), applied)


def export_ctdc(*, actor, out_file: Path, k: int = K) -> CtdcResult:
    require_exporter(actor)
    result = k_anonymise(ctdc_records(actor=actor), k=k)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with out_file.open("w", encoding="utf-8", newline="") as f:
        writer = spreadsheets.SafeCsvWriter(f, fieldnames=CTDC_COLUMNS)
        writer.writeheader()
        writer.writerows(result.records)
    services.export_log(
        actor=actor,
        kind="ctdc",
        scope="nation",
        params={"k": k, "generalisation": result.steps, "total": result.total},
        rows=len(result.records),
        suppressed=result.suppressed,
        destination=str(out_file),
    )
    return result
