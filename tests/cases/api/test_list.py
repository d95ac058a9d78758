"""GET /api/v1/cases/: the user's cases only, filtered, sorted, paginated, in a bounded number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengguan.cases import services
from chengguan.cases.models import Case

from .conftest import CELL_A, CELL_B, COMMUNITY, HANDLING_DEPARTMENT, LIST_URL, centre, client_for, url

pytestmark = pytest.mark.django_db


def _report(world, *, cell=CELL_A, category="S0115", channel="hotline", text="门前堆放杂物", dispatch=True):
    lng, lat = centre(cell)
    case = services.report_case(
        description=text,
        channel=channel,
        lng=lng,
        lat=lat,
        category=category,
        reporter_name="李四",
        reporter_phone="13900001111",
        actor=world.operator,
    ).case
    if dispatch:
        services.accept_and_dispatch(case_id=case.pk, actor=world.dispatcher)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def cases(world):
    """Five cases: three for 市容环卫科 (S0115), one for 执法一大队 (S0501, street vendors), one new."""
    return {
        "shop": _report(world, text="饭店门前堆放纸箱"),
        "shop_b": _report(world, cell=CELL_B, text="超市门前乱堆货物", channel="patrol"),
        "shop_late": _report(world, text="水果店门前占道"),
        "vendor": _report(world, category="S0501", text="流动摊贩占道叫卖", channel="web"),
        "new": _report(world, text="刚报的问题", dispatch=False),
    }


def _numbers(user, **params) -> set[str]:
    response = client_for(user).get(LIST_URL, params)
    assert response.status_code == 200, response.json()
    return {row["number"] for row in response.json()["results"]}


def _n(cases, *names) -> set[str]:
    return {cases[name].number for name in names}


def test_a_handler_sees_only_the_department_s_cases(world, cases):
    assert _numbers(world.handler) == _n(cases, "shop", "shop_b", "shop_late")
    assert _numbers(world.dispatcher) == _n(cases, *cases)
    assert _numbers(world.other_handler) == set()


def test_filters(world, cases):
    Case.objects.filter(pk=cases["shop_late"].pk).update(deadline=timezone.now() - timedelta(hours=1))
    Case.objects.filter(pk=cases["vendor"].pk).update(reported_at=timezone.now() - timedelta(days=10))
    ten_days_ago = (timezone.localdate() - timedelta(days=10)).isoformat()
    user = world.dispatcher

    assert _numbers(user, state="reported") == _n(cases, "new")
    assert _numbers(user, state="reported,dispatched") == _n(cases, *cases)
    assert _numbers(user, department=HANDLING_DEPARTMENT) == _n(cases, "shop", "shop_b", "shop_late")
    assert _numbers(user, category="S0501") == _n(cases, "vendor")
    assert _numbers(user, category="S05") == _n(cases, "vendor")  # a major class takes its subclasses
    assert _numbers(user, cell=CELL_B) == _n(cases, "shop_b")
    assert _numbers(user, area=COMMUNITY) == _n(cases, *cases)
    assert _numbers(user, channel="patrol,web") == _n(cases, "shop_b", "vendor")
    assert _numbers(user, overdue="true") == _n(cases, "shop_late")
    assert _numbers(user, reported_before=ten_days_ago) == _n(cases, "vendor")
    assert _numbers(user, reported_after=timezone.localdate().isoformat()) == _n(cases, *cases) - _n(
        cases, "vendor"
    )
    assert _numbers(user, q="摊贩") == _n(cases, "vendor")
    assert _numbers(user, q=cases["shop"].number) == _n(cases, "shop")


def test_overdue_shows_in_the_row(world, cases):
    Case.objects.filter(pk=cases["shop"].pk).update(deadline=timezone.now() - timedelta(minutes=5))
    rows = {r["number"]: r for r in client_for(world.handler).get(LIST_URL).json()["results"]}
    assert rows[cases["shop"].number]["overdue"] is True and rows[cases["shop_b"].number]["overdue"] is False


def test_bad_filters_are_a_400_naming_the_parameter(world, cases):
    response = client_for(world.dispatcher).get(
        LIST_URL, {"state": "dispatched,lost", "reported_after": "soon"}
    )
    assert response.status_code == 400
    assert {"state", "reported_after"} <= set(response.json()["errors"])


def test_sorting_and_pagination(world, cases):
    client = client_for(world.dispatcher)
    ordered = sorted(_n(cases, *cases))

    first = client.get(LIST_URL, {"sort": "number", "page_size": 2}).json()
    second = client.get(LIST_URL, {"sort": "number", "page_size": 2, "page": 2}).json()

    assert first["count"] == 5 and first["previous"] is None and "page=2" in first["next"]
    assert [r["number"] for r in first["results"] + second["results"]] == ordered[:4]
    newest_first = client.get(LIST_URL, {"sort": "-number"}).json()["results"]
    assert [r["number"] for r in newest_first] == ordered[::-1]
    assert client.get(LIST_URL, {"page": 9}).status_code == 404


def _queries(user, path, **params) -> int:
    client = client_for(type(user).objects.get(pk=user.pk))  # nothing cached on the user object
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


def test_the_list_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for i in range(30):
        _report(world, cell=(CELL_A, CELL_B)[i % 2], category=("S0115", "S0501")[i % 2], dispatch=i % 3 > 0)
    few = _queries(world.handler, LIST_URL, page_size=2)

    with django_assert_max_num_queries(8):
        response = client_for(type(world.dispatcher).objects.get(pk=world.dispatcher.pk)).get(
            LIST_URL, {"page_size": 50}
        )
    assert len(response.json()["results"]) == 30
    assert _queries(world.handler, LIST_URL, page_size=50) == few  # no query per row


def test_the_detail_takes_a_fixed_number_of_queries(world, dispatched, act):
    short = _queries(world.dispatcher, url(dispatched))
    act(world.handler, dispatched, "start")
    for _ in range(3):
        act(world.handler, dispatched, "request_extension", {"working_days": 1, "reason": "等"})
        act(world.lead, dispatched, "decide_request", {"approve": True})
    assert _queries(world.dispatcher, url(dispatched)) == short
