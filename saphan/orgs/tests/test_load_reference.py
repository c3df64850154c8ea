"""load_reference: what it loads, that a rerun changes nothing, and that a bad provinces file
is refused with a clear message and leaves the database as it was.

A full load takes a fraction of a second, but the loaded-database tests share one load (class
scope, rolled back at the end) so that the bad-file cases do not each pay for it.
"""

from __future__ import annotations

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from saphan.core.tests.module_db import rolled_back
from saphan.geo.models import District, Province, Region, Subdistrict
from saphan.geo.services import DEFAULT_PROVINCES_FILE
from saphan.orgs import reference
from saphan.orgs.models import Agency, AgencyKind, Team, TeamKind, TeamMembership
from saphan.orgs.reference import PROVINCIAL_AGENCIES, load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever the Thai catalogue says."""
    with translation.override("en"):
        yield


GOOD_LINES = DEFAULT_PROVINCES_FILE.read_text(encoding="utf-8").splitlines()
MODELS = (Region, Province, District, Subdistrict, Agency, Team, TeamMembership)


def _replace_field(lines: list[str], *, line: int, field: int, value: str) -> list[str]:
    fields = lines[line - 1].split(",")
    fields[field] = value
    return [*lines[: line - 1], ",".join(fields), *lines[line:]]


def _encoded(lines: list[str], encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding) + b"\r\n"


def _write(path: Path, lines: list[str]) -> Path:
    path.write_bytes(_encoded(lines))
    return path


def _with_field(*, line: int, field: int, value: str) -> list[str]:
    """The good file's lines with one field of one line changed."""
    return _replace_field(GOOD_LINES, line=line, field=field, value=value)


# name: (the line and the field spoiled, the value written there; what the message says of it)
SPOILED_FIELDS = {
    "bad code": (3, 0, "1", "the province code “1” is not two digits."),
    "Thai digits in the code": (3, 0, "๑๑", "the province code “๑๑” is not two digits."),
    "code unknown to geothai": (4, 0, "99", "99 is not a DOPA province code."),
    "duplicate code": (5, 0, "10", "the province code 10 is already on line 2."),
    "empty name": (6, 2, " ", "name_en is empty."),
    "unknown region": (7, 3, "east", "unknown region “east” (expected one of central, north, northeast, south)."),
}  # fmt: skip

# name: (the lines of the spoiled file, or its bytes, or None for no file; what the message says
# after the file name)
BAD_FILES = {
    "missing column": (
        [line.rsplit(",", 1)[0] for line in GOOD_LINES],
        ", line 1: the header must be exactly “dopa_code,name_th,name_en,region_4”, not “dopa_code,name_th,name_en”.",
    ),
    **{
        name: (_with_field(line=line, field=field, value=value), f", line {line}: {message}")
        for name, (line, field, value, message) in SPOILED_FIELDS.items()
    },
    "extra field": (
        [*GOOD_LINES[:7], GOOD_LINES[7] + ",x", *GOOD_LINES[8:]],
        ", line 8: expected 4 fields, found 5.",
    ),
    "too few rows": (
        GOOD_LINES[:-1],
        ", line 77: the file ends after 76 provinces; expected 77.",
    ),
    "too many rows": (
        [*GOOD_LINES, GOOD_LINES[-1]],
        ", line 79: more than 77 provinces.",
    ),
    "not UTF-8": (
        _encoded(GOOD_LINES, "cp874"),
        ", line 2: the file is not UTF-8 text.",
    ),
    "missing file": (None, ": cannot read the file (No such file or directory)."),
}


def _snapshot() -> dict[str, object]:
    """Everything load_reference writes, in a comparable form."""
    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in (Region, Province, Agency, Team, TeamMembership)
    } | {
        "districts": Counter(District.objects.values_list("province_id", "name_th")),
        "subdistricts": Counter(
            Subdistrict.objects.values_list("district_id", "name_th", "postal_codes")
        ),
    }


def _load(**options) -> str:
    out = StringIO()
    call_command("load_reference", stdout=out, **options)
    return out.getvalue()


def _assert_refused(tmp_path: Path, case: str) -> None:
    content, message = BAD_FILES[case]
    path = tmp_path / "provinces.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        _write(path, content)
    with pytest.raises(CommandError) as refused:
        _load(provinces_file=path)
    assert str(refused.value) == f"Nothing was changed: {path}{message}"


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_on_an_empty_database(tmp_path, case):
    _assert_refused(tmp_path, case)
    assert all(not model.objects.exists() for model in MODELS)


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch):
    def fail():
        raise RuntimeError("agency seeding failed")

    monkeypatch.setattr(reference, "seed_agencies_and_teams", fail)
    with pytest.raises(RuntimeError):
        load_reference()
    assert all(not model.objects.exists() for model in MODELS)


@pytest.fixture(scope="class")
def first_output(django_db_setup, django_db_blocker):
    """One full load for the whole class, rolled back when the class is done."""
    with translation.override("en"), rolled_back(django_db_blocker):
        yield _load()


