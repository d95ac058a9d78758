from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "chengguan.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
