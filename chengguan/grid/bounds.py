"""Whether a point lies in the bureau's area: inside the extent of its grid, with a margin for a report made
just across a boundary road. A point elsewhere ((0, 0), a swapped lng/lat, another province) is refused
with a message naming the area, instead of becoming a case in no cell."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from chengguan.core.versioning import VersionedCache

from .models import Area, Cell
from .signals import GRID_VERSION_KEY

MARGIN_DEGREES = 0.02  # about 2 km


def _load_extent() -> tuple[str, tuple[float, float, float, float] | None]:
    top = Area.objects.filter(parent__isnull=True).order_by("pk").values_list("name", flat=True).first() or ""
    extent = Cell.objects.aggregate(
        west=Min("min_lng"), south=Min("min_lat"), east=Max("max_lng"), north=Max("max_lat")
    )
    if extent["west"] is None:
        return top, None
    margin = float(getattr(settings, "CHENGGUAN_AREA_MARGIN_DEGREES", MARGIN_DEGREES))
    return top, (
        extent["west"] - margin,
        extent["south"] - margin,
        extent["east"] + margin,
        extent["north"] + margin,
    )


_extent: VersionedCache = VersionedCache(GRID_VERSION_KEY, _load_extent)


def check_in_area(lng: float, lat: float, *, field: str = "location") -> None:
    """ValidationError on `field` naming the area when the (WGS-84) point lies outside it. With no grid
    loaded yet, only the ranges of longitude and latitude are checked."""
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            {field: [_("Longitude must be between -180 and 180 and latitude between -90 and 90.")]}
        )
    name, box = _extent.get()
    if box is None:
        return
    west, south, east, north = box
    if not (west <= lng <= east and south <= lat <= north):
        raise ValidationError(
            {
                field: [
                    _("The location (%(lng)s, %(lat)s) is outside %(area)s.")
                    % {"lng": lng, "lat": lat, "area": name}
                ]
            }
        )
