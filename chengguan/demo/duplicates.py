"""Demo duplicates (并单): a stall outside a school reported five times within two hours, so the desk shows
its likely duplicates with their reasons and merge buttons; two of the reports are merged already into the
first (the first case lists them, their pages link to it and offer the undo). Built through the real
services after the demo cases, in the middle of the demo district."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from chengguan.cases import services
from chengguan.cases.models import Case
from chengguan.cases.states import Action, Channel
from chengguan.grid.models import Cell
from chengguan.taxonomy.models import Category

from .layout import DISTRICT_CODE
from .names import mobile

STALL = "S0501"  # 无照经营游商
REPORTS = (
    "学校门口有流动摊贩摆摊卖烤肠，放学时堵住了人行道",
    "校门口流动摊贩卖烤肠，占了人行道",
    "学校大门口有人推车摆摊卖烤肠",
    "小学门口流动摊贩摆摊，影响学生进出",
    "学校门口又有卖烤肠的流动摊贩",
)
KEY_PREFIX = "demo-dup-"  # demo cases all have keys starting "demo-" (delete_demo_cases, the tests)
MERGED = 2  # of the later reports, this many are merged into the first
METRE = 1 / 111_320


def build_demo_duplicates(*, rng) -> list[str]:
    """The five reports' numbers, oldest first; the 2nd and 3rd merged into the 1st."""
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=("intake_operator", "dispatcher"))
    }
    category = Category.objects.filter(code=STALL).first()
    cells = list(
        Cell.objects.filter(community__parent__parent__code=DISTRICT_CODE, is_active=True).order_by("code")
    )
    if len(users) < 2 or category is None or not cells:
        return []
    cell = cells[len(cells) // 2]
    lng, lat = (cell.min_lng + cell.max_lng) / 2, (cell.min_lat + cell.max_lat) / 2
    now = timezone.now()
    numbers = []
    for n, text in enumerate(REPORTS):
        case = services.report_case(
            description=text,
            channel=Channel.HOTLINE,
            lng=lng + rng.uniform(-15, 15) * METRE,
            lat=lat + (n * 18 - 36) * METRE,  # the stall moves along the pavement: 72 m in all
            category=category,
            reporter_phone=mobile(rng),
            actor=users["intake_operator"],
            intake_key=f"{KEY_PREFIX}{n}",
        ).case
        at = now - timedelta(minutes=(len(REPORTS) - n) * 24)
        Case.objects.filter(pk=case.pk).update(reported_at=at)
        case.events.filter(action=Action.REPORT).update(at=at)
        numbers.append(case.number)
    first = Case.objects.get(number=numbers[0])
    for number in numbers[1 : 1 + MERGED]:
        duplicate = Case.objects.get(number=number)
        services.merge_case(
            case_id=duplicate.pk, actor=users["dispatcher"], into=first.number, note="同一流动摊贩，并单处理"
        )
    return numbers
