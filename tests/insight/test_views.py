"""The 舆情 pages through the test client: the board shows the alert, its cases, repeat locations and terms
in a fixed number of queries; roles are checked; bad input gets a 400; the media form makes a case."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.insight import services
from chengguan.insight.models import Alert, AlertState, AreaLevel, MediaItem

from .conftest import CELL_3, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()


def _board_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insight:board"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_board_shows_the_spike_and_takes_the_same_queries_however_much_there_is(client, noise, people):
    noise(12)
    services.detect_spikes(actor=services.SPIKE_ACTOR)
    client.force_login(people.leader)
    few, html = _board_queries(client)
    alert = Alert.objects.get(level=AreaLevel.COMMUNITY)
    assert f'data-alert="{alert.pk}"' in html and "12" in html
    assert html.count('data-spot="') == 1  # twelve reports on one spot
    assert 'data-term="喇叭"' in html
    noise(12, day=days_ago(1), cell=CELL_3)
    noise(6, day=days_ago(2), offset_m=80)
    services.detect_spikes(actor=services.SPIKE_ACTOR, day=days_ago(1))
    many, html = _board_queries(client)
    assert html.count('data-alert="') == 2  # one a day
    assert many == few


def test_the_map_data_is_the_periods_cases(client, noise, people):
    noise(3)
    noise(2, day=days_ago(20))
    client.force_login(people.dispatcher)
    week = client.get(reverse("insight:board_geojson")).json()
    month = client.get(reverse("insight:board_geojson") + "?days=30").json()
    assert len(week["features"]) == 3 and len(month["features"]) == 5
    assert week["features"][0]["properties"]["url"].startswith("/cases/")


def test_bad_period_is_a_400(client, people):
    client.force_login(people.leader)
    assert client.get(reverse("insight:board") + "?days=9999").status_code == 400
    assert client.get(reverse("insight:board_geojson") + "?days=abc").status_code == 400


def test_roles(client, noise, people, noise_handler):
    noise(12)
    services.detect_spikes(actor=services.SPIKE_ACTOR)
    alert = Alert.objects.get(level=AreaLevel.COMMUNITY)
    client.force_login(people.handler)
    assert client.get(reverse("insight:board")).status_code == 403
    assert client.get(reverse("insight:board_geojson")).status_code == 403
    assert client.get(reverse("insight:media_new")).status_code == 403
    assert client.get(reverse("insight:alert", args=[alert.pk])).status_code == 404  # another department's
    client.force_login(noise_handler)  # the responsible department opens its alert from the notification
    response = client.get(reverse("insight:alert", args=[alert.pk]))
    assert response.status_code == 200  # its cases listed only as far as the cases app lets them see
    assert 'href="/cases/2' not in response.content.decode()
    client.force_login(people.leader)
    response = client.get(reverse("insight:alert", args=[alert.pk]))
    assert response.content.decode().count('href="/cases/2') == 12
    client.force_login(people.intake)
    assert client.get(reverse("insight:media")).status_code == 200
    assert client.get(reverse("insight:board")).status_code == 403
    client.logout()
    assert client.get(reverse("insight:board")).status_code == 302


def test_check_now_and_acknowledge_from_the_pages(client, noise, people):
    noise(12)
    client.force_login(people.shift_lead)
    response = client.post(reverse("insight:check"), follow=True)
    assert response.status_code == 200
    alert = Alert.objects.get(level=AreaLevel.COMMUNITY)
    client.post(reverse("insight:acknowledge", args=[alert.pk]), {"note": "已派执法队"})
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED
    again = client.post(reverse("insight:acknowledge", args=[alert.pk]), {"note": ""}, follow=True)
    assert "已" in again.content.decode() and alert.events.count() == 2
    board = client.get(reverse("insight:board")).content.decode()
    assert f'data-alert="{alert.pk}"' not in board  # acknowledged alerts leave the board


def test_the_media_form_makes_a_case(client, people, categories):
    client.force_login(people.intake)
    seen = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "source": "抖音",
        "url": "https://www.douyin.com/video/7300000000000000000",
        "seen_at": seen,
        "title": "夜市烧烤油烟呛人",
        "summary": "视频显示清溪夜市烧烤摊油烟弥漫，附近居民无法开窗。",
        "category": "S0509 夜市扰民",
        "address": "清溪夜市",
    }
    response = client.post(reverse("insight:media_new"), data)
    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert item.case.channel == Channel.MEDIA and item.category.code == "S0509"
    listing = client.get(reverse("insight:media")).content.decode()
    assert item.case.number in listing and "夜市烧烤油烟呛人" in listing
    duplicate = client.post(reverse("insight:media_new"), data)
    assert duplicate.status_code == 400 and item.case.number in duplicate.content.decode()
    bad = client.post(reverse("insight:media_new"), {**data, "url": "not a link", "seen_at": "tomorrow"})
    assert bad.status_code == 400 and Case.objects.count() == 1


def test_the_media_list_takes_the_same_queries_for_one_item_or_thirty(client, people, categories):
    def record(i):
        services.record_media_item(
            actor=people.intake,
            source="微博",
            url=f"https://weibo.com/p/{i}",
            title=f"帖子{i}",
            summary="某处垃圾堆积",
            seen_at=timezone.now(),
            address="秋浦路",
        )

    record(0)
    client.force_login(people.dispatcher)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("insight:media"))
    for i in range(1, 30):
        record(i)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(reverse("insight:media"))
    assert response.content.decode().count("data-item=") == 30
    assert len(thirty) == len(one)


def test_the_digest_pages(client, noise, people):
    monday = services.last_complete_week(timezone.localdate())
    noise(4, day=monday + timedelta(days=1))
    digest, _ = services.build_digest(actor=services.DIGEST_ACTOR)
    client.force_login(people.leader)
    listing = client.get(reverse("insight:digests")).content.decode()
    assert f'data-digest="{digest.pk}"' in listing
    page = client.get(reverse("insight:digest", args=[digest.pk]))
    assert page.status_code == 200 and "商业噪声扰民: 4" in page.content.decode()
    assert client.get(reverse("insight:digest", args=[digest.pk + 100])).status_code == 404
