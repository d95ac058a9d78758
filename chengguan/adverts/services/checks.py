"""A sign found on patrol: recorded with its photo, checked against the register, and — when no permit
covers it — reported as a case in the category for illegal outdoor advertising, through
`cases.services.report_case`, with an origin reference back to the check."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import Channel
from chengguan.core import geo
from chengguan.core.files import atomic_write, store_file
from chengguan.core.refusals import require, require_actor
from chengguan.org.timeline import record_event
from chengguan.taxonomy import selectors as taxonomy

from .. import rules, selectors
from ..models import AdvertAction, CheckEvent, CheckOutcome, Material, PermitEvent, SignCheck
from .common import (
    AdvertCode,
    AdvertRefused,
    audit_step,
    clean_material,
    clean_position,
    clean_size,
    clean_upload,
)

ORIGIN_TYPE = "adverts.sign_check"


@atomic_write
def record_sign_check(
    *,
    actor,
    lng=None,
    lat=None,
    crs: str = geo.WGS84,
    address: str = "",
    width_m=None,
    height_m=None,
    material: str = "",
    content_text: str = "",
    photo=None,
) -> SignCheck:
    """Record a sign found on patrol and say whether a permit covers it; a sign none covers (none in
    force, or one whose size, material or content differ) becomes a case. ValidationError naming each bad
    field, and nothing stored, otherwise."""
    require_actor(actor)
    require(
        rules.may_check_signs(actor), _("Only inspectors and enforcement officers record signs on patrol.")
    )
    errors: dict[str, list[str]] = {}
    position = clean_position(lng, lat, crs, errors)
    width = clean_size(width_m, "width_m", errors)
    height = clean_size(height_m, "height_m", errors)
    clean_material(material, errors)
    content_text = (content_text or "").strip()
    if not content_text:
        errors.setdefault("content_text", []).append(_("Write down what the sign says."))
    if photo is None:
        errors.setdefault("photo", []).append(_("Take a photo of the sign."))
    picture = clean_upload(photo, "photo", errors)
    category = taxonomy.category_by_code(selectors.category_code())
    if errors:
        raise ValidationError(errors)
    if category is None:
        raise AdvertRefused(
            _("The category %(code)s for illegal outdoor advertising is missing from the category table.")
            % {"code": selectors.category_code()},
            code=AdvertCode.NO_CATEGORY,
        )
    now = timezone.now()
    verdict = selectors.assess_sign(
        lng=position[0],
        lat=position[1],
        width_m=width,
        height_m=height,
        material=material,
        content_text=content_text,
        on=timezone.localdate(now),
    )
    check = SignCheck(
        found_at=now,
        inspector=actor if getattr(actor, "is_authenticated", False) else None,
        lng=position[0],
        lat=position[1],
        address=(address or "").strip()[:200],
        street=selectors.street_at(*position),
        width_m=width,
        height_m=height,
        material=material,
        content_text=content_text[:300],
        photo_type=picture.content_type,
        photo_extension=picture.extension,
        outcome=verdict.outcome,
        permit=verdict.permit,
        distance_m=round(verdict.distance_m, 1) if verdict.distance_m is not None else None,
        reasons=[str(reason) for reason in verdict.reasons],
    )
    store_file(check.photo, f"sign.{picture.extension}", picture.data)
    check.save()
    summary = {"outcome": check.outcome, "permit": verdict.permit.number if verdict.permit else None}
    record_event(CheckEvent, actor=actor, action=AdvertAction.CHECK, changes=summary, check_record=check)
    if verdict.permit is not None:
        record_event(
            PermitEvent,
            actor=actor,
            action=AdvertAction.CHECK,
            permit=verdict.permit,
            from_state=verdict.permit.state,
            to_state=verdict.permit.state,
            changes={"check": check.pk, "outcome": check.outcome},
        )
    audit_step(AdvertAction.CHECK, actor=actor, target=check, data=summary)
    if not verdict.covered:
        _raise_case(check, actor=actor, category=category, photo=picture)
    return check


def _raise_case(check: SignCheck, *, actor, category, photo) -> None:
    lead = (
        _("Outdoor sign without a permit in force")
        if check.outcome == CheckOutcome.UNPERMITTED
        else _("Outdoor sign differs from its permit")
    )
    description = _("%(lead)s: “%(content)s”, %(size)s, %(material)s. %(reasons)s") % {
        "lead": lead,
        "content": check.content_text,
        "size": check.size_label,
        "material": Material(check.material).label,
        "reasons": " ".join(check.reasons),
    }
    result = cases.report_case(
        description=description,
        channel=Channel.PATROL,
        lng=check.lng,
        lat=check.lat,
        address=check.address,
        category=category,
        photos=[ContentFile(photo.data, name=f"sign.{photo.extension}")],
        intake_key=f"{ORIGIN_TYPE}:{check.pk}",
        actor=actor,
        origin_type=ORIGIN_TYPE,
        origin_id=str(check.pk),
    )
    check.case_id, check.case_number = result.case.pk, result.case.number
    check.save(update_fields=["case_id", "case_number"])
    record_event(
        CheckEvent,
        actor=actor,
        action=AdvertAction.RAISE_CASE,
        changes={"case": result.case.number, "category": category.code},
        check_record=check,
    )
    audit_step(AdvertAction.RAISE_CASE, actor=actor, target=check, data={"case": result.case.number})
