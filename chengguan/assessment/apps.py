from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "chengguan.assessment"
    label = "assessment"
    verbose_name = _("assessment")

    def ready(self) -> None:
        from chengguan.cases.indicators import register_department_indicators

        from .selectors import department_indicators

        register_department_indicators(department_indicators)
