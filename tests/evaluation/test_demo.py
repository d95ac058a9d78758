"""The demo city's evaluation rounds: built through the services, voteable at once, and gone on --reset."""

import pytest

from chengguan.demo.builder import build_demo_city
from chengguan.evaluation.models import BallotStatus, Rectification, Round, RoundState
from chengguan.notices.models import Notice

pytestmark = pytest.mark.django_db
SMALL = {"cells": 200, "streets": 3}


def test_the_demo_has_an_open_round_and_a_published_one_and_resets_cleanly(client):
    build_demo_city(seed=2026, **SMALL)
    current = Round.objects.get(state=RoundState.OPEN)
    past = Round.objects.get(state=RoundState.PUBLISHED)
    assert current.targets.count() >= 6 and current.questions.count() == 5 and current.nominees.count() == 4
    assert current.ballots.filter(status=BallotStatus.FLAGGED).count() >= 5  # the burst from one network
    assert past.ballots.count() == 60 and past.ranking.exists() and past.notice.state == "published"
    assert Rectification.objects.get().case.state == "dispatched"
    assert client.get(f"/evaluation/{current.pk}/").status_code == 200
    assert client.get(f"/evaluation/{past.pk}/results/").status_code == 200
    build_demo_city(seed=2026, reset=True, **SMALL)
    rankings = Notice.objects.filter(subject_type__startswith="evaluation.")
    assert Round.objects.count() == 2 and rankings.count() == 1
