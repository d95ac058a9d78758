"""Repeat locations: reports that fall within a few metres of one another (the same lamp, the same
manhole), found by a greedy grouping over a grid of buckets the size of the radius."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

EARTH_M_PER_DEG = 111_320.0


@dataclass
class Spot:
    lng: float
    lat: float
    members: list = field(default_factory=list)  # the items (anything) grouped here

    @property
    def count(self) -> int:
        return len(self.members)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    mean_lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * EARTH_M_PER_DEG * math.cos(mean_lat)
    dy = (a[1] - b[1]) * EARTH_M_PER_DEG
    return math.hypot(dx, dy)


def repeat_spots(points: list[tuple[float, float, object]], *, radius_m: float, min_count: int) -> list[Spot]:
    """Groups of at least `min_count` points (lng, lat, item) lying within `radius_m` of the group's seed,
    the largest first. Each point belongs to one group at most: the point with the most neighbours seeds
    a group of its neighbours, which are then set aside, and so on."""
    if not points or radius_m <= 0:
        return []
    lat0 = math.radians(sum(p[1] for p in points) / len(points))
    step_lat = radius_m / EARTH_M_PER_DEG
    step_lng = radius_m / (EARTH_M_PER_DEG * max(math.cos(lat0), 0.01))
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    keys = []
    for index, (lng, lat, _item) in enumerate(points):
        key = (math.floor(lng / step_lng), math.floor(lat / step_lat))
        buckets[key].append(index)
        keys.append(key)
    neighbours: list[list[int]] = []
    for index, (lng, lat, _item) in enumerate(points):
        bx, by = keys[index]
        near = [
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in buckets.get((bx + dx, by + dy), ())
            if _metres((lng, lat), points[other][:2]) <= radius_m
        ]
        neighbours.append(near)
    taken = [False] * len(points)
    spots = []
    for seed in sorted(range(len(points)), key=lambda i: (-len(neighbours[i]), i)):
        if taken[seed] or len(neighbours[seed]) < min_count:
            continue
        members = [i for i in neighbours[seed] if not taken[i]]
        if len(members) < min_count:
            continue
        for i in members:
            taken[i] = True
        lng = sum(points[i][0] for i in members) / len(members)
        lat = sum(points[i][1] for i in members) / len(members)
        spots.append(Spot(lng=lng, lat=lat, members=[points[i][2] for i in members]))
    spots.sort(key=lambda spot: -spot.count)
    return spots
