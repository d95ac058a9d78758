"""The public-opinion intake: the items recorded so far and the form that turns a new one into a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chengguan.cases import selectors as cases
from chengguan.core.forms import add_service_errors

from .. import rules, selectors, services
from ..forms import SOURCES, MediaItemForm
from .common import allowed_by

PAGE_SIZE = 30
may_open_items = rules.may_record_media | rules.may_view_board


@allowed_by(may_open_items)
def media_list(request):
    page = Paginator(selectors.media_items(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": list(page.object_list),
        "may_record": rules.may_record_media(request.user),
    }
    return render(request, "insight/media_list.html", context)


@allowed_by(rules.may_record_media)
def media_new(request):
    form = MediaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.record_media_item(actor=request.user, **form.cleaned_data)
        except (ValidationError, services.InsightRefused) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: the item is case %(number)s, waiting on the desk.")
                % {"number": item.case.number},
            )
            return redirect("insight:media")
    context = {
        "form": form,
        "sources": SOURCES,
        "categories": cases.classifiable_categories(),
        "center": cases.map_center(),
    }
    return render(request, "insight/media_form.html", context, status=400 if form.errors else 200)
