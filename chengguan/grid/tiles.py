"""Tile providers for the maps' basemap, each named with its coordinate system.

chengguan's data is WGS-84; a provider in GCJ-02 (AMap, Tencent) or BD-09 (a Baidu-datum server) draws
the same street a few hundred metres away, so the browser converts every marker, pick and layer into the
provider's system and picks back (web/static/web/crs.js, the same formulas as core.geo). With no provider
the maps draw the city from chengguan's own layers alone (grid.layers).

Settings: CHENGGUAN_TILE_PROVIDER (a preset below, or empty), CHENGGUAN_TILE_URL (a bureau's own tile
server; overrides the preset's URL), CHENGGUAN_TILE_CRS (wgs84 = CGCS2000, gcj02 or bd09; default the
preset's, else wgs84), CHENGGUAN_TILE_KEY (Tianditu's tk), CHENGGUAN_TILE_SUBDOMAINS,
CHENGGUAN_TILE_ATTRIBUTION."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from chengguan.core import geo


@dataclass(frozen=True)
class TileProvider:
    url: str
    crs: str
    subdomains: str = ""
    attribution: str = ""
    overlay_url: str = ""  # labels drawn over the base (Tianditu's annotation layer)
    max_zoom: int = 18


PRESETS = {
    # 天地图: CGCS2000, which is WGS-84 to within centimetres
    "tianditu": TileProvider(
        url="https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec"
        "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        overlay_url="https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        crs=geo.WGS84,
        subdomains="01234567",
        attribution="天地图",
    ),
    "amap": TileProvider(
        url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        crs=geo.GCJ02,
        subdomains="1234",
        attribution="高德地图",
    ),
    "tencent": TileProvider(
        url="https://rt{s}.map.gtimg.com/tile?z={z}&x={x}&y={-y}&type=vector&styleid=0",
        crs=geo.GCJ02,
        subdomains="0123",
        attribution="腾讯地图",
    ),
    "osm": TileProvider(
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        crs=geo.WGS84,
        attribution="© OpenStreetMap contributors",
        max_zoom=19,
    ),
}


def tile_provider() -> TileProvider | None:
    """The configured basemap, or None when the maps draw only chengguan's own layers."""
    name = getattr(settings, "CHENGGUAN_TILE_PROVIDER", "") or ""
    url = getattr(settings, "CHENGGUAN_TILE_URL", "") or ""
    if name and name not in PRESETS:
        raise ImproperlyConfigured(
            f"CHENGGUAN_TILE_PROVIDER {name!r} is unknown: use one of {', '.join(PRESETS)} or leave it empty."
        )
    preset = PRESETS.get(name)
    if not url and preset is None:
        return None
    crs = getattr(settings, "CHENGGUAN_TILE_CRS", "") or (preset.crs if preset else geo.WGS84)
    if crs not in geo.CRS_CHOICES:
        raise ImproperlyConfigured(
            f"CHENGGUAN_TILE_CRS {crs!r} is unknown: use one of {', '.join(geo.CRS_CHOICES)}."
        )
    key = getattr(settings, "CHENGGUAN_TILE_KEY", "") or ""
    return TileProvider(
        url=(url or preset.url).replace("{key}", key),
        crs=crs,
        subdomains=getattr(settings, "CHENGGUAN_TILE_SUBDOMAINS", "")
        or (preset.subdomains if preset else "abc"),
        attribution=getattr(settings, "CHENGGUAN_TILE_ATTRIBUTION", "")
        or (preset.attribution if preset else ""),
        overlay_url=(preset.overlay_url.replace("{key}", key) if preset and not url else ""),
        max_zoom=preset.max_zoom if preset else 19,
    )


def map_settings() -> dict:
    """What every map component needs: the provider (or none) and its coordinate system."""
    provider = tile_provider()
    return (
        asdict(provider)
        if provider
        else {
            "url": "",
            "crs": geo.WGS84,
            "subdomains": "",
            "attribution": "",
            "overlay_url": "",
            "max_zoom": 19,
        }
    )
