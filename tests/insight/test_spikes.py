"""Spikes: twelve noise reports in one community in a day against a baseline under one a day raise one
alert with those cases, tell the leaders and the noise department once, and a second run raises nothing;
a normal day raises none."""

import math

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from chengguan.core.models import Outgoing
from chengguan.insight import services
from chengguan.insight.models import Alert, AlertAction, AlertState, AreaLevel
from chengguan.insight.scoring import Thresholds, baseline_mean, is_spike, poisson_tail
from tests.cases.conftest import STREET

from .conftest import COMMUNITY, NEIGHBOUR, NEIGHBOUR_CELL, NOISE_DEPT, days_ago

pytestmark = pytest.mark.django_db


def test_the_poisson_tail_matches_the_formula():
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(1, 0.5) == pytest.approx(1 - math.exp(-0.5))
    expected = 1 - sum(math.exp(-2.0) * 2.0**k / math.factorial(k) for k in range(4))
    assert poisson_tail(4, 2.0) == pytest.approx(expected)
    tiny = poisson_tail(12, 0.2)
    assert 0 < tiny < 1e-15  # summed directly, not lost as 1 − (almost 1)
    assert tiny == pytest.approx(math.exp(-0.2) * 0.2**12 / math.factorial(12), rel=0.05)


def test_a_spike_needs_the_minimum_count_and_a_small_probability():
    limits = Thresholds(baseline_days=28, p_value=0.001, min_count=5)
    assert is_spike(12, baseline_mean(5, 28), limits)[0]
    assert not is_spike(4, baseline_mean(0, 28), limits)[0]  # rare, but too few to be a spike
    assert not is_spike(12, 10.0, limits)[0]  # a busy place's usual day


def _baseline(noise):
    """Five noise reports in the four weeks before: under 0.2 a day."""
    for n in (3, 8, 15, 21, 27):
        noise(1, day=days_ago(n))


def test_twelve_reports_against_a_low_baseline_raise_one_alert_with_those_cases(
    noise, people, noise_handler, django_capture_on_commit_callbacks
):
    _baseline(noise)
    spike = noise(12)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert len(run.raised) == 1  # not another for the street: the community's spike is all of it
    alert = run.raised[0]
    assert alert.level == AreaLevel.COMMUNITY
    assert alert.area.code == COMMUNITY and alert.category.code == "S0513"
    assert alert.count == 12 and alert.baseline == pytest.approx(5 / 28)
    assert set(alert.cases.values_list("pk", flat=True)) == {case.pk for case in spike}
    assert alert.department.code == NOISE_DEPT
    assert alert.p_value < 1e-10 and alert.state == AlertState.OPEN
    assert list(alert.events.values_list("action", flat=True)) == [AlertAction.RAISE]
    # The leaders and the noise department hear of it, once.
    messages = [o for o in Outgoing.objects.all() if o.message["kind"] == "insight.spike"]
    assert len(messages) == 1
    recipients = set(messages[0].user_ids)
    assert {people.leader.pk, noise_handler.pk} <= recipients
    assert people.handler.pk not in recipients  # another department's handler
    assert f"/insight/alerts/{alert.pk}/" == messages[0].message["link"]


def test_running_twice_raises_one_alert_and_tells_once(noise):
    _baseline(noise)
    noise(12)
    first = services.detect_spikes(actor=services.SPIKE_ACTOR)
    second = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert len(first.raised) == 1
    assert second.raised == [] and second.updated == []
    assert Alert.objects.count() == 1
    assert Outgoing.objects.filter(message__kind="insight.spike").count() == 1


def test_the_periodic_command_is_idempotent_too(noise):
    _baseline(noise)
    noise(12)
    call_command("detect_spikes", verbosity=0)
    call_command("detect_spikes", verbosity=0)
    assert Alert.objects.count() == 1


