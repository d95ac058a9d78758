from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "chengguan.campaigns"
    label = "campaigns"
    verbose_name = _("civility campaigns")

    def ready(self) -> None:
        from chengguan.notices.services import register_outcome_handler

        from . import services

        register_outcome_handler(services.APPLICATION_NOTICE, services.on_application_notice)
        register_outcome_handler(services.RESULTS_NOTICE, services.on_results_notice)
