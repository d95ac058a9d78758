"""Any change to cells or areas makes every process rebuild its locator. Responsible people are read from
the database on each call, so their changes need no rebuild."""

from chengguan.core import versioning

from .models import Area, Cell

GRID_VERSION_KEY = "grid"

versioning.bump_on_change(GRID_VERSION_KEY, Cell, Area)
