import pytest

from chengguan.grid.models import Area, AreaLevel
from chengguan.org.models import Department
from chengguan.taxonomy import defaults
from chengguan.taxonomy.models import Category, Responsibility, TimeLimit


@pytest.fixture
def departments(db):
    defaults.create_default_departments()
    return {d.code: d for d in Department.objects.all()}


@pytest.fixture
def default_table(departments):
    defaults.load_default_table()
    return {c.code: c for c in Category.objects.select_related("parent")}


@pytest.fixture
def areas(db):
    """One district with two streets, each with one community."""
    district = Area.objects.create(code="341702", name="贵池区", level=AreaLevel.DISTRICT)
    street = Area.objects.create(code="341702001", name="秋浦街道", level=AreaLevel.STREET, parent=district)
    other_street = Area.objects.create(
        code="341702002", name="池阳街道", level=AreaLevel.STREET, parent=district
    )
    return {
        "district": district,
        "street": street,
        "community": Area.objects.create(
            code="341702001001", name="百牙社区", level=AreaLevel.COMMUNITY, parent=street
        ),
        "other_street": other_street,
        "other_community": Area.objects.create(
            code="341702002001", name="长江社区", level=AreaLevel.COMMUNITY, parent=other_street
        ),
    }


def snapshot() -> dict:
    """Everything the category table holds, in a comparable form."""
    return {
        "categories": sorted(
            Category.objects.values_list(
                "code",
                "kind",
                "parent__code",
                "name",
                "description",
                "keywords",
                "icon",
                "is_public",
                "is_active",
            ),
            key=str,
        ),
        "limits": sorted(
            (code, urgency, amount.normalize(), unit)
            for code, urgency, amount, unit in TimeLimit.objects.values_list(
                "category__code", "urgency", "amount", "unit"
            )
        ),
        "responsibilities": sorted(
            Responsibility.objects.values_list("category__code", "area__code", "department__code", "note"),
            key=str,
        ),
    }
