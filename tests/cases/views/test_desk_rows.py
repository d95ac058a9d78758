"""The desk's compact rows: one primary button per row that acts on the suggestions, the full forms of a
row loaded on demand (only for desk roles, only while the case waits on the desk), and a page that runs
the same number of queries however many rows and kinds of rows it shows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chengguan.cases.models import Case
from chengguan.cases.states import State
from chengguan.taxonomy.models import Responsibility
from tests.cases.conftest import CELL_3, DEPT_A, centre

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def row_of(html: str, case) -> str:
    start = html.index(f'id="row-{case.number}"')
    return html[start : html.index("</article>", start)]


def primary_form(row: str) -> tuple[str, dict]:
    """The action URL and hidden fields of the row's one primary form."""
    form = re.search(r'<form class="primary-action".*?</form>', row, re.S).group(0)
    action = re.search(r' action="([^"]+)"', form).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    return action, fields


def forms_of(client, case, **extra):
    return client.get(reverse("cases:desk_row_forms", args=[case.number]), **extra)


def test_the_primary_button_accepts_and_dispatches_to_the_suggestion(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    row = row_of(client.get(reverse("cases:desk")).content.decode(), case)
    action, fields = primary_form(row)
    assert action == reverse("cases:act", args=[case.number, "accept_and_dispatch"])
    assert fields["department"] == DEPT_A and fields["fragment"] == "desk"
    response = client.post(action, fields, **HTMX)
    assert 'class="case-row is-done"' in response.content.decode()
    case.refresh_from_db()
    assert (case.state, case.department.code) == (State.DISPATCHED, DEPT_A)


def test_a_row_without_a_suggested_department_has_no_primary_button(client, make_case, people):
    case = make_case(State.REPORTED)
    Responsibility.objects.filter(category__in=[case.category, case.category.parent]).delete()
    client.force_login(people.dispatcher)
    row = row_of(client.get(reverse("cases:desk")).content.decode(), case)
    assert "primary-action" not in row
    assert "data-more-actions" in row and reverse("cases:desk_row_forms", args=[case.number]) in row


def test_the_row_forms_load_on_demand_with_the_suggestions(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    response = forms_of(client, case, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="case-row" id="row-{case.number}"')
    assert "data-forms-loaded" in html and "primary-action" not in html
    names = re.findall(r'<details class="action[^"]*" data-action="(\w+)"', html)
    assert names == ["accept_and_dispatch", "reject"]
    assert f'<option value="{DEPT_A}" selected>' in html
    assert 'name="fragment" value="desk"' in html


def test_an_action_that_fails_comes_back_with_the_full_forms(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    act = reverse("cases:act", args=[case.number, "reject"])
    html = client.post(act, {"fragment": "desk", "reason": " "}, **HTMX).content.decode()
    assert "data-forms-loaded" in html and 'aria-invalid="true"' in html
    assert Case.objects.get(pk=case.pk).state == State.REPORTED


def test_the_row_forms_are_for_desk_roles_only(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.handler)
    assert forms_of(client, case, **HTMX).status_code == 403
    client.logout()
    assert forms_of(client, case).status_code == 302  # to the login page
    client.force_login(people.dispatcher)
    assert client.get(reverse("cases:desk_row_forms", args=["2099010199999"])).status_code == 404


def test_an_intake_operator_gets_no_dispatch_forms(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.intake)
    html = forms_of(client, case, **HTMX).content.decode()
    names = re.findall(r'<details class="action[^"]*" data-action="(\w+)"', html)
    assert names == ["accept", "reject"] and 'name="department"' not in html


def test_a_case_no_longer_on_the_desk_gets_no_forms(client, make_case, people):
    case = make_case(State.DISPATCHED)
    client.force_login(people.dispatcher)
    html = forms_of(client, case, **HTMX).content.decode()
    assert 'class="case-row is-done"' in html and "<form" not in html
    assert case.number in html and reverse("cases:detail", args=[case.number]) in html


def desk_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("cases:desk")).status_code == 200
    return len(captured.captured_queries)


def test_the_desk_runs_the_same_queries_however_full_the_page(client, make_case, people):
    for state in (State.SENT_BACK, State.ACCEPTED, State.REPORTED):  # every kind of row, once
        make_case(state)
    make_case(State.REPORTED, category=None, description="路灯不亮")
    client.force_login(people.dispatcher)
    client.get(reverse("cases:desk"))  # the classifier trains on its first use
    few = desk_queries(client)
    for _ in range(20):
        make_case(State.REPORTED)
    elsewhere = centre(CELL_3)
    make_case(State.REPORTED, lng=elsewhere[0], lat=elsewhere[1])
    make_case(State.REPORTED, category=None, description="人行道上堆着垃圾")
    for _ in range(3):
        make_case(State.ACCEPTED), make_case(State.SENT_BACK)
    assert desk_queries(client) == few
