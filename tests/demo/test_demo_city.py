"""`chengguan demo_city`: a small demo district built end to end, checked the way a user would see it."""

import io
import random
from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from shapely import STRtree
from shapely.geometry import shape

from chengguan.core import versioning
from chengguan.demo.accounts import DEMO_PASSWORD, demo_logins
from chengguan.demo.builder import DemoError, build_demo_city
from chengguan.grid import locator
from chengguan.grid.models import Area, AreaLevel, Cell, CellResponsibility, ResponsibilityTier
from chengguan.org.models import Department, DepartmentKind, Staff
from chengguan.org.roles import RoleCode
from chengguan.taxonomy.models import Category, Responsibility

pytestmark = pytest.mark.django_db
SMALL = {"cells": 200, "streets": 3}


@pytest.fixture
def small_city():
    return build_demo_city(seed=2026, **SMALL)


def test_small_city_has_the_asked_shape(small_city):
    district = Area.objects.get(code="341702")
    streets = list(Area.objects.filter(parent=district))
    communities = list(Area.objects.filter(level=AreaLevel.COMMUNITY))
    cells = list(Cell.objects.select_related("community"))

    assert district.name == "贵池区" and district.level == AreaLevel.DISTRICT
    assert [s.code for s in streets] == ["341702001", "341702002", "341702003"]
    assert [s.name for s in streets] == ["池阳街道", "秋浦街道", "江口街道"]
    assert 15 <= len(communities) <= 18
    assert all(c.code[:9] == c.parent.code and len(c.code) == 12 for c in communities)
    assert 200 <= len(cells) < 260
    assert small_city.cells == len(cells)
    for cell in cells:
        assert len(cell.code) == 15 and cell.code.isdigit()
        assert cell.code.startswith(cell.community.code)
        assert 9_000 < cell.area_m2 < 11_000, "cells are about 100 m × 100 m"
        assert cell.inspector_id is not None


def test_cells_do_not_overlap_and_lie_in_their_community(small_city):
    cells = list(Cell.objects.select_related("community__parent"))
    shapes = [shape(c.geometry) for c in cells]
    tree = STRtree(shapes)
    for i in random.Random(0).sample(range(len(cells)), 60):
        for j in tree.query(shapes[i]):
            if j != i:
                assert shapes[i].intersection(shapes[j]).area < 1e-12, (
                    f"{cells[i].code} overlaps {cells[j].code}"
                )
        community = shape(cells[i].community.geometry)
        assert community.buffer(1e-9).contains(shapes[i])
        assert shape(cells[i].community.parent.geometry).buffer(1e-9).contains(community)
    for community in Area.objects.filter(level=AreaLevel.COMMUNITY):
        block = [shape(c.geometry) for c in cells if c.community_id == community.pk]
        assert sum(s.area for s in block) == pytest.approx(shape(community.geometry).area, rel=1e-6), (
            f"{community.name} has gaps"
        )
    centre = shape(Area.objects.get(code="341702").geometry).centroid
    assert centre.x == pytest.approx(117.49, abs=0.02) and centre.y == pytest.approx(30.66, abs=0.02)


def test_every_cell_has_the_four_tiers(small_city):
    tiers = Counter(CellResponsibility.objects.values_list("cell_id", "tier"))
    assert set(tiers.values()) == {1}
    per_cell = Counter(cell_id for cell_id, _ in tiers)
    assert set(per_cell.values()) == {4}
    assert len(per_cell) == Cell.objects.count()
    for duty in CellResponsibility.objects.select_related("staff__department", "cell__community")[:400]:
        if duty.tier == ResponsibilityTier.ENFORCEMENT:
            assert duty.staff.has_role(RoleCode.ENFORCEMENT_OFFICER)
            assert duty.staff.department.kind == DepartmentKind.SQUAD
        elif duty.tier == ResponsibilityTier.COMMUNITY:
            assert duty.name == duty.cell.community.name
        else:
            assert duty.staff_id is None and duty.name and duty.phone


def test_every_role_has_a_demo_login_that_authenticates(small_city):
    logins = demo_logins()
    assert {login.role for login in logins} == set(RoleCode.values)
    assert {login.username for login in logins} >= set(RoleCode.values) | {"admin"}
    for login in logins:
        user = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        assert user.staff.has_role(login.role)
        assert user.is_staff == (login.username in {"admin", "administrator"})
    assert get_user_model().objects.get(username="admin").is_superuser
    assert get_user_model().objects.get(username="inspector").staff.inspected_cells.exists()
    assert Staff.objects.get(user__username="civility_officer").department.code == "WMB"
    assert Staff.objects.get(user__username="dispatcher").department.code == "CGJ-SZCG"
    handler_department = Staff.objects.get(user__username="handler").department
    assert Responsibility.objects.filter(department=handler_department).count() >= 5


