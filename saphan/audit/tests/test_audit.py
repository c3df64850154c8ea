import pgtrigger
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from saphan.audit.models import ReadAccess
from saphan.audit.services import log_read, log_reads, verify_chain
from saphan.orgs.roles import Jurisdiction, Role


@pytest.fixture
def users(db):
    User = get_user_model()
    return {
        "auditor": User.objects.create_user(
            "auditor",
            password="x-Strong-Pass-1",
            roles=[Role.AUDITOR],
            jurisdiction=Jurisdiction.NATION,
        ),
        "cw": User.objects.create_user(
            "cw",
            password="x-Strong-Pass-1",
            roles=[Role.CASE_WORKER],
            jurisdiction=Jurisdiction.NATION,
        ),
        "admin": User.objects.create_user(
            "admin",
            password="x-Strong-Pass-1",
            roles=[Role.SYSTEM_ADMIN],
            jurisdiction=Jurisdiction.NATION,
            is_staff=True,
        ),
    }


def test_read_log_chain_detects_tampering(users):
    log_reads(actor=users["cw"], records=[users["auditor"], users["admin"]], scope="test")
    log_read(actor=users["cw"], record=users["cw"], scope="test")
    assert verify_chain() == (True, None)
    row = ReadAccess.objects.order_by("id")[1]
    with pgtrigger.ignore("audit.ReadAccess:append_only"):  # as a database superuser could
        ReadAccess.objects.filter(pk=row.pk).update(scope="something else")
    assert verify_chain() == (False, row.pk)


def test_read_log_chain_detects_a_removed_row(users):
    log_reads(
        actor=users["cw"], records=[users["auditor"], users["admin"], users["cw"]], scope="test"
    )
    middle_pk = ReadAccess.objects.order_by("id")[1].pk
    with pgtrigger.ignore("audit.ReadAccess:append_only"):
        ReadAccess.objects.filter(pk=middle_pk).delete()
    ok, broken = verify_chain()
    assert not ok and broken > middle_pk


