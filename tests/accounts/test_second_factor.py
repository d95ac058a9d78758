"""Administrators, leaders, intake operators and dispatchers need a TOTP code after their password, on the
console and the admin alike; others may choose one. Enrolment is by a QR code made here; recovery codes
work once each; an administrator can reset a lost factor."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengguan.accounts import services
from chengguan.core.models import AuditEntry

from .conftest import current_code, login

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def _enrol(client, user) -> list[str]:
    page = client.get("/account/enrol/")
    assert page.status_code == 200 and b"<svg" in page.content  # the QR code, drawn here
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post("/account/enrol/", {"code": current_code(device)})
    assert done.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())


def test_a_dispatcher_must_enrol_before_anything_else(client, dispatcher):
    response = login(client, "disp")
    assert response.status_code == 302
    page = client.get("/cases/")
    assert page.status_code == 302 and page["Location"].startswith("/account/enrol/")
    assert client.get("/api/v1/cases/").status_code == 403  # the session cannot use the API either
    codes = _enrol(client, dispatcher)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(
        action=services.Action.SECOND_FACTOR_ENROLLED, actor_id=dispatcher.pk
    ).exists()


def test_the_next_log_in_asks_for_the_code_and_a_recovery_code_works_once(client, dispatcher):
    login(client, "disp")
    codes = _enrol(client, dispatcher)
    client.post("/logout/")

    login(client, "disp")
    assert client.get("/").status_code == 302
    wrong = client.post("/account/verify/", {"code": "000000"})
    assert wrong.status_code == 200 and b'role="alert"' in wrong.content
    assert client.post("/account/verify/", {"code": codes[0], "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")

    login(client, "disp")
    assert client.post("/account/verify/", {"code": codes[0]}).status_code == 200  # used up
    device = TOTPDevice.objects.get(user=dispatcher)
    assert client.post("/account/verify/", {"code": current_code(device)}).status_code == 200  # already used
    assert client.post("/account/verify/", {"code": current_code(device, ahead=1)}).status_code == 302


def test_the_admin_asks_for_the_code_too(client, administrator):
    response = login(client, "admin1", path="/admin/login/?next=/admin/")
    assert response.status_code == 302
    page = client.get("/admin/")
    assert page.status_code == 302 and page["Location"].startswith("/account/enrol/")


def test_a_handler_may_go_without_a_second_factor(client, handler):
    login(client, "hand")
    assert client.get("/").status_code == 200


def test_an_administrator_resets_a_lost_factor_and_the_user_enrols_again(client, dispatcher, administrator):
    login(client, "disp")
    _enrol(client, dispatcher)
    services.reset_second_factor(actor=administrator, user=dispatcher)
    assert not TOTPDevice.objects.filter(user=dispatcher).exists()
    assert "_auth_user_id" not in client.session  # the sessions ended
    login(client, "disp")
    assert client.get("/").url.startswith("/account/enrol/")
    assert AuditEntry.objects.filter(action=services.Action.SECOND_FACTOR_RESET).exists()


def test_the_token_endpoint_needs_the_code_of_an_enrolled_account(client, dispatcher):
    login(client, "disp")
    _enrol(client, dispatcher)
    device = TOTPDevice.objects.get(user=dispatcher)
    url = "/api/v1/auth/token/"
    assert client.post(url, {"username": "disp", "password": "Right-pass-2026"}).status_code == 400
    issued = client.post(
        url, {"username": "disp", "password": "Right-pass-2026", "otp": current_code(device, ahead=1)}
    )
    assert issued.status_code == 201 and len(issued.json()["token"]) == 40
