"""The demo city shows 舆情 working: yesterday's spike raised as an alert with its twelve cases, the lamp
reported again and again as a repeat location on the board, two items found online as media cases, and
last week's digest. A rebuild (--reset) tears it all down first."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.demo.builder import build_demo_city
from chengguan.insight.models import Alert, AreaLevel, Digest, MediaItem

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_a_spike_a_repeat_location_and_media_items(client):
    build_demo_city(seed=2026, cells=200, streets=3)
    alert = Alert.objects.get()  # the community's; its street holds nothing else that day
    assert alert.level == AreaLevel.COMMUNITY
    assert alert.count == 12 and alert.category.code == "S0513" and alert.cases.count() == 12
    items = list(MediaItem.objects.select_related("case"))
    assert len(items) == 2 and all(item.case.channel == Channel.MEDIA for item in items)
    assert Digest.objects.count() == 1
    client.force_login(get_user_model().objects.get(username="leader"))
    html = client.get(reverse("insight:board")).content.decode()
    assert f'data-alert="{alert.pk}"' in html
    spots = client.get(reverse("insight:board")).context["spots"]
    assert any(spot["count"] >= 7 and "路灯" in spot["category"] for spot in spots)
    build_demo_city(seed=2026, cells=200, streets=3, reset=True)
    assert Alert.objects.count() == 1 and MediaItem.objects.count() == 2
    assert Case.objects.filter(channel=Channel.MEDIA, origin_type="insight.media_item").count() == 2
