"""API tokens are kept as digests, named, expiring, listed and revocable by their owner and administrators;
issue and use are audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from chengguan.accounts import services
from chengguan.accounts.models import ApiToken, token_digest
from chengguan.core.models import AuditEntry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_is_stored_as_a_digest_and_its_issue_and_use_are_audited(handler):
    token, key = services.issue_token(actor=handler, user=handler, name="field app")
    assert token.digest == token_digest(key) and key not in token.digest
    assert not ApiToken.objects.filter(digest=key).exists()
    assert _api(key).get("/api/v1/cases/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    actions = set(AuditEntry.objects.filter(target_id=str(token.pk)).values_list("action", flat=True))
    assert {services.Action.TOKEN_ISSUED, services.Action.TOKEN_USED} <= actions


def test_an_expired_token_is_refused(handler):
    token, key = services.issue_token(actor=handler, user=handler, name="old")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _api(key).get("/api/v1/cases/")
    assert response.status_code in (401, 403)


def test_the_owner_and_an_administrator_revoke_but_nobody_else(handler, dispatcher, administrator):
    token, key = services.issue_token(actor=handler, user=handler, name="app")
    with pytest.raises(PermissionDenied):
        services.revoke_token(actor=dispatcher, token_id=token.pk)
    services.revoke_token(actor=administrator, token_id=token.pk)
    assert _api(key).get("/api/v1/cases/").status_code in (401, 403)


def test_the_owner_lists_issues_and_revokes_on_the_account_page(client, handler):
    client.force_login(handler)
    issued = client.post("/account/tokens/", {"name": "my script"})
    key = issued.content.decode().split("data-token>")[1].split("<")[0]
    assert _api(key).get("/api/v1/cases/").status_code == 200
    token = ApiToken.objects.get(user=handler)
    assert b"my script" in client.get("/account/").content
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert _api(key).get("/api/v1/cases/").status_code in (401, 403)


def test_the_token_endpoint_issues_a_working_token(client, handler):
    response = client.post("/api/v1/auth/token/", {"username": "hand", "password": PASSWORD, "name": "ci"})
    assert response.status_code == 201
    assert _api(response.json()["token"]).get("/api/v1/cases/").status_code == 200
    assert client.post("/api/v1/auth/token/", {"username": "hand", "password": "x"}).status_code == 400


def test_the_command_prints_a_new_key(handler, capsys):
    call_command("create_api_token", "hand", "--days", "7")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(digest=token_digest(key))
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
