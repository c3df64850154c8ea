"""Import of training records from real XLSX files built with openpyxl: all rows checked,
errors by row in Thai, nothing imported from a file with any error."""

import datetime as dt
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from saphan.capacity.importing import completions_import
from saphan.capacity.models import Completion
from saphan.capacity.tasks import completions_import_run
from saphan.core.models import ImportRun
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


def _send(client, rows, key=None, **headers):
    """The import form sent: the file and the form's one-time key."""
    return client.post(
        reverse("capacity:import"), {"file": xlsx(rows), "submission_key": str(key or uuid.uuid4())},
        **headers,
    )  # fmt: skip


def _run_queued(run_id) -> ImportRun:
    """What the background worker does with the run (its task, called here)."""
    completions_import_run(str(run_id))
    return ImportRun.objects.get(pk=run_id)


@pytest.mark.django_db
def test_import_page_sends_the_file_to_the_worker_and_shows_its_progress_then_the_errors(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["sup"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = _send(client, [["nobody", "screening", LAST_YEAR, ""]], HTTP_ACCEPT_LANGUAGE="th")
    run = ImportRun.objects.get()
    assert len(queued) == 1  # the worker's task, queued after the commit
    assert r.status_code == 302 and r["Location"] == reverse("capacity:import_run", args=[run.pk])
    page = client.get(r["Location"], HTTP_ACCEPT_LANGUAGE="th").text
    assert 'id="import-run"' in page and 'hx-trigger="every 1s"' in page and "รอเริ่ม" in page
    ImportRun.objects.filter(pk=run.pk).update(status="checking", rows_done=1, rows_total=1)
    part = client.get(r["Location"], headers={"HX-Request": "true"}, HTTP_ACCEPT_LANGUAGE="th")
    assert "1 จาก 1 แถว" in part.text and "<html" not in part.text
    ImportRun.objects.filter(pk=run.pk).update(status="queued")
    run = _run_queued(run.pk)
    assert run.status == "refused" and not Completion.objects.exists()
    part = client.get(r["Location"], headers={"HX-Request": "true"}, HTTP_ACCEPT_LANGUAGE="th")
    assert "hx-trigger" not in part.text  # finished: the page stops asking
    assert 'id="import-errors"' in part.text and "ยังไม่ได้นำเข้าข้อมูลใด" in part.text
    assert "ไม่มีบัญชีผู้ใช้ “nobody”" in part.text


@pytest.mark.django_db
def test_a_form_sent_twice_imports_once_and_the_result_is_shown(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["sup"])
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = _send(client, [["cw.kk", "screening", LAST_YEAR, ""]], key=key,
                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
        second = _send(client, [["cw.kk", "screening", LAST_YEAR, ""]], key=key)
    assert len(queued) == 1 and ImportRun.objects.count() == 1
    assert first["Location"] == second["Location"]
    run = _run_queued(ImportRun.objects.get().pk)
    assert run.status == "done" and Completion.objects.count() == 1
    assert _run_queued(run.pk).status == "done" and Completion.objects.count() == 1
    page = client.get(first["Location"], HTTP_ACCEPT_LANGUAGE="en").text
    assert "1 training records were imported." in page and "1 row checked." in page
    assert 'id="import-runs"' in client.get(reverse("capacity:import")).text
    # A form without its key (an old page kept open) is refused at the top of the form.
    r = client.post(reverse("capacity:import"), {"file": xlsx([])}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200 and "The form has expired" in r.text
    # Nobody follows another's import.
    client.force_login(world["central"])
    assert client.get(first["Location"]).status_code == 404


@pytest.mark.django_db
def test_the_template_downloads_with_a_row_to_overwrite(client, world):
    client.force_login(world["sup"])
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
    r = _send(client, [["cw.kk", "screening", LAST_YEAR, ""]])
    assert r.status_code == 403 and not Completion.objects.exists()
    assert not ImportRun.objects.exists()


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
