"""An organisation for the conduct tests: the bureau with its leader, the discipline office, a brigade with
its leader, a squad with certified officers, an officer whose certificate expired and an auxiliary, and an
unrelated section."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chengguan.conduct.defaults import load_default_checklists, load_default_rules
from chengguan.conduct.models import Rule
from chengguan.org.models import Certificate, Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from tests.factories import StaffFactory, UserFactory

PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_staff(username, department, *roles, name=None):
    user = UserFactory(username=username, password=PASSWORD)
    return StaffFactory(user=user, name=name or f"{username}姓名", department=department, roles=list(roles))


@pytest.fixture
def org(db):
    for code in R.values:
        Role.objects.get_or_create(code=code)
    load_default_rules()  # transactional tests flush the data migration's rows
    load_default_checklists()
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    office = Department.objects.create(
        code="CGJ-DCK", name="执法督察科", kind=DepartmentKind.SECTION, parent=bureau
    )
    brigade = Department.objects.create(
        code="CGJ-ZD1", name="执法一大队", kind=DepartmentKind.BRIGADE, parent=bureau
    )
    squad = Department.objects.create(
        code="CGJ-ZD1-1", name="一中队", kind=DepartmentKind.SQUAD, parent=brigade
    )
    other = Department.objects.create(
        code="CGJ-HWC", name="环卫处", kind=DepartmentKind.SECTION, parent=bureau
    )
    staff = {
        "discipline": make_staff("discipline", office, R.DISCIPLINE, name="督察员甲"),
        "chief": make_staff("chief", bureau, R.LEADER, name="局长"),
        "captain": make_staff("captain", brigade, R.LEADER, name="大队长"),
        "officer": make_staff("officer", squad, R.ENFORCEMENT_OFFICER, name="张执法"),
        "partner": make_staff("partner", squad, R.ENFORCEMENT_OFFICER, name="李执法"),
        "expired": make_staff("expired", squad, R.ENFORCEMENT_OFFICER, name="王过期"),
        "auxiliary": make_staff("auxiliary", squad, R.AUXILIARY, name="赵协管"),
        "cleaner": make_staff("cleaner", other, R.HANDLER, name="钱环卫"),
        "other_leader": make_staff("other_leader", other, R.LEADER, name="环卫处长"),
    }
    today = timezone.localdate()
    for key in ("officer", "partner"):
        Certificate.objects.create(
            staff=staff[key],
            number=f"ZF-{key}",
            valid_from=today - timedelta(days=400),
            valid_until=today + timedelta(days=400),
        )
    Certificate.objects.create(
        staff=staff["expired"],
        number="ZF-old",
        valid_from=today - timedelta(days=800),
        valid_until=today - timedelta(days=30),  # well before any action a test records
    )
    return {"bureau": bureau, "office": office, "brigade": brigade, "squad": squad, "other": other, **staff}


def user(org, key):
    return org[key].user


def rule(set_code: str, number: int = 1) -> Rule:
    return Rule.objects.get(rule_set__code=set_code, number=number)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def mp4(text: str) -> bytes:
    """Bytes that begin as an MP4 container does (an `ftyp` box), then `text`."""
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + text.encode()


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or mp4(f"video bytes of {name}"), content_type="video/mp4")


def png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