def test_later_reports_join_the_alert_without_a_second_message(noise):
    _baseline(noise)
    noise(12)
    services.detect_spikes(actor=services.SPIKE_ACTOR)
    late = noise(1)[0]
    run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert run.raised == [] and len(run.updated) == 1
    alert = Alert.objects.get()
    assert alert.count == 13 and alert.cases.filter(pk=late.pk).exists()
    assert [e.action for e in alert.events.all()] == [AlertAction.RAISE, AlertAction.UPDATE]
    assert Outgoing.objects.filter(message__kind="insight.spike").count() == 1


def test_reports_spread_over_a_street_raise_one_alert_for_the_street(noise, neighbour):
    """Four in each of two communities: neither is a spike alone (the minimum is five), their street is."""
    _baseline(noise)
    spread = noise(4) + noise(4, cell=NEIGHBOUR_CELL)
    run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert [(a.level, a.area.code, a.count) for a in run.raised] == [(AreaLevel.STREET, STREET, 8)]
    assert set(run.raised[0].cases.values_list("pk", flat=True)) == {case.pk for case in spread}


def test_a_street_is_tested_on_its_reports_outside_the_communities_that_spiked(noise, neighbour):
    """Twelve in 百牙社区 and four in 杏花社区: 百牙社区's alert; the street's other four are no spike."""
    _baseline(noise)
    noise(12)
    noise(4, cell=NEIGHBOUR_CELL)
    run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert [(a.area.code, a.count) for a in run.raised] == [(COMMUNITY, 12)]
    noise(4, cell=NEIGHBOUR_CELL, day=timezone.localdate())  # eight there now: 杏花社区's own spike
    run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert [(a.area.code, a.count) for a in run.raised] == [(NEIGHBOUR, 8)]
    assert Alert.objects.filter(level=AreaLevel.STREET).count() == 0


def test_a_normal_day_raises_none(noise):
    _baseline(noise)
    noise(2)
    run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert run.raised == [] and Alert.objects.count() == 0


def test_a_busy_place_with_a_high_baseline_raises_none(noise):
    for n in range(1, 29):
        noise(10, day=days_ago(n))  # ten a day, every day
    noise(12)
    run = services.detect_spikes(actor=services.SPIKE_ACTOR)
    assert run.checked == 2 and run.raised == []


def test_rejected_reports_do_not_count(noise, people):
    from chengguan.cases import services as cases

    spike = noise(12)
    for case in spike[:8]:
        cases.reject_case(case_id=case.pk, actor=people.dispatcher, reason="重复上报")
    assert services.detect_spikes(actor=services.SPIKE_ACTOR).raised == []


def test_a_past_day_can_be_checked(noise):
    noise(12, day=days_ago(3))
    call_command("detect_spikes", "--day", days_ago(3).isoformat(), verbosity=0)
    assert Alert.objects.filter(day=days_ago(3)).count() == 1


def test_acknowledging_is_evented_once(noise, people, noise_handler):
    noise(12)
    services.detect_spikes(actor=services.SPIKE_ACTOR)
    alert = Alert.objects.get(level=AreaLevel.COMMUNITY)
    with pytest.raises(PermissionDenied):
        services.acknowledge_alert(alert_id=alert.pk, actor=people.handler)  # another department's
    services.acknowledge_alert(alert_id=alert.pk, actor=noise_handler, note="已安排夜查")
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.acknowledged_by == noise_handler
    event = alert.events.get(action=AlertAction.ACKNOWLEDGE)
    assert event.note == "已安排夜查" and event.actor == noise_handler
    with pytest.raises(services.InsightRefused) as refused:
        services.acknowledge_alert(alert_id=alert.pk, actor=people.leader)
    assert refused.value.code == services.Code.ALREADY_ACKNOWLEDGED


def test_a_handler_may_not_run_the_check(noise, people):
    with pytest.raises(PermissionDenied):
        services.detect_spikes(actor=people.handler)
