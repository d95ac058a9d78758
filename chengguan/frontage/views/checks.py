"""An inspector's check of a unit (on the unit's page) and the photos taken at checks."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core import audit

from .. import rules, selectors, services
from ..forms import CheckForm
from .common import allowed, run
from .units import _detail, _unit


@require_POST
@allowed(rules.may_check)
def check_create(request, pk: int):
    unit = _unit(request, pk)
    form = CheckForm(request.POST, request.FILES)
    result = {}
    if form.is_valid():
        data = form.cleaned_data

        def call():
            result["check"] = services.record_check(
                actor=request.user,
                unit_id=unit.pk,
                clean_ok=data["clean_ok"],
                order_ok=data["order_ok"],
                green_ok=data["green_ok"],
                note=data["note"],
                photos=request.FILES.getlist("photos"),
            )

        if run(request, form, call, _("The check is recorded.")):
            check = result["check"]
            if check.raised_case_id:
                from django.contrib import messages

                messages.warning(
                    request,
                    _("Repeated failure: case %(number)s is raised.") % {"number": check.raised_case.number},
                )
            return redirect("frontage:unit", pk=unit.pk)
    return _detail(request, unit, check_form=form, status=400)


@allowed(rules.may_open_register)
def photo(request, pk: int):
    item = selectors.photo_for(request.user, pk)
    if item is None:
        raise Http404(_("No such photo."))
    audit.record("frontage.photo_opened", actor=request.user, target=item)
    return FileResponse(item.file.open("rb"), content_type=item.content_type)
