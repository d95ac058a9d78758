"""Signs found on patrol: the inspector's form (with the map to pick the spot), the list of checks, one
check with the register's verdict and the case it raised, and its photo."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import rules, selectors, services
from ..forms import CheckFilterForm, SignCheckForm
from .common import paginate, register_view, run

SORTS = [("found", gettext_lazy("Found")), ("outcome", gettext_lazy("Check outcome"))]


def _may_check(user, section) -> bool:
    return rules.may_check_signs(user)


@register_view()
def check_list(request):
    form = CheckFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    checks = selectors.check_list(
        request.user,
        request.advert_section,
        outcome=data.get("outcome") or "",
        sort=request.GET.get("sort", ""),
    )
    context = {
        "page": paginate(request, checks),
        "filter_form": form,
        "sorts": SORTS,
        "may_check": rules.may_check_signs(request.user),
    }
    return render(request, "adverts/check_list.html", context, status=400 if form.errors else 200)


@register_view(_may_check)
def check_create(request):
    form = SignCheckForm(request.POST or None, request.FILES or None)
    created = {}
    if request.method == "POST" and form.is_valid():

        def call():
            created["check"] = services.record_sign_check(
                actor=request.user, photo=form.cleaned_data["photo"], **form.sign_kwargs()
            )

        if run(request, form, call, _("The sign is recorded and checked against the register.")):
            return redirect("adverts:check", pk=created["check"].pk)
    context = {"form": form, "center": selectors.map_center()}
    return render(request, "adverts/check_form.html", context, status=400 if form.errors else 200)


def _check(request, pk):
    check = selectors.check_for(request.user, pk, request.advert_section)
    if check is None:
        raise Http404(_("No such sign check."))
    return check


@register_view()
def check_detail(request, pk: int):
    check = _check(request, pk)
    context = {"check": check, "events": selectors.check_events(check)}
    return render(request, "adverts/check_detail.html", context)


@register_view()
def check_photo(request, pk: int):
    check = _check(request, pk)
    if not check.photo:
        raise Http404(_("No such photo."))
    response = FileResponse(check.photo.open("rb"), content_type=check.photo_type or "image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
