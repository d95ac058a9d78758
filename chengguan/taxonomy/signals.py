"""Any change to a category makes every process reload its categories (see `selectors.category_by_code`)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chengguan.core import versioning

from .models import Category

TAXONOMY_VERSION_KEY = "taxonomy"


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def _categories_changed(sender, raw=False, **kwargs):
    if not raw:
        versioning.bump(TAXONOMY_VERSION_KEY)
