"""The weekly digests for leaders: the list and one week's page."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import rules, selectors
from .common import allowed_by


@allowed_by(rules.may_view_board)
def digest_list(request):
    return render(request, "insight/digest_list.html", {"digests": list(selectors.digests()[:104])})


@allowed_by(rules.may_view_board)
def digest_detail(request, pk: int):
    digest = selectors.digest(pk)
    if digest is None:
        raise Http404(_("No such digest."))
    data = digest.data
    chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 16, "top": 24, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "category", "data": [day[5:] for day, _n in data.get("by_day", [])]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "name": _("reports"), "data": [n for _day, n in data.get("by_day", [])]}],
    }
    return render(request, "insight/digest.html", {"digest": digest, "data": data, "chart": chart})
