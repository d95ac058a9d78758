"""What every write on the register shares: the refusal with its stable codes, the settings, placing a
point (inside the city, in a grid cell, its street and keeping department) and the timeline row."""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chengguan.core import geo
from chengguan.core.refusals import Refused
from chengguan.grid import locator
from chengguan.grid.bounds import check_in_area
from chengguan.grid.selectors import active_cell
from chengguan.org.timeline import record_event
from chengguan.taxonomy.selectors import category_by_code, responsible_department

from ..defaults import (  # noqa: F401  (re-exported for the services)
    category_code,
    failure_threshold,
    failure_window_days,
    list_size,
    notice_window_days,
)
from ..models import FrontageEvent

CASE_ORIGIN = "frontage.check"
NOTICE_SUBJECT = "frontage.red_black_list"


class FrontageCode(StrEnum):
    """Why a write on the register was refused: stable values for clients and tests."""

    INACTIVE_UNIT = "inactive_unit"
    DUPLICATE_UNIT = "duplicate_unit"
    NO_KEEPER = "no_keeper"
    LIST_EXISTS = "list_exists"
    MONTH_NOT_OVER = "month_not_over"
    NOTHING_CHECKED = "nothing_checked"
    NO_CATEGORY = "no_category"


class FrontageRefused(Refused):
    """The write does not fit the register's state or rules; the message says why."""

    code = FrontageCode.INACTIVE_UNIT


def frontage_category():
    category = category_by_code(category_code())
    if category is None:
        raise FrontageRefused(
            _("The category %(code)s for 门前三包 is not in the category table.") % {"code": category_code()},
            code=FrontageCode.NO_CATEGORY,
        )
    return category


def place(lng, lat, *, crs: str = geo.WGS84, field: str = "location") -> dict:
    """The unit's WGS-84 point, grid cell, street and keeping department (the responsibility list's
    department for 门前三包 in that street). ValidationError on `field` for a point outside the city or in
    no cell; FrontageRefused when no department keeps the street."""
    try:
        lng, lat = float(lng), float(lat)
        geo.check_crs(crs)
        lng, lat = geo.to_wgs84(lng, lat, crs)
    except (TypeError, ValueError):
        raise ValidationError({field: [_("Give the location as longitude and latitude.")]}) from None
    check_in_area(lng, lat, field=field)
    hit = locator.locate(lng, lat)
    cell = active_cell(hit.cell_id) if hit else None
    if cell is None:
        raise ValidationError({field: [_("The location is in no grid cell of the city.")]})
    street = cell.community.parent
    department = responsible_department(frontage_category(), cell.community)
    if department is None:
        raise FrontageRefused(
            _("No department keeps 门前三包 in %(street)s: add it to the responsibility list.")
            % {"street": street.name},
            code=FrontageCode.NO_KEEPER,
        )
    return {
        "lng": round(lng, 7),
        "lat": round(lat, 7),
        "cell_id": cell.pk,
        "street_id": street.pk,
        "department": department,
    }


def log(*, actor, action: str, unit=None, monthly_list=None, note: str = "", **changes):
    return record_event(
        FrontageEvent,
        actor=actor,
        action=action,
        note=note,
        changes=changes,
        unit=unit,
        monthly_list=monthly_list,
    )
