"""Any change to cells or areas makes every process rebuild its locator and its map layers; any change
to the gazetteer, its place index. Responsible people are read from the database on each call, so their
changes need no rebuild."""

from chengguan.core import versioning

from .models import Area, Cell, Place

GRID_VERSION_KEY = "grid"
PLACES_VERSION_KEY = "places"

versioning.bump_on_change(GRID_VERSION_KEY, Cell, Area)
versioning.bump_on_change(PLACES_VERSION_KEY, Place)
