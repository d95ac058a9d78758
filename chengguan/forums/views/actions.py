"""The forum writes from the pages: each parses its form, calls one service and comes back to the page; bad
input or a refusal puts the page back with the message and a 400 (or 409 for a refusal), changing nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chengguan.core.forms import add_service_errors

from .. import selectors, services
from ..forms import (
    AnswerForm,
    ForumForm,
    HoldForm,
    OpinionForm,
    ParticipantForm,
    ReasonForm,
    ReferForm,
    ScheduleForm,
)
from . import pages
from .common import forbidden, forum_or_404, forums_required, schedule_or_404

FORUM_ACTIONS = {
    # action: (form class, prefix, the service call, the message on success)
    "participant": (
        ParticipantForm,
        "participant",
        lambda f, d, user: services.add_participant(actor=user, forum_id=f.pk, **d),
        gettext_lazy("The participant is on the list."),
    ),
    "hold": (
        HoldForm,
        None,
        lambda f, d, user: services.hold_forum(actor=user, forum_id=f.pk, **d),
        gettext_lazy("The forum is held and its minutes are kept."),
    ),
    "cancel": (
        ReasonForm,
        None,
        lambda f, d, user: services.cancel_forum(actor=user, forum_id=f.pk, **d),
        gettext_lazy("The forum is cancelled."),
    ),
    "opinion": (
        OpinionForm,
        None,
        lambda f, d, user: services.record_opinion(actor=user, forum_id=f.pk, **d),
        gettext_lazy("The opinion is recorded."),
    ),
}


OPINION_ACTIONS = {
    "refer": (
        ReferForm,
        services.refer_opinion,
        gettext_lazy("The opinion is a case now; it is answered when the case closes."),
    ),
    "answer": (AnswerForm, services.answer_opinion, gettext_lazy("The answer is recorded.")),
}


def _status(exc) -> int:
    return getattr(exc, "http_status", 400) if isinstance(exc, services.ForumRefused) else 400


@require_POST
@forums_required
def forum_action(request, pk: int, action: str):
    forum = forum_or_404(request, pk)
    if action == "remove_participant":
        return _remove_participant(request, forum)
    if action not in FORUM_ACTIONS:
        raise Http404(_("No such action."))
    form_class, prefix, call, done = FORUM_ACTIONS[action]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(forum, form.cleaned_data, request.user)
        except PermissionDenied:
            return forbidden(request)
        except (services.ForumRefused, ValidationError) as exc:
            add_service_errors(form, exc)
            return pages.render_forum(request, forum, bound={action: form}, status=_status(exc))
        messages.success(request, done)
        return redirect("forums:forum", pk=forum.pk)
    return pages.render_forum(request, forum, bound={action: form}, status=400)


def _remove_participant(request, forum):
    participant = request.POST.get("participant", "")
    if not participant.isdigit() or not 0 < int(participant) <= selectors.MAX_ID:
        messages.error(request, _("Choose a participant."))
        return pages.render_forum(request, forum, status=400)
    try:
        services.remove_participant(actor=request.user, forum_id=forum.pk, participant_id=int(participant))
    except PermissionDenied:
        return forbidden(request)
    except (services.ForumRefused, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages))
        return pages.render_forum(request, forum, status=_status(exc))
    messages.success(request, _("The participant is off the list."))
    return redirect("forums:forum", pk=forum.pk)


@require_POST
@forums_required
def opinion_action(request, pk: int, action: str):
    forum_id = selectors.forum_of_opinion(request.user, pk)
    if forum_id is None:
        raise Http404(_("No such opinion."))
    forum = forum_or_404(request, forum_id)
    if action not in OPINION_ACTIONS:
        raise Http404(_("No such action."))
    form_class, service, done = OPINION_ACTIONS[action]
    form = form_class(request.POST, prefix=f"{action}-{pk}")
    if form.is_valid():
        try:
            service(actor=request.user, opinion_id=pk, **form.cleaned_data)
        except PermissionDenied:
            return forbidden(request)
        except (services.ForumRefused, ValidationError) as exc:
            add_service_errors(form, exc)
            return pages.render_forum(
                request, forum, bound={f"opinion-{pk}": {action: form}}, status=_status(exc)
            )
        messages.success(request, done)
        return redirect(f"{forum_url(forum)}#opinion-{pk}")
    return pages.render_forum(request, forum, bound={f"opinion-{pk}": {action: form}}, status=400)


def forum_url(forum) -> str:
    return reverse("forums:forum", args=[forum.pk])


@require_POST
@forums_required
def schedule_forum(request, pk: int):
    schedule = schedule_or_404(request, pk)
    form = ForumForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            forum = services.schedule_forum(
                actor=request.user,
                schedule_id=schedule.pk,
                day=data["date"],
                place=data["place"],
                topic=data["topic"],
            )
        except PermissionDenied:
            return forbidden(request)
        except (services.ForumRefused, ValidationError) as exc:
            add_service_errors(form, exc)
            return pages.community(request, pk, forum_form=form, status=_status(exc))
        messages.success(request, _("The forum is scheduled."))
        return redirect("forums:forum", pk=forum.pk)
    return pages.community(request, pk, forum_form=form, status=400)


@require_POST
@forums_required
def edit_schedule(request, pk: int):
    schedule = schedule_or_404(request, pk)
    form = ScheduleForm(request.POST, community=schedule.community)
    if form.is_valid():
        try:
            services.set_schedule(actor=request.user, community=schedule.community, **form.cleaned_data)
        except PermissionDenied:
            return forbidden(request)
        except (services.ForumRefused, ValidationError) as exc:
            add_service_errors(form, exc)
            return pages.community(request, pk, schedule_form=form, status=_status(exc))
        messages.success(request, _("The schedule is saved."))
        return redirect("forums:community", pk=pk)
    return pages.community(request, pk, schedule_form=form, status=400)


@forums_required
def new_schedule(request):
    if request.method != "POST":
        return pages.schedule_new(request)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            schedule = services.set_schedule(actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            return forbidden(request)
        except (services.ForumRefused, ValidationError) as exc:
            add_service_errors(form, exc)
            return pages.schedule_new(request, form=form, status=_status(exc))
        messages.success(request, _("The schedule is saved."))
        return redirect("forums:community", pk=schedule.community_id)
    return pages.schedule_new(request, form=form, status=400)
