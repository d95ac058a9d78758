"""Demo accounts whose role needs a second factor share the published demo key; `demo_code` prints the
current code for them and for nobody else."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengguan.demo.accounts import DEMO_TOTP_KEY, ensure_demo_authenticators
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_code_prints_a_code_the_login_accepts(settings):
    settings.CHENGGUAN_DEMO_ALLOWED = True
    user = UserFactory(username="dispatcher")
    UserFactory(username="handler")
    assert ensure_demo_authenticators() == 1  # the dispatcher needs one; the handler does not
    assert ensure_demo_authenticators() == 0
    out = io.StringIO()
    call_command("demo_code", "dispatcher", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and TOTPDevice.objects.get(user=user, key=DEMO_TOTP_KEY).verify_token(code)


def test_demo_code_refuses_a_real_authenticator_and_production(settings):
    settings.CHENGGUAN_DEMO_ALLOWED = True
    user = UserFactory(username="real")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)  # a random key of its own
    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_code", "real")
    settings.CHENGGUAN_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="CHENGGUAN_DEMO_ALLOWED"):
        call_command("demo_code", "dispatcher")
