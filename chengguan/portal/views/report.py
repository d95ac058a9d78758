"""Reporting a problem, the duplicate suggestion while the form is filled in, and supporting an open
case instead of filing a duplicate."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chengguan.cases import services
from chengguan.cases.states import Channel
from chengguan.core.forms import add_service_errors, messages_of
from chengguan.core.net import client_ip
from chengguan.core.notify import absolute_link
from chengguan.grid.bounds import check_in_area
from chengguan.taxonomy import selectors as taxonomy

from .. import ratelimit, selectors
from .. import services as portal_services
from ..forms import ReportForm, SupportForm
from ..tokens import check_tracking_token, tracking_token
from .common import message_page, public_page, with_device_cookie

MOBILE_UA = re.compile(r"Mobi|Android|iPhone|iPad|MicroMessenger", re.IGNORECASE)
KEY_PREFIX = "portal:"  # portal keys never collide with (or reveal) another channel's keys


def _channel(request) -> str:
    return Channel.MOBILE if MOBILE_UA.search(request.META.get("HTTP_USER_AGENT", "")) else Channel.WEB


def _intake_key(request) -> str:
    try:
        return KEY_PREFIX + str(uuid.UUID(request.POST.get("intake_key", "")))
    except ValueError:
        return ""


def _done(case):
    return redirect("portal:done", number=case.number, token=tracking_token(case.number))


def _tracking_path(number: str) -> str:
    return reverse("portal:track_private", args=[number, tracking_token(number)])


def _form_page(request, form, *, refused: str = "", status: int = 200):
    context = {
        "form": form,
        "groups": selectors.category_groups(),
        "stamp": ratelimit.form_stamp(),
        "refused": refused,
        "nearby_url": reverse("portal:nearby"),
        "categories_url": reverse("portal:categories"),
        "center": selectors.map_center(),
    }
    return with_device_cookie(request, render(request, "portal/report.html", context, status=status))


@public_page
def report(request):
    if request.method != "POST":
        return _form_page(request, ReportForm())
    form = ReportForm(request.POST, request.FILES)
    key = _intake_key(request)
    if key and (existing := selectors.case_for_intake_key(key)) is not None:
        return _done(existing)  # a retried or double-tapped submission: the same case, never a second
    limited = not request.user.is_authenticated
    if limited and (refused := ratelimit.refusal(request)):
        return _form_page(request, form, refused=refused[0], status=refused[1])
    # Counted from here on: a report that is not stored gives its count back.
    result = None
    try:
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.report_case(
                    description=data["description"],
                    channel=_channel(request),
                    lng=data["lng"],
                    lat=data["lat"],
                    address=data["address"],
                    category=data["category"],
                    reporter_name=data["reporter_name"],
                    reporter_phone=data["reporter_phone"],
                    photos=data["photos"],
                    intake_key=key or None,
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
    finally:
        if limited and (result is None or not result.created):
            ratelimit.release(request)
    if result is not None:
        if result.created:
            portal_services.text_tracking_link(
                case=result.case, actor=request.user, path=_tracking_path(result.case.number)
            )
        return _done(result.case)
    return _form_page(request, form, status=400)


@public_page
def done(request, number: str, token: str):
    case = selectors.find_public_case(number)
    if case is None or not check_tracking_token(number, token):
        raise Http404(_("No such report."))
    context = {
        "case": case,
        "tracking_url": _tracking_path(number),
        "tracking_link": absolute_link(_tracking_path(number)),
        "texted": bool(case.reporter_phone_hash),  # a phone was left: the link went to it by text
    }
    return render(request, "portal/done.html", context)


@require_GET
def categories(request):
    """The codes of the reportable categories a search finds on the server, where the words are
    normalised (traditional characters: 路燈, 攤販): the category filter asks when its own match over the
    page's list finds nothing."""
    if not ratelimit.lookup_allowed(request):
        return JsonResponse({"codes": []}, status=429, headers={"Cache-Control": "no-store"})
    found = taxonomy.search_categories(request.GET.get("q", "")[:60], limit=12, public_only=True)
    return JsonResponse({"codes": [category.code for category in found]})


@require_GET
def nearby(request):
    """Open cases likely the same problem as the report being filled in: the chosen category or a related
    one, near the pin, recent, with a text alike (an HTML fragment for the form)."""
    if not ratelimit.lookup_allowed(request):
        return HttpResponse(status=429, headers={"Cache-Control": "no-store"})
    hits = []
    category = selectors.reportable_category(request.GET.get("category", ""))
    try:
        lng, lat = float(request.GET["lng"]), float(request.GET["lat"])
    except (KeyError, ValueError):
        lng = lat = None
    if lng is not None:
        try:
            check_in_area(lng, lat)
        except ValidationError as exc:
            return HttpResponse(
                messages_of(exc),
                status=400,
                content_type="text/plain; charset=utf-8",
                headers={"Cache-Control": "no-store"},
            )
    if category is not None and lng is not None:
        hits = selectors.nearby_open_cases(lng, lat, category, request.GET.get("text", "")[:500])
    response = render(request, "portal/_nearby.html", {"hits": hits, "category": category})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@public_page
def support(request):
    back = reverse("portal:report")
    if not request.user.is_authenticated and (refused := ratelimit.refusal(request)):
        return message_page(request, title=_("Not sent"), text=refused[0], status=refused[1], back_url=back)
    form = SupportForm(request.POST)
    case = selectors.find_public_case(request.POST.get("support_case", "")) if form.is_valid() else None
    if case is None:
        if not request.user.is_authenticated:
            ratelimit.release(request)
        raise Http404(_("No such case."))
    try:
        case = services.support_case(
            case_id=case.pk,
            actor=request.user,
            phone=form.phone(),
            device_id=ratelimit.device_id(request),
            ip=client_ip(request),
        )
    except ValidationError as exc:
        if not request.user.is_authenticated:
            ratelimit.release(request)
        return message_page(
            request, title=_("Not counted"), text=" ".join(exc.messages), status=400, back_url=back
        )
    context = {"case": case, "phone_given": bool(form.phone())}
    return render(request, "portal/supported.html", context)
