"""Spikes: each day's reports per category × community (and × street) against the mean of the baseline
days before it, a one-sided Poisson test; a spike raises one alert per category × area × day with the
cases behind it and tells the leaders and the responsible department. A later run the same day adds the
new reports to the alert without telling anyone again.

A street is tested on its reports outside the communities that spiked (and against its baseline outside
them): a spike in one community is one alert, not one for the community and another for its street; a
street alert means reports spread over several communities, none a spike alone."""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.notify.message import Message
from chengguan.core.notify.services import notify_users
from chengguan.core.refusals import require_actor
from chengguan.org import selectors as org
from chengguan.org.roles import RoleCode
from chengguan.taxonomy import selectors as taxonomy

from .. import rules, selectors
from ..models import Alert, AlertAction, AlertState, AreaLevel
from ..scoring import Thresholds, baseline_mean, is_spike
from .common import Code, InsightRefused, allowed, log_event, person


@dataclass
class SpikeRun:
    day: date
    checked: int = 0  # category × area pairs with enough reports that day to be tested
    raised: list[Alert] = field(default_factory=list)
    updated: list[Alert] = field(default_factory=list)


def detect_spikes(*, actor, day: date | None = None, thresholds: Thresholds | None = None) -> SpikeRun:
    """Test `day` (default today, so far) and raise or update its alerts. Each alert is written in its own
    transaction; running it again raises nothing new."""
    allowed(actor, rules.may_view_board)
    day = day or timezone.localdate()
    thresholds = thresholds or Thresholds.from_settings()
    run = SpikeRun(day=day)
    candidates = selectors.spike_candidates(day, thresholds)  # communities first, then streets
    street_of = selectors.streets_of(c.area_id for c in candidates if c.level == AreaLevel.COMMUNITY)
    spiked: dict[tuple[int, int], list] = {}  # (category, street) → its communities that spiked
    for candidate in candidates:
        if candidate.level == AreaLevel.STREET:
            candidate = _outside(candidate, spiked.get((candidate.category_id, candidate.area_id), []))
        run.checked += 1
        mean = baseline_mean(candidate.baseline_total, thresholds.baseline_days)
        spike, p_value = is_spike(candidate.count, mean, thresholds)
        if not spike:
            continue
        if candidate.level == AreaLevel.COMMUNITY:
            spiked.setdefault((candidate.category_id, street_of.get(candidate.area_id)), []).append(candidate)
        alert, created = _raise(candidate, day=day, mean=mean, p_value=p_value, actor=actor)
        if created:
            run.raised.append(alert)
        elif alert is not None:
            run.updated.append(alert)
    return run


def _outside(street, communities):
    """The street's count and baseline without the communities that spiked in it."""
    if not communities:
        return street
    return replace(
        street,
        count=street.count - sum(c.count for c in communities),
        baseline_total=max(street.baseline_total - sum(c.baseline_total for c in communities), 0),
        excluded_communities=tuple(c.area_id for c in communities),
    )


@transaction.atomic
def _raise(candidate, *, day: date, mean: float, p_value: float, actor) -> tuple[Alert | None, bool]:
    case_ids = selectors.spike_case_ids(candidate, day)
    key = {"category_id": candidate.category_id, "area_id": candidate.area_id, "day": day}
    alert = Alert.objects.select_for_update().filter(**key).first()
    if alert is not None:
        known = set(alert.cases.values_list("pk", flat=True))
        new = [pk for pk in case_ids if pk not in known]
        if not new:
            return None, False
        old = alert.count
        alert.cases.add(*new)
        alert.count, alert.baseline, alert.p_value = len(known) + len(new), mean, p_value
        alert.save(update_fields=["count", "baseline", "p_value"])
        log_event(alert, action=AlertAction.UPDATE, actor=actor, count=[old, alert.count])
        return alert, False
    category, area = taxonomy.category_by_id(candidate.category_id), selectors.area_by_id(candidate.area_id)
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                **key,
                level=candidate.level,
                count=len(case_ids),
                baseline=mean,
                p_value=p_value,
                department=taxonomy.responsible_department(category, area),
                raised_at=timezone.now(),
            )
    except IntegrityError:  # another run raised it a moment ago
        return None, False
    alert.cases.add(*case_ids)
    log_event(alert, action=AlertAction.RAISE, actor=actor, count=alert.count, baseline=round(mean, 2))
    _notify(alert, category, area)
    return alert, True


def alert_recipients(alert: Alert) -> list:
    """The leaders, and the handlers and shift leads of the responsible department."""
    people = list(org.staff_with_role(RoleCode.LEADER))
    if alert.department is not None:
        for role in (RoleCode.HANDLER, RoleCode.SHIFT_LEAD):
            people += list(org.staff_with_role(role, alert.department))
    return people


def _notify(alert: Alert, category, area) -> None:
    notify_users(
        alert_recipients(alert),
        Message(
            subject=_("Spike: %(count)s reports of %(category)s in %(area)s on %(day)s")
            % {
                "count": alert.count,
                "category": category.name,
                "area": area.name,
                "day": alert.day.isoformat(),
            },
            body=_("Usually about %(mean)s a day. See the alert and the cases behind it.")
            % {"mean": f"{alert.baseline:.1f}"},
            link=reverse("insight:alert", args=[alert.pk]),
            kind="insight.spike",
        ),
    )


@transaction.atomic
def acknowledge_alert(*, alert_id: int, actor, note: str = "") -> Alert:
    """The alert has been seen and taken in hand; it leaves the board's open alerts."""
    require_actor(actor)
    alert = (
        Alert.objects.select_for_update(of=("self",)).select_related("department").filter(pk=alert_id).first()
    )
    if alert is None:
        raise InsightRefused(_("No such alert."), code="no_such_alert")
    allowed(actor, rules.may_view_alert, alert)
    if alert.state != AlertState.OPEN:
        raise InsightRefused(_("The alert has already been acknowledged."), code=Code.ALREADY_ACKNOWLEDGED)
    alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = person(actor)
    alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    log_event(alert, action=AlertAction.ACKNOWLEDGE, actor=actor, note=note[:500])
    return alert
