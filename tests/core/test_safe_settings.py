"""No unsafe default: production settings carry the security headers and pass `check --deploy` silently;
a server reachable from other machines refuses DEBUG or a published key, naming the variable; the
documented variables are the ones read; sqlite:// URLs use the project's SQLite backend."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from chengguan.core import safety
from chengguan.settings.base import database_from_env

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "chengguan.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "CHENGGUAN_NUM_PROXIES": "1",
    "ALLOWED_HOSTS": "cg.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://cg.example.gov.cn",
    "CHENGGUAN_NOTIFY_BASE_URL": "https://cg.example.gov.cn",
}

HEADERS_SCRIPT = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
client = Client(HTTP_HOST="cg.example.gov.cn", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="198.51.100.7")
answers = {path: dict(client.get(path).headers) for path in ("/", "/login/", "/api/v1/cases/")}
plain = Client(HTTP_HOST="cg.example.gov.cn").get("/login/")
answers["plain"] = {"status": plain.status_code, "location": plain.get("Location", "")}
print(json.dumps(answers))
"""


# The test process's own choices (and the browser tests' async switch) are not the deployment's.
INHERITED_NOT = ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _run(args, env, tmp_path):
    environment = {
        **{k: v for k, v in os.environ.items() if k not in INHERITED_NOT},
        "CHENGGUAN_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], env=environment, cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_check_deploy_is_silent_with_production_settings_behind_a_proxy(tmp_path):
    done = _run(
        ["-m", "chengguan.manage", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_every_response_carries_the_security_headers_in_production(tmp_path):
    import json

    done = _run(["-c", HEADERS_SCRIPT], PRODUCTION, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    for path in ("/", "/login/", "/api/v1/cases/"):
        headers = answers[path]
        assert "script-src 'self'" in headers["Content-Security-Policy"], path
        assert "unsafe-inline" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000"), path
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "geolocation=(self)" in headers["Permissions-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert answers["plain"]["status"] == 301 and answers["plain"]["location"].startswith("https://")


@pytest.mark.parametrize("address", ["0.0.0.0:8000", "192.168.1.5:80", "8000.0.0.1", "[::]:8000", ""])
def test_a_reachable_address_with_debug_or_the_development_key_is_refused(settings, address):
    settings.DEBUG = True
    settings.SECRET_KEY = "dev-only-insecure-key-change-me"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG") as refused:
        safety.check_serving(address)
    assert "SECRET_KEY" in str(refused.value)


@pytest.mark.parametrize("address", ["127.0.0.1:8000", "8000", "localhost:8000", "[::1]:8000"])
def test_the_loopback_address_is_fine_for_the_demo(settings, address):
    settings.DEBUG = True
    settings.SECRET_KEY = "dev-only-insecure-key-change-me"
    safety.check_serving(address)


def test_a_reachable_address_with_safe_settings_is_fine(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    safety.check_serving("0.0.0.0:8000")


def test_runserver_on_all_interfaces_refuses_with_a_sentence(tmp_path):
    done = _run(["-m", "chengguan.manage", "runserver", "0.0.0.0:8765"], {}, tmp_path)
    assert done.returncode == 2
    assert "Refusing to serve on 0.0.0.0:8765" in done.stderr and "DJANGO_DEBUG" in done.stderr
    assert "Traceback" not in done.stderr


def test_gunicorn_binds_are_read_from_its_arguments():
    assert safety.wsgi_bind_addresses(["/x/gunicorn", "chengguan.wsgi", "-b", "0.0.0.0:80"], {}) == [
        "0.0.0.0:80"
    ]
    assert safety.wsgi_bind_addresses(["/x/gunicorn", "chengguan.wsgi", "--bind=127.0.0.1:8001"], {}) == [
        "127.0.0.1:8001"
    ]
    assert safety.wsgi_bind_addresses(["/x/gunicorn", "chengguan.wsgi"], {}) == ["127.0.0.1:8000"]
    assert safety.wsgi_bind_addresses(["uwsgi"], {}) == [""]  # unknown: treated as reachable
    # The development server loads the WSGI module too: its own address counts.
    assert safety.wsgi_bind_addresses(["/x/manage.py", "runserver", "127.0.0.1:80"], {}) == ["127.0.0.1:80"]
    assert safety.wsgi_bind_addresses(["/x/chengguan", "runserver"], {}) == ["127.0.0.1:8000"]


def test_django_debug_is_the_variable_read(tmp_path):
    script = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {"DJANGO_SETTINGS_MODULE": "chengguan.settings.dev"}
    assert _run(["-c", script], {**env, "DJANGO_DEBUG": "false"}, tmp_path).stdout.strip() == "False"
    assert _run(["-c", script], env, tmp_path).stdout.strip() == "True"
    refused = _run(["-c", script], {**PRODUCTION, "DJANGO_DEBUG": "true"}, tmp_path)
    assert refused.returncode != 0 and "DJANGO_DEBUG" in refused.stderr


def test_a_sqlite_url_uses_the_project_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/city.sqlite3")
    database = database_from_env()
    assert database["ENGINE"] == "chengguan.core.sqlite"
    assert str(database["NAME"]) == f"{tmp_path}/city.sqlite3"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h:5432/db")
    assert database_from_env()["ENGINE"] == "django.db.backends.postgresql"
