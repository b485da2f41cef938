import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/ueber-uns/", "/impressum/", "/seite-gibt-es-nicht/", "/konto/login/"]
)
def test_public_pages_send_strict_security_headers(client, site_shell, path):
    response = client.get(path)
    csp = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_gets_its_own_policy(client):
    response = client.get("/admin/login/")  # redirects to the site's login, still under the admin policy
    assert response.status_code in (200, 302)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_cookies_are_samesite_lax_and_session_httponly(client, member):
    response = client.post("/konto/login/", {"login": member.email, "password": "ein-sicheres-passwort"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


@pytest.mark.django_db
def test_forms_require_csrf_token(site_shell, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/konto/login/", {"login": member.email, "password": "ein-sicheres-passwort"})
    assert response.status_code == 403


def _production(env_extra: dict, code: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env_extra})
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SECRET = "x" * 20 + "production-test-secret-key-with-enough-entropy-1234567890"


def test_production_refuses_to_start_without_secret_key():
    result = _production({}, "import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_check_deploy_is_clean(tmp_path):
    result = _production(
        {"SECRET_KEY": SECRET, "NETZWERKSTATT_VAR_DIR": str(tmp_path)},
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_sends_hsts_and_secure_cookies(tmp_path):
    code = """
import django; django.setup()
from django.conf import settings
from django.test import Client
response = Client().get('/healthz', secure=True, HTTP_HOST='localhost')
print(response['Strict-Transport-Security'])
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
print(Client().get('/', HTTP_HOST='localhost').status_code)
print(Client().get('/healthz', HTTP_HOST='localhost').status_code)
"""
    result = _production({"SECRET_KEY": SECRET, "NETZWERKSTATT_VAR_DIR": str(tmp_path)}, code)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "max-age=31536000; includeSubDomains; preload"
    assert lines[1] == "True True True"
    assert lines[2] == "301"  # plain HTTP is redirected to HTTPS
    assert lines[3] == "200"  # except the health check, which load balancers call over plain HTTP


def test_production_pools_postgresql_connections_instead_of_keeping_them(tmp_path):
    """Under ASGI, persistent connections pile up with the request threads (one per request, until
    PostgreSQL refuses more); production uses psycopg's pool and CONN_MAX_AGE 0, as Django advises."""
    code = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
import psycopg_pool  # the pool's package is installed
print(json.dumps({"max_age": database["CONN_MAX_AGE"], "pool": database["OPTIONS"]["pool"]}))
"""
    result = _production(
        {
            "SECRET_KEY": SECRET,
            "NETZWERKSTATT_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://netzwerkstatt@127.0.0.1:5432/netzwerkstatt",
            "DATABASE_POOL_MAX_SIZE": "12",
        },
        "import django; django.setup();" + code,
    )
    assert result.returncode == 0, result.stderr
    configured = json.loads(result.stdout.strip().splitlines()[-1])
    assert configured["max_age"] == 0
    assert configured["pool"] == {"min_size": 2, "max_size": 12, "timeout": 10.0}
