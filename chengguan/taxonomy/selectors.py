"""Reads of the category table that several callers need: the responsible department (权责清单) for a
category in an area, the time limit for an urgency, and the categories citizens may report."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from chengguan.core.text import normalize
from chengguan.core.versioning import VersionedCache
from chengguan.grid.models import Area
from chengguan.org.models import Department

from .models import Category, Responsibility, TimeLimit, Urgency
from .signals import TAXONOMY_VERSION_KEY


class Limit(NamedTuple):
    amount: Decimal
    unit: str  # TimeUnit: "hours" or "days" (working time)


@dataclass(frozen=True)
class CategoryGroup:
    major: Category
    minors: list[Category]


def _family(category: Category) -> list[int]:
    """The category, then its major class when it has one: where the table is searched, in order."""
    return [category.pk] + ([category.parent_id] if category.parent_id else [])


def _load_categories() -> dict[str, Category]:
    categories = list(Category.objects.all())
    by_id = {category.pk: category for category in categories}
    for category in categories:
        if category.parent_id:
            category.parent = by_id[category.parent_id]
    return {category.code: category for category in categories}


_categories: VersionedCache[dict[str, Category]] = VersionedCache(TAXONOMY_VERSION_KEY, _load_categories)


def category_by_code(code: str) -> Category | None:
    """The category with this code (any case), with its parent, from the process's copy of the table
    (reloaded when any category changes), so intake looks codes up without a query. Treat the result as
    read-only: it is shared."""
    return _categories.get().get(code.strip().upper())


def responsible_department(category: Category, area: Area | None) -> Department | None:
    """The most specific entry of the responsibility list: the area's own, then its street's, then its
    district's, then the default with no area. A subclass with no entry at all falls back to its major
    class's entries, searched the same way. One query (areas nest at most three deep: district → street →
    community)."""
    where = Q(area__isnull=True)
    if area is not None:
        where |= Q(area_id=area.pk) | Q(area__children=area) | Q(area__children__children=area)
    entries = (
        Responsibility.objects.filter(where, category_id__in=_family(category))
        .select_related("department")
        .distinct()
    )
    family = _family(category)
    # The query matched only entries of this area's own line: anything else is its grandparent's.
    line = (area.pk, area.parent_id, None) if area is not None else ()
    best = min(entries, key=lambda entry: _rank(entry, family, line), default=None)
    return best.department if best else None


def _rank(entry: Responsibility, family: list[int], line: tuple) -> tuple[int, int]:
    """How near an entry is: its category's place in the family, then its area's distance up the `line`
    (the area, its parent, its grandparent; none for an entry with no area, which comes last)."""
    if entry.area_id is None:
        distance = 3
    elif line and entry.area_id == line[0]:
        distance = 0
    elif line and entry.area_id == line[1]:
        distance = 1
    else:
        distance = 2
    return family.index(entry.category_id), distance


def _lines(area_ids: set[int]) -> dict[int, tuple]:
    """For each area: (the area, its parent, its grandparent), in one query."""
    if not area_ids:
        return {}
    rows = Area.objects.filter(pk__in=area_ids).order_by().values_list("pk", "parent_id", "parent__parent_id")
    return {row[0]: row for row in rows}


def responsible_departments(pairs: list[tuple[Category | None, Area | None]]) -> list[Department | None]:
    """`responsible_department` for many (category, area) pairs (a page of cases) in two queries, whatever
    their number: the areas' parents and grandparents, then the entries that may apply to any pair."""
    lines = _lines({area.pk for category, area in pairs if category is not None and area is not None})
    families = {category.pk: _family(category) for category, _area in pairs if category is not None}
    if not families:
        return [None] * len(pairs)
    near = {pk for line in lines.values() for pk in line if pk is not None}
    entries = list(
        Responsibility.objects.filter(
            Q(area__isnull=True) | Q(area_id__in=near),
            category_id__in={pk for family in families.values() for pk in family},
        )
        .select_related("department")
        .order_by()
    )
    found = []
    for category, area in pairs:
        if category is None:
            found.append(None)
            continue
        family, line = families[category.pk], lines.get(area.pk, ()) if area is not None else ()
        applying = [e for e in entries if e.category_id in family and e.area_id in (None, *line)]
        best = min(applying, key=lambda entry, f=family, li=line: _rank(entry, f, li), default=None)
        found.append(best.department if best else None)
    return found


