"""The work lists make a fixed number of queries however long they are: each page is opened with a few
rows, then with ~30 (every kind of row), and must stay under the same bound both times."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.cases.models import Case, CaseRequest
from chengguan.cases.states import State, SupervisionLevel

pytestmark = pytest.mark.django_db

ROWS = 30


@pytest.fixture(autouse=True)
def _caches_as_deployed(settings):
    """Reference-data caches check their version at most every few seconds, as deployed (the test settings
    check on every use, which would count the working calendar's check once per row)."""
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60.0


NUMBERS = itertools.count(1)


def clone(case: Case, times: int, **changes) -> None:
    """`times` copies of the case (and of its pending request), each with a number of its own."""
    pending = case.requests.filter(decision=CaseRequest.Decision.PENDING).first()
    for _i in range(times):
        copy = Case.objects.get(pk=case.pk)
        copy.pk, copy.number, copy.intake_key = None, f"99{next(NUMBERS):08d}", None
        for field, value in changes.items():
            setattr(copy, field, value)
        copy.save()
        if pending is not None:
            CaseRequest.objects.create(
                case=copy,
                kind=pending.kind,
                working_days=pending.working_days,
                reason=pending.reason,
                requested_by=pending.requested_by,
                requested_at=pending.requested_at,
            )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


def grows(client, url: str, kinds: list[Case], times: int = 10) -> tuple[int, int]:
    """Queries for the page with one row of each kind, then with `times` more rows of each kind."""
    client.get(url)  # warm the per-process caches (reference data, the classifier)
    few = count(client, url)
    for case in kinds:
        clone(case, times)
    return few, count(client, url)


def test_the_inbox_makes_a_fixed_number_of_queries(client, make_case, people, django_assert_max_num_queries):
    client.force_login(people.handler)
    url = reverse("cases:inbox")
    late = make_case(State.DISPATCHED)
    Case.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(hours=2))
    kinds = [make_case(State.IN_PROGRESS, pending=CaseRequest.Kind.EXTENSION), make_case(State.REWORK), late]
    few, many = grows(client, url, kinds)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(url).context["rows"]) >= 25


def test_the_verification_list_makes_a_fixed_number_of_queries(
    client, make_case, people, django_assert_max_num_queries
):
    client.force_login(people.inspector)
    url = reverse("cases:verify")
    few, many = grows(client, url, [make_case(State.HANDLED)], times=ROWS)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(url).context["rows"]) == 20  # a full page


def test_the_board_makes_a_fixed_number_of_queries(client, make_case, people, django_assert_max_num_queries):
    client.force_login(people.shift_lead)
    url = reverse("cases:board")
    late = make_case(State.IN_PROGRESS)
    Case.objects.filter(pk=late.pk).update(
        deadline=timezone.now() - timedelta(hours=3), supervision=SupervisionLevel.OVERDUE
    )
    kinds = [
        make_case(State.IN_PROGRESS, pending=CaseRequest.Kind.EXTENSION),
        make_case(State.DISPATCHED, pending=CaseRequest.Kind.SUSPENSION),
        make_case(State.SUSPENDED),
        make_case(State.SENT_BACK),
        make_case(State.REWORK),
        late,
    ]
    few, many = grows(client, url, kinds, times=6)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(url).context["pending_rows"]) >= 14


def test_the_desk_makes_a_fixed_number_of_queries(client, make_case, people, django_assert_max_num_queries):
    client.force_login(people.dispatcher)
    url = reverse("cases:desk")
    kinds = [make_case(State.REPORTED), make_case(State.ACCEPTED), make_case(State.SENT_BACK)]
    kinds.append(make_case(State.REPORTED, category=None, description="路灯不亮"))
    few, many = grows(client, url, kinds, times=8)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url)


def test_the_case_list_makes_a_fixed_number_of_queries(
    client, make_case, people, django_assert_max_num_queries
):
    client.force_login(people.shift_lead)
    url = reverse("cases:list") + "?reported_after=2000-01-01"
    kinds = [make_case(State.IN_PROGRESS), make_case(State.CLOSED), make_case(State.REPORTED)]
    few, many = grows(client, url, kinds)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url)


def test_the_api_case_list_makes_a_fixed_number_of_queries(
    client, make_case, people, django_assert_max_num_queries
):
    client.force_login(people.shift_lead)
    url = "/api/v1/cases/?page_size=50"
    few, many = grows(client, url, [make_case(State.IN_PROGRESS), make_case(State.CLOSED)], times=15)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(url).json()["results"]) >= 30


@pytest.mark.parametrize(
    "query",
    [
        "queue=new&q=垃圾&sort=urgency&channel=hotline",
        "queue=verified&sort=deadline",
        "queue=returned&urgency=normal",
    ],
)
def test_each_desk_queue_filtered_makes_a_fixed_number_of_queries(
    client, make_case, people, django_assert_max_num_queries, query
):
    """The desk's queues with filters, sort, supporters, duplicate hints and category doubts: the same
    number of queries with a few rows as with many."""
    from chengguan.cases import services

    client.force_login(people.dispatcher)
    url = reverse("cases:desk") + "?" + query
    reopened = make_case(State.CLOSED)
    services.reopen_case(case_id=reopened.pk, actor=people.dispatcher, reason="复发")
    kinds = [make_case(State.REPORTED), make_case(State.SENT_BACK), make_case(State.VERIFIED), reopened]
    kinds.append(make_case(State.REPORTED, description="路灯不亮"))  # a doubtful category
    few, many = grows(client, url, kinds, times=8)
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(url).context["rows"]) >= 8


def test_the_filtered_inbox_and_case_list_make_a_fixed_number_of_queries(
    client, make_case, people, django_assert_max_num_queries
):
    client.force_login(people.handler)
    inbox = reverse("cases:inbox") + "?q=垃圾&sort=urgency&urgency=normal"
    few, many = grows(client, inbox, [make_case(State.DISPATCHED), make_case(State.IN_PROGRESS)])
    assert many == few
    client.force_login(people.shift_lead)
    listing = reverse("cases:list") + "?q=路&sort=urgency&channel=hotline&area=341702"
    few, many = grows(client, listing, [make_case(State.REPORTED, description="路灯不亮")])
    assert many == few
    with django_assert_max_num_queries(few):
        assert len(client.get(listing).context["rows"]) >= 10
