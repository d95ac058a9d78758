"""The monthly red and black list: the month's standings, publishing them through 公示, past lists."""

from datetime import timedelta

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import rules, selectors, services
from ..forms import MonthForm
from .common import allowed, run


def _last_month():
    return selectors.month_start(selectors.month_start(timezone.localdate()) - timedelta(days=1))


@allowed(rules.may_open_register)
def list_page(request):
    form = MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_valid() else _last_month()
    context = {
        "month": month,
        "form": form,
        "standings": selectors.standings(month),
        "published": selectors.list_for_month(month),
        "lists": selectors.monthly_lists()[:12],
        "may_publish": rules.may_publish_list(request.user),
        "month_over": month < selectors.month_start(timezone.localdate()),
    }
    return render(request, "frontage/lists.html", context)


@require_POST
@allowed(rules.may_publish_list)
def publish(request):
    form = MonthForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "frontage/lists.html",
            {
                "month": _last_month(),
                "form": form,
                "standings": selectors.standings(_last_month()),
                "published": None,
                "lists": selectors.monthly_lists()[:12],
                "may_publish": True,
                "month_over": True,
            },
            status=400,
        )
    month = form.cleaned_data["month"]

    def call():
        services.publish_monthly_list(actor=request.user, month=month)

    run(request, None, call, _("The red and black list is published as a public notice."))
    return redirect(f"{reverse('frontage:lists')}?month={month:%Y-%m}")
