"""Any change to a category makes every process reload its categories (see `selectors.category_by_code`)."""

from chengguan.core import versioning

from .models import Category

TAXONOMY_VERSION_KEY = "taxonomy"

versioning.bump_on_change(TAXONOMY_VERSION_KEY, Category)
