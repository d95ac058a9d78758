"""Any change to cells (or their responsible people) makes every process rebuild its locator."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chengguan.core import versioning

from .models import Area, Cell, CellResponsibility

GRID_VERSION_KEY = "grid"


@receiver(post_save, sender=Cell)
@receiver(post_delete, sender=Cell)
@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
@receiver(post_save, sender=CellResponsibility)
@receiver(post_delete, sender=CellResponsibility)
def _grid_changed(sender, raw=False, **kwargs):
    if not raw:
        versioning.bump(GRID_VERSION_KEY)
