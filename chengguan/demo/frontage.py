"""The demo 门前三包 register, built through the register's services: in each street 门前三包 is kept by
the street office (属地管理); a few dozen shops and units along the main roads of the first streets, each
with its agreement (one expired, a few expiring soon); checks last month and this month by the inspector;
one shop failed twice and has a case raised; last month's red and black list went through 公示 and is
confirmed."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from shapely.geometry import shape

from chengguan.cases.models import Case
from chengguan.core.refusals import Refused
from chengguan.frontage import services
from chengguan.frontage.defaults import category_code
from chengguan.frontage.models import Check, ImportRun, MonthlyList, Unit
from chengguan.frontage.selectors import month_start
from chengguan.grid.models import Area, AreaLevel, Place, PlaceKind
from chengguan.notices import services as notices
from chengguan.notices.models import Notice
from chengguan.org.models import Department
from chengguan.taxonomy.models import Category, Responsibility

from .accounts import demo_usernames
from .layout import DISTRICT_CODE
from .org import street_office_code

SHOPS = ["面馆", "超市", "水果店", "药店", "理发店", "五金店", "早餐店", "烟酒店", "服装店", "手机店",
         "茶叶店", "花店", "书店", "眼镜店", "烧烤店", "包子铺"]  # fmt: skip
UNITS = ["小学", "卫生服务中心", "邮政所", "银行网点", "派出所", "社区居委会"]
SURNAMES = "王李张刘陈杨黄赵周吴"
PER_STREET = 8
STREETS_WITH_UNITS = 4
OFFSET = 0.00012  # about 12 m off the road's centre line: the shop's door


def _moment(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _route_to_street_offices() -> list[Area]:
    """门前三包 is the street's own duty: its office keeps the register and takes the cases."""
    category = Category.objects.get(code=category_code())
    streets = list(Area.objects.filter(level=AreaLevel.STREET, parent__code=DISTRICT_CODE).order_by("code"))
    offices = {
        d.code: d for d in Department.objects.filter(code__in=[street_office_code(s.code) for s in streets])
    }
    Responsibility.objects.bulk_create(
        Responsibility(
            category=category,
            area=street,
            department=offices[street_office_code(street.code)],
            note="属地管理：门前三包由街道（镇）负责",
        )
        for street in streets
        if street_office_code(street.code) in offices
    )
    return streets


def _doors(street: Area, count: int) -> list[tuple[str, float, float]]:
    """Points along the street's main roads, alternating sides."""
    roads = list(Place.objects.filter(kind=PlaceKind.ROAD, street=street).order_by("code"))
    doors = []
    for index in range(count):
        road = roads[index % len(roads)] if roads else None
        if road is None:
            break
        line = shape(road.geometry)
        point = line.interpolate((index // len(roads) + 1) / (count // len(roads) + 2), normalized=True)
        side = OFFSET if index % 2 else -OFFSET
        horizontal = abs(line.bounds[2] - line.bounds[0]) >= abs(line.bounds[3] - line.bounds[1])
        lng, lat = (point.x, point.y + side) if horizontal else (point.x + side, point.y)
        doors.append((road.name, lng, lat))
    return doors


def build_demo_frontage() -> int:
    """Returns how many units were registered."""
    users = get_user_model().objects.select_related("staff__department")
    admin, inspector = users.get(username="admin"), users.get(username="inspector")
    officer = users.get(username="civility_officer")
    streets = _route_to_street_offices()
    today = timezone.localdate()
    this_month = month_start(today)
    last_month = month_start(this_month - timedelta(days=1))
    units: list[Unit] = []
    serial = 0
    for street in streets[:STREETS_WITH_UNITS]:
        for road, lng, lat in _doors(street, PER_STREET):
            serial += 1
            is_unit = serial % 5 == 0
            stem = UNITS[serial % len(UNITS)] if is_unit else SHOPS[serial % len(SHOPS)]
            name = f"{road[:2]}{stem}" if is_unit else f"{SURNAMES[serial % 10]}记{stem}"
            try:
                unit = services.register_unit(
                    actor=admin,
                    name=name,
                    address=f"{road}{serial * 2 + 1}号",
                    lng=lng,
                    lat=lat,
                    kind="unit" if is_unit else "shop",
                    contact_name=f"{SURNAMES[serial % 10]}先生",
                    contact_phone=f"1390566{serial:04d}",
                )
            except (ValidationError, Refused):  # a door that fell outside the grid: skip it
                continue
            signed = today - timedelta(days=300 + serial * 7)
            ends = (
                signed + timedelta(days=365 * 2) if serial % 9 else today - timedelta(days=3)
            )  # one expired
            if serial % 7 == 3:
                ends = today + timedelta(days=12)  # expiring soon
            services.record_agreement(
                actor=admin, unit_id=unit.pk, signed_on=signed, starts_on=signed, ends_on=max(ends, signed)
            )
            units.append(unit)
    if not units:
        return 0
    # Last month: everyone checked once, a few failing; one shop fails twice and a case is raised.
    for index, unit in enumerate(units):
        failing = index % 6 == 1
        services.record_check(
            actor=inspector,
            unit_id=unit.pk,
            clean_ok=not failing,
            order_ok=True,
            green_ok=index % 11 != 4,
            note="门前有垃圾未清扫" if failing else ("绿化带缺株" if index % 11 == 4 else ""),
            now=_moment(last_month + timedelta(days=3 + index % 20)),
        )
    repeat = units[0]
    services.record_check(
        actor=inspector,
        unit_id=repeat.pk,
        clean_ok=False,
        order_ok=False,
        green_ok=True,
        note="店外占道堆放货物，门前污水",
        now=_moment(last_month + timedelta(days=2), 9),
    )
    services.record_check(
        actor=inspector,
        unit_id=repeat.pk,
        clean_ok=False,
        order_ok=True,
        green_ok=True,
        note="复查仍未清理",
        now=_moment(last_month + timedelta(days=24), 15),
    )
    # This month so far: a few checks.
    for unit in units[1:8]:
        if timezone.now() > _moment(this_month, 9):
            services.record_check(
                actor=inspector,
                unit_id=unit.pk,
                clean_ok=True,
                order_ok=True,
                green_ok=True,
                now=min(timezone.now(), _moment(this_month, 9)),
            )
    # Published on the first of this month; once its objection period is over (as it is after the first
    # week) the periodic job confirms it, as it does here for every notice whose period is really over.
    services.publish_monthly_list(
        actor=officer, month=last_month, now=min(timezone.now(), _moment(this_month))
    )
    notices.close_due_notices(actor=notices.CLOSE_ACTOR)
    return len(units)


def delete_demo_frontage() -> None:
    """The demo register: its cases, its notices, the lists, the units (with agreements, checks, photos and
    timeline) and the imports."""
    units = Unit.objects.filter(street__parent__code=DISTRICT_CODE)
    checks = Check.objects.filter(unit__in=units)
    Case.objects.filter(
        origin_type=services.CASE_ORIGIN,
        origin_id__in=[str(pk) for pk in checks.values_list("pk", flat=True)],
    ).delete()
    lists = MonthlyList.objects.filter(entries__unit__in=units).distinct()
    Notice.objects.filter(
        subject_type=services.NOTICE_SUBJECT,
        subject_id__in=[str(pk) for pk in lists.values_list("pk", flat=True)],
    ).delete()
    MonthlyList.objects.filter(pk__in=list(lists.values_list("pk", flat=True))).delete()
    units.delete()
    ImportRun.objects.filter(imported_by__username__in=demo_usernames()).delete()
