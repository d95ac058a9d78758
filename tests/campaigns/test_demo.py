"""The demo city carries the campaigns, built through the services, and --reset removes them first."""

import pytest

from chengguan.campaigns.models import Application, Campaign, CampaignState, ReportState, Title, Unit
from chengguan.demo.builder import build_demo_city, delete_demo_city
from chengguan.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_demo_campaigns_and_reset():
    build_demo_city(seed=2026, cells=120, streets=2)
    wujin = Campaign.objects.get(blueprint="wujin")
    assert wujin.state == CampaignState.OPEN and wujin.applications.filter(state="accepted").count() == 5
    assert wujin.applications.get(unit__kind="shop").reports.filter(state=ReportState.OVERDUE).exists()
    assert wujin.applications.get(unit__kind="organ").disqualified
    site = wujin.applications.get(unit__kind="building_site")
    assert site.score is not None and site.inspections.get().findings.get().case is not None
    assert site.unit.members.get().user.username == "unit-site"
    chengxin = Campaign.objects.get(blueprint="chengxin")
    assert chengxin.state == CampaignState.NAMED
    assert (
        Application.objects.filter(campaign=chengxin, title=Title.NAMED).count() == 2
    )  # one organ, one community
    build_demo_city(seed=2026, cells=120, streets=2, reset=True)
    assert Campaign.objects.count() == 2
    delete_demo_city()
    assert not Campaign.objects.exists() and not Unit.objects.exists()
    assert not Notice.objects.filter(subject_type__startswith="campaigns.").exists()
