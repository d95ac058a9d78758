"""Reads of the forums app, scoped to what the user may see: the schedules with their state this period and
the last, the late list, the forums, one forum's page, and the year by month."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from chengguan.core.privacy import mask_name
from chengguan.grid.models import Area, AreaLevel

from . import rules
from .models import (
    ANSWERED,
    Forum,
    ForumEvent,
    ForumOpinion,
    ForumSchedule,
    ForumState,
    ParticipantKind,
    is_answered,
)
from .periods import Period, add_months, last_complete_period, month_start, period_containing

HELD = ForumState.HELD
LOOKBACK_MONTHS = 24
MAX_ID = 2**31 - 1  # the largest key a row can have; a larger one in a URL finds nothing (on any database)


def _valid_id(pk) -> bool:
    return (
        isinstance(pk, int) and 0 < pk <= MAX_ID
    )  # the last complete period of a yearly schedule begins at most this long ago


def visible_schedules(user) -> QuerySet[ForumSchedule]:
    """Every schedule for leaders, the civility office and administrators; the organising unit's (and its
    subtree's) for its staff; none for anyone else."""
    schedules = ForumSchedule.objects.all()
    if rules.reads_everything(user):
        return schedules
    path = rules.organising_path(user)
    if path is None:
        return schedules.none()
    return schedules.filter(department__path__startswith=path)


def schedule_for_community(user, community_id: int) -> ForumSchedule | None:
    if not _valid_id(community_id):
        return None
    return (
        visible_schedules(user)
        .select_related("community__parent", "department")
        .filter(community_id=community_id)
        .first()
    )


@dataclass
class ScheduleRow:
    schedule: ForumSchedule
    held_dates: list[date]
    next_date: date | None
    current: Period | None
    last_period: Period | None
    is_late: bool = field(init=False)
    held_this_period: bool = field(init=False)

    def __post_init__(self):
        self.is_late = bool(
            self.schedule.is_active
            and self.last_period is not None
            and not any(day in self.last_period for day in self.held_dates)
        )
        self.held_this_period = self.current is not None and any(
            day in self.current for day in self.held_dates
        )

    @property
    def last_held(self) -> date | None:
        return max(self.held_dates, default=None)


def schedule_rows(
    user, *, today: date, street_id: int | None = None, late_only: bool = False
) -> list[ScheduleRow]:
    """One row per visible schedule (three queries, however many there are), late ones first."""
    since = add_months(month_start(today), -LOOKBACK_MONTHS)
    schedules = (
        visible_schedules(user)
        .select_related("community__parent", "department")
        .annotate(
            next_date=Min(
                "forums__date", filter=Q(forums__state=ForumState.SCHEDULED, forums__date__gte=today)
            )
        )
        .prefetch_related(
            Prefetch(
                "forums",
                queryset=Forum.objects.filter(state=HELD, date__gte=since).only("id", "schedule_id", "date"),
                to_attr="recent_held",
            )
        )
        .order_by("community__code")
    )
    if street_id:
        schedules = schedules.filter(community__parent_id=street_id)
    rows = [
        ScheduleRow(
            schedule=s,
            held_dates=[f.date for f in s.recent_held if f.date <= today],
            next_date=s.next_date,
            current=period_containing(s.starts_on, s.interval_months, today),
            last_period=last_complete_period(s.starts_on, s.interval_months, today),
        )
        for s in schedules
    ]
    if late_only:
        rows = [row for row in rows if row.is_late]
    return sorted(rows, key=lambda row: (not row.is_late, row.schedule.community.code))


def communities_without_schedule(limit: int = 50) -> list:
    """Communities no schedule covers yet (for the civility office's overview)."""
    return list(
        Area.objects.filter(level=AreaLevel.COMMUNITY)
        .exclude(pk__in=ForumSchedule.objects.values("community_id"))
        .select_related("parent")
        .order_by("code")[:limit]
    )


def with_counts(forums: QuerySet[Forum]) -> QuerySet[Forum]:
    return forums.annotate(
        opinion_count=Count("opinions", distinct=True),
        answered_count=Count(
            "opinions", filter=Q(opinions__in=ForumOpinion.objects.filter(ANSWERED)), distinct=True
        ),
        participant_count=Count("participants", distinct=True),
    )


def visible_forums(user) -> QuerySet[Forum]:
    return Forum.objects.filter(schedule__in=visible_schedules(user))


