"""The case page: scoped (404 for a case the user may not see), the reporter masked for everyone with an
audited reveal for those who call reporters back, and a form for exactly the actions the user may take."""

import pytest
from django.urls import reverse

from chengguan.cases.states import Action, State
from chengguan.core import audit
from chengguan.core.models import AuditEntry
from tests.cases.conftest import photo, snapshot

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def page(client, case):
    return client.get(reverse("cases:detail", args=[case.number]))


def test_a_handler_of_another_department_gets_404(client, make_case, people):
    case = make_case(State.DISPATCHED)
    client.force_login(people.other_handler)
    assert page(client, case).status_code == 404
    assert client.post(reverse("cases:act", args=[case.number, "start"])).status_code == 404
    assert (
        client.get(reverse("cases:geojson"), {"scope": "case", "case": case.number}).json()["features"] == []
    )
    client.force_login(people.handler)
    assert page(client, case).status_code == 200
    client.force_login(people.unit_handler)  # a unit below the department does not see its cases
    assert page(client, case).status_code == 404


def test_reporter_data_is_masked_for_a_department_handler(client, make_case, people):
    case = make_case(State.DISPATCHED, reporter_name="张三丰", reporter_phone="13812341234")
    client.force_login(people.handler)
    for response in (page(client, case), client.get(reverse("cases:list"))):
        html = response.content.decode()
        assert "张**" in html and "138****1234" in html
        assert "张三丰" not in html and "13812341234" not in html
    assert "data-reveal-button" not in page(client, case).content.decode()
    response = client.post(reverse("cases:reveal", args=[case.number]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=audit.Action.REVEAL).exists()


def test_reporter_data_is_masked_for_a_dispatcher_until_revealed_and_the_reveal_is_audited(
    client, make_case, people
):
    case = make_case(State.REPORTED, reporter_name="张三丰", reporter_phone="13812341234")
    client.force_login(people.dispatcher)
    html = page(client, case).content.decode()
    assert "张**" in html and "13812341234" not in html and "data-reveal-button" in html
    response = client.post(reverse("cases:reveal", args=[case.number]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "张三丰" in html and "13812341234" in html
    assert html.lstrip().startswith(f'<div class="reporter" id="reporter-{case.number}" data-revealed="true"')
    entry = AuditEntry.objects.get(action=audit.Action.REVEAL)
    assert entry.actor_id == people.dispatcher.pk and entry.data["case"] == case.number
    assert "13812341234" not in page(client, case).content.decode()  # masked again on the next visit


def test_the_page_shows_the_timeline_deadline_and_photos(client, make_case, people, media):
    from chengguan.cases import services

    case = make_case(State.IN_PROGRESS, photos=[photo("PNG")])
    services.request_extension(case_id=case.pk, actor=people.handler, working_days=2, reason="等材料")
    client.force_login(people.shift_lead)
    response = page(client, case)
    html = response.content.decode()
    for action in (Action.REPORT, Action.ACCEPT, Action.DISPATCH, Action.START, Action.REQUEST_EXTENSION):
        assert f'data-action="{action}"' in html
    assert "dispatcher" in html and "环卫处" in html  # actors and their units, for staff
    assert 'class="remaining"' in html and 'data-pending="extension"' in html
    photo_url = reverse("cases:photo", args=[case.attachments.get().pk])
    assert photo_url in html
    image = client.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    client.force_login(people.other_handler)
    assert client.get(photo_url).status_code == 404


def test_only_the_allowed_actions_have_forms(client, make_case, people):
    case = make_case(State.DISPATCHED)
    client.force_login(people.handler)
    names = [item["name"] for item in page(client, case).context["forms"]]
    assert names == ["start", "report_handled", "send_back", "request_extension", "request_suspension"]
    client.force_login(people.inspector)
    assert page(client, case).context["forms"] == []
    client.force_login(people.dispatcher)
    assert [item["name"] for item in page(client, make_case(State.REPORTED)).context["forms"]] == [
        "accept_and_dispatch",
        "reject",
        "merge",
    ]


def test_a_refused_action_is_said_on_the_page_and_changes_nothing(client, make_case, people):
    case = make_case(State.DISPATCHED)
    before = snapshot(case)
    client.force_login(people.inspector)  # not the department's handler
    response = client.post(reverse("cases:act", args=[case.number, "start"]), {"note": "我来"})
    assert response.status_code == 400
    assert response.context["messages"] and 'role="alert"' in response.content.decode()
    assert snapshot(case) == before


def test_an_invalid_form_keeps_what_was_typed(client, make_case, people):
    case = make_case(State.IN_PROGRESS)
    client.force_login(people.handler)
    response = client.post(
        reverse("cases:act", args=[case.number, "request_extension"]), {"working_days": "99", "reason": "等"}
    )
    assert response.status_code == 400
    bound = next(item["form"] for item in response.context["forms"] if item["name"] == "request_extension")
    assert bound.errors["working_days"] and bound["reason"].value() == "等"
    assert not case.requests.exists()


def test_the_whole_path_through_the_case_page(client, make_case, people, media):
    case = make_case(State.REPORTED)
    url = reverse("cases:detail", args=[case.number])

    def do(user, action, **data):
        client.force_login(user)
        response = client.post(reverse("cases:act", args=[case.number, action]), {"next": url, **data})
        assert response.status_code == 302 and response["Location"] == url, action
        case.refresh_from_db()
        return case.state

    assert do(people.dispatcher, "accept_and_dispatch") == State.DISPATCHED
    assert do(people.handler, "start") == State.IN_PROGRESS
    assert do(people.handler, "report_handled", note="已清运", photos=[photo("JPEG")]) == State.HANDLED
    assert do(people.inspector, "verify", passed="no", note="仍有残留") == State.REWORK
    assert do(people.handler, "report_handled", note="再次清运") == State.HANDLED
    assert do(people.inspector, "verify", passed="yes") == State.VERIFIED
    assert do(people.intake, "close") == State.CLOSED
    assert case.follow_ups.count() == 1
    assert do(people.dispatcher, "reopen", reason="居民反映又有垃圾") == State.ACCEPTED
