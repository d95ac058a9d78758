"""The category table and the responsibility list (权责清单) for the demo district."""

from django.db.models import Count

from chengguan.taxonomy.defaults import load_default_table
from chengguan.taxonomy.models import Category, Responsibility

from .org import BUREAU_CODE, DepartmentIndex

# Street-order events (街面秩序) that the street offices handle in their own street (属地管理).
STREET_OFFICE_CATEGORIES = ("S0501", "S0503", "S0504", "S0508", "S0509", "S0510", "S0511")
STREET_ORDER_CLASS = "S05"


def load_table() -> int:
    """Load the packaged category table (it needs the departments to exist); returns the categories."""
    load_default_table()
    return Category.objects.count()


def street_order_categories() -> list[Category]:
    """The street-order subclasses the street offices take over, whichever of them the table has; when it
    has none of them, every street-order subclass the bureau's own units handle by default."""
    minors = Category.objects.filter(code__startswith=STREET_ORDER_CLASS, parent__isnull=False)
    chosen = list(minors.filter(code__in=STREET_OFFICE_CATEGORIES).order_by("code"))
    if not chosen:
        chosen = list(
            minors.filter(
                responsibilities__area__isnull=True,
                responsibilities__department__path__startswith=f"/{BUREAU_CODE}/",
            ).order_by("code")
        )
    return chosen


def route_street_order(depts: DepartmentIndex, streets) -> int:
    """One area-specific entry per (street-order category, street): the street's office."""
    categories = street_order_categories()
    rows = [
        Responsibility(
            category=category,
            area=street,
            department=depts.street_offices[street.code],
            note="属地管理：街面秩序由街道（镇）负责",
        )
        for street in streets
        for category in categories
    ]
    Responsibility.objects.bulk_create(rows)
    return len(rows)


def busiest_department(depts: DepartmentIndex) -> str:
    """The code of the department (other than the bureau itself) that the default routing sends the most
    subclasses to, not counting those the areas route elsewhere: the demo handler works there, so their
    inbox fills up."""
    overridden = Responsibility.objects.filter(area__isnull=False).values("category_id")
    counts = (
        Responsibility.objects.filter(area__isnull=True, category__parent__isnull=False)
        .exclude(category_id__in=overridden)
        .exclude(department__code=BUREAU_CODE)
        .values("department__code")
        .annotate(n=Count("id"))
        .order_by("-n", "department__code")
    )
    for row in counts:
        if row["department__code"] in depts.by_code:
            return row["department__code"]
    return "CGJ-SZGY"
