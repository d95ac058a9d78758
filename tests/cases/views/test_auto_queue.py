"""The desk's auto-dispatched queue: each case the system dispatched with its probability, model version
and evidence, a one-click pull-back (htmx, in place) for dispatchers, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chengguan.cases.models import AutoDispatch, Case, CaseEvent, TrainingExample
from chengguan.cases.states import Action, State

from .conftest import HTMX

pytestmark = pytest.mark.django_db

URL = reverse("cases:desk") + "?queue=auto"


def auto_dispatched(make_case, probability=0.93, version=3):
    case = make_case(State.DISPATCHED)
    AutoDispatch.objects.create(
        case=case,
        category=case.category,
        department=case.department,
        probability=probability,
        threshold=0.9,
        model_version=version,
        evidence="垃圾、清运",
        dispatched_at=case.dispatched_at,
    )
    return case


def count(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_queue_shows_why_each_case_was_dispatched(client, make_case, people):
    case = auto_dispatched(make_case)
    by_hand = make_case(State.DISPATCHED)  # dispatched by a person: not in this queue
    client.force_login(people.dispatcher)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="row-{case.number}"' in html and f'id="row-{by_hand.number}"' not in html
    assert 'data-probability="0.930"' in html and "v3" in html and "垃圾、清运" in html
    assert 'data-action="pull_back"' in html
    assert 'data-counter="auto"' in client.get(reverse("cases:desk") + "?queue=new").content.decode()


def test_the_queue_makes_a_fixed_number_of_queries(client, make_case, people):
    client.force_login(people.dispatcher)
    auto_dispatched(make_case)
    client.get(URL)  # warm the per-process caches
    few = count(client)
    for _ in range(8):
        auto_dispatched(make_case)
    assert count(client) == few


def test_one_click_pulls_a_case_back_to_the_desk(client, make_case, people):
    case = auto_dispatched(make_case)
    client.force_login(people.dispatcher)
    response = client.post(
        reverse("cases:act", args=[case.number, "pull_back"]), {"fragment": "desk", "next": URL}, **HTMX
    )
    assert response.status_code == 200
    assert f'id="row-{case.number}"' in response.content.decode()
    assert 'data-state="accepted"' in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.department_id is None
    assert CaseEvent.objects.filter(case=case, action=Action.PULL_BACK, actor=people.dispatcher).exists()
    assert TrainingExample.objects.filter(case=case).count() == 1
    assert f'id="row-{case.number}"' not in client.get(URL).content.decode()


def test_a_handler_cannot_open_the_desk_or_pull_back(client, make_case, people):
    case = auto_dispatched(make_case)
    client.force_login(people.handler)
    assert client.get(URL).status_code == 403
    client.post(reverse("cases:act", args=[case.number, "pull_back"]), {})
    assert Case.objects.get(pk=case.pk).state == State.DISPATCHED


def test_the_case_page_offers_the_pull_back_only_for_an_auto_dispatched_case(client, make_case, people):
    case, by_hand = auto_dispatched(make_case), make_case(State.DISPATCHED)
    client.force_login(people.dispatcher)
    assert (
        'data-action="pull_back"' in client.get(reverse("cases:detail", args=[case.number])).content.decode()
    )
    page = client.get(reverse("cases:detail", args=[by_hand.number])).content.decode()
    assert 'data-action="pull_back"' not in page
