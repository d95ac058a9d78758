from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "chengguan.insight"
    label = "insight"
    verbose_name = _("public opinion and hot spots")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
