"""The staff home page is each person's workbench (我的工作台): what waits for them, what is due today,
what is overdue and what they did last, each linked to the page where it is handled, in a fixed number of
queries however much there is."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.cases.states import State
from tests.cases.conftest import (  # noqa: F401 (fixtures)
    categories,
    departments,
    grid,
    make_case,
    media,
    people,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _caches_as_deployed(settings):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60.0


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_a_handler_sees_the_inbox_with_due_today_and_overdue_cases(client, make_case, people):  # noqa: F811
    overdue, today, later = (make_case(State.DISPATCHED) for _ in range(3))
    now = timezone.now()
    Case.objects.filter(pk=overdue.pk).update(deadline=now - timedelta(hours=3))
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=0, microsecond=0)
    if end_of_day - now < timedelta(minutes=5):
        pytest.skip("too close to midnight for a case due later today")
    Case.objects.filter(pk=today.pk).update(deadline=end_of_day)
    Case.objects.filter(pk=later.pk).update(deadline=now + timedelta(days=5))
    response = home(client, people.handler)
    bench = response.context["workbench"]
    (inbox,) = bench["duties"]
    assert (inbox.duty.key, inbox.total, inbox.overdue, inbox.due_today) == ("inbox", 3, 1, 1)
    assert [item["case"].number for item in bench["overdue"]] == [overdue.number]
    assert [item["case"].number for item in bench["due_today"]] == [today.number]
    html = response.content.decode()
    assert f'href="{reverse("cases:inbox")}"' in html
    assert f'href="{reverse("cases:detail", args=[overdue.number])}"' in html
    assert 'data-count="overdue"' in html and 'data-count="due-today"' in html
    assert bench["recent"] == []  # the dispatcher acted on these cases, not the handler


def test_each_role_has_its_own_lists(client, make_case, people):  # noqa: F811
    make_case(State.REPORTED)
    make_case(State.HANDLED)
    assert [v.duty.key for v in home(client, people.dispatcher).context["workbench"]["duties"]] == ["desk"]
    assert [v.duty.key for v in home(client, people.inspector).context["workbench"]["duties"]] == ["verify"]
    shift = home(client, people.shift_lead).context["workbench"]["duties"]
    assert [v.duty.key for v in shift] == ["desk", "verify"] and [v.total for v in shift] == [1, 1]
    assert [v.duty.key for v in home(client, people.leader).context["workbench"]["duties"]] == ["board"]
    other = home(client, people.other_handler).context["workbench"]["duties"]
    assert [(v.duty.key, v.total) for v in other] == [
        ("inbox", 0)
    ]  # another department's cases are not theirs


def test_my_recent_actions_link_to_their_cases(client, make_case, people):  # noqa: F811
    case = make_case(State.ACCEPTED)
    response = home(client, people.dispatcher)
    recent = response.context["workbench"]["recent"]
    assert [(event.case.number, event.action) for event in recent][:1] == [(case.number, "accept")]
    assert home(client, people.inspector).context["workbench"]["recent"] == []
    assert f'href="{reverse("cases:detail", args=[case.number])}"' in response.content.decode()


def queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("who", ["handler", "shift_lead", "leader"])
def test_the_workbench_makes_a_fixed_number_of_queries(client, make_case, people, who):  # noqa: F811
    user = getattr(people, who)
    late = timezone.now() - timedelta(hours=1)
    for state in (State.REPORTED, State.DISPATCHED, State.HANDLED):
        Case.objects.filter(pk=make_case(state).pk).update(deadline=late)
    few = queries(client, user)
    for _ in range(4):
        for state in (State.REPORTED, State.DISPATCHED, State.HANDLED, State.IN_PROGRESS):
            Case.objects.filter(pk=make_case(state).pk).update(deadline=late)
    assert queries(client, user) == few


def test_the_workbench_speaks_chinese(client, make_case, people, settings):  # noqa: F811
    settings.LANGUAGE_CODE = "zh-hans"
    make_case(State.DISPATCHED)
    html = home(client, people.handler).content.decode()
    for text in (
        "我的工作台",
        "我的待办",
        "本部门待处置",
        "今日到期",
        "我最近的操作",
        "您还没有办理过案件。",
    ):
        assert text in html, text
