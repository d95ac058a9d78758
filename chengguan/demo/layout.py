"""Pure planning of the demo district's geometry: which street and community gets which block of
~100 m × 100 m cells. No database here, so the layout is easy to test and reason about.

Each street is a rectangle of cells split into one or two rows of communities; each community is a
full rectangle of cells (no gaps, no overlaps); streets sit side by side in shelves across the district."""

import math
import random
from dataclasses import dataclass, field

from .names import STREETS

DISTRICT_CODE = "341702"
DISTRICT_NAME = "贵池区"
CITY_NAME = "池州市"
CENTRE_LNG, CENTRE_LAT = 117.49, 30.66
# About 100 m at latitude 30.66°: 100 m / 111,195 m per degree of latitude, and that over cos(30.66°)
# for longitude.
LAT_STEP = 0.000899
LNG_STEP = 0.001045
MAX_CELLS_PER_COMMUNITY = 999  # the cell sequence has three digits


@dataclass
class CommunityPlan:
    code: str
    name: str
    col: int  # south-west corner, in cells from the district origin
    row: int
    width: int
    height: int

    @property
    def cell_count(self) -> int:
        return self.width * self.height

    def cells(self):
        """(sequence number from 1, col, row) for every cell, west to east then south to north."""
        seq = 0
        for dy in range(self.height):
            for dx in range(self.width):
                seq += 1
                yield seq, self.col + dx, self.row + dy


@dataclass
class StreetPlan:
    code: str
    name: str
    col: int = 0
    row: int = 0
    width: int = 0
    height: int = 0
    communities: list[CommunityPlan] = field(default_factory=list)

    @property
    def cell_count(self) -> int:
        return sum(c.cell_count for c in self.communities)


class LayoutError(ValueError):
    pass


def _split(total: int, weights: list[float], minimum: int) -> list[int]:
    """Split `total` into len(weights) integers ≥ minimum, proportional to weights (largest remainder)."""
    spare = total - minimum * len(weights)
    shares = [spare * w / sum(weights) for w in weights]
    parts = [minimum + math.floor(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _plan_street(code: str, name: str, community_names: list[str], target: float, rng: random.Random):
    street = StreetPlan(code=code, name=name)
    m = len(community_names)
    bands = 2 if m >= 4 else 1
    band_sizes = [math.ceil(m / bands), m // bands] if bands == 2 else [m]
    height = max(2 * bands, round(math.sqrt(target / 1.4)))
    width = max(2 * max(band_sizes), math.ceil(target / height))
    band_heights = _split(height, [1.0] * bands, 2 if bands == 2 else 1)
    street.width, street.height = width, height
    names = iter(enumerate(community_names, start=1))
    row = 0
    for band_size, band_height in zip(band_sizes, band_heights, strict=True):
        widths = _split(
            width, [rng.uniform(0.6, 1.4) for _ in range(band_size)], 2 if width >= 2 * band_size else 1
        )
        col = 0
        for band_width in widths:
            number, community_name = next(names)
            street.communities.append(
                CommunityPlan(
                    code=f"{code}{number:03d}",
                    name=community_name,
                    col=col,
                    row=row,
                    width=band_width,
                    height=band_height,
                )
            )
            col += band_width
        row += band_height
    return street


def plan_district(*, streets: int, cells: int, rng: random.Random) -> list[StreetPlan]:
    """Streets with their communities and blocks, at least `cells` cells in all (a little more when the
    rectangles need it). Raises LayoutError for impossible sizes."""
    if not 1 <= streets <= len(STREETS):
        raise LayoutError(f"the demo district has between 1 and {len(STREETS)} streets, not {streets}")
    if cells < 1:
        raise LayoutError("the demo district needs at least one cell")
    chosen = STREETS[:streets]
    community_counts = [rng.choice((5, 6)) for _ in chosen]
    weights = [rng.uniform(0.75, 1.3) * (1.4 if i == 0 else 1.0) for i in range(streets)]
    plans = []
    for i, ((name, community_names), count) in enumerate(zip(chosen, community_counts, strict=True)):
        target = cells * weights[i] / sum(weights)
        plans.append(_plan_street(f"{DISTRICT_CODE}{i + 1:03d}", name, community_names[:count], target, rng))
    biggest = max((c for s in plans for c in s.communities), key=lambda c: c.cell_count)
    if biggest.cell_count > MAX_CELLS_PER_COMMUNITY:
        raise LayoutError(
            f"{cells} cells need more than {MAX_CELLS_PER_COMMUNITY} cells in {biggest.name}; "
            f"use more streets (--streets) or fewer cells"
        )
    _place_streets(plans)
    return plans


def _place_streets(plans: list[StreetPlan]) -> None:
    """Shelves of streets, west to east then south to north; community positions become absolute."""
    per_shelf = max(1, math.ceil(math.sqrt(len(plans))))
    row = 0
    for start in range(0, len(plans), per_shelf):
        shelf = plans[start : start + per_shelf]
        col = 0
        for street in shelf:
            street.col, street.row = col, row
            for community in street.communities:
                community.col += col
                community.row += row
            col += street.width
        row += max(street.height for street in shelf)


def origin(plans: list[StreetPlan]) -> tuple[float, float]:
    """The south-west corner that centres the district on (CENTRE_LNG, CENTRE_LAT)."""
    width = max(s.col + s.width for s in plans)
    height = max(s.row + s.height for s in plans)
    return CENTRE_LNG - width * LNG_STEP / 2, CENTRE_LAT - height * LAT_STEP / 2


def rectangle(lng0: float, lat0: float, col: int, row: int, width: int, height: int) -> dict:
    """A GeoJSON polygon over a block of cells. Corners are computed from integer cell positions, so
    neighbouring blocks share exactly the same edge coordinates."""
    west, east = round(lng0 + col * LNG_STEP, 7), round(lng0 + (col + width) * LNG_STEP, 7)
    south, north = round(lat0 + row * LAT_STEP, 7), round(lat0 + (row + height) * LAT_STEP, 7)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}
