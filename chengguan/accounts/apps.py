from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chengguan.accounts"
    label = "accounts"
    verbose_name = _("Staff identity")

    def ready(self) -> None:
        from . import auth, receivers  # noqa: F401
