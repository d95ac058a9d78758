"""The public follow-up page: no log-in, the public timeline only, one answer, a clear message after,
kept out of search engines and lightly rate-limited."""

import pytest
from django.urls import reverse

from chengguan.cases.models import CaseEvent
from chengguan.cases.states import Action, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(make_case):
    return make_case(State.CLOSED, reporter_name="王小二", reporter_phone="13700001111").follow_ups.get()


def url(follow_up) -> str:
    return reverse("cases:follow_up", args=[follow_up.token])


def test_the_page_shows_the_outcome_without_staff_or_reporter_data(client, follow_up, people):
    response = client.get(url(follow_up))
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    html = response.content.decode()
    case = follow_up.case
    assert case.number in html and "暴露垃圾" in html and "百牙社区" in html
    assert "已清运" in html  # what was done
    for private in ("dispatcher", "handler", "inspector", "intake", "王小二", "13700001111", "王*", "不属于"):
        assert private not in html, private
    assert 'name="rating"' in html and 'name="problem_persists"' in html
    assert 'id="console-nav"' not in html


def test_it_is_answered_once(client, follow_up):
    response = client.post(url(follow_up), {"rating": "2", "comment": "还行", "problem_persists": "on"})
    assert response.status_code == 302 and response["Location"] == url(follow_up) + "?done=1"
    thanks = client.get(response["Location"])
    assert 'data-kind="thanks"' in thanks.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.rating, follow_up.comment, follow_up.problem_persists) == (2, "还行", True)
    again = client.post(url(follow_up), {"rating": "5"})
    assert 'data-kind="answered"' in again.content.decode()
    assert 'data-kind="answered"' in client.get(url(follow_up)).content.decode()
    follow_up.refresh_from_db()
    assert follow_up.rating == 2
    assert CaseEvent.objects.filter(case=follow_up.case, action=Action.FOLLOW_UP).count() == 1


def test_a_rating_is_required(client, follow_up):
    response = client.post(url(follow_up), {"comment": "没选"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


def test_an_unknown_link(client, db):
    response = client.get(reverse("cases:follow_up", args=["no-such-token"]))
    assert response.status_code == 404 and response["X-Robots-Tag"].startswith("noindex")
    assert 'data-kind="missing"' in response.content.decode()


def test_it_is_rate_limited_per_address(client, follow_up, settings):
    settings.CHENGGUAN_FOLLOW_UP_RATE = (3, 60)
    assert [client.get(url(follow_up)).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = client.get(url(follow_up), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_staff_case_page_shows_the_answer(client, follow_up, people):
    client.post(url(follow_up), {"rating": "5", "comment": "很好"})
    client.force_login(people.dispatcher)
    html = client.get(reverse("cases:detail", args=[follow_up.case.number])).content.decode()
    assert 'data-answered="true"' in html and "很好" in html
