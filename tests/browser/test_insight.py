"""舆情 in a real browser: twelve noise complaints in one community in a day raise a spike alert; the leader
opens the hot-spot board from the menu and sees the alert with its cases, the reports on the map (heat and
clusters), the trend chart and the top terms; opens the alert and acknowledges it. An intake operator
records an item found online, which becomes a media case."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.insight import services
from chengguan.insight.models import Alert, AlertState, AreaLevel, MediaItem
from chengguan.org.models import Department
from chengguan.org.roles import RoleCode as R
from tests.browser import test_cases_console as console
from tests.browser.test_cases_console import DLAT, DLNG, LAT0, LNG0, PASSWORD, log_in
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
world = console.world  # the console tests' grid, departments, categories and accounts


def test_the_board_shows_a_spike_and_the_leader_acknowledges_it(page, world):
    site = world["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    leader = UserFactory(username="leader", password=PASSWORD)
    StaffFactory(user=leader, name="局长", department=Department.objects.get(code="CGJ"), roles=[R.LEADER])
    now = timezone.now()
    for i in range(12):
        case = cases.report_case(
            description="商户用高音喇叭招揽顾客，噪音很大",
            channel=Channel.HOTLINE,
            lng=LNG0 + 1.5 * DLNG + i * DLNG / 50,
            lat=LAT0 + DLAT / 2,
            category="S0513",
            actor=world["intake"],
        ).case
        Case.objects.filter(pk=case.pk).update(reported_at=now - timedelta(minutes=i))
    services.detect_spikes(actor=services.SPIKE_ACTOR)
    alert = Alert.objects.get(level=AreaLevel.COMMUNITY)

    log_in(page, site, leader)
    page.locator('#console-nav a[href="/insight/"]').click()
    expect(page.locator('[data-page="insight_board"]')).to_be_visible()
    card = page.locator(f'[data-alert="{alert.pk}"]')
    expect(card).to_contain_text("12")
    expect(card).to_contain_text("百牙社区")
    expect(card.locator("[data-alert-cases] li")).to_have_count(9)  # eight cases and "all 12"
    expect(page.locator("#insight-map[data-markers-ready='12']")).to_be_attached()
    expect(page.locator("#insight-map canvas.leaflet-heatmap-layer")).to_be_attached()
    expect(page.locator("#insight-trend[data-chart-ready]")).to_be_attached()
    expect(page.locator('[data-term="噪音"]')).to_be_visible()
    expect(page.locator('[data-spot="1"]')).to_contain_text("12")

    card.locator("h3 a").click()
    expect(page.locator('[data-page="insight_alert"][data-alert-state="open"]')).to_be_visible()
    expect(page.locator("[data-alert-cases] tbody tr")).to_have_count(12)
    page.locator("[data-acknowledge] input[name=note]").fill("已安排执法一大队夜查")
    page.locator("[data-acknowledge] button").click()
    expect(page.locator('[data-page="insight_alert"][data-alert-state="acknowledged"]')).to_be_visible()
    assert Alert.objects.get(pk=alert.pk).state == AlertState.ACKNOWLEDGED
    page.goto(site + "/insight/")
    expect(page.locator(f'[data-alert="{alert.pk}"]')).to_have_count(0)

    # An intake operator records a post found online: it becomes a media case on the desk.
    log_in(page, site, world["intake"])
    page.locator('#console-nav a[href="/insight/media/"]').click()
    page.locator("[data-new-media]").first.click()
    page.locator("#id_source").fill("微博")
    page.locator("#id_url").fill("https://weibo.com/123/abc")
    page.locator("#id_seen_at").fill((timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_title").fill("路灯坏了一个月没人修")
    page.locator("#id_summary").fill("网友称百牙社区路灯连续一个月不亮。")
    page.locator("#id_category").fill("B0113")
    page.locator("#id_address").fill("百牙社区")
    page.locator("button[data-submit]").click()
    item = MediaItem.objects.get()
    expect(page.locator(f'[data-item="{item.pk}"]')).to_contain_text(item.case.number)
    assert item.case.channel == Channel.MEDIA
    assert errors == []
