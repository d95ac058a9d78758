"""The register's pages: the list (filters, sort, paging), the map, a permit with its timeline and
decisions, registering an application or an amendment, the applicant revealed, the content image."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chengguan.core.privacy import mask_name, mask_phone

from .. import rules, selectors, services
from ..forms import AmendForm, DecisionForm, PermitFilterForm, PermitForm, RevokeForm
from ..models import PermitState
from .common import forbidden, paginate, register_view, run

SORTS = [
    ("number", gettext_lazy("Permit number")),
    ("applied", gettext_lazy("Applied on")),
    ("valid_until", gettext_lazy("Valid until")),
    ("state", gettext_lazy("State")),
    ("street", gettext_lazy("Street")),
]
MAX_FEATURES = 2000


def _filtered(request):
    form = PermitFilterForm(request.GET or None, streets=selectors.streets())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    permits = selectors.permit_list(
        request.user,
        request.advert_section,
        state=data.get("state") or "",
        expiring=bool(data.get("expiring")),
        street=data.get("street"),
        q=request.GET.get("q", "")[:100],
        sort=request.GET.get("sort", ""),
    )
    return form, permits


def _masked(permit) -> None:
    permit.masked_name = mask_name(permit.applicant_name)
    permit.masked_phone = mask_phone(permit.applicant_phone)


@register_view()
def permit_list(request):
    form, permits = _filtered(request)
    page = paginate(request, permits)
    for permit in page:
        _masked(permit)
    section = request.advert_section
    context = {
        "page": page,
        "filter_form": form,
        "sorts": SORTS,
        "may_register": rules.may_register(request.user, section),
        "may_check": rules.may_check_signs(request.user),
        "expiring_until": selectors.expiring_until(),
    }
    return render(request, "adverts/permit_list.html", context, status=400 if form.errors else 200)


@register_view()
def permit_map(request):
    form, _permits = _filtered(request)
    context = {
        "filter_form": form,
        "markers_url": reverse("adverts:permits_geojson")
        + ("?" + request.GET.urlencode() if request.GET else ""),
        "states": PermitState.choices,
    }
    return render(request, "adverts/permit_map.html", context)


@register_view()
def permits_geojson(request):
    form, permits = _filtered(request)
    if request.GET.get("id", "").isdigit():
        permits = permits.filter(pk=int(request.GET["id"]))
    if form.errors:
        return JsonResponse(
            {"error": " ".join(str(e) for errors in form.errors.values() for e in errors)}, status=400
        )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(p.lng, 6), round(p.lat, 6)]},
            "properties": {
                "title": f"{p.number} {p.content_text[:30]}",
                "state": f"advert-{p.state}",
                "state_label": str(p.get_state_display()),
                "url": reverse("adverts:permit", args=[p.pk]),
            },
        }
        for p in permits.select_related(None).only("pk", "number", "content_text", "lng", "lat", "state")[
            :MAX_FEATURES
        ]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _permit(request, pk):
    permit = selectors.permit_for(request.user, pk, request.advert_section)
    if permit is None:
        raise Http404(_("No such permit."))
    return permit


def _detail_context(request, permit, *, revealed=None, decision=None, revoke=None) -> dict:
    section = request.advert_section
    may_approve = rules.may_approve(request.user, permit.department)
    _masked(permit)
    return {
        "permit": permit,
        "applicant": revealed,
        "events": selectors.permit_events(permit),
        "amendments": selectors.amendments_of(permit),
        "pending_amendment": selectors.pending_amendment(permit)
        if permit.state == PermitState.APPROVED
        else None,
        "may_reveal": rules.may_reveal_applicant(request.user, permit.department) and revealed is None,
        "may_decide": may_approve and permit.state == PermitState.APPLIED,
        "may_revoke": may_approve and permit.state == PermitState.APPROVED,
        "may_amend": rules.may_register(request.user, section) and permit.state == PermitState.APPROVED,
        "decision_form": decision or DecisionForm(),
        "revoke_form": revoke or RevokeForm(),
        "in_force": selectors.in_force(permit, timezone.localdate()),
        "center": f"{permit.lng:.6f},{permit.lat:.6f}",
        "markers_url": reverse("adverts:permits_geojson") + f"?id={permit.pk}",
    }


@register_view()
def permit_detail(request, pk: int):
    permit = _permit(request, pk)
    return render(request, "adverts/permit_detail.html", _detail_context(request, permit))


@register_view(rules.may_register)
def permit_create(request):
    form = PermitForm(request.POST or None, request.FILES or None)
    created = {}
    if request.method == "POST" and form.is_valid():

        def call():
            created["permit"] = services.apply_for_permit(actor=request.user, **form.service_kwargs())

        if run(request, form, call, _("The application is registered and awaits approval.")):
            return redirect("adverts:permit", pk=created["permit"].pk)
    context = {
        "form": form,
        "heading": _("Register an application"),
        "page_name": "adverts_permit_form",
        "center": selectors.map_center(),
        "may_register": True,
    }
    return render(request, "adverts/permit_form.html", context, status=400 if form.errors else 200)


@register_view(rules.may_register)
def permit_amend(request, pk: int):
    permit = _permit(request, pk)
    initial = {
        key: getattr(permit, key)
        for key in ("lng", "lat", "address", "width_m", "height_m", "material", "content_text")
    }
    initial.update(valid_from=permit.valid_from, valid_until=permit.valid_until)
    form = AmendForm(request.POST or None, request.FILES or None, initial=initial)
    created = {}
    if request.method == "POST" and form.is_valid():

        def call():
            created["permit"] = services.apply_for_permit(
                actor=request.user, amends_id=permit.pk, **form.service_kwargs()
            )

        if run(request, form, call, _("The amendment is registered and awaits approval.")):
            return redirect("adverts:permit", pk=created["permit"].pk)
    context = {
        "form": form,
        "permit": permit,
        "heading": _("Amend permit %(number)s") % {"number": permit.number},
        "page_name": "adverts_amend_form",
        "center": f"{permit.lng:.6f},{permit.lat:.6f}",
        "may_register": True,
    }
    return render(request, "adverts/permit_form.html", context, status=400 if form.errors else 200)


@require_POST
@register_view()
def permit_decide(request, pk: int):
    permit = _permit(request, pk)
    if not rules.may_approve(request.user, permit.department):
        return forbidden(request, _("Only a leader over the advertising section decides applications."))
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        note = form.cleaned_data["note"]

        def call():
            if approve:
                services.approve_permit(actor=request.user, permit_id=permit.pk, note=note)
            else:
                services.refuse_permit(actor=request.user, permit_id=permit.pk, reason=note)

        if run(
            request,
            form,
            call,
            _("The permit is approved.") if approve else _("The application is refused: no permit is given."),
        ):
            return redirect("adverts:permit", pk=permit.pk)
    permit = _permit(request, pk)
    context = _detail_context(request, permit, decision=form)
    return render(request, "adverts/permit_detail.html", context, status=400)


@require_POST
@register_view()
def permit_revoke(request, pk: int):
    permit = _permit(request, pk)
    if not rules.may_approve(request.user, permit.department):
        return forbidden(request, _("Only a leader over the advertising section revokes permits."))
    form = RevokeForm(request.POST)
    if form.is_valid():

        def call():
            services.revoke_permit(
                actor=request.user, permit_id=permit.pk, reason=form.cleaned_data["reason"]
            )

        if run(request, form, call, _("The permit is revoked.")):
            return redirect("adverts:permit", pk=permit.pk)
    permit = _permit(request, pk)
    return render(
        request, "adverts/permit_detail.html", _detail_context(request, permit, revoke=form), status=400
    )


@require_POST
@register_view()
def permit_reveal(request, pk: int):
    permit = _permit(request, pk)
    if not rules.may_reveal_applicant(request.user, permit.department):
        return forbidden(request, _("Only the advertising section and its approvers may see the applicant."))
    revealed = services.reveal_applicant(actor=request.user, permit_id=permit.pk, request=request)
    messages.info(request, _("The applicant's details are shown once; the viewing is on record."))
    response = render(
        request, "adverts/permit_detail.html", _detail_context(request, permit, revealed=revealed)
    )
    response["Cache-Control"] = "no-store"
    return response


@register_view()
def permit_image(request, pk: int):
    """A permit's content image, for those who may open the register (media files are not public)."""
    permit = _permit(request, pk)
    if not permit.image:
        raise Http404(_("No such image."))
    response = FileResponse(permit.image.open("rb"), content_type=permit.image_type or "image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
