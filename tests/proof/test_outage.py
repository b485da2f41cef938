"""The clean 503 page while the database is unreachable (home/outage.py, handler500 in config/urls.py)."""

import socket

import pytest
from django.db import connection
from django.test import Client


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def unreachable_database(transactional_db):
    """Point the open connection at a closed port, as if the database host were gone, and put it back."""
    if connection.vendor == "sqlite":
        pytest.skip("an unreachable database server needs PostgreSQL (DATABASE_URL)")
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = closed_port()
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


@pytest.mark.postgres
@pytest.mark.parametrize("path", ["/", "/praxis/", "/themen/", "/suche/?q=Netzwerk"])
def test_pages_answer_503_in_german_while_the_database_is_unreachable(unreachable_database, path):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<html lang="de">' in html
    # An existing translation; the page's own new strings arrive with the lead's message merge.
    assert "Bitte versuche es in 30 Sekunden noch einmal." in html
    assert "Traceback" not in html
    assert "OperationalError" not in html
    assert "127.0.0.1" not in html


@pytest.mark.postgres
def test_health_check_reports_the_outage(unreachable_database):
    response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


@pytest.mark.postgres
def test_site_recovers_by_itself_once_the_database_is_back(transactional_db):
    if connection.vendor == "sqlite":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    saved = dict(connection.settings_dict)
    client = Client(raise_request_exception=False)
    connection.close()
    connection.settings_dict["PORT"] = closed_port()
    assert client.get("/healthz").status_code == 503
    connection.settings_dict.update(saved)
    # No restart, no manual step: the next request opens a fresh connection.
    assert client.get("/healthz").status_code == 200


def test_outage_page_renders_without_the_database(django_assert_max_num_queries, db):
    from home.outage import outage_response

    with django_assert_max_num_queries(0):
        response = outage_response()
    assert response.status_code == 503
    assert b"/static/css/site" in response.content


def test_other_errors_still_get_the_500_page(db):
    from home.outage import server_error

    try:
        raise ValueError("not a database problem")
    except ValueError:
        response = server_error(None)
    assert response.status_code == 500