def forum_list(user, *, state: str = "", street_id: int | None = None) -> QuerySet[Forum]:
    forums = with_counts(visible_forums(user)).select_related(
        "schedule__community__parent", "schedule__department"
    )
    if state in ForumState.values:
        forums = forums.filter(state=state)
    if street_id:
        forums = forums.filter(schedule__community__parent_id=street_id)
    return forums.order_by("-date", "-id")


def forum_for(user, pk: int) -> Forum | None:
    if not _valid_id(pk):
        return None
    return (
        visible_forums(user)
        .select_related("schedule__community__parent", "schedule__department", "minuted_by")
        .filter(pk=pk)
        .first()
    )


def forum_of_opinion(user, opinion_id: int) -> int | None:
    """The id of the (visible) forum an opinion was raised at."""
    if not _valid_id(opinion_id):
        return None
    return (
        ForumOpinion.objects.filter(pk=opinion_id, forum__in=visible_forums(user))
        .values_list("forum_id", flat=True)
        .first()
    )


def forum_page(forum: Forum, *, reveal: bool) -> dict:
    """The forum's participants, opinions (with their cases) and timeline. Residents' names are masked
    for readers who do not organise the forum."""
    participants = list(forum.participants.select_related("staff__department"))
    for p in participants:
        p.shown_name = p.display_name if reveal or p.kind != ParticipantKind.RESIDENT else mask_name(p.name)
    opinions = list(forum.opinions.select_related("case"))
    for o in opinions:
        o.shown_raised_by = o.raised_by if reveal else mask_name(o.raised_by)
        o.answered = is_answered(o)
    events = ForumEvent.objects.filter(forum=forum).order_by("at", "id")
    return {"participants": participants, "opinions": opinions, "events": list(events)}


@dataclass
class YearRow:
    schedule: ForumSchedule
    months: dict[int, int]  # month → forums held
    opinions: int = 0
    answered: int = 0

    @property
    def month_cells(self) -> list[int]:
        return [self.months.get(m, 0) for m in range(1, 13)]

    @property
    def held(self) -> int:
        return sum(self.months.values())


def year_grid(user, *, year: int, street_id: int | None = None) -> list[YearRow]:
    """Per visible community: the forums held in each month of `year`, the opinions raised at them and how
    many of those are answered (three queries)."""
    schedules = (
        visible_schedules(user).select_related("community__parent", "department").order_by("community__code")
    )
    if street_id:
        schedules = schedules.filter(community__parent_id=street_id)
    schedules = list(schedules)
    ids = [s.pk for s in schedules]
    months: dict[int, dict[int, int]] = defaultdict(dict)
    held = Forum.objects.filter(schedule_id__in=ids, state=HELD, date__year=year)
    for row in held.values("schedule_id", "date__month").annotate(n=Count("id")):
        months[row["schedule_id"]][row["date__month"]] = row["n"]
    opinions = {
        row["forum__schedule_id"]: row
        for row in ForumOpinion.objects.filter(forum__in=held)
        .values("forum__schedule_id")
        .annotate(total=Count("id"), answered=Count("id", filter=ANSWERED))
    }
    return [
        YearRow(
            schedule=s,
            months=months.get(s.pk, {}),
            opinions=opinions.get(s.pk, {}).get("total", 0),
            answered=opinions.get(s.pk, {}).get("answered", 0),
        )
        for s in schedules
    ]


def community_year(schedule: ForumSchedule, year: int) -> list[dict]:
    """The twelve months of `year` for one community: its forums in each (any state) with their counts."""
    forums = with_counts(Forum.objects.filter(schedule=schedule, date__year=year)).order_by("date", "id")
    by_month: dict[int, list[Forum]] = defaultdict(list)
    for forum in forums:
        by_month[forum.date.month].append(forum)
    return [
        {
            "month": month,
            "forums": by_month.get(month, []),
            "held": any(f.state == HELD for f in by_month.get(month, [])),
            "opinions": sum(f.opinion_count for f in by_month.get(month, []) if f.state == HELD),
            "answered": sum(f.answered_count for f in by_month.get(month, []) if f.state == HELD),
        }
        for month in range(1, 13)
    ]


def schedule_events(schedule: ForumSchedule, limit: int = 20) -> list[ForumEvent]:
    return list(schedule.events.select_related("forum").order_by("-at", "-id")[:limit])
