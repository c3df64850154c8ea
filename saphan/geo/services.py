"""Loading Thailand's administrative areas: the four regions, the 77 provinces from a checked
CSV file, and the districts and subdistricts from geothai.

Reference rows are upserted on their natural key: a rerun after a geothai upgrade or a corrected
CSV changes only what differs and keeps every primary key, which cases and addresses point at.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geothai
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import District, Province, Region, Subdistrict

DEFAULT_PROVINCES_FILE = Path(__file__).resolve().parent / "data" / "provinces_4_regions.csv"
PROVINCES_FILE_COLUMNS = ("dopa_code", "name_th", "name_en", "region_4")
PROVINCE_COUNT = 77
_PROVINCE_CODE = re.compile(r"[0-9]{2}")  # not \d: Thai digits (๔๐) are \d too


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name_th: str
    name_en: str
    order: int


# The ministry's four-region reporting grouping; codes are the CSV's region_4 values.
REGIONS = (
    RegionSpec("central", "ภาคกลาง", "Central", 1),
    RegionSpec("north", "ภาคเหนือ", "North", 2),
    RegionSpec("northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast", 3),
    RegionSpec("south", "ภาคใต้", "South", 4),
)


class ReferenceDataError(Exception):
    """A reference file that cannot be loaded. The message names the file, the line and the
    problem, so whoever edited the file can fix it without reading code."""


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name_th: str
    name_en: str
    region_code: str


@dataclass
class SyncCounts:
    """What one upsert did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _decode(*, path: Path, data: bytes) -> str:
    # Spreadsheet programs like to add a byte-order mark; it is not part of the header.
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReferenceDataError(
            _("%(file)s, line %(line)d: the file is not UTF-8 text.") % {"file": path, "line": line}
        ) from exc


