"""Reads of 舆情: the counts the spike test needs, the period's cases for the hot-spot board (scoped to the
user through the cases app), daily trend, top terms, repeat locations, alerts, items and digests."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import rjieba
from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from chengguan.cases import selectors as cases
from chengguan.cases.models import Case
from chengguan.cases.states import FINISHED, State
from chengguan.grid.models import Area

from . import rules
from .defaults import MIN_TERM_LENGTH, STOP_WORDS
from .geometry import repeat_spots
from .models import Alert, AlertState, AreaLevel, Digest, MediaItem

TERMS_SAMPLE = 3000  # the most recent descriptions read for the top terms
POINTS_SAMPLE = 5000  # the most recent located cases grouped into repeat locations
ALERT_CASES_SHOWN = 30


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def counted_cases() -> QuerySet[Case]:
    """The reports that count: every case but those rejected (不予立案: not a problem, or not ours)."""
    return Case.objects.exclude(state=State.REJECTED)


# --- the spike test ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    category_id: int
    area_id: int
    level: str
    count: int
    baseline_total: int  # reports in the baseline days before
    # A street's reports outside these communities, whose own spikes already stand for theirs.
    excluded_communities: tuple[int, ...] = ()


LEVEL_FIELDS = ((AreaLevel.COMMUNITY, "community_id"), (AreaLevel.STREET, "street_id"))


def spike_candidates(day: date, thresholds) -> list[Candidate]:
    """The category × area pairs with at least the minimum count on `day`, with their baseline totals:
    two grouped queries per area level."""
    start, end = start_of(day), start_of(day + timedelta(days=1))
    window_start = start_of(day - timedelta(days=thresholds.baseline_days))
    base = counted_cases().filter(category__isnull=False).order_by()
    found = []
    for level, column in LEVEL_FIELDS:
        today = (
            base.filter(reported_at__gte=start, reported_at__lt=end, **{f"{column}__isnull": False})
            .values_list("category_id", column)
            .annotate(n=Count("id"))
        )
        busy = {(cat, area): n for cat, area, n in today if n >= thresholds.min_count}
        if not busy:
            continue
        before = (
            base.filter(
                reported_at__gte=window_start,
                reported_at__lt=start,
                category_id__in={cat for cat, _ in busy},
                **{f"{column}__in": {area for _, area in busy}},
            )
            .values_list("category_id", column)
            .annotate(n=Count("id"))
        )
        totals = {(cat, area): n for cat, area, n in before}
        found += [
            Candidate(cat, area, level, n, totals.get((cat, area), 0))
            for (cat, area), n in sorted(busy.items())
        ]
    return found


def streets_of(community_ids) -> dict[int, int]:
    """Each community's street."""
    return dict(Area.objects.filter(pk__in=set(community_ids)).values_list("pk", "parent_id"))


def spike_case_ids(candidate: Candidate, day: date) -> list[int]:
    column = dict(LEVEL_FIELDS)[candidate.level]
    return list(
        counted_cases()
        .filter(
            reported_at__gte=start_of(day),
            reported_at__lt=start_of(day + timedelta(days=1)),
            category_id=candidate.category_id,
            **{column: candidate.area_id},
        )
        .exclude(community_id__in=candidate.excluded_communities)
        .order_by("reported_at", "pk")
        .values_list("pk", flat=True)
    )


def area_by_id(area_id: int) -> Area | None:
    return Area.objects.filter(pk=area_id).first()


# --- the hot-spot board ------------------------------------------------------------------------------------


def period_cases(user, start_day: date, end_day: date) -> QuerySet[Case]:
    """The cases the user may see reported from `start_day` to `end_day` (both included)."""
    return cases.visible_cases(user).filter(
        reported_at__gte=start_of(start_day), reported_at__lt=start_of(end_day + timedelta(days=1))
    )


