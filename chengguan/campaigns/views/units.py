"""The civility office's register of participant units and their log-ins."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.privacy import mask_phone

from .. import rules, selectors, services
from ..forms import UnitAccountForm, UnitFilterForm, UnitForm
from .common import console_required, forbidden, run


@console_required
def unit_list(request):
    if not rules.may_launch(request.user):
        return forbidden(request)
    filters = UnitFilterForm(request.GET or None)
    qs = selectors.unit_register(
        request.user,
        kind=filters.cleaned_data.get("kind", "") if filters.is_valid() else "",
        q=request.GET.get("q", ""),
        sort=request.GET.get("sort", "name"),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [{"unit": unit, "phone": mask_phone(unit.contact_phone)} for unit in page]
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run(
            request,
            lambda: services.register_unit(actor=request.user, **data),
            form=form,
            success=_("The unit is registered."),
        ):
            return redirect("campaigns:units")
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "form": form,
        "account_form": UnitAccountForm(),
        "sorts": [("name", _("name")), ("kind", _("kind"))],
    }
    return render(request, "campaigns/units.html", context, status=400 if form.errors else 200)


@require_POST
@console_required
def unit_account(request, pk: int):
    form = UnitAccountForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.add_unit_account(
                actor=request.user,
                unit_id=pk,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            ),
            success=_("The log-in is created; give the user name and password to the unit."),
        )
    else:
        messages.error(request, _("Give a user name and a password of at least 8 characters."))
    return redirect("campaigns:units")
