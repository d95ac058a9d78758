from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvertsConfig(AppConfig):
    name = "chengguan.adverts"
    label = "adverts"
    verbose_name = _("outdoor advertising")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
