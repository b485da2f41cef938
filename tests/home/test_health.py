import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_every_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache", "channel_layer", "search"}
    assert data["checks"]["database"]["ok"] is True
    assert data["checks"]["database"]["backend"] == connection.vendor
    assert data["checks"]["cache"]["ok"] is True
    assert data["checks"]["channel_layer"]["ok"] is True
    assert data["checks"]["search"]["backend"] in {"database", "elasticsearch", "database (fallback)"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client):
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    # Point the connection at a database that cannot be reached: a real failure, not a mock.
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/unreachable.sqlite3"
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
    assert response.status_code == 503
    data = response.json()
    assert data["status"] == "unavailable"
    assert data["checks"]["database"]["ok"] is False
    assert data["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code in (403, 405)
