"""Reads of the outdoor-advertising register, scoped to what the user may see, and the check of a sign
against the permits near it."""

import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import selectors as cases_selectors
from chengguan.core.geo import haversine_m
from chengguan.core.text import normalize
from chengguan.grid import selectors as grid_selectors
from chengguan.grid.locator import locate
from chengguan.grid.models import Area
from chengguan.org.models import Department
from chengguan.taxonomy import selectors as taxonomy

from . import rules
from .models import CheckEvent, CheckOutcome, Permit, PermitEvent, PermitState, SignCheck

DEFAULT_CATEGORY = "S0202"  # 违章张贴悬挂广告牌匾: 未经批准设置或悬挂的广告牌、店招、条幅
METRES_PER_DEGREE = 111_320.0

PERMIT_SORTS = {
    "number": "number",
    "applied": "applied_at",
    "valid_until": "valid_until",
    "state": "state",
    "street": "street__code",
}
CHECK_SORTS = {"found": "found_at", "outcome": "outcome"}


# --- settings ---------------------------------------------------------------------------------------------


def category_code() -> str:
    """The category an unpermitted or changed sign is reported in (CHENGGUAN_ADVERTS_CATEGORY)."""
    return str(getattr(settings, "CHENGGUAN_ADVERTS_CATEGORY", DEFAULT_CATEGORY))


def match_metres() -> float:
    """How far from a permit's position a sign may stand and still be that permit's sign."""
    return float(getattr(settings, "CHENGGUAN_ADVERTS_MATCH_METRES", 30))


def size_tolerance() -> float:
    """The share by which a sign's width or height may differ from its permit's (0.1: 10 %)."""
    return float(getattr(settings, "CHENGGUAN_ADVERTS_SIZE_TOLERANCE", 0.10))


def remind_days() -> int:
    """How many days before a permit ends the section is reminded (and the list calls it expiring soon)."""
    return int(getattr(settings, "CHENGGUAN_ADVERTS_REMIND_DAYS", 30))


def advert_section() -> Department | None:
    """The department that leads the illegal-advertising category in the responsibility list."""
    category = taxonomy.category_by_code(category_code())
    return taxonomy.responsible_department(category, None) if category is not None else None


# --- permits ----------------------------------------------------------------------------------------------


def visible_permits(user, section=None) -> QuerySet[Permit]:
    if not rules.may_open(user, section):
        return Permit.objects.none()
    return Permit.objects.all()


def expiring_until(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=remind_days())


def permit_list(
    user, section=None, *, state="", expiring=False, street=None, q="", sort=""
) -> QuerySet[Permit]:
    """The register page's rows: filtered, sorted (a whitelisted field, `-` for descending)."""
    qs = visible_permits(user, section).select_related("street", "amends")
    if state:
        qs = qs.filter(state=state)
    if expiring:
        today = timezone.localdate()
        qs = qs.filter(
            state=PermitState.APPROVED, valid_until__gte=today, valid_until__lte=expiring_until(today)
        )
    if street is not None:
        qs = qs.filter(street=street)
    q = normalize(q or "")
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(content_text__icontains=q) | Q(address__icontains=q))
    field_name = PERMIT_SORTS.get(sort.lstrip("-")) if sort else None
    if field_name:
        prefix = "-" if sort.startswith("-") else ""
        return qs.order_by(f"{prefix}{field_name}", f"{prefix}id")
    return qs.order_by("-applied_at", "-id")


def permit_for(user, pk: int, section=None) -> Permit | None:
    return (
        visible_permits(user, section)
        .select_related("street", "amends", "department", "registered_by", "decided_by")
        .filter(pk=pk)
        .first()
    )


def permit_events(permit: Permit) -> QuerySet[PermitEvent]:
    return permit.events.select_related("actor_department").order_by("at", "id")


def amendments_of(permit: Permit) -> QuerySet[Permit]:
    return permit.amendments.order_by("-applied_at", "-id")


def pending_amendment(permit: Permit) -> Permit | None:
    return permit.amendments.filter(state=PermitState.APPLIED).first()


def streets() -> QuerySet[Area]:
    return grid_selectors.streets()


def street_by_id(pk) -> Area | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return grid_selectors.streets().filter(pk=pk).first()


def street_at(lng: float, lat: float) -> Area | None:
    """The street a WGS-84 point lies in (from the grid's cells), or None outside every cell."""
    hit = locate(lng, lat)
    cell = grid_selectors.active_cell(hit.cell_id) if hit is not None else None
    if cell is None or cell.community.parent_id is None:
        return None
    return Area.objects.filter(pk=cell.community.parent_id).first()


# --- sign checks -----------------------------------------------------------------------------------------


def visible_checks(user, section=None) -> QuerySet[SignCheck]:
    qs = SignCheck.objects.all()
    if rules.may_see_every_check(user, section):
        return qs
    if rules.may_check_signs(user):
        return qs.filter(inspector=user)
    return qs.none()


def check_list(user, section=None, *, outcome="", sort="") -> QuerySet[SignCheck]:
    qs = visible_checks(user, section).select_related("inspector__staff", "permit", "street")
    if outcome:
        qs = qs.filter(outcome=outcome)
    field_name = CHECK_SORTS.get(sort.lstrip("-")) if sort else None
    if field_name:
        prefix = "-" if sort.startswith("-") else ""
        return qs.order_by(f"{prefix}{field_name}", f"{prefix}id")
    return qs.order_by("-found_at", "-id")


