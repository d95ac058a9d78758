"""Tile providers are named with their coordinate system, and a point picked on one lands on the same cell as
the same spot picked on another."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from chengguan.core import geo
from chengguan.grid import locator
from chengguan.grid.tiles import map_settings, tile_provider

from .conftest import CELLS, cell_centre

pytestmark = pytest.mark.django_db


def configure(settings, provider="", url="", crs=""):
    settings.CHENGGUAN_TILE_PROVIDER, settings.CHENGGUAN_TILE_URL, settings.CHENGGUAN_TILE_CRS = (
        provider,
        url,
        crs,
    )
    settings.CHENGGUAN_TILE_KEY = "k123"


def test_presets_name_their_coordinate_systems(settings):
    configure(settings, "amap")
    assert tile_provider().crs == geo.GCJ02
    configure(settings, "tencent")
    assert tile_provider().crs == geo.GCJ02
    configure(settings, "tianditu")
    provider = tile_provider()
    assert provider.crs == geo.WGS84 and "tk=k123" in provider.url and "cva_w" in provider.overlay_url
    configure(settings, url="https://tiles.bureau.lan/{z}/{x}/{y}.png", crs="bd09")
    assert (tile_provider().url, tile_provider().crs) == ("https://tiles.bureau.lan/{z}/{x}/{y}.png", "bd09")
    configure(settings)
    assert tile_provider() is None and map_settings()["url"] == "" and map_settings()["crs"] == geo.WGS84


@pytest.mark.parametrize("provider, crs", [("google", ""), ("amap", "mercator")])
def test_unknown_provider_or_crs_is_a_configuration_error(settings, provider, crs):
    configure(settings, provider, crs=crs)
    with pytest.raises(ImproperlyConfigured):
        tile_provider()


@pytest.mark.parametrize("code", sorted(CELLS))
def test_gcj02_on_amap_and_wgs84_on_tianditu_land_on_the_same_cell(settings, imported_grid, code):
    """The same spot as each provider shows it: AMap's map is GCJ-02, so a pick there arrives in GCJ-02 (the
    browser sends the provider's CRS, or converts to WGS-84 first: both are tested); Tianditu's is WGS-84."""
    lng, lat = cell_centre(*CELLS[code])
    configure(settings, "amap")
    amap = tile_provider().crs
    on_amap = geo.from_wgs84(lng, lat, amap)
    assert on_amap != (lng, lat)  # the AMap point is a few hundred metres off in raw numbers
    configure(settings, "tianditu")
    tianditu = tile_provider().crs
    on_tianditu = geo.from_wgs84(lng, lat, tianditu)
    assert locator.locate(*on_amap, amap).code == code
    assert locator.locate(*on_tianditu, tianditu).code == code
    assert locator.locate(*geo.to_wgs84(*on_amap, amap)).code == code
    # and BD-09 (a Baidu-datum server) too
    assert locator.locate(*geo.from_wgs84(lng, lat, geo.BD09), geo.BD09).code == code
