"""Sessions end when idle and after a shift; a user lists their sessions and ends one (that browser is
logged out); an administrator ends a user's sessions; deactivating an account stops its sessions and tokens
at once."""

import io
import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from chengguan.accounts import selectors, services
from chengguan.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from chengguan.accounts.models import UserSession

from .conftest import login

pytestmark = pytest.mark.django_db


def _age(client, **seconds):
    session = client.session
    for key, ago in seconds.items():
        session[{"seen": SESSION_SEEN, "started": SESSION_STARTED}[key]] = int(time.time()) - ago
    session.save()


def _signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def test_an_idle_session_expires(client, handler, settings):
    settings.CHENGGUAN_SESSION_IDLE_MINUTES = 30
    login(client, "hand")
    _age(client, seen=29 * 60)
    assert _signed_in(client)
    _age(client, seen=31 * 60)
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not _signed_in(client)
    assert not UserSession.objects.filter(user=handler).exists()


def test_a_busy_session_still_ends_after_the_shift(client, handler, settings):
    settings.CHENGGUAN_SESSION_MAX_HOURS = 12
    login(client, "hand")
    _age(client, started=12 * 3600 + 60, seen=10)
    assert not _signed_in(client)


def test_ending_a_session_elsewhere_logs_that_browser_out(handler):
    office, phone = Client(HTTP_USER_AGENT="office"), Client(HTTP_USER_AGENT="phone")
    login(office, "hand")
    login(phone, "hand")
    page = office.get("/account/")
    assert b"phone" in page.content and b"office" in page.content
    phone_session = UserSession.objects.get(user=handler, user_agent="phone")

    assert office.post(f"/account/sessions/{phone_session.pk}/end/").status_code == 302

    assert not _signed_in(phone)
    assert _signed_in(office)


def test_a_user_cannot_end_someone_elses_session(handler, dispatcher):
    other = Client()
    login(other, "disp")
    mine = Client()
    login(mine, "hand")
    theirs = UserSession.objects.get(user=dispatcher)
    assert mine.post(f"/account/sessions/{theirs.pk}/end/").status_code == 403
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_ends_a_users_sessions(client, handler, administrator):
    login(client, "hand")
    admin = Client()
    admin.force_login(administrator)
    response = admin.post(
        "/admin/auth/user/", {"action": "end_sessions", "_selected_action": [handler.pk]}, follow=False
    )
    assert response.status_code == 302
    assert not _signed_in(client)


def test_deactivating_an_account_stops_its_session_and_token_at_once(client, handler, administrator):
    login(client, "hand")
    _token, key = services.issue_token(actor=handler, user=handler, name="app")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/cases/").status_code == 200

    services.deactivate_user(actor=administrator, user=handler)

    assert not _signed_in(client)
    assert api.get("/api/v1/cases/").status_code in (401, 403)
    assert not selectors.tokens_of(handler).usable().exists()


def test_deactivating_the_staff_record_in_the_admin_also_cuts_off(client, handler):
    login(client, "hand")
    staff = handler.staff
    staff.is_active = False
    staff.save()
    assert not _signed_in(client)


def test_prune_forgets_sessions_past_their_limits(handler):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    stale, fresh = Client(), Client()
    login(stale, "hand")
    login(fresh, "hand")
    old = UserSession.objects.filter(user=handler).first()
    UserSession.objects.filter(pk=old.pk).update(last_seen_at=timezone.now() - timedelta(hours=2))
    call_command("prune_data", stdout=io.StringIO())
    assert not UserSession.objects.filter(pk=old.pk).exists()
    assert UserSession.objects.filter(user=handler).count() == 1
