"""The reference lists the case pages' filters and forms offer: departments, categories, areas, the
verification list's streets and communities. The first three are shown with every work list, so each
process keeps them until the data changes (`core.versioning`)."""

from django.db.models import F

from chengguan.core.versioning import VersionedCache
from chengguan.grid import selectors as grid_selectors
from chengguan.grid.models import Area, AreaLevel
from chengguan.grid.signals import GRID_VERSION_KEY
from chengguan.org import selectors as org_selectors
from chengguan.taxonomy.models import Category
from chengguan.taxonomy.signals import TAXONOMY_VERSION_KEY


def verify_areas() -> list[Area]:
    """The streets and communities an inspector may narrow the verification list to."""
    areas = Area.objects.filter(level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)).defer("geometry")
    return list(areas.order_by("code"))


def verify_area(code: str) -> Area | None:
    return Area.objects.filter(code=code, level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)).first()


active_departments = org_selectors.active_departments


def _classifiable_categories() -> list[dict]:
    minors = Category.objects.minors().filter(is_active=True, parent__is_active=True)
    return list(minors.order_by("code").values("code", "name", parent_name=F("parent__name")))


def _filter_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True).order_by("code"))


def _filter_areas() -> list[Area]:
    levels = (AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY)
    return list(Area.objects.filter(level__in=levels).only("code", "name", "level").order_by("code"))


_classifiable = VersionedCache(TAXONOMY_VERSION_KEY, _classifiable_categories)
_filterable = VersionedCache(TAXONOMY_VERSION_KEY, _filter_categories)
_areas = VersionedCache(GRID_VERSION_KEY, _filter_areas)


def classifiable_categories() -> list[dict]:
    """Active subclasses under active major classes, in code order (for the category search list): code,
    name and parent_name."""
    return _classifiable.get()


def filter_categories() -> list[Category]:
    """Major classes and their subclasses, in code order (a major class filters all its subclasses)."""
    return _filterable.get()


def filter_areas() -> list[Area]:
    """Districts, streets and communities, in code order."""
    return _areas.get()


map_center = grid_selectors.map_center  # one implementation, in grid
