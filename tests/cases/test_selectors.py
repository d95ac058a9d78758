"""Who sees which cases, and the filters every case list offers."""

from datetime import datetime
from types import SimpleNamespace
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from chengguan.cases import selectors, services
from chengguan.cases.models import Case
from chengguan.cases.states import Channel, State

from .conftest import (
    CELL_1,
    CELL_2,
    CELL_3,
    COMMUNITY,
    COMMUNITY_2,
    DEPT_A,
    DEPT_A_UNIT,
    DEPT_B,
    DISTRICT,
    KIOSK,
    STREET,
    STREET_2,
    centre,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 16, 10, 0, tzinfo=SHANGHAI)  # a Monday morning


def clock(*args):
    return mock.patch("django.utils.timezone.now", return_value=datetime(*args, tzinfo=SHANGHAI))


def place(cell: str) -> dict:
    lng, lat = centre(cell)
    return {"lng": lng, "lat": lat}


@pytest.fixture
def cases(make_case, people, departments) -> SimpleNamespace:
    def dispatched_to(department: str, **report):
        case = make_case(State.ACCEPTED, **report)
        services.dispatch_case(case_id=case.pk, actor=people.dispatcher, department=departments[department])
        return Case.objects.get(pk=case.pk)

    with clock(2026, 11, 2, 9, 0):  # 4 working hours: long overdue by NOW
        late = make_case(State.IN_PROGRESS, description="垃圾堆在路口", **place(CELL_1))
    with clock(2026, 11, 10, 9, 0):  # 5 working days: due 17 November
        kiosk = dispatched_to(DEPT_B, category=KIOSK, description="報刊亭破損", **place(CELL_3))
    with clock(2026, 11, 16, 9, 0):  # due this afternoon
        unit = dispatched_to(DEPT_A_UNIT, description="绿化带垃圾", **place(CELL_2))
    with clock(2026, 11, 3, 9, 0):
        closed = make_case(State.CLOSED, description="垃圾已清", **place(CELL_1))
    with clock(2026, 11, 16, 9, 30):
        new = make_case(
            State.REPORTED,
            actor=people.citizen,
            channel=Channel.WEB,
            category="B0113",
            description="路灯不亮",
            lng=None,
            lat=None,
            address="池阳路88号",
        )
    return SimpleNamespace(late=late, kiosk=kiosk, unit=unit, closed=closed, new=new)


def visible(user) -> set:
    return set(selectors.visible_cases(user))


def test_a_handler_sees_their_department_and_the_units_below_it(cases, people):
    assert visible(people.handler) == {cases.late, cases.unit, cases.closed}
    assert visible(people.officer) == {cases.late, cases.unit, cases.closed}
    assert visible(people.unit_handler) == {cases.unit}  # not the department above
    assert visible(people.other_handler) == {cases.kiosk}


@pytest.mark.parametrize("who", ["dispatcher", "inspector", "intake", "shift_lead", "leader", "boss"])
def test_the_command_centre_inspectors_and_leaders_see_every_case(cases, people, who):
    assert visible(getattr(people, who)) == set(vars(cases).values())


def test_someone_without_a_staff_record_sees_only_what_they_entered(cases, people):
    assert visible(people.citizen) == {cases.new}
    assert visible(AnonymousUser()) == set() and visible(None) == set()


def test_an_inactive_staff_member_sees_nothing_of_the_department(cases, people):
    people.handler.staff.is_active = False
    people.handler.staff.save()
    assert visible(people.handler) == set()


def test_a_handler_also_sees_a_case_they_entered_on_patrol(cases, people, make_case):
    own = make_case(State.REPORTED, actor=people.other_handler, channel=Channel.PATROL)
    assert visible(people.other_handler) == {cases.kiosk, own}
    assert selectors.case_for(people.other_handler, own.number) == own
    assert selectors.case_for(people.other_handler, cases.late.number) is None


FILTERS = [
    ({"state": "in_progress"}, {"late"}),
    ({"state": "dispatched,reported"}, {"kiosk", "unit", "new"}),
    ({"state": ["closed", "reported"]}, {"closed", "new"}),
    ({"department": DEPT_A}, {"late", "closed"}),
    ({"department": DEPT_B}, {"kiosk"}),
    ({"category": "S0102"}, {"late", "unit", "closed"}),
    ({"category": "B01"}, {"kiosk", "new"}),  # a major class: all of its subclasses
    ({"area": CELL_1}, {"late", "closed"}),
    ({"area": COMMUNITY}, {"late", "unit", "closed"}),
    ({"area": STREET_2}, {"kiosk"}),
    ({"area": COMMUNITY_2}, {"kiosk"}),
    ({"area": STREET}, {"late", "unit", "closed"}),
    ({"area": DISTRICT}, {"late", "kiosk", "unit", "closed"}),  # the whole district: every located case
    ({"cell": CELL_2}, {"unit"}),
    ({"channel": "web"}, {"new"}),
    ({"overdue": "1"}, {"late"}),
    ({"overdue": "0"}, {"late", "kiosk", "unit", "closed", "new"}),
    ({"reported_after": "2026-11-10"}, {"kiosk", "unit", "new"}),
    ({"reported_before": "2026-11-03"}, {"late", "closed"}),
    ({"reported_after": "2026-11-03", "reported_before": "2026-11-10"}, {"kiosk", "closed"}),
    ({"q": "垃圾"}, {"late", "unit", "closed"}),
    ({"q": "报刊亭"}, {"kiosk"}),  # typed in traditional characters, found in simplified
    ({"q": "池阳路"}, {"new"}),  # the address
    ({"q": "不存在的东西"}, set()),
    ({"department": DEPT_A, "state": "closed"}, {"closed"}),
    ({"state": "", "q": " ", "unknown": "x"}, {"late", "kiosk", "unit", "closed", "new"}),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS, ids=[str(params) for params, _ in FILTERS])
def test_filters(cases, people, params, expected):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        found = set(selectors.filter_cases(selectors.visible_cases(people.dispatcher), params))
    assert found == {getattr(cases, name) for name in expected}


def test_a_case_is_found_by_its_number(cases, people):
    found = selectors.filter_cases(selectors.visible_cases(people.dispatcher), {"q": cases.kiosk.number})
    assert list(found) == [cases.kiosk]


def test_filters_never_widen_what_a_user_may_see(cases, people):
    assert set(selectors.filter_cases(selectors.visible_cases(people.other_handler), {"q": "垃圾"})) == set()


def test_sorting(cases, people):
    qs = selectors.visible_cases(people.dispatcher)
    assert list(selectors.sort_cases(qs, "reported")) == [
        cases.late,
        cases.closed,
        cases.kiosk,
        cases.unit,
        cases.new,
    ]
    assert list(selectors.sort_cases(qs, "nonsense"))[0] == cases.new  # newest first by default


def test_permission_without_an_object_does_not_crash(people):
    assert people.handler.has_perm("cases.view_case") is False
    assert people.dispatcher.has_perm("cases.view_case") is True
