import pytest

from chengguan.core.privacy import mask_name, mask_phone
from chengguan.grid.models import Cell, CellResponsibility, ResponsibilityTier
from chengguan.grid.selectors import cell_details

from .conftest import COMMUNITY


@pytest.mark.parametrize(
    "phone, masked",
    [
        ("13800131234", "138****1234"),
        ("+86 138-0013-1234", "138****1234"),
        ("0566-2345678", "056****5678"),
        ("12345678", "12****78"),
        ("95598", "****8"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize("name, masked", [("张三", "张*"), ("欧阳修文", "欧***"), ("王", "*"), ("", "")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.django_db
def test_cell_details_with_and_without_people(imported_grid, django_assert_max_num_queries):
    cell = Cell.objects.get(code=f"{COMMUNITY}001")
    CellResponsibility.objects.create(
        cell=cell, tier=ResponsibilityTier.COMMUNITY, name="百牙社区居委会", phone="0566-2345678"
    )
    CellResponsibility.objects.create(cell=cell, tier=ResponsibilityTier.FRONTAGE, name="好又多超市")

    with django_assert_max_num_queries(1):
        public = cell_details(cell.pk, include_people=False)
    with django_assert_max_num_queries(2):
        full = cell_details(cell.pk, include_people=True)

    assert public == {k: v for k, v in full.items() if k not in ("inspector", "responsibilities")}
    assert public["street"]["name"] == "秋浦街道" and public["district"]["code"] == "341702"
    assert [(r["tier"], r["name"], r["phone"]) for r in full["responsibilities"]] == [
        ("frontage", "好又多超市", ""),
        ("community", "百牙社区居委会", "056****5678"),
    ]
    assert cell_details(10**9, include_people=True) is None
