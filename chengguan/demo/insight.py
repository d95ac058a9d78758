"""Demo data for 舆情, built through the services: a spike of noise complaints yesterday in one community
(twelve against a baseline of a few a month) raised as an alert, a street lamp reported again and again
over the last days (seed 001: "reported countless times"), two items found online that became cases, and
the digest of last week. Reports of past days are made with the clock set back (as demo/cases.py does), so
their numbers and timelines carry their own day."""

from datetime import datetime, time, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.grid.models import Cell
from chengguan.insight import services as insight
from chengguan.insight.models import Alert, Digest, MediaItem

from .layout import DISTRICT_CODE

NOISE, LAMP = "S0513", "B0113"
NOISE_TEXTS = (
    "楼下服装店用高音喇叭循环播放促销广告，吵得人没法休息",
    "商铺门口音响声音太大，一整天都在叫卖",
    "超市门口大喇叭从早响到晚，噪音扰民",
    "手机店放音乐招揽顾客，声音很大",
)
LAMP_TEXT = "这盏路灯又不亮了，已经反映过无数次了，晚上路过很危险"
MEDIA_URL_PREFIX = "https://demo.chengguan.example/"
MEDIA_ITEMS = (
    {
        "source": "微博",
        "path": "weibo/4950000000000001",
        "title": "贵池这条路的路灯坏了快一个月",
        "summary": "网友发帖并附照片：路灯连续多日不亮，夜间行人和电动车经过很危险，评论区多人附和。",
        "category": LAMP,
    },
    {
        "source": "微信公众号",
        "path": "mp/s/demo-night-market",
        "title": "夜市烧烤油烟呛人，居民窗户都不敢开",
        "summary": "本地公众号文章称夜市烧烤摊油烟和噪音扰民，留言区有居民反映已持续数周。",
        "category": "S0509",
    },
)


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _report(actor, when: datetime, **data):
    with mock.patch("django.utils.timezone.now", return_value=when):
        return cases.report_case(actor=actor, **data).case


def build_demo_insight() -> dict:
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=("intake_operator", "inspector"))
    }
    operator, inspector = users["intake_operator"], users["inspector"]
    cells = list(
        Cell.objects.filter(community__parent__parent__code=DISTRICT_CODE, is_active=True)
        .select_related("community")
        .order_by("code")
    )
    noisy = cells[len(cells) // 3]
    lamp_cell = next(cell for cell in reversed(cells) if cell.community_id != noisy.community_id)
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    # The baseline: a few noise complaints in that community over the four weeks before.
    for n, days_back in enumerate((4, 11, 19, 26)):
        _report(
            operator,
            _at(today - timedelta(days=days_back), 15),
            description=NOISE_TEXTS[n % len(NOISE_TEXTS)],
            channel=Channel.HOTLINE,
            lng=noisy.center_lng + 0.0006 * (n - 2),
            lat=noisy.center_lat,
            category=NOISE,
        )
    # Yesterday's spike: a new shop street with loudspeakers, twelve complaints in the day.
    for n in range(12):
        _report(
            operator,
            _at(yesterday, 8 + n, 10 + n * 3),
            description=NOISE_TEXTS[n % len(NOISE_TEXTS)],
            channel=Channel.HOTLINE,
            lng=noisy.center_lng + 0.0002 * (n % 4),
            lat=noisy.center_lat + 0.0002 * (n // 4),
            category=NOISE,
        )
    # The lamp reported again and again, within a few metres, by citizens and an inspector.
    for n in range(7):
        when = min(_at(today - timedelta(days=6 - n), 19, 5 * n), timezone.now() - timedelta(minutes=30 - n))
        _report(
            inspector if n % 3 == 2 else operator,
            when,
            description=LAMP_TEXT,
            channel=Channel.PATROL if n % 3 == 2 else Channel.HOTLINE,
            lng=lamp_cell.center_lng + 0.00003 * (n % 3),
            lat=lamp_cell.center_lat + 0.00002 * (n % 2),
            category=LAMP,
        )
    run = insight.detect_spikes(actor=insight.SPIKE_ACTOR, day=yesterday)
    for n, item in enumerate(MEDIA_ITEMS):
        insight.record_media_item(
            actor=operator,
            source=item["source"],
            url=MEDIA_URL_PREFIX + item["path"],
            title=item["title"],
            summary=item["summary"],
            seen_at=timezone.now() - timedelta(hours=3 + n * 20),
            lng=lamp_cell.center_lng if n == 0 else None,
            lat=lamp_cell.center_lat if n == 0 else None,
            category=item["category"],
        )
    digest, _created = insight.build_digest(actor=insight.DIGEST_ACTOR)
    return {"alerts": len(run.raised), "media_items": len(MEDIA_ITEMS), "digest": digest.pk}


def delete_demo_insight() -> None:
    """The alerts about the demo district, the demo's items found online, and the digests (which summarise
    the cases the teardown deletes)."""
    Alert.objects.filter(area__code__startswith=DISTRICT_CODE).delete()
    items = MediaItem.objects.filter(
        Q(url__startswith=MEDIA_URL_PREFIX) | Q(case__community__code__startswith=DISTRICT_CODE)
    )
    ids = [str(pk) for pk in items.values_list("pk", flat=True)]
    # An item whose place was not known made a case outside the district: it goes with its item.
    Case.objects.filter(origin_type=insight.ORIGIN_TYPE, origin_id__in=ids).delete()
    items.delete()
    Digest.objects.all().delete()
