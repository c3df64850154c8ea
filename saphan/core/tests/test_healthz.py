import pytest
from django.db import connection
from django.db.utils import OperationalError

from saphan.core.tasks import heartbeat


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["worker"] == "unknown"


@pytest.mark.django_db
def test_healthz_reports_worker_after_heartbeat(client):
    heartbeat()
    assert client.get("/healthz").json()["worker"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_livez_answers_without_the_database(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/livez")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
