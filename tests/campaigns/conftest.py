"""The world the campaign tests run in: a bureau with its civility office (文明办) and a section below it,
a command centre, staff for each role, participant units of every kind with their own log-ins, and the
五进 campaign launched from its template and taking applications."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from chengguan.campaigns import services
from chengguan.campaigns.models import Application, ApplicationState, UnitKind
from chengguan.notices import services as notices
from chengguan.org.models import Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from tests.factories import StaffFactory, UserFactory

TZ = ZoneInfo("Asia/Shanghai")
START = date(2026, 9, 1)  # 五进: 2026-09-01 … 2026-11-30, applications until 09-20, reports due on the 15th
IN_WINDOW = datetime(2026, 9, 7, 10, 0, tzinfo=TZ)  # a Monday


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _staff(username, department, *roles):
    return StaffFactory(
        user=UserFactory(username=username), name=f"{username}姓名", department=department, roles=list(roles)
    )


@pytest.fixture
def org(db):
    for code in R.values:
        Role.objects.get_or_create(code=code)
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    office = Department.objects.create(
        code="CGJ-WMB", name="文明办", kind=DepartmentKind.SECTION, parent=bureau
    )
    other = Department.objects.create(
        code="CGJ-HWC", name="环卫处", kind=DepartmentKind.SECTION, parent=bureau
    )
    centre = Department.objects.create(
        code="CGJ-ZX", name="指挥中心", kind=DepartmentKind.SECTION, parent=bureau
    )
    inspector = _staff("inspector", centre, R.INSPECTOR)
    return SimpleNamespace(
        bureau=bureau,
        office=office,
        other=other,
        centre=centre,
        officer=_staff("officer", office, R.CIVILITY_OFFICER).user,
        outsider=_staff("outsider", other, R.CIVILITY_OFFICER).user,
        leader=_staff("leader", bureau, R.LEADER).user,
        inspector_staff=inspector,
        inspector=inspector.user,
        stranger_inspector=_staff("inspector2", centre, R.INSPECTOR).user,
        intake=_staff("intake", centre, R.INTAKE_OPERATOR).user,
        dispatcher=_staff("dispatcher", centre, R.DISPATCHER).user,
        handler=_staff("handler", other, R.HANDLER).user,
    )


def make_unit(name, kind, username=None, *, actor):
    unit = services.register_unit(actor=actor, name=name, kind=kind, address=f"{name}门口")
    if username:
        services.add_unit_account(actor=actor, unit_id=unit.pk, username=username, password="pw-for-tests-1")
    return unit


@pytest.fixture
def units(org):
    return SimpleNamespace(
        site=make_unit("城东建筑工地", UnitKind.BUILDING_SITE, "site", actor=org.officer),
        school=make_unit("实验小学", UnitKind.SCHOOL, "school", actor=org.officer),
        shop=make_unit("百货商店", UnitKind.SHOP, "shop", actor=org.officer),
        organ=make_unit("县财政局", UnitKind.ORGAN, "organ", actor=org.officer),
        town=make_unit("舒桥集镇", UnitKind.TOWN, "town", actor=org.officer),
    )


def unit_user(unit):
    return unit.members.get().user


@pytest.fixture
def campaign(org):
    return services.launch_campaign(
        actor=org.officer,
        blueprint="wujin",
        owner_department=org.office,
        starts_on=START,
        quota={"*": 2},
        inspectors=[org.inspector_staff],
    )


def apply(campaign, unit, statement="我单位申请参加“五进”活动。"):
    return services.apply_for_campaign(
        campaign_id=campaign.pk, actor=unit_user(unit), unit_id=unit.pk, statement=statement, now=IN_WINDOW
    )


def confirm(notice, django_capture_on_commit_callbacks):
    """Let the notice's window pass with no objection: it is confirmed and its outcome handler runs."""
    with django_capture_on_commit_callbacks(execute=True):
        notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=datetime(2026, 12, 31, tzinfo=TZ))


@pytest.fixture
def accepted(campaign, units, org, django_capture_on_commit_callbacks):
    """The site, the school and the shop applied, were on notice and are accepted."""
    for unit in (units.site, units.school, units.shop):
        apply(campaign, unit)
    notice = services.publish_applications(campaign_id=campaign.pk, actor=org.officer, now=IN_WINDOW)
    confirm(notice, django_capture_on_commit_callbacks)
    rows = {a.unit_id: a for a in Application.objects.filter(campaign=campaign)}
    assert all(a.state == ApplicationState.ACCEPTED for a in rows.values())
    return SimpleNamespace(site=rows[units.site.pk], school=rows[units.school.pk], shop=rows[units.shop.pk])


def full_marks(campaign, kind="building_site", **changes):
    """Every item for the kind of unit (the fixtures' site by default) at full points, but `changes`."""
    scores = {item.code: (item.points, "") for item in campaign.standards_for(kind)}
    scores.update(changes)
    return scores