class TestLoadedReference:
    def test_areas(self, first_output):
        assert [r.code for r in Region.objects.all()] == ["central", "north", "northeast", "south"]
        assert Region.objects.get(code="northeast").name_th == "ภาคตะวันออกเฉียงเหนือ"
        assert (
            Province.objects.count(),
            District.objects.count(),
            Subdistrict.objects.count(),
        ) == (77, 928, 7436)
        assert Counter(Province.objects.values_list("region_id", flat=True)) == {
            "central": 26,
            "north": 17,
            "northeast": 20,
            "south": 14,
        }
        khon_kaen = Province.objects.get(code="40")
        assert (khon_kaen.name_th, khon_kaen.name_en, khon_kaen.region_id) == (
            "ขอนแก่น",
            "Khon Kaen",
            "northeast",
        )
        assert Subdistrict.objects.get(code="840503").postal_codes == "84360"
        assert Subdistrict.objects.get(code="100203").postal_codes == "10300 10303"

    def test_agencies(self, first_output):
        assert Agency.objects.count() == 1 + 4 + 77 * len(PROVINCIAL_AGENCIES)
        datip = Agency.objects.get(code="datip")
        assert (datip.kind, datip.level, datip.province_id) == (AgencyKind.DATIP, "nation", None)
        office = Agency.objects.get(code="region-northeast")
        assert (office.level, office.region_id) == ("region", "northeast")
        assert office.name_th == "สำนักงานส่งเสริมและสนับสนุนวิชาการ ภาคตะวันออกเฉียงเหนือ"
        per_province = Counter(
            Agency.objects.filter(level="province").values_list("province_id", "kind")
        )
        assert set(per_province.values()) == {1}
        assert len(per_province) == 77 * len(PROVINCIAL_AGENCIES)
        psdhs = Agency.objects.get(code="psdhs-40")
        assert psdhs.name_th == "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดขอนแก่น (พมจ.ขอนแก่น)"
        assert (
            psdhs.name_en == "Khon Kaen Provincial Office of Social Development and Human Security"
        )
        assert psdhs.region_id == "northeast"
        assert Agency.objects.get(code="police-10").name_th == "กองบัญชาการตำรวจนครบาล"
        assert (
            Agency.objects.get(code="immigration-63").name_en == "Tak Provincial Immigration Office"
        )
        assert Agency.objects.get(code="public-health-10").name_en == "BMA Health Department"

    def test_teams(self, first_output):
        assert Team.objects.count() == 2 * 77
        one_home = Team.objects.get(kind=TeamKind.ONE_HOME, province_id="40")
        assert one_home.name_th == "ทีม One Home พม. จังหวัดขอนแก่น"
        assert set(one_home.agencies.values_list("kind", flat=True)) == {
            AgencyKind.PSDHS,
            AgencyKind.SHELTER,
        }
        mdt = Team.objects.get(kind=TeamKind.MDT, province_id="90")
        assert (mdt.name_th, mdt.name_en) == (
            "ทีมสหวิชาชีพจังหวัดสงขลา",
            "Multidisciplinary Team, Songkhla",
        )
        assert set(mdt.agencies.values_list("province_id", flat=True)) == {"90"}
        assert mdt.agencies.count() == 7
        assert TeamMembership.objects.count() == 77 * (2 + 7)

    def test_output_reports_what_was_created(self, first_output):
        lines = first_output.splitlines()
        assert lines[0].split() == ["created", "updated", "unchanged"]
        assert "   7436        0          0  subdistricts" in first_output
        assert "Reference data loaded in" in lines[-1]

    def test_a_second_run_changes_nothing(self, first_output):
        before = _snapshot()
        stamps = dict(Agency.objects.values_list("id", "updated_at"))
        output = _load()
        assert _snapshot() == before
        assert dict(Agency.objects.values_list("id", "updated_at")) == stamps
        assert "Reference data was already up to date" in output
        assert load_reference().changed is False

    def test_a_correction_updates_rows_in_place(self, first_output, tmp_path):
        ids = dict(Agency.objects.values_list("code", "id"))
        District.objects.filter(code="4001").update(name_en="Mueang")
        corrected = _replace_field(
            GOOD_LINES,
            line=GOOD_LINES.index("40,ขอนแก่น,Khon Kaen,northeast") + 1,
            field=2,
            value="Khon Kaen City",
        )
        summary = load_reference(provinces_file=_write(tmp_path / "corrected.csv", corrected))
        counts = {model: (c.created, c.updated) for model, c in summary.counts.items()}
        assert counts[Province] == (0, 1)
        assert counts[District] == (0, 1)
        # Seeded agencies and teams belong to the administrators once created: not renamed.
        assert counts[Agency] == (0, 0)
        assert counts[Team] == (0, 0)
        assert dict(Agency.objects.values_list("code", "id")) == ids
        assert (
            Agency.objects.get(code="shelter-40").name_en == "Khon Kaen Children and Family Shelter"
        )

    def test_an_agency_an_admin_added_to_a_team_stays(self, first_output):
        ngo = Agency.objects.create(
            code="ngo-x",
            kind=AgencyKind.NGO,
            name_th="มูลนิธิ",
            name_en="Foundation",
            level="province",
            province_id="40",
        )
        mdt = Team.objects.get(kind=TeamKind.MDT, province_id="40")
        TeamMembership.objects.create(team=mdt, agency=ngo)
        assert load_reference().changed is False
        assert mdt.agencies.filter(code="ngo-x").exists()

    @pytest.mark.parametrize("case", BAD_FILES)
    def test_a_bad_file_is_refused_on_a_loaded_database(self, first_output, tmp_path, case):
        before = _snapshot()
        _assert_refused(tmp_path, case)
        assert _snapshot() == before


@pytest.mark.django_db
def test_admin_corrections_to_seeded_agencies_survive_a_rerun():
    from django.core.management import call_command

    from saphan.orgs.models import Agency

    call_command("load_reference", verbosity=0)
    Agency.objects.filter(code="psdhs-40").update(name_en="Khon Kaen PSDHS (corrected by admin)")
    call_command("load_reference", verbosity=0)
    assert Agency.objects.get(code="psdhs-40").name_en == "Khon Kaen PSDHS (corrected by admin)"
