"""Support (附议): a citizen about to report a problem that is already open adds their support to that case
instead of filing a duplicate. The support is counted on the case, appears on its public timeline (without
any personal data) and, when the supporter left a phone, they are texted when the case is closed.

Supporters are told apart by a keyed hash (HMAC-SHA256 with SECRET_KEY) of their phone number, else of
their device id: the raw device id is never stored, the phone only when given for updates (encrypted,
and purged after closure by `purge_contacts`)."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.phones import parse_phone
from chengguan.core.refusals import require_actor

from ..models import Case, CaseSupporter, FollowUp, phone_hash
from ..states import FINISHED, Action, State
from .common import lock_case, record_case_event

DEVICE_MAX = 100

__all__ = ["contact_hash", "follow_up_for_reporter", "support_case"]


def contact_hash(kind: str, value: str) -> str:
    """A keyed hash of a phone number or device id: equal inputs give equal hashes, and nobody without
    the SECRET_KEY can test a guessed number against it."""
    message = f"cases.support:{kind}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _clean(phone: str, device_id: str) -> tuple[str, str]:
    phone = (phone or "").strip()
    device_id = (device_id or "").strip()
    errors: dict[str, list[str]] = {}
    if phone:
        try:
            phone = parse_phone(phone)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if len(device_id) > DEVICE_MAX:
        errors["device_id"] = [_("The device id is too long.")]
    if not phone and not device_id and not errors:
        errors["phone"] = [_("Leave a phone number, or allow this page to remember your device.")]
    if errors:
        raise ValidationError(errors)
    return phone, device_id


@transaction.atomic
def support_case(*, case_id: int, actor, phone: str = "", device_id: str = "", ip: str = "") -> Case:
    """Count one more supporter on an open case. Refused (ValidationError, nothing changed) when the case
    is finished, when this phone or device already supports it, or when the phone is the reporter's own.
    `ip` is accepted for the caller's rate limiting and not stored. Anyone may support a public case;
    the timeline never names them."""
    require_actor(actor)
    phone, device_id = _clean(phone, device_id)
    case = lock_case(case_id)
    if case.state in FINISHED:
        raise ValidationError({"case": [_("This case is finished: it can no longer be supported.")]})
    if phone and phone_hash(phone) == case.reporter_phone_hash:
        raise ValidationError({"case": [_("You reported this case yourself.")]})
    device = contact_hash("device", device_id) if device_id else ""
    key = contact_hash("phone", phone) if phone else device
    seen = Q(contact_hash=key) | (Q(device_hash=device) | Q(contact_hash=device) if device else Q())
    if case.supporters.filter(seen).exists():
        raise ValidationError({"case": [_("You already support this case. Thank you.")]})
    try:
        with transaction.atomic():
            CaseSupporter.objects.create(
                case=case, contact_hash=key, device_hash=device, phone=phone, created_at=timezone.now()
            )
    except IntegrityError:  # a concurrent request from the same contact won (the case row lock aside)
        raise ValidationError({"case": [_("You already support this case. Thank you.")]}) from None
    old = case.support_count
    case.support_count = old + 1
    case.save(update_fields=["support_count", "updated_at"])
    record_case_event(
        case,
        actor=AnonymousUser(),
        action=Action.SUPPORT,
        changes={"support_count": [old, case.support_count]},
        is_public=True,
    )
    return case


@transaction.atomic
def follow_up_for_reporter(*, case_id: int, actor) -> FollowUp | None:
    """The follow-up of a closed case for its reporter's private tracking link: the one sent at the latest
    closure (answered or not), else a new one (for reporters who left no phone, so got no text).
    None while the case is not closed. The caller has checked the private link (the permission)."""
    require_actor(actor)
    case = lock_case(case_id)
    if case.state != State.CLOSED:
        return None
    since = case.closed_at or case.reported_at
    existing = case.follow_ups.filter(created_at__gte=since).order_by("-created_at").first()
    if existing is not None:
        return existing
    return FollowUp.objects.create(case=case, token=secrets.token_urlsafe(24), created_at=timezone.now())
