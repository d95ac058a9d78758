import pytest
from django.core.cache import cache
from django_otp.oath import TOTP

from chengguan.org.roles import RoleCode
from tests.factories import StaffFactory, UserFactory

PASSWORD = "Right-pass-2026"


@pytest.fixture(autouse=True)
def _clean_counters():
    cache.clear()  # lockout memory (the growing cool-off) and rate limits live in the cache
    yield
    cache.clear()


@pytest.fixture
def dispatcher(db):
    return StaffFactory(
        user=UserFactory(username="disp", password=PASSWORD), roles=[RoleCode.DISPATCHER]
    ).user


@pytest.fixture
def handler(db):
    return StaffFactory(user=UserFactory(username="hand", password=PASSWORD), roles=[RoleCode.HANDLER]).user


@pytest.fixture
def administrator(db):
    return StaffFactory(
        user=UserFactory(username="admin1", password=PASSWORD, is_staff=True, is_superuser=True),
        roles=[RoleCode.ADMINISTRATOR],
    ).user


def current_code(device, ahead: int = 0) -> str:
    """The authenticator's code now, or `ahead` steps later (a used code is not accepted twice, and the
    device accepts the next step's code as clock drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead)
    return f"{totp.token():0{device.digits}d}"


def login(client, username, password=PASSWORD, path="/login/", **extra):
    return client.post(path, {"username": username, "password": password}, **extra)
