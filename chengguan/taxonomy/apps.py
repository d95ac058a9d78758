from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "chengguan.taxonomy"
    label = "taxonomy"
    verbose_name = _("Categories")

    def ready(self) -> None:
        from . import signals  # noqa: F401
