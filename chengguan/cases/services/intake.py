"""Intake: every channel's report becomes a case, exactly once per client key, located in its cell."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import geo, rows
from chengguan.core.actors import is_system
from chengguan.core.files import atomic_write
from chengguan.core.phones import parse_phone
from chengguan.core.refusals import require, require_actor
from chengguan.core.text import normalize
from chengguan.grid import locator
from chengguan.grid import selectors as grid
from chengguan.grid.models import Cell
from chengguan.taxonomy import selectors as taxonomy
from chengguan.taxonomy.models import Category, Urgency

from ..models import DESCRIPTION_MAX, Attachment, Case, CaseEvent
from ..numbering import next_number, number_before_transaction
from ..photos import check_photos
from ..states import Action, Channel
from . import auto
from .common import record_case_event, save_photos

KEY_MAX = 100
# Channels on which citizens report themselves, signed in or not; the others are staff's or the system's.
PUBLIC_CHANNELS = frozenset({Channel.WEB, Channel.MOBILE, Channel.API, Channel.OPEN311})


@dataclass(frozen=True)
class IntakeResult:
    case: Case
    created: bool  # False when the idempotency key had already been used: the earlier case is returned
    event: CaseEvent | None = None  # for a new case: its one timeline entry, with the photos saved
    photos: tuple[Attachment, ...] = ()


def report_case(
    *,
    description: str,
    channel: str,
    lng=None,
    lat=None,
    crs: str = "wgs84",
    address: str = "",
    category: "Category | str | None" = None,
    urgency: str = Urgency.NORMAL,
    reporter_name: str = "",
    reporter_phone: str = "",
    photos=(),
    intake_key: str | None = None,
    actor,
    origin_type: str = "",
    origin_id: str = "",
) -> IntakeResult:
    """Create a case from a report. Raises ValidationError (with field errors) and stores nothing when the
    report is malformed; returns the existing case when `intake_key` was seen before.

    The key is checked by the unique index when the case is stored, not by a query first: a replay is
    rare, and the check must hold against a concurrent request anyway.

    `actor` is required: the signed-in user, an anonymous visitor (AnonymousUser) on the public channels,
    or a SystemActor. Only the public channels take reports from anonymous visitors."""
    require_actor(actor)
    require(
        channel in PUBLIC_CHANNELS or actor.is_authenticated or is_system(actor),
        _("Sign in to record a report on this channel."),
    )
    intake_key = (intake_key or "").strip() or None
    errors: dict[str, list[str]] = {}
    try:
        cleaned = _clean(
            description=description,
            channel=channel,
            lng=lng,
            lat=lat,
            crs=crs,
            address=address,
            category=category,
            urgency=urgency,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            intake_key=intake_key,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        checked_photos = check_photos(photos)  # read and verified before anything is written
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:  # every field's problems at once, and nothing stored
        raise ValidationError(errors)
    now = timezone.now()
    try:
        number = number_before_transaction(timezone.localdate(now))  # None: drawn with the case
        origin = {"origin_type": origin_type, "origin_id": origin_id}
        return _store(cleaned, checked_photos, actor=actor, now=now, number=number, **origin)
    except IntegrityError:
        if intake_key and (existing := Case.objects.filter(intake_key=intake_key).first()):
            return IntakeResult(existing, created=False)  # this key was used before, or concurrently
        raise


@atomic_write
def _store(cleaned: dict, photos, *, actor, now, number, origin_type: str, origin_id: str) -> IntakeResult:
    case, event = _create(
        cleaned, actor=actor, now=now, number=number, origin_type=origin_type, origin_id=origin_id
    )
    saved = save_photos(case, photos, kind=Attachment.Kind.REPORT, event=event)
    # 智能派单, when a category has it enabled; a failure to schedule is logged, never loses the report.
    transaction.on_commit(lambda: auto.schedule(case.pk, case.category_id), robust=True)
    return IntakeResult(case, created=True, event=event, photos=tuple(saved))


def _create(cleaned: dict, *, actor, now, number, origin_type: str, origin_id: str) -> tuple[Case, CaseEvent]:
    cell = _cell_at(cleaned["lng"], cleaned["lat"])
    case = Case(
        number=number or next_number(timezone.localdate(now)),
        reported_at=now,
        search_text=normalize(f"{cleaned['description']} {cleaned['address']}"),
        cell=cell,
        community=cell.community if cell else None,
        street=cell.community.parent if cell else None,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        origin_type=origin_type,
        origin_id=origin_id,
        **cleaned,
    )
    case.hash_phone()
    rows.insert(case)  # create() without its per-row statement building (core.rows)
    event = record_case_event(
        case,
        action=Action.REPORT,
        actor=actor,
        to_state=case.state,
        note=str(Channel(case.channel).label),  # get_channel_display() builds a dict of every choice
        at=now,
    )
    return case, event


def _cell_at(lng, lat) -> Cell | None:
    if lng is None:
        return None
    hit = locator.locate(lng, lat, crs=geo.WGS84)
    return grid.active_cell(hit.cell_id) if hit else None


def _clean(**data) -> dict:
    errors: dict[str, list[str]] = {}
    description = (data["description"] or "").strip()
    if not description:
        errors["description"] = [_("Describe the problem.")]
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = [
            _("The description is %(n)s characters long; at most %(max)s are allowed.")
            % {"n": len(description), "max": DESCRIPTION_MAX}
        ]
    if data["channel"] not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    if data["urgency"] not in Urgency.values:
        errors["urgency"] = [_("Unknown urgency.")]
    lng, lat = _clean_point(data["lng"], data["lat"], data["crs"], errors)
    address = (data["address"] or "").strip()
    if lng is None and not address and "lng" not in errors and "crs" not in errors:
        errors["location"] = [_("Give the place: a point on the map (lng and lat) or an address.")]
    if len(address) > 200:
        errors["address"] = [_("The address may have at most 200 characters.")]
    category = _clean_category(data["category"], errors)
    name = (data["reporter_name"] or "").strip()
    phone = (data["reporter_phone"] or "").strip()
    if len(name) > 50:
        errors["reporter_name"] = [_("The name may have at most 50 characters.")]
    if phone:
        try:
            phone = parse_phone(phone, field="reporter_phone")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if data["intake_key"] and len(data["intake_key"]) > KEY_MAX:
        errors["intake_key"] = [
            _("The idempotency key may have at most %(max)s characters.") % {"max": KEY_MAX}
        ]
    if errors:
        raise ValidationError(errors)
    return {
        "description": description,
        "channel": data["channel"],
        "lng": lng,
        "lat": lat,
        "address": address,
        "category": category,
        "urgency": data["urgency"],
        "reporter_name": name,
        "reporter_phone": phone,
        "intake_key": data["intake_key"],
    }


def _clean_point(lng, lat, crs, errors) -> tuple[float | None, float | None]:
    if lng in (None, "") and lat in (None, ""):
        return None, None
    crs = crs or geo.WGS84
    if crs not in geo.CRS_CHOICES:
        errors["crs"] = [_("Unknown coordinate system: use wgs84 or gcj02.")]
        return None, None
    try:
        lng, lat = float(lng), float(lat)
    except (TypeError, ValueError):
        errors["lng"] = [_("Longitude and latitude must both be numbers.")]
        return None, None
    try:
        return geo.to_wgs84(lng, lat, crs)
    except ValueError:
        errors["lng"] = [
            _("The point is outside the range of longitude (-180 to 180) and latitude (-90 to 90).")
        ]
        return None, None


def _clean_category(category, errors) -> Category | None:
    if category in (None, ""):
        return None
    found = category if isinstance(category, Category) else taxonomy.category_by_code(str(category))
    if found is None or not found.is_active or found.parent_id is None:
        errors["category"] = [_("Unknown category code: choose a subclass such as S0102.")]
        return None
    return found
