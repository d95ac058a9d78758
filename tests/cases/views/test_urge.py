"""督办 by hand on the pages: the case page has an urge form for shift leads and leaders only; posting it
urges the department (a note is required, a 400 otherwise); the department sees the urge — note, who,
when — on the case page and a 督办 marker on the case's row in its inbox."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.cases.models import Case, CaseEvent
from chengguan.cases.states import Action, State

from ..conftest import snapshot
from .conftest import HTMX

pytestmark = pytest.mark.django_db

NOTE = "群众反映强烈，今天必须处理完"


def form_names(client, case) -> list[str]:
    return [item["name"] for item in client.get(reverse("cases:detail", args=[case.number])).context["forms"]]


def test_only_shift_leads_and_leaders_get_the_urge_form(client, make_case, people):
    case = make_case(State.IN_PROGRESS)
    for user in (people.shift_lead, people.leader):
        client.force_login(user)
        assert "urge" in form_names(client, case), user.username
    for user in (people.handler, people.dispatcher, people.inspector):
        client.force_login(user)
        assert "urge" not in form_names(client, case), user.username
    client.force_login(people.shift_lead)
    assert "urge" not in form_names(client, make_case(State.HANDLED))  # no department holds it


def test_urging_from_the_case_page_and_the_department_sees_it(client, make_case, people):
    case = make_case(State.IN_PROGRESS)
    client.force_login(people.shift_lead)
    response = client.post(reverse("cases:act", args=[case.number, "urge"]), {"note": NOTE})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).urged_at is not None
    event = CaseEvent.objects.get(case=case, action=Action.URGE)
    client.force_login(people.handler)
    html = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    urges = html[html.index('data-urges="1"') :]
    assert NOTE in urges and event.actor_label in urges
    assert timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M") in urges
    inbox = client.get(reverse("cases:inbox")).content.decode()
    row = inbox[inbox.index(f'id="row-{case.number}"') :]
    row = row[: row.index("</article>")]
    assert "urge-marker" in row


def test_an_unurged_case_has_no_marker(client, make_case, people):
    make_case(State.IN_PROGRESS)
    client.force_login(people.handler)
    assert "urge-marker" not in client.get(reverse("cases:inbox")).content.decode()


def test_an_urge_without_a_note_is_a_form_error_and_changes_nothing(client, make_case, people):
    case = make_case(State.DISPATCHED)
    before = snapshot(case)
    client.force_login(people.leader)
    response = client.post(reverse("cases:act", args=[case.number, "urge"]), {"note": ""}, **HTMX)
    assert 'class="errorlist' in response.content.decode()
    response = client.post(reverse("cases:act", args=[case.number, "urge"]), {"note": ""})
    assert response.status_code == 400
    assert snapshot(case) == before


def test_a_handler_posting_an_urge_is_refused(client, make_case, people):
    case = make_case(State.DISPATCHED)
    before = snapshot(case)
    client.force_login(people.handler)
    response = client.post(reverse("cases:act", args=[case.number, "urge"]), {"note": NOTE})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert snapshot(case) == before
