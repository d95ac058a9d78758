"""Inspectors' checks of the three duties. A failed check counts toward repeated failure: when a unit has
failed `failure_threshold()` checks within `failure_window_days()` (counting only failures after the last
case raised for it), a case is raised through the case lifecycle in the 门前三包 category, with the check
as its origin."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core.files import atomic_write, store_file
from chengguan.core.images import clean_image
from chengguan.core.refusals import require, require_actor
from chengguan.org.selectors import actor_snapshot

from .. import rules
from ..models import Check, CheckPhoto, EventAction, Unit
from .common import (
    CASE_ORIGIN,
    FrontageCode,
    FrontageRefused,
    category_code,
    failure_threshold,
    failure_window_days,
    frontage_category,
    log,
)

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 10 * 2**20


def _clean_photos(photos) -> list:
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": [_("At most %(n)s photos may be attached.") % {"n": MAX_PHOTOS}]})
    cleaned, errors = [], []
    for upload in photos:
        name = getattr(upload, "name", "") or "photo"
        data = upload.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            errors.append(_("%(name)s is larger than 10 MB.") % {"name": name})
            continue
        try:
            cleaned.append((name[:200], clean_image(data, name=name)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"photos": errors})
    return cleaned


def failures_counting(unit: Unit, now) -> list[Check]:
    """The failed checks that count toward the next case: inside the window, after the last raise."""
    since = now - timedelta(days=failure_window_days())
    last = (
        unit.checks.filter(raised_case__isnull=False)
        .order_by("-checked_at")
        .values_list("checked_at", flat=True)
        .first()
    )
    failed = unit.checks.filter(passed=False, checked_at__gt=since, checked_at__lte=now)
    if last is not None:
        failed = failed.filter(checked_at__gt=last)
    return list(failed.order_by("checked_at", "id"))


@atomic_write
def record_check(
    *,
    actor,
    unit_id: int,
    clean_ok: bool,
    order_ok: bool,
    green_ok: bool,
    note: str = "",
    photos=(),
    now=None,
) -> Check:
    """An inspector's check. A failed duty needs a note saying what was wrong. Returns the check; its
    `raised_case` is set when this failure made the unit a repeated failure."""
    require_actor(actor)
    require(rules.may_check(actor), _("Only inspectors (监督员) check 门前三包 units."))
    now = now or timezone.now()
    unit = Unit.objects.select_for_update().get(pk=unit_id)
    if not unit.is_active:
        raise FrontageRefused(
            _("%(name)s is no longer in the register.") % {"name": unit.name}, code=FrontageCode.INACTIVE_UNIT
        )
    note = (note or "").strip()
    if not (clean_ok and order_ok and green_ok) and not note:
        raise ValidationError({"note": [_("Say what was wrong in front of the door.")]})
    cleaned_photos = _clean_photos(photos)
    snapshot = actor_snapshot(actor)
    check = Check.objects.create(
        unit=unit,
        checked_at=now,
        inspector=actor if actor.is_authenticated else None,
        inspector_name=snapshot.get("actor_name", ""),
        clean_ok=bool(clean_ok),
        order_ok=bool(order_ok),
        green_ok=bool(green_ok),
        note=note,
    )
    for name, clean in cleaned_photos:
        row = CheckPhoto(
            content_type=clean.content_type,
            extension=clean.extension,
            size=len(clean.data),
            sha256=clean.sha256,
            original_name=name,
            uploaded_at=now,
            check_row=check,
        )
        store_file(row.file, f"check.{clean.extension}", clean.data)
        row.save()
    log(
        actor=actor,
        action=EventAction.CHECK,
        unit=unit,
        note=note,
        check=check.pk,
        passed=check.passed,
        failed=[duty for duty in ("clean", "order", "green") if not getattr(check, f"{duty}_ok")],
    )
    if not check.passed:
        failures = failures_counting(unit, now)
        if len(failures) >= failure_threshold():
            _raise_case(actor, unit, check, failures)
    return check


def _raise_case(actor, unit: Unit, check: Check, failures: list[Check]) -> None:
    frontage_category()  # refused with a clear message when the table lacks it
    lines = "；".join(
        f"{row.checked_at.astimezone(timezone.get_current_timezone()):%m-%d} "
        f"{'、'.join(row.failed_duties())}" + (f"（{row.note}）" if row.note else "")
        for row in failures
    )
    description = _("【门前三包】%(name)s failed %(n)s checks within %(days)s days: %(lines)s") % {
        "name": unit.name,
        "n": len(failures),
        "days": failure_window_days(),
        "lines": lines,
    }
    result = cases.report_case(
        description=description[:2000],
        channel=Channel.PATROL,
        lng=unit.lng,
        lat=unit.lat,
        address=unit.address[:200],
        category=category_code(),
        actor=actor,
        origin_type=CASE_ORIGIN,
        origin_id=str(check.pk),
        intake_key=f"frontage-check-{check.pk}",
    )
    check.raised_case = result.case
    check.save(update_fields=["raised_case"])
    log(
        actor=actor,
        action=EventAction.RAISE_CASE,
        unit=unit,
        case=result.case.number,
        checks=[row.pk for row in failures],
    )
