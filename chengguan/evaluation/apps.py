from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "chengguan.evaluation"
    label = "evaluation"
    verbose_name = _("public evaluation")

    def ready(self) -> None:
        from chengguan.core.measures import register_source

        from .measures import SOURCE

        register_source(SOURCE)
        from chengguan.notices import services as notices

        from .services import SUBJECT_TYPE, on_notice_outcome

        notices.register_outcome_handler(SUBJECT_TYPE, on_notice_outcome)
