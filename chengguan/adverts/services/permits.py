"""The approval flow of an outdoor-advertising permit:

    applied → approved | refused;  approved → expired (by date, the job) | revoked | superseded

A change of position, size, material or content of an approved sign is a new application that amends it
(`apply_for_permit(amends_id=…)`); the old permit stays in force until the amendment is approved, and is
then superseded. Every step locks the row, checks the role and the state, writes a `PermitEvent` and an
audit entry, in one transaction."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit, geo
from chengguan.core.files import atomic_write, store_file
from chengguan.core.refusals import require, require_actor, require_state, required
from chengguan.org.timeline import record_event

from .. import rules, selectors
from ..models import AdvertAction, Permit, PermitEvent, PermitState
from .common import (
    AdvertCode,
    AdvertRefused,
    audit_step,
    clean_material,
    clean_position,
    clean_size,
    clean_upload,
)

MAX_YEARS = 10


def _event(permit: Permit, *, actor, action: str, from_state: str = "", note: str = "", changes=None) -> None:
    record_event(
        PermitEvent,
        actor=actor,
        action=action,
        note=note,
        changes=changes or {},
        permit=permit,
        from_state=from_state,
        to_state=permit.state,
    )
    audit_step(action, actor=actor, target=permit, data={"permit": permit.number, "state": permit.state})


def _lock(permit_id: int) -> Permit:
    permit = Permit.objects.select_for_update().filter(pk=permit_id).first()
    if permit is None:
        raise ValidationError({"permit": [_("No such permit.")]})
    return permit


def _sign_of(permit: Permit) -> dict:
    return {
        "lng": round(permit.lng, 6),
        "lat": round(permit.lat, 6),
        "width_m": str(permit.width_m),
        "height_m": str(permit.height_m),
        "material": permit.material,
        "content_text": permit.content_text,
    }


@atomic_write
def apply_for_permit(
    *,
    actor,
    applicant_name: str = "",
    applicant_phone: str = "",
    lng=None,
    lat=None,
    crs: str = geo.WGS84,
    address: str = "",
    width_m=None,
    height_m=None,
    material: str = "",
    content_text: str = "",
    image=None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    amends_id: int | None = None,
    note: str = "",
) -> Permit:
    """Register an application (受理). With `amends_id`, an amendment of an approved permit: the applicant
    and anything not given are taken from it, and at least one of position, size, material or content must
    change. ValidationError naming each bad field, and nothing stored, otherwise."""
    require_actor(actor)
    section = selectors.advert_section()
    require(rules.may_register(actor, section), _("Only the advertising section registers applications."))
    original = None
    if amends_id is not None:
        original = _lock(amends_id)
        if original.state != PermitState.APPROVED:
            raise AdvertRefused(_("Only an approved permit can be amended."), code=AdvertCode.WRONG_STATE)
        if original.amendments.filter(state=PermitState.APPLIED).exists():
            raise AdvertRefused(
                _("An amendment of this permit is already awaiting approval."),
                code=AdvertCode.PENDING_AMENDMENT,
            )
        applicant_name = applicant_name or original.applicant_name
        applicant_phone = applicant_phone or original.applicant_phone
        if lng in (None, "") and lat in (None, ""):
            lng, lat, crs = original.lng, original.lat, geo.WGS84
        address = address or original.address
        width_m = original.width_m if width_m in (None, "") else width_m
        height_m = original.height_m if height_m in (None, "") else height_m
        material = material or original.material
        content_text = content_text or original.content_text
        valid_from, valid_until = valid_from or original.valid_from, valid_until or original.valid_until
    errors: dict[str, list[str]] = {}
    try:
        cleaned = required(
            applicant_name=applicant_name,
            content_text=content_text,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
        cleaned = {"applicant_name": applicant_name, "content_text": (content_text or "").strip()}
    position = clean_position(lng, lat, crs, errors)
    width = clean_size(width_m, "width_m", errors)
    height = clean_size(height_m, "height_m", errors)
    clean_material(material, errors)
    if valid_from and valid_until:
        if valid_until < valid_from:
            errors.setdefault("valid_until", []).append(_("The end of the validity is before its start."))
        elif (valid_until - valid_from).days > MAX_YEARS * 366:
            errors.setdefault("valid_until", []).append(
                _("A permit is valid for at most %(years)s years.") % {"years": MAX_YEARS}
            )
    picture = clean_upload(image, "image", errors)
    if len((applicant_phone or "").strip()) > 32:
        errors.setdefault("applicant_phone", []).append(_("The phone number is too long."))
    if errors:
        raise ValidationError(errors)
    permit = Permit(
        number=uuid.uuid4().hex[:24],
        state=PermitState.APPLIED,
        applicant_name=cleaned["applicant_name"][:100],
        applicant_phone=(applicant_phone or "").strip(),
        lng=position[0],
        lat=position[1],
        address=(address or "").strip()[:200],
        street=selectors.street_at(*position),
        width_m=width,
        height_m=height,
        material=material,
        content_text=cleaned["content_text"][:300],
        valid_from=valid_from,
        valid_until=valid_until,
        department=section,
        amends=original,
        applied_at=timezone.now(),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if original is not None:
        if _sign_of(permit) == _sign_of(original):
            raise AdvertRefused(
                _("Nothing changed: an amendment changes the position, size, material or content."),
                code=AdvertCode.NOTHING_CHANGED,
            )
        if picture is None and original.image:
            permit.image_type, permit.image_extension = original.image_type, original.image_extension
            permit.image.name = original.image.name  # the same content image, until a new one is given
    if picture is not None:
        permit.image_type, permit.image_extension = picture.content_type, picture.extension
        store_file(permit.image, f"content.{picture.extension}", picture.data)
    permit.save()
    permit.number = f"GG{timezone.localdate():%Y}{permit.pk:05d}"
    permit.save(update_fields=["number", "updated_at"])
    changes = _sign_of(permit)
    if original is not None:
        changes = {key: [old, changes[key]] for key, old in _sign_of(original).items() if old != changes[key]}
        changes["amends"] = original.number
    _event(
        permit,
        actor=actor,
        action=AdvertAction.AMEND if original else AdvertAction.APPLY,
        note=note,
        changes=changes,
    )
    return permit


@transaction.atomic
def approve_permit(*, actor, permit_id: int, note: str = "") -> Permit:
    require_actor(actor)
    permit = _lock(permit_id)
    require(
        rules.may_approve(actor, permit.department), _("Only a leader over the advertising section approves.")
    )
    require_state(permit, PermitState.APPLIED, refusal=AdvertRefused)
    if permit.valid_until < timezone.localdate():
        raise AdvertRefused(
            _("The validity asked for has already ended; refuse it and register a new application."),
            code=AdvertCode.ALREADY_ENDED,
        )
    old = Permit.objects.select_for_update().get(pk=permit.amends_id) if permit.amends_id else None
    if old is not None and old.state != PermitState.APPROVED:
        raise AdvertRefused(
            _("The permit this amends is no longer in force (%(state)s); register a new application.")
            % {"state": old.get_state_display()},
            code=AdvertCode.WRONG_STATE,
        )
    permit.state, permit.decided_at, permit.decided_by = PermitState.APPROVED, timezone.now(), actor
    permit.decision_note = (note or "").strip()
    permit.save(update_fields=["state", "decided_at", "decided_by", "decision_note", "updated_at"])
    _event(permit, actor=actor, action=AdvertAction.APPROVE, from_state=PermitState.APPLIED, note=note)
    if old is not None:
        old.state, old.ended_at = PermitState.SUPERSEDED, timezone.now()
        old.save(update_fields=["state", "ended_at", "updated_at"])
        _event(
            old,
            actor=actor,
            action=AdvertAction.SUPERSEDE,
            from_state=PermitState.APPROVED,
            changes={"by": permit.number},
        )
    return permit


@transaction.atomic
def refuse_permit(*, actor, permit_id: int, reason: str) -> Permit:
    require_actor(actor)
    permit = _lock(permit_id)
    require(
        rules.may_approve(actor, permit.department), _("Only a leader over the advertising section refuses.")
    )
    require_state(permit, PermitState.APPLIED, refusal=AdvertRefused)
    cleaned = required(reason=reason)
    permit.state, permit.decided_at, permit.decided_by = PermitState.REFUSED, timezone.now(), actor
    permit.decision_note = cleaned["reason"]
    permit.save(update_fields=["state", "decided_at", "decided_by", "decision_note", "updated_at"])
    _event(
        permit,
        actor=actor,
        action=AdvertAction.REFUSE,
        from_state=PermitState.APPLIED,
        note=cleaned["reason"],
    )
    return permit


@transaction.atomic
def revoke_permit(*, actor, permit_id: int, reason: str) -> Permit:
    require_actor(actor)
    permit = _lock(permit_id)
    require(
        rules.may_approve(actor, permit.department), _("Only a leader over the advertising section revokes.")
    )
    require_state(permit, PermitState.APPROVED, refusal=AdvertRefused)
    cleaned = required(reason=reason)
    permit.state, permit.ended_at = PermitState.REVOKED, timezone.now()
    permit.decision_note = cleaned["reason"]
    permit.save(update_fields=["state", "ended_at", "decision_note", "updated_at"])
    _event(
        permit,
        actor=actor,
        action=AdvertAction.REVOKE,
        from_state=PermitState.APPROVED,
        note=cleaned["reason"],
    )
    return permit


def reveal_applicant(*, actor, permit_id: int, request=None) -> dict:
    """The applicant's real name and phone, for the section and its approvers; written to the audit log."""
    require_actor(actor)
    permit = Permit.objects.filter(pk=permit_id).first()
    if permit is None:
        raise ValidationError({"permit": [_("No such permit.")]})
    if not rules.may_reveal_applicant(actor, permit.department):
        raise PermissionDenied(_("Only the advertising section and its approvers may see the applicant."))
    audit.record(
        audit.Action.REVEAL,
        actor=actor,
        target=permit,
        request=request,
        data={"permit": permit.number, "fields": ["applicant_name", "applicant_phone"]},
    )
    return {"applicant_name": permit.applicant_name, "applicant_phone": permit.applicant_phone}
