"""The notice lists make a fixed number of queries whatever their length (30 notices, with objections)."""

import pytest
from django.urls import reverse

from chengguan.notices import services

from .conftest import MONDAY, object_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty(org):
    notices = []
    for i in range(30):
        notice = services.create_notice(
            actor=org["officer"], title=f"公示{i}", body="正文", owner_department=org["office"]
        )
        notices.append(services.publish_notice(notice_id=notice.pk, actor=org["officer"], now=MONDAY))
    for notice in notices[::3]:
        object_to(notice)
    return notices


def test_the_staff_list(client, org, thirty, django_assert_max_num_queries):
    client.force_login(org["officer"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("notices:manage"))
    assert response.status_code == 200
    assert response.content.decode().count(">公示") >= 30


def test_the_public_list(client, thirty, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("notices:list"))
    assert response.status_code == 200 and len(response.context["notices"]) == 20