def test_only_enforcement_officers_hold_certificates(small_city):
    officers = Staff.objects.filter(roles__code=RoleCode.ENFORCEMENT_OFFICER).distinct()
    auxiliaries = Staff.objects.filter(roles__code=RoleCode.AUXILIARY).distinct()
    assert officers.count() >= 20 and auxiliaries.count() >= 10
    assert all(o.certificates.exists() for o in officers)
    assert not any(a.certificates.exists() for a in auxiliaries)
    assert not auxiliaries.filter(roles__code=RoleCode.ENFORCEMENT_OFFICER).exists()
    today = date.today()
    expired = [o for o in officers if o.valid_certificate(today) is None]
    expiring = [
        o for o in officers if (c := o.valid_certificate(today)) and (c.valid_until - today).days <= 30
    ]
    assert 1 <= len(expired) <= 5 and 1 <= len(expiring) <= 5
    assert Staff.objects.get(user__username="enforcement_officer").valid_certificate(today) is not None


def test_departments_and_street_order_routing(small_city):
    assert Department.objects.get(code="CGJ").kind == DepartmentKind.BUREAU
    for code in ("CGJ-DCK", "CGJ-SZCG", "CGJ-ZD1", "CGJ-ZD3", "CGJ-CK1", "CGJ-CK2", "CGJ-HWC"):
        assert Department.objects.get(code=code).path.startswith("/CGJ/")
    assert Department.objects.filter(kind=DepartmentKind.SQUAD, parent__code="CGJ-ZD2").count() in (2, 3)
    for code in ("EXT-POWER", "EXT-PSB", "WMB", "JD-341702001"):
        department = Department.objects.get(code=code)
        assert department.kind == DepartmentKind.EXTERNAL and department.parent is None
    assert Department.objects.get(code="JD-341702002").name == "秋浦街道办事处"
    assert Category.objects.count() > 50
    street_order = Category.objects.filter(code__in=["S0501", "S0504"])
    assert street_order.exists()
    for street in Area.objects.filter(level=AreaLevel.STREET):
        for category in street_order:
            route = Responsibility.objects.get(category=category, area=street)
            assert route.department.code == f"JD-{street.code}"


def test_the_locator_sees_the_new_cells_at_once():
    assert locator.locate(117.49, 30.66) is None
    before = versioning.current("grid")
    build_demo_city(seed=1, **SMALL)
    assert versioning.current("grid") > before  # bulk inserts send no signals: the build bumps it
    for cell in list(Cell.objects.order_by("code"))[::11]:
        assert locator.locate(cell.center_lng, cell.center_lat).code == cell.code


def snapshot():
    return {
        "cells": list(Cell.objects.order_by("code").values_list("code", "min_lng", "min_lat")),
        "staff": list(
            Staff.objects.order_by("employee_no").values_list("employee_no", "name", "title", "phone")
        ),
        "duties": list(
            CellResponsibility.objects.order_by("cell__code", "tier").values_list(
                "cell__code", "tier", "name", "staff__name"
            )
        ),
        "logins": list(
            Staff.objects.filter(user__isnull=False)
            .order_by("user__username")
            .values_list("user__username", "name")
        ),
    }


def test_same_seed_rebuilds_the_same_city_and_another_seed_does_not():
    call_command("demo_city", "--seed", "7", "--cells", "200", "--streets", "3", stdout=io.StringIO())
    first = snapshot()
    call_command(
        "demo_city", "--reset", "--seed", "7", "--cells", "200", "--streets", "3", stdout=io.StringIO()
    )
    again = snapshot()
    assert again == first
    call_command(
        "demo_city", "--reset", "--seed", "8", "--cells", "200", "--streets", "3", stdout=io.StringIO()
    )
    other = snapshot()
    assert other["staff"] != first["staff"]
    assert Area.objects.filter(code="341702").count() == 1


def test_if_empty_reuses_an_existing_city(small_city):
    cells = Cell.objects.count()
    out = io.StringIO()
    call_command("demo_city", "--if-empty", stdout=out)
    assert "demo city already built, reusing it" in out.getvalue()
    assert "dispatcher" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    assert Cell.objects.count() == cells


def test_if_empty_builds_when_there_is_nothing_yet():
    out = io.StringIO()
    call_command("demo_city", "--if-empty", "--cells", "100", "--streets", "2", stdout=out)
    assert Cell.objects.count() >= 100
    assert "reusing" not in out.getvalue() and "admin" in out.getvalue()


def test_a_second_build_without_reset_is_refused_and_changes_nothing(small_city):
    staff = Staff.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        call_command("demo_city", "--cells", "100", "--streets", "2", stdout=io.StringIO())
    assert Staff.objects.count() == staff


def test_refused_where_the_demo_is_not_allowed(settings):
    settings.CHENGGUAN_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="CHENGGUAN_DEMO_ALLOWED"):
        call_command("demo_city", "--cells", "100", stdout=io.StringIO())
    with pytest.raises(CommandError, match="CHENGGUAN_DEMO_ALLOWED"):
        call_command("demo_city", "--if-empty", stdout=io.StringIO())
    with pytest.raises(DemoError):
        build_demo_city(**SMALL)
    assert not Area.objects.exists() and not get_user_model().objects.filter(username="admin").exists()


