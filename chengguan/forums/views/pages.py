"""The forum pages people read: the schedules (with who is late), the late list, the year by month for every
community and for one, the list of forums and one forum."""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from chengguan.cases import selectors as cases

from .. import rules, selectors
from ..forms import (
    CATEGORY_LIST_ID,
    AnswerForm,
    ForumForm,
    HoldForm,
    OpinionForm,
    ParticipantForm,
    ReasonForm,
    ReferForm,
    ScheduleForm,
)
from ..models import ForumState, OpinionState
from ..periods import previous_month
from .common import (
    BadParameter,
    forbidden,
    forum_or_404,
    forums_required,
    int_param,
    schedule_or_404,
    street_filter,
)

PAGE_SIZE = 50


def _bad(error: BadParameter):
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


@forums_required
def overview(request, late_only: bool = False):
    today = timezone.localdate()
    try:
        streets, street_id = street_filter(request)
    except BadParameter as exc:
        return _bad(exc)
    rows = selectors.schedule_rows(request.user, today=today, street_id=street_id, late_only=late_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": page.object_list,
        "page_obj": page,
        "streets": streets,
        "street_id": street_id,
        "late_only": late_only,
        "late_count": sum(1 for row in rows if row.is_late),
        "last_month": previous_month(today),
        "today": today,
        "may_configure": rules.may_configure(request.user),
        "unscheduled": selectors.communities_without_schedule() if rules.may_configure(request.user) else [],
    }
    return render(request, "forums/overview.html", context)


@forums_required
def late(request):
    return overview(request, late_only=True)


@forums_required
def year(request):
    today = timezone.localdate()
    try:
        streets, street_id = street_filter(request)
        year_ = int_param(request, "year", low=2000, high=2100) or today.year
    except BadParameter as exc:
        return _bad(exc)
    context = {
        "rows": selectors.year_grid(request.user, year=year_, street_id=street_id),
        "year": year_,
        "months": range(1, 13),
        "streets": streets,
        "street_id": street_id,
        "may_configure": rules.may_configure(request.user),
    }
    return render(request, "forums/year.html", context)


@forums_required
def community(request, pk: int, *, schedule_form=None, forum_form=None, status: int = 200):
    schedule = schedule_or_404(request, pk)
    try:
        year_ = int_param(request, "year", low=2000, high=2100) or timezone.localdate().year
    except BadParameter as exc:
        return _bad(exc)
    months = selectors.community_year(schedule, year_)
    may_run = rules.may_run_schedule(request.user, schedule)
    may_configure = rules.may_configure(request.user)
    context = {
        "schedule": schedule,
        "community": schedule.community,
        "year": year_,
        "months": months,
        "held_months": sum(1 for m in months if m["held"]),
        "opinions": sum(m["opinions"] for m in months),
        "answered": sum(m["answered"] for m in months),
        "may_run": may_run,
        "may_configure": may_configure,
        "forum_form": forum_form or ForumForm(),
        "schedule_form": schedule_form
        or ScheduleForm(
            community=schedule.community,
            initial={
                "department": schedule.department_id,
                "interval_months": schedule.interval_months,
                "remind_days": schedule.remind_days,
                "starts_on": schedule.starts_on,
                "is_active": schedule.is_active,
            },
        ),
        "events": selectors.schedule_events(schedule),
    }
    return render(request, "forums/community.html", context, status=status)


@forums_required
def forum_list(request):
    try:
        streets, street_id = street_filter(request)
    except BadParameter as exc:
        return _bad(exc)
    state = request.GET.get("state", "")
    if state and state not in ForumState.values:
        return _bad(BadParameter(f"state: {state!r}"))
    page = Paginator(
        selectors.forum_list(request.user, state=state, street_id=street_id), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "forums": page.object_list,
        "page_obj": page,
        "streets": streets,
        "street_id": street_id,
        "state": state,
        "states": ForumState,
        "may_configure": rules.may_configure(request.user),
    }
    return render(request, "forums/list.html", context)


def render_forum(request, forum, *, bound: dict | None = None, status: int = 200):
    """The forum's page, with a form that failed put back (by its name) and the status to answer."""
    bound = bound or {}
    may_run = rules.may_run_schedule(request.user, forum.schedule)
    details = selectors.forum_page(forum, reveal=may_run)
    forms = {
        "participant": ParticipantForm(prefix="participant"),
        "hold": HoldForm(initial={"held_on": forum.date}),
        "cancel": ReasonForm(),
        "opinion": OpinionForm(),
    }
    forms.update({k: v for k, v in bound.items() if k in forms})
    opinion_forms = {}
    for o in details["opinions"]:
        own = bound.get(f"opinion-{o.pk}", {})
        opinion_forms[o.pk] = {
            "refer": own.get("refer") or ReferForm(prefix=f"refer-{o.pk}"),
            "answer": own.get("answer") or AnswerForm(prefix=f"answer-{o.pk}"),
        }
    for o in details["opinions"]:
        o.forms = opinion_forms[o.pk]
    context = {
        "forum": forum,
        "schedule": forum.schedule,
        "community": forum.schedule.community,
        "may_run": may_run,
        "forms": forms,
        "states": ForumState,
        "opinion_states": OpinionState,
        "category_list_id": CATEGORY_LIST_ID,
        "categories": cases.classifiable_categories() if may_run else [],
        **details,
    }
    return render(request, "forums/forum.html", context, status=status)


@forums_required
def forum(request, pk: int):
    return render_forum(request, forum_or_404(request, pk))


@forums_required
def schedule_new(request, *, form=None, status: int = 200):
    if not rules.may_configure(request.user):
        return forbidden(request)
    return render(request, "forums/schedule_form.html", {"form": form or ScheduleForm()}, status=status)
