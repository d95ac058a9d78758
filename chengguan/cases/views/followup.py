"""回访: the reporter's private follow-up page (no log-in, the link's token is the key). It shows the case
number, category, place and the public timeline only (never staff names nor the reporter's data), takes
one answer, and is lightly rate-limited per address and kept out of search engines."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chengguan.core.images import clean_image
from chengguan.core.net import client_ip

from .. import selectors, services
from ..forms import FollowUpForm, add_service_errors
from ..states import Action

DEFAULT_RATE = (30, 600)  # requests per address per window (seconds)
NOTE_SHOWN = frozenset({Action.REPORT_HANDLED, Action.CLOSE})  # notes that tell the outcome


def rate_limited(request) -> bool:
    limit, window = getattr(settings, "CHENGGUAN_FOLLOW_UP_RATE", DEFAULT_RATE)
    key = f"cases:follow-up-rate:{client_ip(request)}"
    cache.add(key, 0, window)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        hits = 1
    return hits > limit


def public_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"  # the link's token stays out of other sites' logs
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def _public_events(case) -> list[dict]:
    return [
        {
            "at": event.at,
            "action": event.get_action_display(),
            "state": event.to_state,
            "state_label": event.get_to_state_display() if event.to_state else "",
            "note": event.note if event.action in NOTE_SHOWN else "",
        }
        for event in selectors.timeline(case, public_only=True)
    ]


@public_page
def follow_up(request, token: str):
    if rate_limited(request):
        return render(request, "cases/followup_message.html", {"kind": "limited"}, status=429)
    follow = selectors.follow_up_for(token)
    if follow is None:
        return render(request, "cases/followup_message.html", {"kind": "missing"}, status=404)
    context = {"follow_up": follow, "case": follow.case, "events": _public_events(follow.case)}
    if follow.answered_at is not None:
        context["kind"] = "thanks" if request.GET.get("done") == "1" else "answered"
        return render(request, "cases/followup_message.html", context)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(token=token, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if "token" in getattr(exc, "error_dict", {}):  # answered meanwhile (another tab)
                return render(request, "cases/followup_message.html", {**context, "kind": "answered"})
            add_service_errors(form, exc)
        else:
            return redirect(reverse("cases:follow_up", args=[token]) + "?done=1")
    context["form"] = form
    context["after_photos"] = selectors.after_photos(follow.case)
    return render(request, "cases/followup.html", context, status=400 if form.errors else 200)


@public_page
def follow_up_photo(request, token: str, pk: int):
    """A photo after handling, for the holder of the follow-up link only; always re-encoded from its pixels
    (no GPS, camera or other metadata), never the stored bytes."""
    if rate_limited(request):
        return render(request, "cases/followup_message.html", {"kind": "limited"}, status=429)
    attachment = selectors.follow_up_photo(token, pk)
    if attachment is None or not attachment.file:
        raise Http404(_("No such photo."))
    with attachment.file.open("rb") as handle:
        data = handle.read()
    try:
        clean = clean_image(data, name=attachment.original_name)
    except ValidationError:
        raise Http404(_("No such photo.")) from None
    response = HttpResponse(clean.data, content_type=clean.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
