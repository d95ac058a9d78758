"""All cases: scoped, filtered, sorted and paged; the export is for those allowed to export."""

import pytest
from django.urls import reverse

from chengguan.cases.states import State
from chengguan.core import audit
from chengguan.core.models import AuditEntry
from tests.cases.conftest import CELL_3, DEPT_A, STREET_2, centre

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [case.number for case in response.context["page_obj"]]


def test_the_list_is_scoped_to_what_the_user_may_see(client, make_case, people):
    mine = make_case(State.DISPATCHED)
    new = make_case(State.REPORTED)
    client.force_login(people.handler)
    assert listed(client.get(reverse("cases:list"))) == [mine.number]
    client.force_login(people.leader)
    assert listed(client.get(reverse("cases:list"))) == [new.number, mine.number]


def test_filters_sorting_and_text(client, make_case, people):
    garbage = make_case(State.DISPATCHED, description="垃圾桶满了")
    lamp = make_case(State.REPORTED, description="路灯不亮", lng=centre(CELL_3)[0], lat=centre(CELL_3)[1])
    closed = make_case(State.CLOSED, description="井盖缺失")
    client.force_login(people.shift_lead)
    get = lambda **params: listed(client.get(reverse("cases:list"), params))  # noqa: E731
    assert get(state="reported") == [lamp.number]
    assert get(department=DEPT_A) == [closed.number, garbage.number]
    assert get(area=STREET_2) == [lamp.number]
    assert get(q="路灯") == [lamp.number]
    assert get(q=closed.number) == [closed.number]
    assert get(sort="number") == [garbage.number, lamp.number, closed.number]
    assert get(state="no-such-state") == [
        closed.number,
        lamp.number,
        garbage.number,
    ]  # an invalid filter is ignored
    response = client.get(reverse("cases:list"), {"state": "no-such-state"})
    assert response.context["filter_form"].errors["state"]


def test_paging(client, make_case, people):
    for _ in range(27):
        make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    second = client.get(reverse("cases:list"), {"page": 2})
    assert len(listed(second)) == 2 and 'rel="prev"' in second.content.decode()


def test_the_export_is_scoped_masked_and_audited(client, make_case, people):
    mine = make_case(State.DISPATCHED, reporter_name="张三丰", reporter_phone="13812341234")
    other = make_case(State.REPORTED)
    client.force_login(people.handler)
    may_export = people.handler.has_perm("cases.export_cases")
    assert ('data-export="csv"' in client.get(reverse("cases:list")).content.decode()) == may_export
    response = client.get(reverse("cases:export"), {"fmt": "csv"})
    if not may_export:
        assert response.status_code == 403
        return
    assert response.status_code == 200 and "attachment;" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert mine.number in body and other.number not in body  # only what the handler may see
    assert "13812341234" not in body and "张三丰" not in body
    entry = AuditEntry.objects.get(action=audit.Action.EXPORT)
    assert entry.actor_id == people.handler.pk and entry.data["count"] == 1
    assert client.get(reverse("cases:export"), {"fmt": "pdf"}).status_code == 404


def test_the_export_needs_a_staff_record(client, make_case, django_user_model):
    make_case(State.REPORTED)
    client.force_login(django_user_model.objects.create_user("outsider", password="pw-for-tests-1"))
    assert client.get(reverse("cases:export"), {"fmt": "csv"}).status_code == 403
