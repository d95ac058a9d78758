"""A dispatcher's log-in in a real browser: enrolment with the QR code's key, a TOTP code, log-out, log-in
with a code; wrong codes and wrong passwords lock the account after the configured count, and the right
password then fails until an administrator unlocks it."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from chengguan.org.models import Role
from chengguan.org.roles import RoleCode
from tests.factories import StaffFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.second_factor]

PASSWORD = "Dispatch-pass-2026"
ADMIN_KEY = b"admin-browser-test-k".hex()


def _code(key_bytes: bytes, ahead: int = 0) -> str:
    return f"{TOTP(key_bytes, drift=ahead).token():06d}"


def _log_in(page, site, username, password):
    page.goto(site + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form:has(#id_password) button[type=submit]").click()


def _log_out(page):
    page.locator("header form[action='/logout/'] button").click()


def test_dispatcher_enrols_uses_a_code_is_locked_out_and_unlocked(page, browser, live_server, settings):
    settings.AXES_FAILURE_LIMIT = 5
    site = live_server.url
    Role.objects.get_or_create(code=RoleCode.DISPATCHER)  # an earlier transactional test may have flushed it
    StaffFactory(user=UserFactory(username="disp", password=PASSWORD), roles=[RoleCode.DISPATCHER])
    admin = UserFactory(username="root", password=PASSWORD, is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=admin, name="phone", key=ADMIN_KEY, confirmed=True)

    # 1. First log-in: the dispatcher must set up an authenticator from the QR code (or its key).
    _log_in(page, site, "disp", PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/enrol/"))
    expect(page.locator("[data-qr] svg")).to_be_visible()
    secret = page.locator("[data-secret]").inner_text().strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.locator("#id_code").fill(_code(key))
    page.locator("main form:has(#id_code) button[type=submit]").click()
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.locator("[data-continue]").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()

    # 2. Log out, log in again: password, then the current code.
    _log_out(page)
    _log_in(page, site, "disp", PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/verify/"))
    page.locator("#id_code").fill(_code(key, ahead=1))  # the enrolment used the current step's code
    page.locator("main form:has(#id_code) button[type=submit]").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    _log_out(page)

    # 3. Two wrong codes and three wrong passwords: five failures lock the account.
    _log_in(page, site, "disp", PASSWORD)
    for _ in range(2):
        page.locator("#id_code").fill("000000")
        page.locator("main form:has(#id_code) button[type=submit]").click()
        expect(page.get_by_role("alert")).to_be_visible()
    _log_out(page)
    for _ in range(3):
        _log_in(page, site, "disp", "wrong-password-1")
    _log_in(page, site, "disp", PASSWORD)
    expect(page.locator("[data-locked]")).to_be_visible()

    # 4. An administrator (password and code) unlocks the account in the admin.
    admin_context = browser.new_context(locale="zh-CN")
    admin_page = admin_context.new_page()
    _log_in(admin_page, site, "root", PASSWORD)
    admin_page.locator("#id_code").fill(_code(bytes.fromhex(ADMIN_KEY)))
    admin_page.locator("main form:has(#id_code) button[type=submit]").click()
    admin_page.goto(site + "/admin/auth/user/?q=disp")
    admin_page.locator("input[name=_selected_action]").first.check()
    admin_page.locator("select[name=action]").select_option("unlock")
    admin_page.locator("button[name=index]").click()
    expect(admin_page.locator(".messagelist")).to_be_visible()
    admin_context.close()

    # 5. The right password works again; a recovery code stands in for the authenticator.
    _log_in(page, site, "disp", PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/verify/"))
    page.locator("#id_code").fill(codes[0])
    page.locator("main form:has(#id_code) button[type=submit]").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
