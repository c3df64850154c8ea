"""Import of training records from real XLSX files built with openpyxl: all rows checked,
errors by row in Thai, nothing imported from a file with any error."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from saphan.capacity.importing import completions_import
from saphan.capacity.models import Completion
from saphan.core.thai import to_be_year

from .conftest import TODAY, complete

HEADER = ["ชื่อผู้ใช้", "หลักสูตร", "วันที่สำเร็จ", "เลขที่ใบประกาศ"]


def xlsx(rows, header=True) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    if header:
        ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("records.xlsx", out.getvalue())


LAST_YEAR = dt.date(TODAY.year - 1, 6, 15)
BE = to_be_year(LAST_YEAR.year)


@pytest.mark.django_db
def test_a_clean_file_is_imported_with_date_cells_and_thai_text_dates(world):
    f = xlsx([
        ["cw.kk", "screening", LAST_YEAR, "พม-001"],  # a date cell (C.E. inside Excel)
        ["police.kk", "การสัมภาษณ์คัดแยกผู้เสียหายจากการค้ามนุษย์", f"15/06/{BE}", None],  # Thai name, B.E. text
        ["CW.KK", "nrm", f"15 มิ.ย. {BE}", 12345],  # username in another case, numeric certificate
        [None, None, None, None],  # blank rows are skipped
    ])  # fmt: skip
    result = completions_import(actor=world["sup"], file=f)
    assert result.ok, result.errors
    assert result.imported == 3
    got = set(
        Completion.objects.values_list(
            "user__username", "course__code", "completed_on", "certificate_number"
        )
    )
    assert got == {
        ("cw.kk", "screening", LAST_YEAR, "พม-001"),
        ("police.kk", "screening", LAST_YEAR, ""),
        ("cw.kk", "nrm", LAST_YEAR, "12345"),
    }
    assert set(Completion.objects.values_list("source", flat=True)) == {"imported"}


@pytest.mark.django_db
def test_one_bad_row_imports_nothing_and_every_error_is_listed_by_row_in_thai(world):
    complete(world["cw"], "law-basic", LAST_YEAR)
    f = xlsx([
        ["cw.kk", "screening", LAST_YEAR, "ok"],          # row 2: fine
        ["nobody", "screening", LAST_YEAR, ""],           # row 3: unknown user
        ["cw.kk", "cooking", LAST_YEAR, ""],              # row 4: unknown course
        ["police.kk", "screening", f"15/06/{LAST_YEAR.year}", ""],  # row 5: C.E. year typed in a Thai file
        ["police.kk", "nrm", "31/02/2567", ""],           # row 6: no such day
        ["cw.tak", "nrm", LAST_YEAR, ""],                 # row 7: another province's staff
        ["cw.kk", "screening", LAST_YEAR, "again"],       # row 8: repeats row 2
        ["cw.kk", "law-basic", LAST_YEAR, ""],            # row 9: already recorded
        ["police.kk", "nrm", TODAY + dt.timedelta(days=3), ""],  # row 10: future
    ])  # fmt: skip
    with translation.override("th"):
        result = completions_import(actor=world["sup"], file=f)
        errors = {(e.row, e.column): e.message for e in result.errors}
    assert not result.ok and result.imported == 0
    assert Completion.objects.count() == 1  # only the one recorded before
    assert set(errors) == {
        (3, "A"),
        (4, "B"),
        (5, "C"),
        (6, "C"),
        (7, "A"),
        (8, ""),
        (9, ""),
        (10, "C"),
    }
    assert "ไม่มีบัญชีผู้ใช้ “nobody”" in errors[(3, "A")]
    assert "ไม่มีหลักสูตร “cooking”" in errors[(4, "B")]
    assert "พ.ศ." in errors[(5, "C")]
    assert "ไม่ใช่เจ้าหน้าที่ในจังหวัดของท่าน" in errors[(7, "A")]
    assert "ซ้ำ" in errors[(8, "")]
    assert "อนาคต" in errors[(10, "C")]


@pytest.mark.django_db
def test_central_officer_imports_any_province_and_a_non_xlsx_is_refused(world):
    assert completions_import(
        actor=world["central"], file=xlsx([["cw.tak", "nrm", LAST_YEAR, ""]])
    ).ok
    bad = completions_import(
        actor=world["central"], file=SimpleUploadedFile("x.xlsx", b"not a workbook")
    )
    assert not bad.ok and bad.errors[0].row == 0
    assert not completions_import(actor=world["central"], file=xlsx([])).ok


@pytest.mark.django_db
def test_import_page_lists_errors_and_the_template_downloads(client, world):
    client.force_login(world["sup"])
    r = client.post(reverse("capacity:import"), {"file": xlsx([["nobody", "screening", LAST_YEAR, ""]])},
                    HTTP_ACCEPT_LANGUAGE="th")  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200 and 'id="import-errors"' in page
    assert "ยังไม่ได้นำเข้าข้อมูลใด" in page and "ไม่มีบัญชีผู้ใช้ “nobody”" in page
    r = client.post(
        reverse("capacity:import"), {"file": xlsx([["cw.kk", "screening", LAST_YEAR, ""]])}
    )
    assert r.status_code == 302 and Completion.objects.count() == 1
    r = client.get(reverse("capacity:import_template"))
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.active["A1"].value.startswith("ชื่อผู้ใช้")
    assert "screening" in [row[0] for row in wb["courses"].iter_rows(values_only=True)]
    # The template's example row has a known course and a well-formed B.E. date; only its
    # demo username is unknown in this world.
    example = completions_import(actor=world["sup"], file=SimpleUploadedFile("t.xlsx", r.content))
    assert [(e.row, e.column) for e in example.errors] == [(2, "A")]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cw", "police", "region_ne", "vol"])
def test_import_is_refused_to_others(client, world, who):
    client.force_login(world[who])
    assert client.get(reverse("capacity:import")).status_code == 403
    assert client.get(reverse("capacity:import_template")).status_code == 403
    r = client.post(
        reverse("capacity:import"), {"file": xlsx([["cw.kk", "screening", LAST_YEAR, ""]])}
    )
    assert r.status_code == 403 and not Completion.objects.exists()


@pytest.mark.django_db
def test_the_template_neutralises_a_course_name_that_is_a_formula(client, world):
    from saphan.capacity.models import Course

    evil = '=HYPERLINK("http://evil.example/","หลักสูตร")'
    Course.objects.filter(code="screening").update(name_th=evil)
    client.force_login(world["sup"])
    wb = load_workbook(io.BytesIO(client.get(reverse("capacity:import_template")).content))
    cells = [c for row in wb["courses"].iter_rows() for c in row if c.value is not None]
    assert "'" + evil in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
