"""The dispatcher's desk: new reports with their suggestions, accept + dispatch in one step (in place with
htmx), the dispatcher's override, rejection, refusals that change nothing, and batch dispatch."""

import pytest
from django.urls import reverse

from chengguan.cases.models import Case, CaseEvent
from chengguan.cases.states import Action, State
from tests.cases.conftest import CELL_3, DEPT_A, DEPT_B, KIOSK, centre, snapshot

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def act(client, case, action, data=None, **extra):
    return client.post(reverse("cases:act", args=[case.number, action]), data or {}, **extra)


def test_the_desk_lists_new_and_sent_back_cases_with_suggestions(client, make_case, people, departments):
    new = make_case(State.REPORTED, description="人行道上堆着垃圾")
    sent_back = make_case(State.SENT_BACK, description="路灯不亮")
    elsewhere = make_case(State.DISPATCHED, description="已经派遣的")
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:desk"))
    html = response.content.decode()
    rows = [f'id="row-{case.number}"' for case in (new, sent_back, elsewhere)]
    assert rows[0] in html and rows[1] in html and rows[2] not in html
    assert html.index(rows[1]) < html.index(rows[0])  # newest first
    row = html[html.index(f'id="row-{new.number}"') :]
    assert "S0102 暴露垃圾" in row  # the suggested (given) category
    assert f'data-suggested-department="{DEPT_A}"' in row
    # The row is compact: one button accepts and dispatches to the suggestion (the full forms load on demand).
    assert 'data-action="accept_and_dispatch"' in row and "<select" not in row
    assert f'<input type="hidden" name="department" value="{DEPT_A}">' in row
    assert "不属于本部门职责" in html  # why the department sent it back
    assert f'name="cases" value="{new.number}"' in html  # only new reports go into a batch
    assert f'name="cases" value="{sent_back.number}"' not in html


def test_accept_and_dispatch_writes_both_events_and_returns_the_row_in_place(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    response = act(client, case, "accept_and_dispatch", {"fragment": "desk", "urgency": "urgent"}, **HTMX)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == State.DISPATCHED and case.department.code == DEPT_A and case.urgency == "urgent"
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [Action.REPORT, Action.ACCEPT, Action.DISPATCH]
    assert all(e.actor == people.dispatcher for e in case.events.exclude(action=Action.REPORT))
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="case-row is-done" id="row-{case.number}"')
    assert response["HX-Trigger"] == "cases:changed"


def test_the_dispatcher_overrides_category_and_department(client, make_case, people, departments):
    case = make_case(State.REPORTED, category=None)
    client.force_login(people.dispatcher)
    data = {"category": f"{KIOSK} 报刊亭", "department": DEPT_B, "note": "转市政"}
    response = act(client, case, "accept_and_dispatch", data)
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.number])
    case.refresh_from_db()
    assert (case.category.code, case.department.code) == (KIOSK, DEPT_B)
    assert case.events.get(action=Action.DISPATCH).note == "转市政"


def test_an_unclassified_report_is_refused_in_place_and_nothing_changes(client, make_case, people):
    case = make_case(State.REPORTED, category=None)
    before = snapshot(case)
    client.force_login(people.dispatcher)
    response = act(client, case, "accept_and_dispatch", {"fragment": "desk"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="row-{case.number}"' in html and "is-done" not in html
    assert f'id="id_{case.number}_accept_and_dispatch_category_error"' in html  # said on the category box
    assert snapshot(case) == before


def test_an_unknown_category_is_a_form_error(client, make_case, people):
    case = make_case(State.REPORTED)
    before = snapshot(case)
    client.force_login(people.dispatcher)
    response = act(client, case, "accept_and_dispatch", {"category": "X9999 什么"})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert snapshot(case) == before


def test_an_intake_operator_accepts_but_may_not_dispatch(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.intake)
    html = client.get(reverse("cases:desk")).content.decode()
    assert 'data-action="accept"' in html and 'data-action="accept_and_dispatch"' not in html  # the primary
    assert 'id="batch-form"' not in html
    before = snapshot(case)
    response = act(client, case, "accept_and_dispatch", {"fragment": "desk"}, **HTMX)
    assert "message error" in response.content.decode()  # the refusal, said in the row
    assert snapshot(case) == before  # the accept was rolled back with the refused dispatch
    assert act(client, case, "accept").status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACCEPTED


def test_reject_needs_a_reason(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    assert act(client, case, "reject", {"reason": "  "}).status_code == 400
    assert Case.objects.get(pk=case.pk).state == State.REPORTED
    act(client, case, "reject", {"reason": "重复上报"})
    case.refresh_from_db()
    assert case.state == State.REJECTED and case.events.last().note == "重复上报"


def test_a_sent_back_case_is_dispatched_again_from_its_row(client, make_case, people):
    case = make_case(State.SENT_BACK)
    client.force_login(people.dispatcher)
    act(client, case, "dispatch", {"department": DEPT_B, "fragment": "desk"}, **HTMX)
    case.refresh_from_db()
    assert case.state == State.DISPATCHED and case.department.code == DEPT_B


def test_accepted_cases_wait_on_the_desk_for_a_dispatcher(client, make_case, people):
    accepted = make_case(State.ACCEPTED)  # an intake operator accepted it; dispatching is not theirs
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:desk")).content.decode()
    row = html[html.index(f'id="row-{accepted.number}"') :]
    assert 'data-action="dispatch"' in row and f'name="cases" value="{accepted.number}"' in row
    client.post(reverse("cases:desk_batch"), {"cases": [accepted.number]})
    accepted.refresh_from_db()
    assert accepted.state == State.DISPATCHED and accepted.department.code == DEPT_A


def test_batch_dispatch_reports_each_row(client, make_case, people):
    good = make_case(State.REPORTED)
    elsewhere = make_case(State.REPORTED, lng=centre(CELL_3)[0], lat=centre(CELL_3)[1])
    unclassified = make_case(State.REPORTED, category=None)
    client.force_login(people.dispatcher)
    numbers = [good.number, elsewhere.number, unclassified.number, "2099010199999"]
    response = client.post(reverse("cases:desk_batch"), {"cases": numbers}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "success", "error", "error"]
    assert good.number in texts[0] and unclassified.number in texts[2] and "2099010199999" in texts[3]
    good.refresh_from_db(), elsewhere.refresh_from_db(), unclassified.refresh_from_db()
    assert good.department.code == DEPT_A
    assert elsewhere.department.code == "CGJ-SRHW"  # the area's own routing entry
    assert unclassified.state == State.REPORTED and not unclassified.events.exclude(action=Action.REPORT)


def test_batch_dispatch_is_for_dispatchers(client, make_case, people):
    case = make_case(State.REPORTED)
    client.force_login(people.intake)
    assert client.post(reverse("cases:desk_batch"), {"cases": [case.number]}).status_code == 403
    client.force_login(people.dispatcher)
    response = client.post(reverse("cases:desk_batch"), {}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_desk_map_lists_the_desk_cases_only(client, make_case, people):
    new = make_case(State.REPORTED)
    make_case(State.DISPATCHED)
    client.force_login(people.dispatcher)
    data = client.get(reverse("cases:geojson"), {"scope": "desk"}).json()
    assert [f["properties"]["number"] for f in data["features"]] == [new.number]
    feature = data["features"][0]
    assert feature["properties"]["url"] == reverse("cases:detail", args=[new.number])
    assert feature["geometry"]["coordinates"] == [round(new.lng, 6), round(new.lat, 6)]
    client.force_login(people.handler)
    assert client.get(reverse("cases:geojson"), {"scope": "desk"}).status_code == 403