def test_bad_sizes_are_refused_with_a_sentence():
    with pytest.raises(CommandError, match="streets"):
        call_command("demo_city", "--streets", "40", stdout=io.StringIO())
    assert not Area.objects.exists()


def test_default_city_is_full_size():
    out = io.StringIO()
    call_command("demo_city", stdout=out)
    assert Cell.objects.count() >= 1500
    assert Area.objects.filter(level=AreaLevel.STREET).count() == 8
    assert Area.objects.filter(level=AreaLevel.COMMUNITY).count() >= 40
    assert Staff.objects.count() >= 150
    assert Department.objects.filter(kind=DepartmentKind.EXTERNAL).count() >= 20
    assert len(set(Staff.objects.values_list("name", flat=True))) == Staff.objects.count()
    text = out.getvalue()
    assert "8 streets" in text and "监督员" in text and "inspector" in text


def test_the_demo_gazetteer_has_roads_compounds_schools_and_markets_in_their_areas(small_city):
    from chengguan.grid import gazetteer
    from chengguan.grid.models import Place

    kinds = Counter(Place.objects.values_list("kind", flat=True))
    assert kinds["road"] >= 6 and kinds["compound"] >= 15 and kinds["school"] >= 3 and kinds["market"] >= 6
    school = gazetteer.search_places("貴池中學")[0]
    assert school["name"] == "贵池中学" and school["community"] and school["street"]
    there = gazetteer.describe_point(school["lng"], school["lat"])
    assert (there["community"], there["street"]) == (school["community"], school["street"])
    assert there["nearest"]["name"] == "贵池中学"
    for place in Place.objects.exclude(kind="road").select_related("community"):
        assert locator.locate(place.anchor_lng, place.anchor_lat) is not None, place.name
    build_demo_city(seed=2026, reset=True, **SMALL)  # a rebuild replaces the places, no duplicates
    assert Counter(Place.objects.values_list("kind", flat=True)) == kinds


def test_a_handler_log_in_in_each_kind_of_department_carries_a_lamp_case_through(small_city):
    """One handler per kind of department (and 路灯管理所's own), each somewhere else, all printed by
    `make demo`; a street-lamp case dispatched to 路灯管理所 is started and handled by its log-in."""
    from chengguan.adverts import rules as adverts_rules
    from chengguan.adverts.selectors import advert_section
    from chengguan.cases import services as cases
    from chengguan.cases.states import Channel, State
    from chengguan.demo.builder import write_logins
    from chengguan.demo.staff import DEPARTMENT_HANDLERS

    staff = {
        username: Staff.objects.select_related("department").get(user__username=username)
        for username in ["handler", *(row[0] for row in DEPARTMENT_HANDLERS)]
    }
    assert all(member.has_role(RoleCode.HANDLER) for member in staff.values())
    departments = {username: member.department for username, member in staff.items()}
    assert len({d.code for d in departments.values()}) == len(departments)  # each a department of its own
    kinds = {username: d.kind for username, d in departments.items()}
    assert kinds["handler-section"] == DepartmentKind.SECTION
    assert kinds["handler-brigade"] == DepartmentKind.BRIGADE
    assert kinds["handler-squad"] == DepartmentKind.SQUAD
    assert kinds["handler-window"] == DepartmentKind.WINDOW
    assert departments["handler-street"].code.startswith("JD-")
    assert departments["handler-lamp"].name == "路灯管理所"
    assert departments["handler-adverts"].name == "广告管理科"
    assert adverts_rules.may_register(staff["handler-adverts"].user, advert_section())
    out = io.StringIO()
    write_logins(out)
    for username, member in staff.items():
        assert f" {username} " in out.getvalue() and member.name in out.getvalue()

    lamp = staff["handler-lamp"].user
    dispatcher = get_user_model().objects.get(username="dispatcher")
    cell = Cell.objects.filter(community__parent__parent__code="341702").first()
    lng, lat = shape(cell.geometry).representative_point().coords[0]
    case = cases.report_case(
        description="路灯不亮", channel=Channel.HOTLINE, lng=lng, lat=lat, category="B0113", actor=dispatcher
    ).case
    cases.accept_case(case_id=case.pk, actor=dispatcher)
    cases.dispatch_case(case_id=case.pk, actor=dispatcher, department=departments["handler-lamp"])
    cases.start_handling(case_id=case.pk, actor=lamp)
    case = cases.report_handled(
        case_id=case.pk, actor=lamp, note="已更换灯泡", photos=[SimpleUploadedFile("after.jpg", _jpeg())]
    )
    assert case.state == State.HANDLED and case.department.name == "路灯管理所"


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (40, 160, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()