def read_provinces_file(*, path: Path) -> list[ProvinceRow]:
    """Read and strictly check the provinces file before anything is written.

    The file decides each province's region, which scopes what regional officers see; a
    silently skipped or misread row would hide a province from its region, so every problem
    stops the load with the file, line and problem named.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReferenceDataError(
            _("%(file)s: cannot read the file (%(error)s).") % {"file": path, "error": exc.strerror}
        ) from exc
    reader = csv.reader(io.StringIO(_decode(path=path, data=data), newline=""))
    region_codes = {r.code for r in REGIONS}
    rows: list[ProvinceRow] = []
    first_line: dict[str, int] = {}
    try:
        header = next(reader, [])
        if tuple(header) != PROVINCES_FILE_COLUMNS:
            raise ReferenceDataError(
                _("%(file)s, line 1: the header must be exactly “%(expected)s”, not “%(found)s”.")
                % {
                    "file": path,
                    "expected": ",".join(PROVINCES_FILE_COLUMNS),
                    "found": ",".join(header),
                }
            )
        for fields in reader:
            line = reader.line_num
            where = {"file": path, "line": line}
            if len(rows) == PROVINCE_COUNT:
                raise ReferenceDataError(
                    _("%(file)s, line %(line)d: more than %(expected)d provinces.")
                    % {**where, "expected": PROVINCE_COUNT}
                )
            if len(fields) != len(PROVINCES_FILE_COLUMNS):
                raise ReferenceDataError(
                    _("%(file)s, line %(line)d: expected %(expected)d fields, found %(found)d.")
                    % {**where, "expected": len(PROVINCES_FILE_COLUMNS), "found": len(fields)}
                )
            code, name_th, name_en, region_code = (f.strip() for f in fields)
            if not _PROVINCE_CODE.fullmatch(code):
                raise ReferenceDataError(
                    _("%(file)s, line %(line)d: the province code “%(code)s” is not two digits.")
                    % {**where, "code": code}
                )
            if code in first_line:
                raise ReferenceDataError(
                    _(
                        "%(file)s, line %(line)d: the province code %(code)s is already on line %(first)d."
                    )
                    % {**where, "code": code, "first": first_line[code]}
                )
            if geothai.province(code) is None:
                raise ReferenceDataError(
                    _("%(file)s, line %(line)d: %(code)s is not a DOPA province code.")
                    % {**where, "code": code}
                )
            for column, value in (("name_th", name_th), ("name_en", name_en)):
                if not value:
                    raise ReferenceDataError(
                        _("%(file)s, line %(line)d: %(column)s is empty.")
                        % {**where, "column": column}
                    )
            if region_code not in region_codes:
                raise ReferenceDataError(
                    _(
                        "%(file)s, line %(line)d: unknown region “%(region)s” (expected one of %(regions)s)."
                    )
                    % {**where, "region": region_code, "regions": ", ".join(sorted(region_codes))}
                )
            first_line[code] = line
            rows.append(ProvinceRow(code, name_th, name_en, region_code))
    except csv.Error as exc:
        raise ReferenceDataError(
            _("%(file)s, line %(line)d: %(error)s")
            % {"file": path, "line": reader.line_num, "error": exc}
        ) from exc
    if len(rows) != PROVINCE_COUNT:
        raise ReferenceDataError(
            _(
                "%(file)s, line %(line)d: the file ends after %(found)d provinces; expected %(expected)d."
            )
            % {
                "file": path,
                "line": reader.line_num,
                "found": len(rows),
                "expected": PROVINCE_COUNT,
            }
        )
    return rows


def sync_rows(
    *,
    model: type[models.Model],
    key: tuple[str, ...],
    rows: Sequence[dict[str, object]],
    create_only: bool = False,
) -> SyncCounts:
    """Make ``model``'s table hold ``rows``: create the missing ones, update those that differ.

    Rows are matched on ``key`` (attribute names such as ``province_id``), not on primary keys,
    so existing rows keep their ids; rows of the table that are not in ``rows`` (an NGO an
    admin added, say) are left alone. With ``create_only`` existing rows are never rewritten,
    so corrections an administrator made to seeded rows survive every restart. Bulk statements keep a full load to a few seconds, and
    comparing first keeps a rerun from writing (or adding history rows) at all.
    """
    counts = SyncCounts()
    if not rows:
        return counts
    fields = [name for name in rows[0] if name not in key]
    existing = {tuple(getattr(obj, k) for k in key): obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        obj = existing.get(tuple(row[k] for k in key))
        if obj is None:
            to_create.append(model(**row))
        elif not create_only and any(getattr(obj, name) != row[name] for name in fields):
            for name in fields:
                setattr(obj, name, row[name])
            to_update.append(obj)
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        # bulk_update() skips auto_now fields; keep "updated" truthful.
        stamped = [f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        now = timezone.now()
        for obj in to_update:
            for name in stamped:
                setattr(obj, name, now)
        model.objects.bulk_update(to_update, [*fields, *stamped], batch_size=1000)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


def load_geography(*, provinces: Sequence[ProvinceRow]) -> dict[type[models.Model], SyncCounts]:
    """Upsert the regions, the given provinces and their districts and subdistricts.

    Province names and regions come from the checked file, districts and subdistricts (with
    their postal codes) from geothai, which follows DOPA's codes.
    """
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    subdistricts = [s for d in districts for s in geothai.subdistricts(d.code)]
    return {
        model: sync_rows(model=model, key=("code",), rows=[_named(x, **extra(x)) for x in items])
        for model, items, extra in (
            (Region, REGIONS, lambda r: {"order": r.order}),
            (Province, provinces, lambda p: {"region_id": p.region_code}),
            (District, districts, lambda d: {"province_id": d.province_code}),
            (
                Subdistrict,
                subdistricts,
                lambda s: {
                    "district_id": s.district_code,
                    "postal_codes": " ".join(s.postal_codes),
                },
            ),
        )
    }


def _named(place: object, **extra: object) -> dict:
    """The row of a named place: its code, its Thai and English names, and ``extra``."""
    return {"code": place.code, "name_th": place.name_th, "name_en": place.name_en, **extra}
