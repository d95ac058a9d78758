"""The forum pages through HTTP: who sees what, the forms' answers to bad input (4xx, nothing changed), the
masked names for readers, and a fixed number of queries on every list."""

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.forums import services
from chengguan.forums.models import Forum, ForumSchedule, ForumState
from chengguan.grid.models import Area, AreaLevel
from tests.factories import UserFactory

from .conftest import COMMUNITY, COMMUNITY_2, held_forum, last_month_day

pytestmark = pytest.mark.django_db


def test_the_overview_and_the_late_list_by_role(client, schedules, street_handler, civility, people):
    held_forum(schedules[COMMUNITY], street_handler, last_month_day())
    client.force_login(civility)
    body = client.get(reverse("forums:overview")).content.decode()
    assert "百牙社区" in body and "长江社区" in body
    late = client.get(reverse("forums:late"))
    assert late.status_code == 200
    assert [r.schedule.community.code for r in late.context["rows"]] == [COMMUNITY_2]
    client.force_login(street_handler)
    rows = client.get(reverse("forums:overview")).context["rows"]
    assert [r.schedule.community.code for r in rows] == [COMMUNITY]
    client.force_login(people.inspector)  # no role that opens the forums
    assert client.get(reverse("forums:overview")).status_code == 403
    client.logout()
    assert client.get(reverse("forums:overview")).status_code == 302


def test_bad_parameters_are_answered_400(client, schedules, civility):
    client.force_login(civility)
    assert client.get(reverse("forums:year") + "?year=abc").status_code == 400
    assert client.get(reverse("forums:year") + "?year=1800").status_code == 400
    assert client.get(reverse("forums:overview") + "?street=999999").status_code == 400
    assert client.get(reverse("forums:list") + "?state=nonsense").status_code == 400
    community_id = schedules[COMMUNITY].community_id
    assert client.get(reverse("forums:community", args=[community_id]) + "?year=x").status_code == 400
    assert client.get(reverse("forums:year") + "?year=%00").status_code == 400
    huge = 10**20
    assert client.get(f"/forums/{huge}/").status_code == 404
    assert client.get(f"/forums/community/{huge}/").status_code == 404
    assert client.post(f"/forums/opinions/{huge}/answer/", {}).status_code == 404


def test_another_streets_office_cannot_reach_the_community_or_its_forums(
    client, schedules, street_handler, other_street
):
    forum = held_forum(schedules[COMMUNITY], street_handler, last_month_day())
    client.force_login(other_street)
    assert (
        client.get(reverse("forums:community", args=[schedules[COMMUNITY].community_id])).status_code == 404
    )
    assert client.get(reverse("forums:forum", args=[forum.pk])).status_code == 404
    response = client.post(reverse("forums:forum_action", args=[forum.pk, "opinion"]), {"text": "x"})
    assert response.status_code == 404 and not forum.opinions.exists()


