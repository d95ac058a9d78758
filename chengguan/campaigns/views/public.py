"""The public campaign pages: standards, phases, participants and — once published — the named units."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import selectors


def campaign_list(request):
    return render(request, "campaigns/public_list.html", {"campaigns": selectors.public_campaigns()})


def campaign_page(request, pk: int):
    campaign = selectors.public_campaign(pk)
    if campaign is None:
        raise Http404(_("No such campaign."))
    standards = list(campaign.standards.all())
    groups: dict[str, list] = {}
    for item in standards:
        groups.setdefault(item.group, []).append(item)
    context = {
        "campaign": campaign,
        "groups": groups,
        "phases": campaign.phases.all(),
        "vetoes": campaign.veto_conditions.all(),
        "participants": selectors.public_participants(campaign),
        "results": selectors.published_results(campaign),
    }
    return render(request, "campaigns/public.html", context)
