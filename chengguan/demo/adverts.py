"""Demo data for the outdoor-advertising register, built through `adverts.services`: permits in every
state (approved, one expiring soon, awaiting approval, refused, revoked, expired, one with a pending
amendment, one superseded by an approved amendment), and the inspector's patrol: one sign covered by its
permit, one unpermitted sign and one larger than its permit, both of which became cases in the
illegal-advertising category."""

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image

from chengguan.adverts import services
from chengguan.adverts.models import CheckEvent, Permit, PermitEvent, SignCheck
from chengguan.grid.models import Cell

from .layout import DISTRICT_CODE
from .org import demo_department_queryset

# content, material, width, height, address, days valid from today (None: a year), what happens to it
PERMITS = [
    ("百牙超市", "acrylic", "6.00", "1.50", "秋浦路18号", None, "approve"),
    ("老街茶馆", "wood", "3.00", "0.80", "老街52号", 12, "approve"),  # expiring soon
    ("华联商场楼顶广告", "led", "12.00", "4.00", "长江路1号", None, "apply"),
    ("碧桂园项目围挡广告", "fabric", "20.00", "2.50", "池阳路工地", None, "refuse"),
    ("同仁堂药店", "lightbox", "4.00", "1.00", "翠微路9号", None, "revoke"),
    ("平安银行", "metal", "5.00", "1.00", "秋浦路66号", None, "amend"),
    ("旧版店招·好又多", "fabric", "3.00", "1.00", "齐山大道3号", 0, "expire"),
    ("徽州菜馆", "acrylic", "4.00", "1.20", "九华路21号", None, "enlarge"),  # an approved amendment
]
SIGN_COLOURS = [
    (200, 40, 40),
    (30, 110, 200),
    (240, 180, 20),
    (40, 150, 80),
    (120, 60, 160),
    (90, 90, 90),
    (0, 0, 0),
    (160, 90, 30),
]


def _user(username: str):
    return get_user_model().objects.select_related("staff__department").get(username=username)


def _picture(colour, name: str, fmt: str = "JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), colour).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def _spots(count: int) -> list[tuple[float, float]]:
    """The centres of `count` demo cells spread over the district."""
    cells = list(
        Cell.objects.filter(community__parent__parent__code=DISTRICT_CODE, is_active=True)
        .order_by("code")
        .values_list("min_lng", "min_lat", "max_lng", "max_lat")
    )
    step = max(len(cells) // count, 1)
    chosen = cells[::step][:count]
    return [((w + e) / 2, (s + n) / 2) for w, s, e, n in chosen]


def build_demo_adverts() -> int:
    """Build the register's demo data; returns the number of permits."""
    clerk, leader, inspector = _user("handler-adverts"), _user("leader"), _user("inspector")
    today = timezone.localdate()
    spots = _spots(len(PERMITS) + 1)
    if len(spots) < len(PERMITS) + 1:
        return 0
    permits = {}
    for i, (content, material, width, height, address, days, fate) in enumerate(PERMITS):
        lng, lat = spots[i]
        permit = services.apply_for_permit(
            actor=clerk,
            applicant_name=f"{content[:2]}经营部",
            applicant_phone=f"1390566{i:04d}",
            lng=lng,
            lat=lat,
            address=address,
            width_m=Decimal(width),
            height_m=Decimal(height),
            material=material,
            content_text=content,
            image=_picture(SIGN_COLOURS[i], f"{content}.jpg"),
            valid_from=today - timedelta(days=200),
            valid_until=today + timedelta(days=365 if days is None else days),
        )
        if fate == "refuse":
            services.refuse_permit(
                actor=leader, permit_id=permit.pk, reason="围挡广告面积超出规划导则，影响街景。"
            )
        elif fate != "apply":
            services.approve_permit(actor=leader, permit_id=permit.pk, note="符合户外广告设置规划。")
        if fate == "revoke":
            services.revoke_permit(
                actor=leader, permit_id=permit.pk, reason="所在建筑列入立面改造，原设置位置取消。"
            )
        if fate == "amend":
            services.apply_for_permit(
                actor=clerk, amends_id=permit.pk, content_text="平安银行 24小时自助服务", note="店招内容变更"
            )
        if fate == "enlarge":
            larger = services.apply_for_permit(
                actor=clerk, amends_id=permit.pk, width_m=Decimal("6.00"), note="门面扩建，店招加宽"
            )
            services.approve_permit(actor=leader, permit_id=larger.pk, note="加宽后仍符合规划。")
        permits[content] = permit
    # the job of tomorrow: the permit that ended today expires, the one ending soon is reminded
    services.run_expiry(actor=services.EXPIRY_ACTOR, today=today + timedelta(days=1))

    covered = permits["百牙超市"]
    services.record_sign_check(
        actor=inspector,
        lng=covered.lng,
        lat=covered.lat,
        address=covered.address,
        width_m=Decimal("6.00"),
        height_m=Decimal("1.50"),
        material="acrylic",
        content_text="百牙超市",
        photo=_picture(SIGN_COLOURS[0], "check-1.png", "PNG"),
    )
    lng, lat = spots[len(PERMITS)]
    services.record_sign_check(
        actor=inspector,
        lng=lng,
        lat=lat,
        address="杏花村路28号",
        width_m=Decimal("3.00"),
        height_m=Decimal("1.00"),
        material="fabric",
        content_text="鸿运烟酒 批发零售",
        photo=_picture((180, 20, 20), "check-2.png", "PNG"),
    )
    teahouse = permits["老街茶馆"]
    services.record_sign_check(
        actor=inspector,
        lng=teahouse.lng,
        lat=teahouse.lat,
        address=teahouse.address,
        width_m=Decimal("5.00"),
        height_m=Decimal("1.50"),
        material="wood",
        content_text="老街茶馆",
        photo=_picture(SIGN_COLOURS[1], "check-3.png", "PNG"),
    )
    return len(permits)


def delete_demo_adverts() -> None:
    """The register's rows in the demo district or kept by the demo departments, with their files."""
    permits = Permit.objects.filter(
        Q(department__in=demo_department_queryset()) | Q(street__code__startswith=DISTRICT_CODE)
    )
    checks = SignCheck.objects.filter(Q(street__code__startswith=DISTRICT_CODE) | Q(permit__in=permits))
    for check in checks:
        if check.photo:
            check.photo.storage.delete(check.photo.name)
    CheckEvent.objects.filter(check_record__in=checks).delete()
    checks.delete()
    images = {p.image.name: p.image.storage for p in permits if p.image}
    PermitEvent.objects.filter(permit__in=permits).delete()
    permits.filter(amends__isnull=False).delete()  # amendments first: they protect what they amend
    permits.delete()
    for name, storage in images.items():
        storage.delete(name)