def test_a_leader_reads_with_residents_names_masked_and_may_not_write(
    client, schedules, street_handler, people
):
    forum = held_forum(schedules[COMMUNITY], street_handler, last_month_day(), opinions=["路灯不亮"])
    client.force_login(people.leader)
    response = client.get(reverse("forums:forum", args=[forum.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "王**" in body and "王秀英" not in body and "李书记" in body
    assert 'data-form="opinion"' not in body
    response = client.post(reverse("forums:forum_action", args=[forum.pk, "opinion"]), {"text": "再提一条"})
    assert response.status_code == 403 and forum.opinions.count() == 1
    client.force_login(street_handler)
    body = client.get(reverse("forums:forum", args=[forum.pk])).content.decode()
    assert "王秀英" in body and 'data-form="opinion"' in body


def test_forms_refuse_bad_input_with_400_and_change_nothing(client, schedules, street_handler, categories):
    client.force_login(street_handler)
    community_id = schedules[COMMUNITY].community_id
    response = client.post(
        reverse("forums:forum_new", args=[community_id]), {"date": "2026-13-01", "place": "x"}
    )
    assert response.status_code == 400 and not Forum.objects.exists()
    response = client.post(
        reverse("forums:forum_new", args=[community_id]),
        {"date": timezone.localdate().isoformat(), "place": "会议室"},
    )
    forum = Forum.objects.get()
    assert response.status_code == 302 and response.url == reverse("forums:forum", args=[forum.pk])
    hold = reverse("forums:forum_action", args=[forum.pk, "hold"])
    response = client.post(hold, {"minutes": "纪要"})
    assert response.status_code == 409  # a refusal: no cadre or representative on the list yet
    forum.refresh_from_db()
    assert forum.state == ForumState.SCHEDULED
    add = reverse("forums:forum_action", args=[forum.pk, "participant"])
    assert client.post(add, {"participant-kind": "resident", "participant-name": ""}).status_code == 400
    assert client.post(add, {"participant-kind": "resident", "participant-name": "王秀英"}).status_code == 302
    assert client.post(hold, {"minutes": ""}).status_code == 400
    assert client.post(hold, {"minutes": "会议纪要"}).status_code == 302
    assert client.post(reverse("forums:forum_action", args=[forum.pk, "nonsense"]), {}).status_code == 404
    client.post(reverse("forums:forum_action", args=[forum.pk, "opinion"]), {"text": "垃圾清运不及时"})
    opinion = forum.opinions.get()
    refer = reverse("forums:opinion_action", args=[opinion.pk, "refer"])
    response = client.post(refer, {f"refer-{opinion.pk}-category": "X9999 不存在"})
    assert response.status_code == 400 and "S0102" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.state == "open" and opinion.case_id is None
    response = client.post(refer, {f"refer-{opinion.pk}-category": "S0102 暴露垃圾"})
    opinion.refresh_from_db()
    assert response.status_code == 302 and opinion.case.category.code == "S0102"
    body = client.get(reverse("forums:forum", args=[forum.pk])).content.decode()
    assert f'data-case="{opinion.case.number}"' in body


def test_the_civility_office_sets_a_schedule_from_the_page(client, grid, civility, street_handler, offices):
    client.force_login(street_handler)
    assert client.get(reverse("forums:schedule_new")).status_code == 403
    client.force_login(civility)
    assert client.get(reverse("forums:schedule_new")).status_code == 200
    unscheduled = client.get(reverse("forums:overview")).context["unscheduled"]
    assert [a.code for a in unscheduled] == [COMMUNITY, COMMUNITY_2]
    community = Area.objects.get(code=COMMUNITY)
    data = {
        "community": community.pk,
        "department": offices["341702001"].pk,
        "interval_months": 13,
        "remind_days": 5,
    }
    assert client.post(reverse("forums:schedule_new"), data).status_code == 400
    data.update(interval_months=1, is_active="on")
    response = client.post(reverse("forums:schedule_new"), data)
    assert response.status_code == 302 and ForumSchedule.objects.get().community == community


# --- a fixed number of queries --------------------------------------------------------------------------


@pytest.fixture
def thirty(schedules, civility, offices, street_handler):
    """28 more communities in the first street, each on a schedule with one forum held last month."""
    street = Area.objects.get(code="341702001")
    for i in range(28):
        area = Area.objects.create(
            code=f"341702001{100 + i:03d}", name=f"第{i}社区", level=AreaLevel.COMMUNITY, parent=street
        )
        services.set_schedule(actor=civility, community=area, department=offices["341702001"])
    for schedule in ForumSchedule.objects.filter(department=offices["341702001"])[:30]:
        held_forum(schedule, street_handler, last_month_day(), opinions=["意见一", "意见二"])
    assert ForumSchedule.objects.count() == 30


def test_the_overview_with_30_communities(client, thirty, civility, django_assert_max_num_queries):
    client.force_login(civility)
    with django_assert_max_num_queries(11):  # 10 today; one query per row would be 40 or more
        response = client.get(reverse("forums:overview"))
    assert response.status_code == 200 and len(response.context["rows"]) == 30
    assert response.context["unscheduled"] == []  # every community has a schedule


def test_the_year_with_30_communities(client, thirty, civility, django_assert_max_num_queries):
    client.force_login(civility)
    with django_assert_max_num_queries(11):  # 10 today
        response = client.get(reverse("forums:year") + f"?year={last_month_day().year}")
    rows = response.context["rows"]
    assert len(rows) == 30 and sum(r.opinions for r in rows) == 29 * 2


def test_the_list_of_29_forums(client, thirty, civility, django_assert_max_num_queries):
    client.force_login(civility)
    with django_assert_max_num_queries(10):  # 9 today
        response = client.get(reverse("forums:list"))
    assert len(response.context["forums"]) == 29
    assert {f.opinion_count for f in response.context["forums"]} == {2}


def test_a_forum_page_with_many_opinions(client, schedules, street_handler, django_assert_max_num_queries):
    forum = held_forum(
        schedules[COMMUNITY], street_handler, last_month_day(), opinions=[f"意见{i}" for i in range(15)]
    )
    client.force_login(street_handler)
    with django_assert_max_num_queries(13):  # 12 today; one query per opinion would be 27 or more
        response = client.get(reverse("forums:forum", args=[forum.pk]))
    assert response.content.decode().count("data-opinion=") == 15


def test_an_account_without_staff_is_refused(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("forums:year")).status_code == 403
