"""Every conduct list makes a fixed number of queries whatever its length: each is counted over about 30
rows (and with 1 row the count is the same)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.conduct.models import (
    EnforcementAction,
    Inspection,
    InspectionKind,
    Nomination,
    Star,
    StarState,
    Violation,
)

from .conftest import rule, user

pytestmark = pytest.mark.django_db
ROWS = 30
NOMINATION_PAGE_QUERIES = 20  # + the serious violations that make staff ineligible for the star


def make_rows(org, n, start=0):
    today = timezone.localdate()
    officers = [org["officer"], org["partner"]]
    for i in range(start, start + n):
        inspection = Inspection.objects.create(
            kind=InspectionKind.SCHEDULED,
            title=f"督察 {i}",
            held_on=today,
            department=org["office"],
        )
        inspection.inspectors.set([org["discipline"]])
        inspection.scope_departments.set([org["squad"]])
        Violation.objects.create(
            staff=officers[i % 2],
            rule=rule("wu-buzhun"),
            occurred_on=today,
            description=f"脱岗 {i}",
            proposed_sanction="criticism",
        )
        start = timezone.now() - timedelta(days=1, minutes=i)
        action = EnforcementAction.objects.create(
            lead_officer=org["officer"],
            department=org["squad"],
            started_at=start,
            ended_at=start + timedelta(minutes=10),
            place=f"地点 {i}",
            legal_basis="条例",
            outcome="改正",
        )
        action.officers.set(officers)
        month = date(2020 + i // 12, i % 12 + 1, 1)
        nomination = Nomination.objects.create(
            month=month, staff=officers[i % 2], department=org["squad"], reason="好"
        )
        Star.objects.create(
            month=month,
            nomination=nomination,
            staff=officers[i % 2],
            citation="好",
            state=StarState.CONFIRMED,
            confirmed_at=timezone.now(),
        )


# page, who opens it, the most queries it may make (session, user, staff, roles, count, page, …)
PAGES = [
    ("conduct:inspections", "discipline", 9),
    ("conduct:violations", "discipline", 8),
    ("conduct:enforcement", "discipline", 8),
    ("conduct:honour_roll", "discipline", 7),
]


def count(client, org, url_name, who):
    client.force_login(user(org, who))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name)).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("url_name", "who", "limit"), PAGES)
def test_a_list_makes_a_fixed_number_of_queries(
    client, org, url_name, who, limit, django_assert_max_num_queries
):
    make_rows(org, 1)
    one = count(client, org, url_name, who)
    make_rows(org, ROWS - 1, start=1)
    client.force_login(user(org, who))
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(url_name))
    assert response.status_code == 200 and count(client, org, url_name, who) == one


def test_the_nominations_of_a_month_make_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries
):
    """The leadership's page lists the month's nominees with their scores, violations and commendations."""
    from .conftest import make_staff, this_month

    def nominate(n, start):
        for i in range(start, start + n):
            staff = make_staff(f"nominee{i}", org["squad"], "enforcement_officer")
            Nomination.objects.create(month=this_month(), staff=staff, department=org["squad"], reason="好")

    url = reverse("conduct:stars_manage")
    nominate(1, 0)
    one = count(client, org, "conduct:stars_manage", "chief")
    nominate(ROWS - 1, 1)
    client.force_login(user(org, "chief"))
    with django_assert_max_num_queries(NOMINATION_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    assert count(client, org, "conduct:stars_manage", "chief") == one