def time_limit(category: Category, urgency: str = Urgency.NORMAL) -> Limit | None:
    """The limit for the urgency, else the normal one; when the category has neither, its major class's
    limit for the urgency, else the major's normal one. None when nothing applies."""
    urgencies = [urgency] if urgency == Urgency.NORMAL else [urgency, Urgency.NORMAL]
    family = _family(category)
    limits = TimeLimit.objects.filter(category_id__in=family, urgency__in=urgencies)
    best = min(limits, key=lambda t: (family.index(t.category_id), urgencies.index(t.urgency)), default=None)
    return Limit(best.amount, best.unit) if best else None


def time_limits(categories, urgency: str = Urgency.NORMAL) -> dict[int, Limit | None]:
    """`time_limit` for many categories at once, by category id: one query whatever their number."""
    categories = {c.pk: c for c in categories if c is not None}
    urgencies = [urgency] if urgency == Urgency.NORMAL else [urgency, Urgency.NORMAL]
    families = {pk: _family(category) for pk, category in categories.items()}
    wanted = {pk for family in families.values() for pk in family}
    rows = list(TimeLimit.objects.filter(category_id__in=wanted, urgency__in=urgencies)) if wanted else []
    answers: dict[int, Limit | None] = {}
    for pk, family in families.items():
        found = [t for t in rows if t.category_id in family]
        best = min(
            found, key=lambda t: (family.index(t.category_id), urgencies.index(t.urgency)), default=None
        )
        answers[pk] = Limit(best.amount, best.unit) if best else None
    return answers


def public_categories(kind: str | None = None) -> list[CategoryGroup]:
    """The active subclasses citizens may report, grouped under their (active) major classes, in code
    order. One query."""
    minors = Category.objects.public().filter(parent__is_active=True).select_related("parent")
    minors = minors.order_by("code")
    if kind:
        minors = minors.filter(kind=kind)
    groups: list[CategoryGroup] = []
    for minor in minors:
        if not groups or groups[-1].major.pk != minor.parent_id:
            groups.append(CategoryGroup(minor.parent, []))
        groups[-1].minors.append(minor)
    return groups


def category_by_id(category_id: int | None) -> Category | None:
    return Category.objects.filter(pk=category_id).first() if category_id else None


def top_level_categories():
    return Category.objects.filter(parent__isnull=True).order_by("code")


URGENCY_LABELS = dict(Urgency.choices)


def _folded(text: str) -> str:
    """What category search compares: simplified (traditional input is accepted), NFKC, lower case."""
    return normalize(text).lower()


def _match_rank(category: Category, terms: list[str], whole: str) -> int | None:
    """How well a subclass matches the query (0 best), or None when it does not."""
    name = _folded(category.name)
    if category.code.lower() == whole or name == whole or f"{category.code.lower()} {name}" == whole:
        return 0
    major = _folded(category.parent.name) if category.parent_id else ""
    keywords = _folded(category.keywords).split()
    text = " ".join([category.code.lower(), name, *keywords, _folded(category.description), major])
    if not all(term in text for term in terms):
        return None
    if all(term in name for term in terms):
        return 1
    if all(any(term in word for word in keywords) or term in name for term in terms):
        return 2
    return 3


def search_categories(query: str, *, limit: int = 10, public_only: bool = False) -> list[Category]:
    """The active subclasses matching a code ("S0504"), a name ("店外经营"), a "code name" label or words
    of their names, keywords, descriptions or major class, best first (exact, name, keyword, the rest;
    then by code). Traditional input finds them too ("路燈", "攤販"). No query: from the process's copy
    of the table. Treat the results as read-only: they are shared."""
    whole = _folded(query or "")
    if not whole:
        return []
    terms = whole.split()
    found = []
    for category in _categories.get().values():
        if category.parent_id is None or not category.is_active or not category.parent.is_active:
            continue
        if public_only and not category.is_public:
            continue
        rank = _match_rank(category, terms, whole)
        if rank is not None:
            found.append((rank, category.code, category))
    found.sort(key=lambda row: row[:2])
    return [category for _rank, _code, category in found[:limit]]


def find_category(text: str) -> Category | None:
    """The one active subclass a typed value names: its code, its name, its "code name" label, or a
    keyword only it matches (traditional characters accepted). None when nothing or several match."""
    matches = search_categories(text, limit=2)
    if not matches:
        return None
    best = matches[0]
    if _match_rank(best, _folded(text).split(), _folded(text)) == 0:
        return best
    return best if len(matches) == 1 else None
