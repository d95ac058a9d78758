"""The register: the list with its map, a unit's page, registering on the map, editing, agreements,
revealing a contact, and the spreadsheet import with its result page."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.privacy import mask_name, mask_phone
from chengguan.grid.selectors import streets

from .. import rules, selectors, services
from ..forms import AgreementForm, CheckForm, ImportForm, UnitForm
from ..models import UnitKind
from .common import allowed, forbidden, paginate, run

MAX_MARKERS = 2000


def _filters(request) -> dict:
    try:
        street = int(request.GET.get("street") or 0) or None
    except ValueError:
        street = None
    if street is not None and not 0 < street < 2**31:
        street = None
    return {
        "query": (request.GET.get("q") or "").strip()[:50],
        "street": street,
        "kind": request.GET.get("kind") if request.GET.get("kind") in UnitKind.values else "",
        "expiry": request.GET.get("expiry") if request.GET.get("expiry") in ("expired", "soon") else "",
        "failing": request.GET.get("failing") == "1",
    }


@allowed(rules.may_open_register)
def unit_list(request):
    filters = _filters(request)
    page = paginate(request, selectors.unit_list(request.user, **filters))
    for unit in page:
        unit.expiry = selectors.expiry_state(unit.agreement_ends)
    context = {
        "page": page,
        "filters": filters,
        "streets": streets(),
        "kinds": UnitKind.choices,
        "may_register": rules.may_register(request.user),
        "markers_url": reverse("frontage:markers") + ("?" + request.GET.urlencode() if request.GET else ""),
    }
    return render(request, "frontage/unit_list.html", context)


@allowed(rules.may_open_register)
def unit_markers(request):
    """The listed units as GeoJSON for the map: failing units red, the others green."""
    rows = selectors.unit_list(request.user, **_filters(request))[:MAX_MARKERS]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [unit.lng, unit.lat]},
            "properties": {
                "title": unit.name,
                "state": "overdue" if unit.failure_count else "closed",
                "state_label": _("failed checks: %(n)s") % {"n": unit.failure_count},
                "url": reverse("frontage:unit", args=[unit.pk]),
            },
        }
        for unit in rows
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _unit(request, pk):
    unit = selectors.unit_for(request.user, pk)
    if unit is None:
        raise Http404(_("No such unit in your register."))
    return unit


def _contact(unit, revealed=None) -> dict:
    if revealed is not None:
        return {**revealed, "revealed": True}
    return {"name": mask_name(unit.contact_name), "phone": mask_phone(unit.contact_phone), "revealed": False}


def _detail(request, unit, *, check_form=None, revealed=None, status=200):
    agreements = selectors.agreements_of(unit)
    current = agreements[0] if agreements else None
    context = {
        "unit": unit,
        "contact": _contact(unit, revealed),
        "agreements": agreements,
        "current": current,
        "expiry": selectors.expiry_state(current.ends_on if current else None),
        "checks": selectors.checks_of(unit),
        "cases": selectors.raised_cases_of(unit),
        "events": selectors.events_of(unit),
        "may_manage": rules.may_manage_unit(request.user, unit),
        "may_check": rules.may_check(request.user) and unit.is_active,
        "may_reveal": bool(unit.contact_name or unit.contact_phone)
        and rules.may_reveal_contact(request.user, unit),
        "check_form": check_form or CheckForm(),
        "center": f"{unit.lng},{unit.lat}",
        "markers_url": None,
    }
    return render(request, "frontage/unit_detail.html", context, status=status)


@allowed(rules.may_open_register)
def unit_detail(request, pk: int):
    return _detail(request, _unit(request, pk))


@require_POST
@allowed(rules.may_open_register)
def reveal(request, pk: int):
    unit = _unit(request, pk)
    result = {}

    def call():
        result["contact"] = services.reveal_contact(actor=request.user, unit_id=unit.pk)

    if not run(request, None, call, _("The contact is shown; this was written to the audit log.")):
        return redirect("frontage:unit", pk=unit.pk)
    return _detail(request, unit, revealed=result["contact"])


def _form_page(request, form, *, heading, submit, page_name, unit=None, status=200):
    center = f"{unit.lng},{unit.lat}" if unit else ""
    context = {
        "form": form,
        "heading": heading,
        "submit_label": submit,
        "page_name": page_name,
        "unit": unit,
        "center": center,
        "with_map": "lng" in form.fields,
    }
    return render(request, "frontage/form_page.html", context, status=400 if form.errors else status)


@allowed(rules.may_register)
def unit_create(request):
    form = UnitForm(request.POST or None)
    created = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            created["unit"] = services.register_unit(actor=request.user, **data)

        if run(request, form, call, _("The unit is in the register. Record its agreement.")):
            return redirect("frontage:unit", pk=created["unit"].pk)
    return _form_page(
        request, form, heading=_("Register a unit"), submit=_("Register"), page_name="frontage_unit_form"
    )


@allowed(rules.may_register)
def unit_edit(request, pk: int):
    unit = _unit(request, pk)
    if not rules.may_manage_unit(request.user, unit):
        return forbidden(request)
    initial = {
        "name": unit.name,
        "kind": unit.kind,
        "address": unit.address,
        "lng": unit.lng,
        "lat": unit.lat,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("contact_name", "contact_phone"):
            data[key] = data[key] or None  # empty keeps the present contact

        def call():
            services.update_unit(actor=request.user, unit_id=unit.pk, **data)

        if run(request, form, call, _("The unit is saved.")):
            return redirect("frontage:unit", pk=unit.pk)
    return _form_page(
        request,
        form,
        heading=_("Edit %(name)s") % {"name": unit.name},
        submit=_("Save"),
        page_name="frontage_unit_form",
        unit=unit,
    )


@allowed(rules.may_register)
def agreement_create(request, pk: int):
    unit = _unit(request, pk)
    if not rules.may_manage_unit(request.user, unit):
        return forbidden(request)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def call():
            services.record_agreement(actor=request.user, unit_id=unit.pk, **form.cleaned_data)

        if run(request, form, call, _("The agreement is recorded.")):
            return redirect("frontage:unit", pk=unit.pk)
    return _form_page(
        request,
        form,
        heading=_("Responsibility agreement of %(name)s") % {"name": unit.name},
        submit=_("Record the agreement"),
        page_name="frontage_agreement_form",
        unit=unit,
    )


@allowed(rules.may_register)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def call():
            data = upload.read(services.imports.MAX_BYTES + 1)
            result["run"] = services.import_units(actor=request.user, data=data, filename=upload.name)

        if run(request, form, call, _("The file is imported.")):
            return redirect("frontage:import_result", pk=result["run"].pk)
    context = {"form": form, "runs": selectors.import_runs_for(request.user)[:10]}
    return render(request, "frontage/import.html", context, status=400 if form.errors else 200)


@allowed(rules.may_register)
def import_result(request, pk: int):
    run_ = selectors.import_runs_for(request.user).filter(pk=pk).first()
    if run_ is None:
        raise Http404(_("No such import."))
    return render(request, "frontage/import_result.html", {"run": run_})
