"""The password policy refuses weak passwords with a clear message: too simple, numeric, the username, the
phone number, a common password; the user changes their own; an administrator's temporary password must be
changed at the first log-in."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from chengguan.accounts import services
from chengguan.accounts.middleware import SESSION_MUST_CHANGE

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "weak, why",
    [
        ("98127634", "three of"),
        ("ZxZxZxZx", "three of"),
        ("hand-operator", "username"),
        ("Hand2026!", "username"),
        ("13912345678x", "phone"),
        ("password1234", "common"),
        ("aaaaaaaaaaaaaa", "three of"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(handler, settings, weak, why):
    settings.LANGUAGE_CODE = "en"
    handler.staff.phone = "139 1234 5678"
    handler.staff.save()
    with pytest.raises(ValidationError) as refused:
        validate_password(weak, handler)
    assert why in " ".join(refused.value.messages).lower()


@pytest.mark.parametrize("good", ["correct horse battery", "Zx8!kq2R", "城管-巡查-2026-春"])
def test_good_passwords_pass(handler, good):
    validate_password(good, handler)


def test_the_admin_refuses_a_weak_password(client, administrator, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(administrator)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newbie", "password1": "98127634", "password2": "98127634", "usable_password": "true"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert b"three of" in response.content


def test_a_user_changes_their_password_and_other_sessions_end(client, handler, settings):
    from django.test import Client

    other = Client()
    login(other, "hand")
    login(client, "hand")
    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password": "98127634", "new_password_again": "98127634"},
    )
    assert weak.status_code == 200 and b'role="alert"' in weak.content
    new = "Another-pass-2027"
    done = client.post(
        "/account/password/", {"old_password": PASSWORD, "new_password": new, "new_password_again": new}
    )
    assert done.status_code == 302
    assert client.get("/account/").status_code == 200  # this browser stays signed in
    assert other.get("/account/").status_code == 302  # the other one is logged out
    handler.refresh_from_db()
    assert handler.check_password(new)


def test_a_temporary_password_must_be_changed_first(client, handler, administrator):
    temporary = services.set_temporary_password(actor=administrator, user=handler)
    login(client, "hand", temporary)
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/account/password/")
    new = "My-own-pass-2027"
    client.post(
        "/account/password/", {"old_password": temporary, "new_password": new, "new_password_again": new}
    )
    assert client.get("/account/").status_code == 200
    assert not client.session[SESSION_MUST_CHANGE]
    assert not client.get("/cases/").get("Location", "").startswith("/account/password/")


def test_strict_asvs_length_drops_the_short_complex_path(handler, settings):
    settings.CHENGGUAN_PASSWORD_SHORT_COMPLEX = False
    with pytest.raises(ValidationError):
        validate_password("Zx8!kq2R", handler)
    validate_password("Zx8!kq2R-long-enough", handler)


def test_an_old_password_must_be_changed_when_a_maximum_age_is_set(client, handler, settings):
    from datetime import timedelta

    from django.utils import timezone

    handler.date_joined = timezone.now() - timedelta(days=100)
    handler.save()
    login(client, "hand")
    assert (
        client.get("/cases/").status_code != 302
        or "/account/password/" not in client.get("/cases/")["Location"]
    )
    settings.CHENGGUAN_PASSWORD_MAX_AGE_DAYS = 90
    client.post("/logout/")
    login(client, "hand")
    assert client.get("/cases/")["Location"].startswith("/account/password/")
