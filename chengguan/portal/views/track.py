"""Tracking a case: by number (the public view), by the reporter's private link (which adds their own
description and, once closed, the way to rate it or the rating given), the public case page and its
public photos."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chengguan.cases import services
from chengguan.core.images import clean_image

from .. import selectors
from ..tokens import check_tracking_token
from .common import public_page


def _private_case(number: str, token: str):
    case = selectors.find_public_case(number)
    if case is None or not check_tracking_token(number, token):
        raise Http404(_("This tracking link is not valid."))
    return case


@public_page
def track(request):
    number = (request.GET.get("number") or "").strip()
    case = selectors.find_public_case(number) if number else None
    context = {"number": number, "not_found": bool(number) and case is None}
    if case is not None:
        context.update(selectors.public_view(case))
    return render(request, "portal/track.html", context, status=404 if context["not_found"] else 200)


@public_page
def track_private(request, number: str, token: str):
    case = _private_case(number, token)
    context = {**selectors.public_view(case), "private": True, "number": number}
    if case.state == "closed":
        follow_up = selectors.closure_follow_up(case)
        if follow_up is not None and follow_up.answered_at is not None:
            context["rating"] = follow_up  # rated already: the page shows the answer, asks nothing more
        else:
            context["rate_url"] = reverse("portal:rate", args=[number, token])
    return render(request, "portal/track.html", context)


@public_page
def rate(request, number: str, token: str):
    """The reporter's way to the follow-up page, also for those who left no phone (so got no text)."""
    case = _private_case(number, token)
    follow_up = services.follow_up_for_reporter(case_id=case.pk, actor=request.user)
    if follow_up is None:
        return redirect("portal:track_private", number=number, token=token)
    return redirect("cases:follow_up", token=follow_up.token)


@public_page
def case_page(request, number: str):
    case = selectors.find_public_case(number)
    if case is None:
        raise Http404(_("No such case."))
    return render(request, "portal/case.html", selectors.public_view(case))


def photo(request, pk: int):
    """A public photo, always as an image re-encoded from its pixels (no GPS, camera or other metadata,
    bounded in size), whatever was stored: the original bytes are never served. Open311's media_url
    points here too."""
    attachment = selectors.public_photo(pk)
    if attachment is None or not attachment.file:
        raise Http404(_("No such photo."))
    with attachment.file.open("rb") as handle:
        data = handle.read()
    try:
        clean = clean_image(data, name=attachment.original_name)
    except ValidationError:
        raise Http404(_("No such photo.")) from None
    response = HttpResponse(clean.data, content_type=clean.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
