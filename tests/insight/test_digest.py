"""The weekly digest: last week's counts, spikes, top terms and repeat locations, made once and announced to
the leaders once; a week not yet over is refused."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chengguan.core.models import Outgoing
from chengguan.insight import services
from chengguan.insight.models import Digest

from .conftest import CELL_3

pytestmark = pytest.mark.django_db


def test_last_weeks_digest_is_made_once_and_announced(noise, people):
    monday = services.last_complete_week(timezone.localdate())
    noise(12, day=monday + timedelta(days=2))  # a spike on Wednesday, all on one spot: a repeat location
    noise(2, day=monday + timedelta(days=4), cell=CELL_3)
    noise(3, day=monday - timedelta(days=3))  # the week before
    services.detect_spikes(actor=services.SPIKE_ACTOR, day=monday + timedelta(days=2))
    digest, created = services.build_digest(actor=services.DIGEST_ACTOR)
    assert created and digest.week_start == monday and monday.weekday() == 0
    data = digest.data
    assert data["total"] == 14 and data["previous_total"] == 3
    assert dict(data["by_day"])[(monday + timedelta(days=2)).isoformat()] == 12
    assert data["by_category"] == [["商业噪声扰民", 14]]
    assert [spike["area"] for spike in data["spikes"]] == ["百牙社区"]
    assert data["repeat_locations"][0]["count"] == 12
    terms = dict(data["top_terms"])
    assert "喇叭" in terms and "影响" not in terms  # a stop word
    again, created_again = services.build_digest(actor=services.DIGEST_ACTOR)
    assert again.pk == digest.pk and not created_again
    announced = Outgoing.objects.filter(message__kind="insight.digest")
    assert announced.count() == 1
    assert set(announced.get().user_ids) == {people.leader.pk, people.boss.pk}


def test_the_job_makes_it_and_refuses_a_week_not_over(noise):
    call_command("weekly_digest", verbosity=0)
    call_command("weekly_digest", verbosity=0)
    assert Digest.objects.count() == 1
    today = timezone.localdate()
    this_monday = (today - timedelta(days=today.weekday())).isoformat()
    with pytest.raises(CommandError, match=this_monday):  # "the week of <Monday> is not over yet"
        call_command("weekly_digest", "--week", today.isoformat(), verbosity=0)
    assert Digest.objects.count() == 1
    with pytest.raises(CommandError, match="last week"):
        call_command("weekly_digest", "--week", "last week", verbosity=0)
