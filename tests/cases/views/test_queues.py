"""The work queues (the dispatcher's desk, the department inbox, the case list): filters, search in
traditional characters, sort, paging, the remembered filter, the desk's queues and counters, batch close,
and the rows' hints (supporters, nearby duplicates, a doubtful category)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from chengguan.cases import services
from chengguan.cases.models import Case, FollowUp
from chengguan.cases.states import Channel, State
from tests.cases.conftest import CELL_3, KIOSK, STREET_2, centre, snapshot

from .conftest import desk_hints

pytestmark = pytest.mark.django_db

LIST, DESK, INBOX = "cases:list", "cases:desk", "cases:inbox"


def case_of(row) -> Case:
    return row["case"] if isinstance(row, dict) else row


def numbers(response) -> set[str]:
    """The cases listed on a page (the rows, not the numbers mentioned in hints)."""
    if "rows" in response.context:
        rows = response.context["rows"]
        return {case_of(row).number for row in rows}
    return {case.number for case in response.context["page_obj"]}


def get(client, name, query=""):
    return client.get(reverse(name) + (f"?{query}" if query else ""))


@pytest.fixture
def lamp_and_garbage(make_case):
    lamp = make_case(State.REPORTED, description="路灯不亮，晚上很黑")
    garbage = make_case(State.REPORTED, description="路边有一堆暴露垃圾")
    return lamp, garbage


@pytest.mark.parametrize("name", [LIST, DESK])
def test_a_search_in_traditional_characters_finds_the_simplified_case(client, people, lamp_and_garbage, name):
    lamp, garbage = lamp_and_garbage
    client.force_login(people.shift_lead)
    response = get(client, name, "q=路燈")
    assert response.status_code == 200
    assert numbers(response) == {lamp.number}
    assert numbers(get(client, name, "q=路灯")) == {lamp.number}


def test_the_inbox_searches_traditional_and_filters_overdue(client, make_case, people):
    lamp = make_case(State.DISPATCHED, description="路灯不亮")
    late = make_case(State.IN_PROGRESS, description="垃圾满了")
    Case.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(people.handler)
    assert numbers(get(client, INBOX, "q=路燈")) == {lamp.number}
    assert numbers(get(client, INBOX, "overdue=1")) == {late.number}
    assert numbers(get(client, INBOX, "overdue=")) == {
        lamp.number,
        late.number,
    }


@pytest.mark.parametrize("name", [LIST, DESK])
def test_filters_by_street_category_channel_urgency_and_dates(client, make_case, people, categories, name):
    here = make_case(State.REPORTED)
    lng, lat = centre(CELL_3)
    there = make_case(State.REPORTED, lng=lng, lat=lat, category=KIOSK, channel=Channel.WEB, urgency="urgent")
    client.force_login(people.shift_lead)
    assert numbers(get(client, name, f"area={STREET_2}")) == {there.number}
    assert numbers(get(client, name, f"category={KIOSK}")) == {there.number}
    assert numbers(get(client, name, f"category={KIOSK[:3]}")) == {there.number}  # its major class
    assert numbers(get(client, name, "channel=web")) == {there.number}
    assert numbers(get(client, name, "urgency=urgent")) == {there.number}
    assert numbers(get(client, name, "urgency=normal")) == {here.number}
    today = timezone.localdate()
    assert numbers(get(client, name, f"reported_after={today}&reported_before={today}")) == {
        here.number,
        there.number,
    }
    assert numbers(get(client, name, f"reported_before={today - timedelta(days=1)}")) == set()


@pytest.mark.parametrize("name", [LIST, DESK, INBOX])
@pytest.mark.parametrize(
    "query", ["state=nonsense", "urgency=bogus", "channel=fax", "reported_after=9999-12-31", "category=NOPE"]
)
def test_a_refused_filter_value_answers_400(client, make_case, people, name, query):
    make_case(State.DISPATCHED)
    client.force_login(people.shift_lead if name != INBOX else people.handler)
    response = get(client, name, query)
    assert response.status_code == 400
    assert response.context["filter_form"].errors
    assert get(client, name).status_code == 200  # a refused filter is not remembered


def test_an_unknown_desk_queue_answers_400(client, people):
    client.force_login(people.dispatcher)
    response = get(client, DESK, "queue=<script>")
    assert response.status_code == 400 and b"<script>" not in response.content


@pytest.mark.parametrize("name", [LIST, DESK])
def test_sort_by_urgency_deadline_and_reported(client, make_case, people, name):
    normal = make_case(State.REPORTED)
    critical = make_case(State.REPORTED, urgency="critical")
    urgent = make_case(State.REPORTED, urgency="urgent")
    client.force_login(people.shift_lead)

    def order(query):
        response = get(client, name, query)
        rows = response.context["rows"]
        return [case_of(row).number for row in rows]

    assert order("sort=urgency") == [critical.number, urgent.number, normal.number]
    assert order("sort=-urgency") == [normal.number, urgent.number, critical.number]
    assert order("sort=reported") == [normal.number, critical.number, urgent.number]
    assert order("sort=-reported") == [urgent.number, critical.number, normal.number]


def test_the_desk_pages(client, make_case, people):
    for _i in range(21):
        make_case(State.REPORTED)
    client.force_login(people.dispatcher)
    first, second = get(client, DESK), get(client, DESK, "page=2")
    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 1
    assert not numbers(first) & numbers(second)


@pytest.mark.parametrize("name", [LIST, DESK, INBOX])
def test_each_list_remembers_its_last_filter_until_cleared(client, make_case, people, name):
    make_case(State.DISPATCHED)
    client.force_login(people.handler if name == INBOX else people.shift_lead)
    assert get(client, name, "urgency=urgent&sort=deadline").status_code == 200
    back = get(client, name)
    assert back.status_code == 302 and back["Location"] == reverse(name) + "?urgency=urgent&sort=deadline"
    assert get(client, name, "page=2")["Location"].endswith("?urgency=urgent&sort=deadline&page=2")
    other = LIST if name != LIST else DESK
    if name != INBOX:
        assert get(client, other).status_code == 200  # per list: the other list remembers nothing
    cleared = get(client, name, "clear=1")
    assert cleared.status_code == 302 and cleared["Location"] == reverse(name)
    plain = get(client, name)
    assert plain.status_code == 200 and not plain.context["filtered"]
    assert f'href="{reverse(name)}?clear=1"' in plain.content.decode()  # the "clear" link


def test_the_desk_counters_link_to_their_queues(client, make_case, people):
    make_case(State.REPORTED)
    make_case(State.SENT_BACK)
    verified = make_case(State.VERIFIED)
    reopened = make_case(State.CLOSED)
    services.reopen_case(case_id=reopened.pk, actor=people.dispatcher, reason="群众反映问题复发")
    client.force_login(people.dispatcher)
    response = get(client, DESK)
    html = response.content.decode()
    keys = ("reported", "sent_back", "verified", "returned")
    counts = {key: response.context[f"{key}_count"] for key in keys}
    assert counts == {"reported": 1, "sent_back": 1, "verified": 1, "returned": 1}
    assert 'href="?queue=new&amp;state=reported"' in html and 'href="?queue=verified"' in html
    assert 'href="?queue=returned"' in html and 'href="?queue=new&amp;state=sent_back"' in html
    assert numbers(get(client, DESK, "queue=verified")) == {verified.number}
    assert numbers(get(client, DESK, "queue=new&state=sent_back")) == {
        c.number for c in Case.objects.filter(state=State.SENT_BACK)
    }


def test_reopened_cases_and_problems_still_there_are_their_own_queue(client, make_case, people):
    reopened = make_case(State.CLOSED)
    services.reopen_case(case_id=reopened.pk, actor=people.dispatcher, reason="问题复发")
    persists = make_case(State.CLOSED)
    satisfied = make_case(State.CLOSED)
    for case, still_there in ((persists, True), (satisfied, False)):
        token = FollowUp.objects.get(case=case).token
        services.answer_follow_up(token=token, actor=AnonymousUser(), rating=1, problem_persists=still_there)
    client.force_login(people.dispatcher)
    response = get(client, DESK, "queue=returned")
    assert numbers(response) == {reopened.number, persists.number}
    html = response.content.decode()
    assert "data-persists" in html and "data-reopened" in html
    # Reopened again and closed again: the old answer no longer counts.
    services.reopen_case(case_id=persists.pk, actor=people.dispatcher, reason="回访说问题仍在")
    assert persists.number in numbers(get(client, DESK, "queue=returned"))


def test_batch_close_from_the_desk_reports_closed_and_refused(client, make_case, people):
    first, second = make_case(State.VERIFIED), make_case(State.VERIFIED)
    handled = make_case(State.HANDLED)
    before = snapshot(handled)
    client.force_login(people.dispatcher)
    page = get(client, DESK, "queue=verified")
    html = page.content.decode()
    assert f'name="cases" value="{first.number}" form="close-form"' in html
    data = {"cases": [first.number, second.number, handled.number, "99999999"], "note": "批量结案"}
    response = client.post(reverse("cases:desk_close"), data, follow=True)
    assert response.status_code == 200
    texts = [str(message) for message in response.context["messages"]]
    assert any(first.number in text and second.number in text for text in texts)
    assert any(text.startswith(f"{handled.number}:") for text in texts)
    assert any(text.startswith("99999999") for text in texts)
    closed = Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)
    assert set(closed) == {State.CLOSED}
    assert snapshot(handled) == before


def test_batch_close_without_cases_changes_nothing(client, make_case, people):
    case = make_case(State.VERIFIED)
    before = snapshot(case)
    client.force_login(people.dispatcher)
    response = client.post(reverse("cases:desk_close"), {"cases": ["not-a-number"]}, follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    assert snapshot(case) == before
    client.force_login(people.handler)
    assert client.post(reverse("cases:desk_close"), {"cases": [case.number]}).status_code == 403
    assert snapshot(case) == before


def test_the_desk_hints_take_a_page_of_numbers_from_desk_roles_only(client, make_case, people):
    case = make_case(State.REPORTED)
    url = reverse("cases:desk_hints")
    client.force_login(people.handler)
    assert client.get(url, {"cases": [case.number]}).status_code == 403
    client.force_login(people.dispatcher)
    assert client.get(url, {"cases": [case.number]}).status_code == 200
    for bad in (["1' OR 1=1"], ["2026\x00"], [case.number] * 51):
        assert client.get(url, {"cases": bad}).status_code == 400
    assert client.post(url, {"cases": [case.number]}).status_code == 405


@pytest.mark.parametrize("name", [LIST, DESK])
def test_rows_show_supporters_nearby_duplicates_and_a_doubtful_category(client, make_case, people, name):
    lamp = make_case(State.REPORTED, description="路灯不亮")  # filed under 暴露垃圾
    twin = make_case(State.REPORTED, description="路边有一堆暴露垃圾")  # same point, same category
    lng, lat = centre(CELL_3)
    far = make_case(State.REPORTED, description="路边有一堆暴露垃圾", lng=lng, lat=lat)
    services.support_case(case_id=twin.pk, actor=AnonymousUser(), phone="13900139000")
    services.support_case(case_id=twin.pk, actor=AnonymousUser(), phone="13900139001")
    client.force_login(people.shift_lead)
    response = get(client, name)
    if name == DESK:  # the desk loads its rows' hints after the page
        response = desk_hints(client, response.content.decode())
    rows = {case_of(row).number: case_of(row) for row in response.context["rows"]}
    assert [d.number for d in rows[twin.number].duplicates] == [lamp.number]
    assert rows[far.number].duplicates == []
    assert rows[lamp.number].category_doubt is not None
    assert rows[lamp.number].category_doubt.category.name == "路灯"
    assert rows[twin.number].category_doubt is None
    html = response.content.decode()
    assert 'data-support="2"' in html and f'data-duplicates="{lamp.number}"' in html
    assert 'data-category-doubt="' in html
