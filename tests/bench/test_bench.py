"""The benchmarks' own parts (not their speed): the synthetic city is a consistent city, and each floor
endpoint answers with the same rows as the page or endpoint it is the floor of."""

import json
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from bench.city import SYNTHETIC_MARK, Scale, build_city
from chengguan.cases.models import Case, CaseEvent, FollowUp
from chengguan.cases.selectors import desk_cases, visible_cases
from chengguan.cases.states import Action, State
from chengguan.org.models import Department, Staff
from chengguan.portal.selectors import recent_public_cases

pytestmark = pytest.mark.django_db
SMALL = Scale(cells=200, streets=3, departments=90, staff=400, cases=3000, days=60)


@pytest.fixture
def city():
    return build_city(SMALL, progress=lambda text: None)


def synthetic():
    """The generated cases (the demo district's modules add a few cases of their own)."""
    return Case.objects.filter(description__endswith=SYNTHETIC_MARK)


def test_the_city_has_the_asked_size_and_mix(city):
    assert synthetic().count() == city.cases == SMALL.cases
    assert Department.objects.count() == SMALL.departments and Staff.objects.count() == SMALL.staff
    assert CaseEvent.objects.filter(case__in=synthetic()).count() == city.events
    assert FollowUp.objects.filter(case__in=synthetic()).count() == city.follow_ups > 0
    states = Counter(synthetic().values_list("state", flat=True))
    assert states[State.CLOSED] > 0.8 * SMALL.cases
    assert states[State.REJECTED] > 0 and states[State.REPORTED] > 0 and states[State.IN_PROGRESS] > 0
    assert (
        synthetic().filter(rework_count__gt=0).exists() and synthetic().filter(send_back_count__gt=0).exists()
    )
    assert synthetic().filter(handled_at__gt=timezone.now() - timedelta(days=SMALL.days + 1)).exists()
    assert synthetic().values("department").distinct().count() > 20  # the cases are spread over departments


def test_every_timeline_leads_to_its_case_state(city):
    last_state, previous, counts = {}, {}, Counter()
    events = CaseEvent.objects.filter(case__in=synthetic()).order_by("case_id", "at", "id")
    for case_id, action, old, new in events.values_list("case_id", "action", "from_state", "to_state"):
        assert old == previous.get(case_id, ""), (case_id, action)
        previous[case_id] = last_state[case_id] = new
        counts[action] += 1
    for case_id, state, department_id, deadline in synthetic().values_list(
        "pk", "state", "department", "deadline"
    ):
        assert last_state[case_id] == state
        if state in (State.DISPATCHED, State.IN_PROGRESS, State.HANDLED, State.VERIFIED, State.CLOSED):
            assert department_id is not None and deadline is not None
    assert counts[Action.REPORT] == SMALL.cases and counts[Action.VERIFY_FAIL] > 0
    numbers = list(synthetic().values_list("number", "reported_at"))
    assert len({number for number, _ in numbers}) == len(numbers)
    local = timezone.get_current_timezone()
    assert all(number[:8] == reported.astimezone(local).strftime("%Y%m%d") for number, reported in numbers)


@override_settings(ROOT_URLCONF="bench.urls")
def test_floors_answer_with_the_same_rows(city, client):
    admin = get_user_model().objects.create_superuser("bench-admin", password="pw-for-tests-1")
    desk = client.get("/bench/floor/sql/desk/").json()["desk"]
    assert [row[1] for row in desk] == [case.number for case in desk_cases(admin)[:20]]

    case = Case.objects.filter(state=State.CLOSED).first()
    answer = client.get("/bench/floor/sql/case/", {"number": case.number}).json()
    assert answer["case"][0][1] == case.number and len(answer["timeline"]) == case.events.count()

    west, south, east, north = 117.0, 30.0, 118.0, 31.0
    since = (timezone.now() - timedelta(days=90)).isoformat()
    params = {"west": west, "south": south, "east": east, "north": north, "since": since}
    markers = client.get("/bench/floor/sql/markers/", params).json()["markers"]
    expected = recent_public_cases(bbox=(west, south, east, north)).filter(lng__isnull=False)[:1000]
    assert [row[0] for row in markers] == [c.number for c in expected] and markers

    closed = visible_cases(admin).filter(state=State.CLOSED, category=case.category)
    listed = client.get("/bench/floor/sql/list/", {"state": "closed", "category": case.category_id}).json()
    assert [row[1] for row in listed["list"]] == [
        c.number for c in closed.order_by("-reported_at", "-id")[:50]
    ]


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bare_insert_floor_stores_one_row_off_the_public_pages(city, client):
    before = Case.objects.count()
    payload = {"description": "路灯不亮", "lng": 117.49, "lat": 30.66, "channel": "api", "key": "floor-1"}
    response = client.post("/bench/floor/insert/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201 and Case.objects.count() == before + 1
    row = Case.objects.get(intake_key="floor-1")
    assert row.state == State.REJECTED and row.number.isdigit()
    assert client.post("/bench/floor/insert/", "not json", content_type="application/json").status_code == 400
