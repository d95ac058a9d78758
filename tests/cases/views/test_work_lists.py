"""The department inbox, the verification list and the supervision board: what each lists, in which
order, and their in-place actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.cases import services
from chengguan.cases.models import Case, CaseRequest
from chengguan.cases.states import State
from tests.cases.conftest import photo

from .conftest import HTMX

pytestmark = pytest.mark.django_db


def numbers(response, key="rows") -> list[str]:
    return [row["case"].number for row in response.context[key]]


def test_the_inbox_lists_the_departments_open_cases_overdue_first(client, make_case, people):
    later = make_case(State.DISPATCHED)
    overdue = make_case(State.IN_PROGRESS)
    rework = make_case(State.REWORK)
    make_case(State.HANDLED)  # waiting for the inspector: not in the inbox
    Case.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - timedelta(hours=3))
    Case.objects.filter(pk=later.pk).update(deadline=timezone.now() + timedelta(days=5))
    client.force_login(people.handler)
    response = client.get(reverse("cases:inbox"))
    assert numbers(response) == [overdue.number, rework.number, later.number]
    html = response.content.decode()
    assert "is-overdue" in html and response.context["overdue_count"] == 1
    assert "仍有残留" in html  # what the inspector found wrong
    client.force_login(people.other_handler)
    assert numbers(client.get(reverse("cases:inbox"))) == []


def test_start_and_report_handled_with_a_photo_from_the_inbox(client, make_case, people, media):
    case = make_case(State.DISPATCHED)
    client.force_login(people.handler)
    url = lambda action: reverse("cases:act", args=[case.number, action])  # noqa: E731
    response = client.post(url("start"), {"fragment": "inbox"}, **HTMX)
    assert f'id="row-{case.number}"' in response.content.decode() and 'data-state="in_progress"' in (
        response.content.decode()
    )
    response = client.post(
        url("report_handled"), {"fragment": "inbox", "note": "已清运", "photos": [photo("PNG")]}, **HTMX
    )
    assert "is-done" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.HANDLED and case.attachments.filter(kind="handling").count() == 1


def test_report_handled_needs_a_note_and_says_so_in_the_row(client, make_case, people):
    case = make_case(State.IN_PROGRESS)
    client.force_login(people.handler)
    response = client.post(
        reverse("cases:act", args=[case.number, "report_handled"]), {"fragment": "inbox"}, **HTMX
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == State.IN_PROGRESS


def test_send_back_and_ask_for_an_extension_from_the_inbox(client, make_case, people):
    first, second = make_case(State.DISPATCHED), make_case(State.IN_PROGRESS)
    client.force_login(people.handler)
    client.post(reverse("cases:act", args=[first.number, "send_back"]), {"reason": "不归我们管"})
    client.post(
        reverse("cases:act", args=[second.number, "request_extension"]),
        {"working_days": "1.5", "reason": "等"},
    )
    assert Case.objects.get(pk=first.pk).state == State.SENT_BACK
    request = CaseRequest.objects.get(case=second)
    assert (request.kind, str(request.working_days), request.decision) == ("extension", "1.5", "pending")
    html = client.get(reverse("cases:inbox")).content.decode()
    assert (
        'data-action="request_suspension"'
        not in html.split(f'id="row-{second.number}"')[1].split("</article>")[0]
    )


def test_the_verification_list_shows_the_handling_and_records_the_result(client, make_case, people, media):
    older = make_case(State.HANDLED)
    newer = make_case(State.IN_PROGRESS)
    services.report_handled(case_id=newer.pk, actor=people.handler, note="换了灯泡", photos=[photo("PNG")])
    client.force_login(people.inspector)
    response = client.get(reverse("cases:verify"))
    assert numbers(response) == [older.number, newer.number]
    html = response.content.decode()
    assert "换了灯泡" in html and reverse("cases:photo", args=[newer.attachments.get().pk]) in html
    response = client.post(
        reverse("cases:act", args=[newer.number, "verify"]), {"fragment": "verify", "passed": "yes"}, **HTMX
    )
    assert "is-done" in response.content.decode()
    assert Case.objects.get(pk=newer.pk).state == State.VERIFIED
    response = client.post(
        reverse("cases:act", args=[older.number, "verify"]), {"fragment": "verify", "passed": "no"}, **HTMX
    )
    assert 'class="errorlist' in response.content.decode()  # a failure needs a note
    assert Case.objects.get(pk=older.pk).state == State.HANDLED


def test_the_board_counts_and_decides(client, make_case, people):
    overdue = make_case(State.IN_PROGRESS)
    Case.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - timedelta(hours=1))
    waiting = make_case(State.IN_PROGRESS, pending="extension")
    suspended = make_case(State.SUSPENDED)
    make_case(State.SENT_BACK), make_case(State.REWORK)
    client.force_login(people.shift_lead)
    response = client.get(reverse("cases:board"))
    assert response.context["counts"] == {
        "due_soon": 0,
        "overdue": 1,
        "sent_back": 1,
        "rework": 1,
        "pending": 1,
        "suspended": 1,
    }
    assert response.context["chart"]["series"][0]["data"] == [1]
    assert response.context["by_department"][0]["department__name"] == "环卫处"
    html = response.content.decode()
    assert 'id="overdue-chart"' in html and f'id="row-{waiting.number}"' in html
    response = client.post(
        reverse("cases:act", args=[waiting.number, "decide_request"]),
        {"fragment": "board", "approve": "yes"},
        **HTMX,
    )
    assert "is-done" in response.content.decode()
    assert CaseRequest.objects.get(case=waiting).decision == "approved"
    client.post(reverse("cases:act", args=[suspended.number, "resume"]), {"fragment": "board"}, **HTMX)
    assert Case.objects.get(pk=suspended.pk).state == State.IN_PROGRESS


def test_a_dispatcher_sees_the_board_but_may_not_decide(client, make_case, people):
    waiting = make_case(State.IN_PROGRESS, pending="suspension")
    client.force_login(people.dispatcher)
    response = client.get(reverse("cases:board"))
    assert response.context["pending_rows"][0]["forms"] == []
    response = client.post(
        reverse("cases:act", args=[waiting.number, "decide_request"]),
        {"fragment": "board", "approve": "yes"},
        **HTMX,
    )
    assert "message error" in response.content.decode()
    assert CaseRequest.objects.get(case=waiting).decision == "pending"
