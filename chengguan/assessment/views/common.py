"""What the assessment pages share: access, the area/category/period filters and formatting."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from chengguan.core import pages
from chengguan.grid import selectors as grid_selectors
from chengguan.org.rules import is_administrator
from chengguan.org.selectors import staff_for
from chengguan.taxonomy import selectors as taxonomy_selectors

from .. import periods, rules, selectors
from ..models import RANKED_SUBJECTS, Subject

__all__ = ["Filters", "forbidden", "parse_filters", "viewer_required"]

SUBJECT_CHOICES = [
    (Subject.DEPARTMENT, _("Departments")),
    (Subject.STREET, _("Streets")),
    (Subject.COMMUNITY, _("Communities")),
    (Subject.CELL, _("Grid cells")),
    (Subject.INSPECTOR, _("Inspectors")),
    (Subject.DISPATCHER, _("Dispatchers")),
    (Subject.INTAKE_OPERATOR, _("Intake operators")),
    (Subject.SHIFT_LEAD, _("Shift leads")),
]


def forbidden(request, message: str = ""):
    return pages.forbidden(request, message)


def viewer_required(view):
    """Any active member of staff (each sees their own standing; rules scope the rows); administrators."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (is_administrator(request.user) or staff_for(request.user) is not None):
            return forbidden(request)
        return view(request, *args, **kwargs)

    wrapped.page_roles = ()
    return wrapped


@dataclass
class Filters:
    period: periods.Period
    is_current: bool
    area: object | None
    category: object | None
    subject: str
    error: str = ""

    @property
    def status(self) -> int:
        """400 when a filter was refused (the page shows the defaults and says why), else 200."""
        return 400 if self.error else 200

    @property
    def case_filter(self) -> dict:
        return selectors.case_filter(area=self.area, category=self.category)

    @property
    def query(self) -> str:
        parts = [f"period={self.period.label}", f"subject={self.subject}"]
        if self.area is not None:
            parts.append(f"area={self.area.pk}")
        if self.category is not None:
            parts.append(f"category={self.category.pk}")
        return "&".join(parts)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_filters(request, *, default_subject: str = Subject.DEPARTMENT) -> Filters:
    """Bad values fall back to the defaults, with a message for the page answered with 400 (an absurd
    period such as 0001-01 included: periods.parse keeps to core.dates' sane range)."""
    current = periods.this_month()
    error = ""
    label = (request.GET.get("period") or "").strip()
    period = current
    if label:
        try:
            period = periods.parse(label)
        except ValueError as exc:
            error = str(exc)
    area_id, category_id = _int(request.GET.get("area")), _int(request.GET.get("category"))
    area = grid_selectors.street_or_community(area_id)
    category = taxonomy_selectors.category_by_id(category_id)
    subject = request.GET.get("subject") or default_subject
    if subject not in RANKED_SUBJECTS:
        subject = default_subject
    return Filters(period, period == current, area, category, subject, error)


def filter_choices() -> dict:
    return {
        "streets": grid_selectors.streets(),
        "communities": grid_selectors.communities(),
        "categories": taxonomy_selectors.top_level_categories(),
        "subjects": SUBJECT_CHOICES,
        "months": [p.label for p in reversed(periods.last_months(12))],
    }


def can_manage(user) -> bool:
    return rules.can_manage(user)


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def display(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rate":
        return pct(value)
    if unit == "score":
        return f"{value:.1f}"
    if unit == "number":
        return f"{value:.2f}"
    return str(int(value))


NAV_LABEL = _("Assessment")  # the menu entry (web.context_processors.NAV) is translated from this catalogue
