import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chengguan.notices import services
from chengguan.org.models import Department, DepartmentKind
from chengguan.org.roles import RoleCode as R
from tests.factories import StaffFactory, UserFactory

TZ = ZoneInfo("Asia/Shanghai")
# Monday 2026-03-02 10:00: five working days later is Monday 2026-03-09 10:00 (no holiday between).
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


def png(name="evidence.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the objection rate limit counts per address in the cache


@pytest.fixture
def org(db):
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    office = Department.objects.create(
        code="CGJ-WMB", name="文明办", kind=DepartmentKind.SECTION, parent=bureau
    )
    other = Department.objects.create(
        code="CGJ-HWC", name="环卫处", kind=DepartmentKind.SECTION, parent=bureau
    )

    def staff(username, department, *roles):
        user = UserFactory(username=username)
        StaffFactory(user=user, name=f"{username}姓名", department=department, roles=list(roles))
        return user

    return {
        "bureau": bureau,
        "office": office,
        "other": other,
        "officer": staff("officer", office, R.CIVILITY_OFFICER),
        "leader": staff("leader", bureau, R.LEADER),
        "outsider": staff("outsider", other, R.CIVILITY_OFFICER),
        "handler": staff("handler", office, R.HANDLER),
    }


@pytest.fixture
def draft(org):
    return services.create_notice(
        actor=org["officer"],
        title="2026年3月城管每月一星公示",
        body="经党组研究，拟评选张三为本月之星。",
        owner_department=org["office"],
        subject_type="test.star",
        subject_id="7",
        subject_label="每月一星",
    )


@pytest.fixture
def published(draft, org):
    return services.publish_notice(notice_id=draft.pk, actor=org["officer"], now=MONDAY)


def object_to(notice, *, now=MONDAY, **extra):
    values = {"name": "李四", "phone": "13812345678", "text": "张三上月有迟到记录。", **extra}
    return services.file_objection(notice_id=notice.pk, actor=services.PUBLIC, now=now, **values)
