"""The evaluation's staff lists make a fixed number of queries whatever their length: a round's page with
30 nominees (each with its vote count) and the list of 30 rounds."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from chengguan.evaluation import services
from chengguan.evaluation.models import Nominee, NomineeVote
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_a_round_page_with_30_nominees(
    client, draft_round, organiser, departments, django_assert_max_num_queries
):
    staff = [StaffFactory(department=departments["CGJ"]) for _ in range(28)]
    Nominee.objects.bulk_create(Nominee(round=draft_round, staff=s) for s in staff)
    nominees = list(draft_round.nominees.all())
    assert len(nominees) == 30
    now = timezone.now()
    NomineeVote.objects.bulk_create(
        NomineeVote(round=draft_round, nominee=n, voter_hash=f"v{i}-{k}", ip_hash="x", cast_at=now)
        for i, n in enumerate(nominees)
        for k in range(i % 3)
    )
    client.force_login(organiser)
    url = reverse("evaluation:manage_detail", args=[draft_round.pk])
    with django_assert_max_num_queries(20):  # 18 today; one more query per nominee would be 48
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("data-nominee=") == 30
    assert response.context["nominees"][2].vote_count == 2


def test_the_list_of_30_rounds(client, organiser, departments, django_assert_max_num_queries):
    for i in range(30):
        services.create_round(
            actor=organiser,
            title=f"第{i}轮评议",
            owner_department=departments["CGJ"],
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
        )
    client.force_login(organiser)
    with django_assert_max_num_queries(10):  # 8 today
        response = client.get(reverse("evaluation:manage") + "?page=1")
    assert response.status_code == 200 and len(response.context["rounds"]) == 20