def check_for(user, pk: int, section=None) -> SignCheck | None:
    return (
        visible_checks(user, section)
        .select_related("inspector__staff", "permit", "street")
        .filter(pk=pk)
        .first()
    )


def check_events(check: SignCheck) -> QuerySet[CheckEvent]:
    return check.events.order_by("at", "id")


@dataclass
class Assessment:
    """What the register says about a sign: the outcome, the permit it was judged against (covering, or
    the nearest), its distance, and why it is not covered."""

    outcome: str
    permit: Permit | None = None
    distance_m: float | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.outcome == CheckOutcome.COVERED


def permits_near(lng: float, lat: float, metres: float | None = None) -> list[tuple[float, Permit]]:
    """Every permit (any state) within `metres` of the point, nearest first, with its distance."""
    metres = match_metres() if metres is None else metres
    dlat = metres / METRES_PER_DEGREE
    dlng = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    box = Permit.objects.filter(
        lat__gte=lat - dlat, lat__lte=lat + dlat, lng__gte=lng - dlng, lng__lte=lng + dlng
    ).select_related("amends")
    found = [(haversine_m(lng, lat, p.lng, p.lat), p) for p in box]
    return sorted(((d, p) for d, p in found if d <= metres), key=lambda pair: (pair[0], pair[1].pk))


def _size_differs(found: Decimal, permitted: Decimal) -> bool:
    return abs(float(found) - float(permitted)) > float(permitted) * size_tolerance() + 1e-9


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", normalize(text or "").lower())


def content_matches(found: str, permitted: str) -> bool:
    """The same text give or take spacing, punctuation, script (traditional) and a small misreading."""
    a, b = _plain(found), _plain(permitted)
    if not a or not b:
        return True  # nothing to compare: the other checks decide
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def differences(permit: Permit, *, width_m, height_m, material: str, content_text: str) -> list[str]:
    """How a sign differs from its permit (empty when it matches within the tolerances)."""
    reasons = []
    if _size_differs(width_m, permit.width_m) or _size_differs(height_m, permit.height_m):
        reasons.append(
            _("The size %(found)s differs from the permitted %(permitted)s.")
            % {"found": f"{width_m} × {height_m} m", "permitted": permit.size_label}
        )
    if material != permit.material:
        reasons.append(
            _("The material differs from the permitted %(material)s.")
            % {"material": permit.get_material_display()}
        )
    if not content_matches(content_text, permit.content_text):
        reasons.append(
            _("The content differs from the permitted “%(text)s”.") % {"text": permit.content_text}
        )
    return reasons


def in_force(permit: Permit, on: date) -> bool:
    return permit.state == PermitState.APPROVED and permit.valid_from <= on <= permit.valid_until


def _why_not_in_force(permit: Permit, on: date) -> str:
    if permit.state == PermitState.APPROVED and on < permit.valid_from:
        return _("Permit %(number)s is valid only from %(day)s.") % {
            "number": permit.number,
            "day": permit.valid_from,
        }
    if permit.state == PermitState.APPROVED:
        return _("Permit %(number)s ended on %(day)s.") % {"number": permit.number, "day": permit.valid_until}
    if permit.state == PermitState.APPLIED:
        return _(
            "Application %(number)s is still awaiting approval: no sign may stand before it is approved."
        ) % {"number": permit.number}
    return _("Permit %(number)s is %(state)s.") % {
        "number": permit.number,
        "state": permit.get_state_display(),
    }


def assess_sign(
    *, lng: float, lat: float, width_m, height_m, material: str, content_text: str, on: date
) -> Assessment:
    """Whether a permit covers the sign: approved, in its validity on `on`, within the match radius, and
    of the same size (within the tolerance), material and content. Otherwise the sign is `changed` when a
    permit in force stands there but differs, and `unpermitted` when none is in force."""
    near = permits_near(lng, lat)
    sign = {"width_m": width_m, "height_m": height_m, "material": material, "content_text": content_text}
    live = [(d, p) for d, p in near if in_force(p, on)]
    for distance, permit in live:
        if not differences(permit, **sign):
            return Assessment(CheckOutcome.COVERED, permit, distance)
    if live:
        distance, permit = live[0]
        return Assessment(CheckOutcome.CHANGED, permit, distance, differences(permit, **sign))
    if near:
        distance, permit = near[0]
        return Assessment(CheckOutcome.UNPERMITTED, permit, distance, [_why_not_in_force(permit, on)])
    return Assessment(
        CheckOutcome.UNPERMITTED,
        reasons=[_("No permit is registered within %(metres)s m.") % {"metres": int(match_metres())}],
    )


# --- reminders -----------------------------------------------------------------------------------------


def permits_to_expire(today: date) -> QuerySet[Permit]:
    return Permit.objects.filter(state=PermitState.APPROVED, valid_until__lt=today)


def permits_to_remind(today: date) -> QuerySet[Permit]:
    return Permit.objects.filter(
        state=PermitState.APPROVED,
        reminded_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=expiring_until(today),
    ).select_related("department")


def map_center() -> str:
    """Where a map with nothing on it yet opens: the middle of the grid."""
    return cases_selectors.map_center()
