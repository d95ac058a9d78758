"""Hotline intake (an operator enters a caller's report) and the inspector's patrol report. The form
carries a fresh idempotency key each time it is shown, so a double submit makes one case. A refused form
comes back with everything typed, and its photos are held on the server for the retry (held_photos)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chengguan.grid.bounds import check_in_area
from chengguan.taxonomy import selectors as taxonomy

from .. import selectors, services
from ..forms import IntakeForm, PatrolForm, add_service_errors, category_label
from . import held_photos
from .common import INTAKE_ROLES, PATROL_ROLES, cached_on_request, role_required

# The service's names for location problems, shown on the form's fields.
FIELD_ALIASES = {"location": "address", "crs": "lng"}


@role_required(*INTAKE_ROLES)
def intake(request):
    return _report_page(request, IntakeForm, patrol=False)


@role_required(*PATROL_ROLES)
def patrol(request):
    return _report_page(request, PatrolForm, patrol=True)


@require_GET
@role_required(*INTAKE_ROLES, *PATROL_ROLES)
def category_lookup(request):
    """The categories a typed code, name or keyword proposes (traditional characters too), best first:
    the category box's suggestions (cases/category_lookup.js). Without JavaScript the form takes the code
    or the name typed."""
    query = request.GET.get("q", "")[:60]
    found = taxonomy.search_categories(query, limit=8)
    return JsonResponse(
        {
            "results": [
                {
                    "code": c.code,
                    "name": c.name,
                    "label": category_label(c),
                    "major": c.parent.name if c.parent_id else "",
                }
                for c in found
            ]
        }
    )


@require_GET
@role_required(*INTAKE_ROLES, *PATROL_ROLES)
def duplicate_lookup(request):
    """The open cases likely the same problem as the report being entered (并单 proposals): an HTML
    fragment the form shows under the map (cases/intake_duplicates.js), so the operator can tell the caller
    it is already reported. The category is the code the category box starts with."""
    try:
        lng, lat = float(request.GET["lng"]), float(request.GET["lat"])
        check_in_area(lng, lat)
    except (KeyError, ValueError):
        return HttpResponse(status=204)  # no point yet: nothing to propose
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    code = (request.GET.get("category") or "").strip().split(" ")[0][:16]
    found = selectors.proposals_for_new_report(
        request.user, category_code=code, lng=lng, lat=lat, text=request.GET.get("text", "")[:500]
    )
    response = render(request, "cases/_intake_duplicates.html", {"found": found})
    response["Cache-Control"] = "no-store"
    return response


def _report_page(request, form_class, *, patrol: bool):
    form = form_class(request.POST or None, request.FILES or None)
    session, key = request.session, request.POST.get("intake_key", "")
    if request.method == "POST":
        held_photos.sweep(session)
        if request.POST.get("drop_held"):
            held_photos.release(session, key)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        kwargs["photos"] = [*kwargs.get("photos", []), *held_photos.as_uploads(session, key)]
        try:
            result = services.report_case(actor=request.user, **kwargs)
        except ValidationError as exc:
            add_service_errors(form, _aliased(exc))
        else:
            held_photos.release(session, key)
            if result.created:
                messages.success(request, _("Case %(number)s recorded.") % {"number": result.case.number})
            else:
                messages.info(
                    request,
                    _("This report was already recorded as case %(number)s.")
                    % {"number": result.case.number},
                )
            return redirect("cases:detail", number=result.case.number)
    if form.errors:  # refused: hold the acceptable photos sent with it for the retry
        held_photos.hold(session, key, held_photos.check_uploads(request.FILES.getlist("photos")))
    context = {
        "held_photos": held_photos.held(session, key) if request.method == "POST" else [],
        "form": form,
        "categories": cached_on_request(request, "categories", selectors.classifiable_categories),
        "center": selectors.map_center(),
        "patrol": patrol,
    }
    return render(request, "cases/intake.html", context, status=400 if form.errors else 200)


def _aliased(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    fields: dict[str, list[str]] = {}
    for field, msgs in error.message_dict.items():
        fields.setdefault(FIELD_ALIASES.get(field, field), []).extend(msgs)
    return ValidationError(fields)
