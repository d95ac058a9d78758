from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontageConfig(AppConfig):
    name = "chengguan.frontage"
    label = "frontage"
    verbose_name = _("门前三包 register")

    def ready(self) -> None:
        from chengguan.notices import services as notices

        from . import rules  # noqa: F401  (registers the permissions)
        from .services.common import NOTICE_SUBJECT
        from .services.lists import on_notice_outcome

        notices.register_outcome_handler(NOTICE_SUBJECT, on_notice_outcome)
