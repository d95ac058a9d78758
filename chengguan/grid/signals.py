"""Any change to cells or areas makes every process rebuild its locator. Responsible people are read from
the database on each call, so their changes need no rebuild."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chengguan.core import versioning

from .models import Area, Cell

GRID_VERSION_KEY = "grid"


@receiver(post_save, sender=Cell)
@receiver(post_delete, sender=Cell)
@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def _grid_changed(sender, raw=False, **kwargs):
    if not raw:
        versioning.bump(GRID_VERSION_KEY)
