"""Imports run by the background worker: one run per form sent (a form sent twice is one import),
a run taken once by the worker, its progress seen by the page while the import's own
transaction is still open, the file emptied at the end, and a failure said plainly."""

import uuid

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from saphan.core.importing import ImportResult, RowError, import_run_execute, import_run_start
from saphan.core.models import ImportRun
from saphan.orgs.tests.factories import UserFactory

KIND = "test.rows"


def _start(user, key=None, data=b"PK-file"):
    return import_run_start(
        actor=user, kind=KIND, file_name="rows.xlsx", data=data, key=key or uuid.uuid4()
    )


def _seen_elsewhere(run_id) -> tuple[str, int, int]:
    """The run's row as another database session (the page's) reads it now."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cur:
            cur.execute(
                "SELECT status, rows_done, rows_total FROM core_importrun WHERE id = %s",
                [str(run_id)],
            )
            return cur.fetchone()
    finally:
        other.close()


@pytest.mark.django_db
def test_a_form_sent_twice_is_one_run_and_each_person_has_their_own():
    alice, bob = UserFactory(), UserFactory()
    key = uuid.uuid4()
    run, new = _start(alice, key)
    again, new_again = _start(alice, key, data=b"other bytes")
    assert new and not new_again and again.pk == run.pk
    assert bytes(ImportRun.objects.get(pk=run.pk).data) == b"PK-file"
    assert ImportRun.objects.filter(started_by=alice).count() == 1
    theirs, new = _start(bob, key)  # the same key from someone else is their own form
    assert new and theirs.pk != run.pk


@pytest.mark.django_db
def test_a_run_is_taken_once_and_its_file_is_emptied():
    run, _new = _start(UserFactory())
    calls = []

    def importer(*, actor, data, progress):
        calls.append((actor, data))
        return ImportResult(rows=2, imported=2, created=2)

    done = import_run_execute(run.pk, importer=importer, summary=lambda r: f"{r.imported} ok")
    assert calls == [(run.started_by, b"PK-file")]
    assert done.status == ImportRun.Status.DONE and done.finished_at is not None
    assert (done.rows_done, done.rows_total, done.percent) == (2, 2, 100)
    assert done.result["summary"] == "2 ok" and done.result["created"] == 2
    assert bytes(done.data) == b""
    # The job delivered again (a retry, a second worker): nothing is imported twice.
    assert import_run_execute(run.pk, importer=importer, summary=str) is None
    assert len(calls) == 1


@pytest.mark.django_db
def test_what_the_form_said_besides_the_file_reaches_the_importer():
    run, _new = import_run_start(
        actor=UserFactory(), kind=KIND, file_name="staff.xlsx", data=b"PK", key=uuid.uuid4(),
        options={"province": "27", "reason": "ทีม One Home"},
    )  # fmt: skip
    given = []

    def importer(*, actor, data, progress, province, reason):
        given.append((province, reason))
        return ImportResult(rows=1, imported=1)

    assert import_run_execute(run.pk, importer=importer, summary=str).status == "done"
    assert given == [("27", "ทีม One Home")]


@pytest.mark.django_db
def test_a_refused_file_keeps_its_errors_and_an_unexpected_error_is_said():
    refused, _ = _start(UserFactory())

    def bad_rows(*, actor, data, progress):
        return ImportResult(rows=3, errors=[RowError(2, "A", "ไม่มีบัญชีผู้ใช้"), RowError(0, "", "x")])

    run = import_run_execute(refused.pk, importer=bad_rows, summary=str)
    assert run.status == ImportRun.Status.REFUSED and run.running is False
    assert run.result["errors"] == [[2, "A", "ไม่มีบัญชีผู้ใช้"], [0, "", "x"]]
    assert run.result["summary"] == ""
    broken, _ = _start(UserFactory())

    def crash(*, actor, data, progress):
        raise RuntimeError("disk full")

    run = import_run_execute(broken.pk, importer=crash, summary=str)
    assert run.status == ImportRun.Status.FAILED and bytes(run.data) == b""


@pytest.mark.django_db(transaction=True)
def test_the_page_sees_the_progress_while_the_import_transaction_is_open():
    run, _new = _start(UserFactory())
    seen = []

    def importer(*, actor, data, progress):
        for n in range(1, 11):
            progress.checked(n, 10)
        seen.append(_seen_elsewhere(run.pk))
        with transaction.atomic():  # all rows or none: the page still sees how far it is
            progress.written(0, 10)
            progress.written(4, 10)
            progress.EVERY_SECONDS = 0  # (the next count is not held back for the test)
            progress.written(7, 10)
            seen.append(_seen_elsewhere(run.pk))
            run_now = ImportRun(status=ImportRun.Status.WRITING, rows_done=7, rows_total=10)
            seen.append(run_now.percent)
        return ImportResult(rows=10, imported=10)

    done = import_run_execute(run.pk, importer=importer, summary=str)
    assert seen == [("checking", 10, 10), ("writing", 7, 10), 85]
    assert done.status == ImportRun.Status.DONE and (done.rows_done, done.rows_total) == (10, 10)