def daily_counts(queryset: QuerySet[Case], start_day: date, end_day: date) -> list[tuple[date, int]]:
    """Reports per day, every day of the period (zeros included), in one query."""
    tz = timezone.get_current_timezone()
    rows = (
        queryset.order_by()
        .annotate(day=TruncDate("reported_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("id"))
    )
    counts = {day: n for day, n in rows}
    days = (end_day - start_day).days + 1
    return [
        (start_day + timedelta(days=i), counts.get(start_day + timedelta(days=i), 0)) for i in range(days)
    ]


def terms_of(texts, limit: int = 15) -> list[tuple[str, int]]:
    """The commonest words of the texts (segmented by jieba), stop words, numbers and single characters
    dropped; a word counts once per text."""
    counter: Counter[str] = Counter()
    for text in texts:
        words = {
            word
            for word in rjieba.cut(text or "")
            if len(word) >= MIN_TERM_LENGTH and word not in STOP_WORDS and not word.isascii()
        }
        counter.update(words)
    return counter.most_common(limit)


def top_terms(queryset: QuerySet[Case], limit: int = 15) -> list[tuple[str, int]]:
    texts = queryset.order_by("-reported_at").values_list("search_text", flat=True)[:TERMS_SAMPLE]
    return terms_of(texts, limit)


def repeat_metres() -> float:
    return float(getattr(settings, "CHENGGUAN_REPEAT_METRES", 30))


def repeat_min_reports() -> int:
    return int(getattr(settings, "CHENGGUAN_REPEAT_MIN_REPORTS", 3))


def repeat_locations(queryset: QuerySet[Case], limit: int = 10) -> list[dict]:
    """Places reported again and again: reports within CHENGGUAN_REPEAT_METRES of one another, at least
    CHENGGUAN_REPEAT_MIN_REPORTS of them, the most reported first; one query."""
    rows = (
        queryset.filter(lng__isnull=False, lat__isnull=False)
        .order_by("-reported_at")
        .values_list("lng", "lat", "number", "address", "reported_at", "category__name", "state")[
            :POINTS_SAMPLE
        ]
    )
    points = [(row[0], row[1], row) for row in rows]
    spots = repeat_spots(points, radius_m=repeat_metres(), min_count=repeat_min_reports())[:limit]
    result = []
    for spot in spots:
        members = sorted(spot.members, key=lambda row: row[4])
        categories = Counter(row[5] for row in members if row[5])
        result.append(
            {
                "count": spot.count,
                "lng": round(spot.lng, 6),
                "lat": round(spot.lat, 6),
                "address": next((row[3] for row in reversed(members) if row[3]), ""),
                "category": categories.most_common(1)[0][0] if categories else "",
                "first": members[0][4],
                "last": members[-1][4],
                "numbers": [row[2] for row in reversed(members)],
                "open": sum(1 for row in members if row[6] not in FINISHED),
            }
        )
    return result


def open_alerts(user) -> list[Alert]:
    """Open alerts the user may see, newest first, each with its cases (at most ALERT_CASES_SHOWN shown)."""
    alerts = alerts_for(user).filter(state=AlertState.OPEN)
    return list(alerts[:20])


def alerts_for(user) -> QuerySet[Alert]:
    alerts = Alert.objects.select_related("category", "area", "department").prefetch_related(
        Prefetch(
            "cases",
            queryset=Case.objects.only("pk", "number", "state", "description").order_by("reported_at"),
        )
    )
    if rules.may_view_board(user):
        return alerts
    staff = getattr(user, "staff", None)
    if staff is None or not staff.is_active:
        return alerts.none()
    return alerts.filter(department__path__startswith=staff.department.path)


def alert_for(user, pk: int) -> Alert | None:
    return alerts_for(user).filter(pk=pk).first()


def alert_cases(user, alert: Alert) -> QuerySet[Case]:
    """The alert's cases that the user may open."""
    return cases.visible_cases(user).filter(pk__in=alert.cases.values("pk")).order_by("reported_at")


# --- items and digests -------------------------------------------------------------------------------------


def media_item_by_url(url: str) -> MediaItem | None:
    return MediaItem.objects.filter(url=url).select_related("case").first()


def media_items() -> QuerySet[MediaItem]:
    return MediaItem.objects.select_related("case", "category", "recorded_by__staff")


def digests() -> QuerySet[Digest]:
    return Digest.objects.all()


def digest(pk: int) -> Digest | None:
    return Digest.objects.filter(pk=pk).first()


def week_summary(week_start: date) -> dict:
    """Everything in the week's digest, as plain JSON-ready values (the whole bureau's cases)."""
    end = week_start + timedelta(days=6)
    week = counted_cases().filter(
        reported_at__gte=start_of(week_start), reported_at__lt=start_of(end + timedelta(days=1))
    )
    previous = counted_cases().filter(
        reported_at__gte=start_of(week_start - timedelta(days=7)), reported_at__lt=start_of(week_start)
    )
    by_category = (
        week.filter(category__isnull=False)
        .order_by()
        .values_list("category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__name")[:10]
    )
    by_street = (
        week.filter(street__isnull=False)
        .order_by()
        .values_list("street__name")
        .annotate(n=Count("id"))
        .order_by("-n", "street__name")[:10]
    )
    spikes = Alert.objects.filter(day__gte=week_start, day__lte=end).select_related("category", "area")
    spots = repeat_locations(week)
    return {
        "start": week_start.isoformat(),
        "end": end.isoformat(),
        "total": week.count(),
        "previous_total": previous.count(),
        "by_day": [[day.isoformat(), n] for day, n in daily_counts(week, week_start, end)],
        "by_category": [[name, n] for name, n in by_category],
        "by_street": [[name, n] for name, n in by_street],
        "spikes": [
            {
                "id": alert.pk,
                "day": alert.day.isoformat(),
                "category": alert.category.name,
                "area": alert.area.name,
                "count": alert.count,
                "baseline": round(alert.baseline, 2),
                "state": alert.state,
            }
            for alert in spikes
        ],
        "top_terms": [[word, n] for word, n in top_terms(week)],
        "repeat_locations": [
            {
                **spot,
                "first": spot["first"].isoformat(),
                "last": spot["last"].isoformat(),
                "numbers": spot["numbers"][:10],
            }
            for spot in spots
        ],
        "media_items": MediaItem.objects.filter(
            seen_at__gte=start_of(week_start), seen_at__lt=start_of(end + timedelta(days=1))
        ).count(),
    }
