"""The demo city's forums: built through the services, a late list with a few communities, an opinion that
became a case, the pages answer, and the demo rebuilds cleanly."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from chengguan.demo.builder import build_demo_city
from chengguan.forums import selectors
from chengguan.forums.models import Forum, ForumOpinion, ForumSchedule, OpinionState

pytestmark = pytest.mark.django_db
SMALL = {"cells": 200, "streets": 3}


def test_the_demo_has_forums_a_late_list_and_a_case(client):
    build_demo_city(seed=2026, **SMALL)
    schedules = ForumSchedule.objects.count()
    assert schedules >= 6 and Forum.objects.filter(state="held").count() >= 2 * schedules
    officer = get_user_model().objects.get(username="civility_officer")
    rows = selectors.schedule_rows(officer, today=timezone.localdate())
    late = [row for row in rows if row.is_late]
    assert 0 < len(late) < len(rows) / 2
    referred = ForumOpinion.objects.get(state=OpinionState.REFERRED)
    assert referred.case.origin_type == "forums.opinion" and referred.case.category.code == "S0102"
    assert ForumOpinion.objects.filter(state=OpinionState.ANSWERED).exists()
    client.force_login(officer)
    assert client.get(reverse("forums:late")).context["rows"] == late
    assert client.get(reverse("forums:forum", args=[referred.forum_id])).status_code == 200
    street = get_user_model().objects.get(username="handler-street")
    client.force_login(street)
    own = client.get(reverse("forums:overview")).context["rows"]
    assert own and all(r.schedule.department == street.staff.department for r in own)
    build_demo_city(seed=2026, reset=True, **SMALL)
    assert (
        ForumSchedule.objects.count() == schedules
        and ForumOpinion.objects.filter(state="referred").count() == 1
    )
