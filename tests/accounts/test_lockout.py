"""30 wrong passwords then the right one does not log in, on the staff log-in, the admin and the API token
endpoint; accounts and addresses lock on their own; the address comes through the proxy header only when a
proxy is configured; the cool-off grows; an administrator unlocks; every lockout is audited."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from chengguan.accounts import lockout, services
from chengguan.core.models import AuditEntry

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def _post(client, path, username, password, **extra):
    if path == TOKEN_URL:
        return client.post(path, {"username": username, "password": password}, **extra)
    return client.post(path, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("path", ["/login/", "/admin/login/", TOKEN_URL])
def test_thirty_wrong_passwords_then_the_right_one_does_not_get_in(client, handler, path):
    handler.is_staff = True  # so the admin would let it in
    handler.save()
    for _ in range(30):
        _post(client, path, "hand", "wrong-password")
    response = _post(client, path, "hand", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=services.Action.LOCKED_OUT).exists()


def test_the_lock_holds_from_another_address_and_an_administrator_unlocks(handler, administrator):
    attacker, owner = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(5):
        _post(attacker, "/login/", "hand", "wrong-password")
    assert _post(owner, "/login/", "hand", PASSWORD).status_code == 429  # the account is locked

    services.unlock(actor=administrator, username="hand")

    assert _post(owner, "/login/", "hand", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action=services.Action.UNLOCKED, actor_id=administrator.pk).exists()


def test_deleting_the_lock_in_the_admin_unlocks_and_is_audited(client, handler, administrator):
    for _ in range(5):
        _post(Client(), "/login/", "hand", "wrong-password")
    admin = Client()
    admin.force_login(administrator)
    attempt = AccessAttempt.objects.get(username="hand")
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert _post(client, "/login/", "hand", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action=services.Action.UNLOCKED).exists()


def test_an_address_locks_at_its_own_higher_limit(settings, handler):
    settings.CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(7):  # seven colleagues in one office mistype once each
        _post(Client(REMOTE_ADDR="203.0.113.5"), "/login/", f"colleague{n}", "x")
    assert _post(Client(REMOTE_ADDR="203.0.113.5"), "/login/", "hand", PASSWORD).status_code == 302
    _post(Client(REMOTE_ADDR="203.0.113.5"), "/login/", "colleague9", "x")
    assert _post(Client(REMOTE_ADDR="203.0.113.5"), "/login/", "hand", PASSWORD).status_code == 429


def test_without_a_proxy_a_forged_forwarded_header_does_not_escape_the_address_lock(settings, db):
    settings.CHENGGUAN_NUM_PROXIES = 0
    settings.CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT = 5
    for n in range(5):  # five different accounts from one address, each with a fresh forged header
        _post(
            Client(REMOTE_ADDR="203.0.113.5"),
            "/login/",
            f"nobody{n}",
            "x",
            HTTP_X_FORWARDED_FOR=f"10.9.0.{n}",
        )
    forged = _post(
        Client(REMOTE_ADDR="203.0.113.5"), "/login/", "other", "x", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert forged.status_code == 429
    assert _post(Client(REMOTE_ADDR="198.51.100.1"), "/login/", "other", "x").status_code == 200  # not locked


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(settings, handler):
    settings.CHENGGUAN_NUM_PROXIES = 1
    settings.CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT = 5
    proxy = "127.0.0.1"
    for n in range(5):
        _post(Client(REMOTE_ADDR=proxy), "/login/", f"nobody{n}", "x", HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = _post(Client(REMOTE_ADDR=proxy), "/login/", "hand", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    # Another citizen behind the same proxy is not locked out with the attacker.
    other = _post(Client(REMOTE_ADDR=proxy), "/login/", "hand", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302


@pytest.mark.parametrize("proxies", [0, 1])
def test_the_token_endpoint_locks_the_address_it_is_configured_to_see(settings, db, proxies):
    settings.CHENGGUAN_NUM_PROXIES = proxies
    settings.CHENGGUAN_LOGIN_ADDRESS_FAILURE_LIMIT = 5
    for n in range(5):
        Client(REMOTE_ADDR="127.0.0.1").post(
            TOKEN_URL, {"username": f"nobody{n}", "password": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
    other = Client(REMOTE_ADDR="127.0.0.1").post(
        TOKEN_URL, {"username": "someone", "password": "x"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    # Without a proxy every caller here is 127.0.0.1 (locked); with one, 198.51.100.7 is someone else.
    assert other.status_code == (429 if proxies == 0 else 400)
    assert other.json()["code"] == ("locked_out" if proxies == 0 else "invalid_credentials")


def test_the_cool_off_doubles_with_each_lockout(settings, rf):
    settings.CHENGGUAN_LOCKOUT_MINUTES = 15
    request = rf.post("/login/", {"username": "hand"}, REMOTE_ADDR="203.0.113.5")
    lockout.remember_lockout(request)
    assert lockout.cool_off(request) == timedelta(minutes=15)
    lockout.remember_lockout(request)
    assert lockout.cool_off(request) == timedelta(minutes=30)
    for _ in range(10):
        lockout.remember_lockout(request)
    assert lockout.cool_off(request) == timedelta(hours=24)


def test_the_lock_ends_after_the_cool_off(client, handler, settings):
    from django.utils import timezone

    for _ in range(5):
        _post(client, "/login/", "hand", "wrong-password")
    assert _post(client, "/login/", "hand", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=2))
    assert _post(client, "/login/", "hand", PASSWORD).status_code == 302
