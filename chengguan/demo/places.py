"""The demo district's gazetteer: roads along and across the streets, and in each community a residential
compound, with schools (贵池中学 among them), markets and a few landmarks, so search, reverse lookup and the
maps' own layers have something real-looking to show. Codes start with "demo-" so a rebuild finds them."""

import random

from chengguan.core import versioning
from chengguan.grid.geometry import clean_place_geometry
from chengguan.grid.models import Area, Place, PlaceKind
from chengguan.grid.signals import PLACES_VERSION_KEY

from .layout import LAT_STEP, LNG_STEP, StreetPlan, origin
from .names import place_stem

CODE_PREFIX = "demo-"
ROAD_NAMES = ["长江路", "九华山大道", "池州大道", "齐山大道", "百荷路", "建设路", "昭明路",
              "平天湖大道", "清溪路", "站前路", "翠微路", "杏花村路", "通远路", "白洋路"]  # fmt: skip
COMPOUND_SUFFIXES = ["小区", "花园", "新村", "家园", "苑"]
LANDMARKS = [("池州市人民医院", "人民医院,市医院"), ("池州站", "火车站"),
             ("平天湖风景区", "平天湖"), ("贵池区政府", "区政府"), ("池州市图书馆", "图书馆"),
             ("杏花村文化旅游区", "杏花村")]  # fmt: skip


def _point(lng0, lat0, col: float, row: float) -> dict:
    return {
        "type": "Point",
        "coordinates": [round(lng0 + col * LNG_STEP, 7), round(lat0 + row * LAT_STEP, 7)],
    }


def _line(lng0, lat0, points: list[tuple[float, float]]) -> dict:
    coords = [[round(lng0 + c * LNG_STEP, 7), round(lat0 + r * LAT_STEP, 7)] for c, r in points]
    return {"type": "LineString", "coordinates": coords}


def build_places(
    rng: random.Random, plans: list[StreetPlan], streets: list[Area], communities: list[Area]
) -> int:
    lng0, lat0 = origin(plans)
    street_area = {a.code: a for a in streets}
    community_area = {a.code: a for a in communities}
    rows: list[tuple[str, str, str, str, dict, Area | None, Area | None]] = []
    roads = iter(ROAD_NAMES)
    for street in plans:
        area = street_area[street.code]
        # a road along the street's middle row and one up its middle column, named after the street
        mid_row, mid_col = street.row + street.height / 2, street.col + street.width / 2
        rows.append(
            (
                f"{place_stem(street.name)}路",
                PlaceKind.ROAD,
                "",
                f"road-{street.code}-h",
                _line(lng0, lat0, [(street.col, mid_row), (street.col + street.width, mid_row)]),
                area,
                None,
            )
        )
        name = next(roads, f"{place_stem(street.name)}大道")
        rows.append(
            (
                name,
                PlaceKind.ROAD,
                "",
                f"road-{street.code}-v",
                _line(lng0, lat0, [(mid_col, street.row), (mid_col, street.row + street.height)]),
                area,
                None,
            )
        )
        for index, community in enumerate(street.communities):
            home = community_area[community.code]
            stem = place_stem(community.name)

            def at(fx: float, fy: float, c=community) -> dict:
                return _point(lng0, lat0, c.col + c.width * fx, c.row + c.height * fy)

            suffix = rng.choice(COMPOUND_SUFFIXES)
            rows.append(
                (
                    f"{stem}{suffix}",
                    PlaceKind.COMPOUND,
                    f"{stem}小区" if suffix != "小区" else "",
                    f"compound-{community.code}",
                    at(0.3, 0.7),
                    area,
                    home,
                )
            )
            if index % 2 == 0:
                rows.append(
                    (
                        f"{stem}农贸市场",
                        PlaceKind.MARKET,
                        f"{stem}菜市场",
                        f"market-{community.code}",
                        at(0.75, 0.3),
                        area,
                        home,
                    )
                )
            if index % 3 == 0:
                rows.append(
                    (
                        f"{stem}小学",
                        PlaceKind.SCHOOL,
                        "",
                        f"school-{community.code}",
                        at(0.7, 0.75),
                        area,
                        home,
                    )
                )
    first = plans[0].communities[0]
    rows.append(
        (
            "贵池中学",
            PlaceKind.SCHOOL,
            "池中,贵池一中",
            "school-guichi-middle",
            _point(lng0, lat0, first.col + first.width * 0.5, first.row + first.height * 0.45),
            street_area[plans[0].code],
            community_area[first.code],
        )
    )
    all_communities = [(s, c) for s in plans for c in s.communities]
    for (name, aliases), (street, community) in zip(
        LANDMARKS, rng.sample(all_communities, min(len(LANDMARKS), len(all_communities))), strict=False
    ):  # noqa: E501
        rows.append(
            (
                name,
                PlaceKind.LANDMARK,
                aliases,
                f"landmark-{community.code}",
                _point(
                    lng0, lat0, community.col + community.width * 0.5, community.row + community.height * 0.2
                ),
                street_area[street.code],
                community_area[community.code],
            )
        )
    places = []
    for name, kind, aliases, code, geometry, street_area_, community_area_ in rows:
        geometry, derived, reason = clean_place_geometry(geometry)
        assert reason is None, reason
        places.append(
            Place(
                name=name,
                kind=kind,
                aliases=aliases,
                code=CODE_PREFIX + code,
                geometry=geometry,
                street=street_area_,
                community=community_area_,
                **derived,
            )
        )
    Place.objects.bulk_create(places, batch_size=1000)
    versioning.bump(PLACES_VERSION_KEY)  # bulk inserts send no signals
    return len(places)


def delete_demo_places() -> None:
    Place.objects.filter(code__startswith=CODE_PREFIX).delete()