def test_read_log_is_append_only(users):
    from django.db import DatabaseError, transaction

    row = log_read(actor=users["cw"], record=users["cw"], scope="test")
    with pytest.raises(DatabaseError), transaction.atomic():
        ReadAccess.objects.filter(pk=row.pk).update(scope="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        ReadAccess.objects.filter(pk=row.pk).delete()
    assert ReadAccess.objects.get(pk=row.pk).scope == "test"


def test_changes_are_recorded_by_database_triggers(users):
    from pghistory.models import Events

    user = users["cw"]
    get_user_model().objects.filter(pk=user.pk).update(
        first_name="สมหญิง"
    )  # no save(): triggers still see it
    events = Events.objects.tracks(user).order_by("pgh_created_at")
    labels = [e.pgh_label for e in events]
    assert labels[0] == "insert" and "update" in labels
    assert "password" not in events.last().pgh_data


@pytest.mark.parametrize("who", ["cw", "admin"])
def test_audit_page_refused_to_other_roles(client, users, who):
    client.force_login(users[who])
    assert client.get(reverse("audit:search")).status_code == 403


def test_audit_page_searches_reads_and_changes_with_be_dates(client, users):
    log_read(
        actor=users["cw"], record=users["admin"], scope="province:40", path="/cases/40-2569-00001"
    )
    client.force_login(users["auditor"])
    response = client.get(reverse("audit:search"), {"kind": "reads", "username": "cw"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "province:40" in body and "256" in body  # a B.E. year (25xx)
    response = client.get(reverse("audit:search"), {"kind": "reads", "username": "nobody"})
    assert "province:40" not in response.content.decode()
    response = client.get(reverse("audit:search"), {"kind": "changes", "record": "cw"})
    assert response.status_code == 200 and "orgs.User" in response.content.decode()


def test_audit_page_rejects_reversed_dates(client, users):
    client.force_login(users["auditor"])
    response = client.get(
        reverse("audit:search"), {"date_from": "10/6/2569", "date_to": "1/6/2569"}
    )
    assert response.status_code == 200
    assert "วันที่เริ่ม" in response.content.decode()


def test_group_and_permission_changes_of_an_account_are_recorded(users):
    from django.contrib.auth.models import Group, Permission

    from saphan.orgs.models import UserGroupsEvent, UserPermissionsEvent

    user = users["cw"]
    group = Group.objects.create(name="reference editors")
    perm = Permission.objects.get(codename="change_agency")
    user.groups.add(group)
    user.user_permissions.add(perm)
    user.user_permissions.remove(perm)
    assert list(UserGroupsEvent.objects.values_list("pgh_label", "group_id")) == [
        ("insert", group.pk)
    ]
    assert [e.pgh_label for e in UserPermissionsEvent.objects.order_by("pgh_id")] == [
        "insert",
        "delete",
    ]


def _appends(capture) -> list[bool]:
    """For each append to the read log, whether it asked for an asynchronous commit (the
    function's last argument; migration audit 0004 sets synchronous_commit off for it)."""
    calls = [q["sql"] for q in capture.captured_queries if "saphan_read_log_append" in q["sql"]]
    return [call.rstrip().rstrip(")").rstrip().lower().endswith("true") for call in calls]


@pytest.mark.django_db(transaction=True)
def test_a_read_log_on_its_own_commits_without_waiting_but_never_a_write_with_it(settings):
    """A page that only reads: its log commits asynchronously (and the rows are there, chained).
    A log written inside a transaction that also writes something else must not make that
    write asynchronous: there the log commits with it, durably."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    reader = User.objects.create_user(
        "reader", password="x-Strong-Pass-1", roles=[Role.CASE_WORKER],
        jurisdiction=Jurisdiction.NATION,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as alone:
        log_reads(actor=reader, records=[reader], scope="test alone")
    # one statement, its own transaction (no transaction opened around it), asynchronous
    assert _appends(alone) == [True] and len(alone.captured_queries) == 1
    assert not connection.in_atomic_block
    with connection.cursor() as cur:  # the setting ended with its transaction
        cur.execute("SHOW synchronous_commit")
        assert cur.fetchone()[0] == "on"

    with CaptureQueriesContext(connection) as inside, transaction.atomic():
        reader.first_name = "Changed"
        reader.save(update_fields=["first_name"])
        log_reads(actor=reader, records=[reader], scope="test inside a write")
        with connection.cursor() as cur:  # the write's transaction still waits for the disk
            cur.execute("SHOW synchronous_commit")
            assert cur.fetchone()[0] == "on"
    assert _appends(inside) == [False]

    settings.SAPHAN_READ_LOG_SYNCHRONOUS = True
    with CaptureQueriesContext(connection) as waits:
        log_reads(actor=reader, records=[reader], scope="test synchronous")
    assert _appends(waits) == [False]
    assert ReadAccess.objects.filter(scope__startswith="test ").count() == 3
    assert verify_chain() == (True, None)


@pytest.mark.django_db(transaction=True)
def test_readers_logging_at_once_extend_one_unbroken_chain():
    """Several workers' threads log reads at the same moment, each on its own connection and
    each append one statement of its own: the chain's lock inside the database orders them,
    so every row follows the one before it and none is lost."""
    import threading

    from django.db import connection

    User = get_user_model()
    readers = [
        User.objects.create_user(
            f"reader{i}",
            password="x-Strong-Pass-1",
            roles=[Role.CASE_WORKER],
            jurisdiction=Jurisdiction.NATION,
        )  # fmt: skip
        for i in range(4)
    ]
    start = threading.Barrier(len(readers))
    failures = []

    def read(reader):
        try:
            start.wait()
            for i in range(15):
                log_reads(actor=reader, records=readers[: 1 + i % 3], scope=f"test {i}")
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read, args=(r,)) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert ReadAccess.objects.filter(scope__startswith="test ").count() == 4 * (
        5 * 1 + 5 * 2 + 5 * 3
    )
    assert verify_chain() == (True, None)
    rows = list(ReadAccess.objects.order_by("id").values_list("prev_hash", "hash"))
    assert all(b[0] == a[1] for a, b in zip(rows, rows[1:], strict=False))
