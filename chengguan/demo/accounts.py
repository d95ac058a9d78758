"""Demo log-ins: one per role plus a superuser, all with the same published password. Only the
`demo_city` command creates them, and only where settings.CHENGGUAN_DEMO_ALLOWED is true."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from chengguan.accounts.selectors import SECOND_FACTOR_ROLES
from chengguan.org.roles import RoleCode

from .staff import DEPARTMENT_HANDLERS, Roster

DEMO_PASSWORD = "demo12345"
# The authenticator key of every demo account whose role needs a second factor: published, like the
# password (`chengguan demo_code USERNAME` prints the current code). Base32 for an app:
# MNUGK3THM52WC3RNMRSW23ZNORXXI4BB.
DEMO_TOTP_KEY = b"chengguan-demo-totp!".hex()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str  # a RoleCode value; the superuser's staff record has the administrator role
    label_zh: str
    label_en: str
    is_staff: bool = False
    is_superuser: bool = False


_LOGINS = [
    (RoleCode.INTAKE_OPERATOR, "受理员", "intake operator"),
    (RoleCode.DISPATCHER, "派遣员", "dispatcher"),
    (RoleCode.SHIFT_LEAD, "值班长", "shift lead"),
    (RoleCode.HANDLER, "部门处置人员", "department handler"),
    (RoleCode.INSPECTOR, "监督员", "inspector"),
    (RoleCode.ENFORCEMENT_OFFICER, "执法队员", "enforcement officer"),
    (RoleCode.AUXILIARY, "协管员", "auxiliary"),
    (RoleCode.DISCIPLINE, "督察员", "discipline inspector"),
    (RoleCode.CIVILITY_OFFICER, "文明办工作人员", "civility officer"),
    (RoleCode.LEADER, "局领导", "leader"),
    (RoleCode.ADMINISTRATOR, "系统管理员", "administrator"),
]


def demo_logins() -> list[DemoLogin]:
    """The demo log-ins, in the order they are shown: one per role (username = role code), a handler in
    each kind of department, then `admin`."""
    logins = [
        DemoLogin(str(code), DEMO_PASSWORD, str(code), zh, en, is_staff=code == RoleCode.ADMINISTRATOR)
        for code, zh, en in _LOGINS
    ]
    logins += [
        DemoLogin(username, DEMO_PASSWORD, str(RoleCode.HANDLER), zh, en)
        for username, _where, zh, en in DEPARTMENT_HANDLERS
    ]
    logins.append(
        DemoLogin(
            "admin",
            DEMO_PASSWORD,
            str(RoleCode.ADMINISTRATOR),
            "超级管理员",
            "superuser",
            is_staff=True,
            is_superuser=True,
        )
    )
    return logins


def demo_usernames() -> list[str]:
    return [login.username for login in demo_logins()]


def create_accounts(roster: Roster) -> int:
    """A user per demo log-in, linked to the staff member the roster chose for it."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo password is public anyway
    created = 0
    for login in demo_logins():
        member = roster.logins.get(login.username)
        if member is None:
            raise RuntimeError(f"the demo roster has nobody for the {login.username!r} log-in")
        user = User.objects.create(
            username=login.username,
            password=password,
            is_staff=login.is_staff,
            is_superuser=login.is_superuser,
            first_name=member.name,
        )
        member.user = user
        member.save(update_fields=["user", "updated_at"])
        created += 1
    ensure_demo_authenticators()
    return created


def needs_authenticator(login: DemoLogin) -> bool:
    return login.is_staff or login.is_superuser or login.role in SECOND_FACTOR_ROLES


def ensure_demo_authenticators() -> int:
    """The demo authenticator (DEMO_TOTP_KEY) for every demo account whose role needs a second factor and
    has none yet: also for a demo city built before second factors existed. Returns how many were added."""
    User = get_user_model()
    wanted = [login.username for login in demo_logins() if needs_authenticator(login)]
    added = 0
    for user in User.objects.filter(username__in=wanted).exclude(totpdevice__confirmed=True):
        TOTPDevice.objects.create(user=user, name="demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
        added += 1
    return added
