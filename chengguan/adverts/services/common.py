"""What every write of the register shares: the refusal with its stable codes, the audit entry beside each
timeline row, the clean copy of an uploaded image, and the checks of a sign's position and size."""

from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chengguan.core import audit, geo
from chengguan.core.images import clean_image
from chengguan.core.refusals import Refused
from chengguan.grid.bounds import check_in_area

from ..models import Material

MAX_IMAGE_BYTES = 10 * 2**20
MAX_SIDE_M = Decimal("100")


class AdvertCode(StrEnum):
    """Why a write to the register was refused: stable values for clients and tests."""

    WRONG_STATE = "wrong_state"
    PENDING_AMENDMENT = "pending_amendment"
    NOTHING_CHANGED = "nothing_changed"
    ALREADY_ENDED = "already_ended"
    NO_CATEGORY = "no_category"


class AdvertRefused(Refused):
    """The action does not fit the permit's state; the message says why."""

    code = AdvertCode.WRONG_STATE


def audit_step(action: str, *, actor, target, data: dict) -> None:
    """Every step of the approval flow is also an entry of the keyed audit chain."""
    audit.record(f"adverts.{action}", actor=actor, target=target, data=data)


def clean_position(lng, lat, crs: str, errors: dict) -> tuple[float, float] | None:
    """The WGS-84 point, inside the bureau's area; errors on `location` otherwise."""
    if lng in (None, "") or lat in (None, ""):
        errors.setdefault("location", []).append(_("Choose the position on the map."))
        return None
    try:
        lng, lat = geo.to_wgs84(float(lng), float(lat), crs or geo.WGS84)
        check_in_area(lng, lat)
    except ValidationError as exc:
        errors.setdefault("location", []).extend(exc.messages)
        return None
    except (TypeError, ValueError):
        errors.setdefault("location", []).append(_("The position must be a longitude and a latitude."))
        return None
    return lng, lat


def clean_size(value, name: str, errors: dict) -> Decimal | None:
    try:
        size = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        errors.setdefault(name, []).append(_("Give the size in metres, for example 3.5."))
        return None
    if not (Decimal("0.01") <= size <= MAX_SIDE_M):
        errors.setdefault(name, []).append(
            _("A side must be between 0.01 m and %(max)s m.") % {"max": MAX_SIDE_M}
        )
        return None
    return size


def clean_material(value, errors: dict) -> str:
    if value not in Material.values:
        errors.setdefault("material", []).append(_("Choose a material from the list."))
    return value


def clean_upload(upload, name: str, errors: dict):
    """The uploaded image re-encoded without metadata (`core.images.clean_image`), or None."""
    if upload is None:
        return None
    data = upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        errors.setdefault(name, []).append(_("The image is larger than 10 MB."))
        return None
    try:
        return clean_image(data, name=getattr(upload, "name", "") or "image")
    except ValidationError as exc:
        errors.setdefault(name, []).extend(exc.messages)
        return None
