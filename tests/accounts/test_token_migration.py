"""Tokens of DRF's former plain-text table become hashed tokens that keep working."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from chengguan.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

migration = importlib.import_module("chengguan.accounts.migrations.0002_hash_drf_authtokens")


def test_old_plain_tokens_are_hashed_and_still_work(handler):
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id integer, created timestamp)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, handler.pk, timezone.now()])
    migration.forwards(apps, SimpleNamespace(connection=connection))  # it needs only the connection
    token = ApiToken.objects.get(user=handler)
    assert token.prefix == key[:8] and key not in token.digest
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0  # no clear-text key is left behind
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/cases/").status_code == 200
