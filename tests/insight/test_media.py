"""The public-opinion intake: an item found online becomes a case from the media channel with a
reference back to the item; the same link twice is refused; bad input changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.cases.states import Channel, State
from chengguan.insight import services
from chengguan.insight.models import MediaItem

from .conftest import CELL_1, centre

pytestmark = pytest.mark.django_db
URL = "https://weibo.com/1234567/Nabcdef"


def _record(actor, **extra):
    data = {
        "actor": actor,
        "source": "微博",
        "url": URL,
        "title": "秋浦路路灯坏了一个月没人修",
        "summary": "网友发帖称秋浦路与长江路口路灯连续一个月不亮，夜间行人摔倒。",
        "seen_at": timezone.now() - timedelta(hours=2),
        "address": "秋浦路与长江路口",
        "category": "B0113",
    }
    return services.record_media_item(**{**data, **extra})


def test_an_item_becomes_a_media_case_referring_back(people, categories):
    lng, lat = centre(CELL_1)
    item = _record(people.intake, lng=lng, lat=lat)
    case = Case.objects.get(pk=item.case_id)
    assert case.channel == Channel.MEDIA and case.state == State.REPORTED
    assert (case.origin_type, case.origin_id) == (services.ORIGIN_TYPE, str(item.pk))
    assert case.category.code == "B0113" and case.community.code.endswith("001")
    assert URL in case.description and "微博" in case.description
    assert item.recorded_by == people.intake and (item.lng, item.lat) == (case.lng, case.lat)
    assert case.events.get().actor == people.intake


def test_an_item_without_a_known_place_still_becomes_a_case(people, categories):
    item = _record(people.dispatcher, address="", category="")
    case = Case.objects.get(pk=item.case_id)
    assert "微博" in case.address and case.lng is None and case.category is None


def test_the_same_link_twice_is_refused_naming_the_case(people, categories):
    first = _record(people.intake)
    with pytest.raises(services.InsightRefused) as refused:
        _record(people.dispatcher, title="另一条")
    assert refused.value.code == services.Code.DUPLICATE_ITEM
    assert first.case.number in refused.value.message
    assert MediaItem.objects.count() == 1 and Case.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"title": ""}, "title"),
        ({"seen_at": timezone.now() + timedelta(days=2)}, "seen_at"),
        ({"category": "S9999"}, "category"),
        ({"lng": 500, "lat": 30}, "lng"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(people, categories, extra, field):
    with pytest.raises(ValidationError) as error:
        _record(people.intake, **extra)
    assert field in error.value.message_dict
    assert MediaItem.objects.count() == 0 and Case.objects.count() == 0


def test_a_handler_may_not_record_items(people, categories):
    with pytest.raises(PermissionDenied):
        _record(people.handler)
