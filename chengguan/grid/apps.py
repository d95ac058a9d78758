from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridConfig(AppConfig):
    name = "chengguan.grid"
    label = "grid"
    verbose_name = _("Grid")

    def ready(self) -> None:
        from . import signals  # noqa: F401
