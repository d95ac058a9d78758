from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "chengguan.assessment"
    label = "assessment"
    verbose_name = _("assessment")

    def ready(self) -> None:
        from chengguan.cases.indicators import register_department_indicators
        from chengguan.core.reference import restore_after_migrate

        from .defaults import load_defaults
        from .selectors import department_indicators

        register_department_indicators(department_indicators)
        restore_after_migrate(self, lambda apps: load_defaults(apps.get_model("assessment", "Indicator")))
