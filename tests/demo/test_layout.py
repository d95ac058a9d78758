"""The demo district's layout plan: contiguous, non-overlapping blocks of cells, sized as asked."""

import random

import pytest

from chengguan.demo.layout import MAX_CELLS_PER_COMMUNITY, LayoutError, plan_district


def occupied(plans):
    return [
        (col, row)
        for street in plans
        for community in street.communities
        for _, col, row in community.cells()
    ]


@pytest.mark.parametrize(("streets", "cells"), [(1, 10), (3, 200), (8, 1500), (8, 10_000), (12, 3000)])
def test_plan_tiles_each_street_exactly_with_at_least_the_cells_asked_for(streets, cells):
    plans = plan_district(streets=streets, cells=cells, rng=random.Random(1))

    taken = occupied(plans)
    assert len(taken) >= cells
    assert len(taken) < cells * 1.15 + 40  # rounding up to rectangles, not a different size
    assert len(set(taken)) == len(taken), "two cells share a place"
    for street in plans:
        inside = {
            (col, row)
            for col in range(street.col, street.col + street.width)
            for row in range(street.row, street.row + street.height)
        }
        mine = {(col, row) for community in street.communities for _, col, row in community.cells()}
        assert mine == inside, f"{street.name} has gaps or cells outside its rectangle"
        assert 5 <= len(street.communities) <= 6
        for community in street.communities:
            assert community.code.startswith(street.code) and len(community.code) == 12
            assert community.cell_count <= MAX_CELLS_PER_COMMUNITY


def test_plan_is_deterministic_for_a_seed():
    def shape(seed):
        return [
            (c.code, c.name, c.col, c.row, c.width, c.height)
            for s in plan_district(streets=8, cells=1500, rng=random.Random(seed))
            for c in s.communities
        ]

    assert shape(5) == shape(5)
    assert shape(5) != shape(6)


@pytest.mark.parametrize(("streets", "cells"), [(0, 100), (99, 100), (3, 0), (1, 20_000)])
def test_impossible_sizes_are_refused_with_a_reason(streets, cells):
    with pytest.raises(LayoutError) as error:
        plan_district(streets=streets, cells=cells, rng=random.Random(1))
    assert str(error.value)
