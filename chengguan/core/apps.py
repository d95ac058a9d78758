import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class CoreConfig(AppConfig):
    name = "chengguan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .i18n import compile_translations

        # A fresh checkout has only the .po sources; compile them before any language is activated so the
        # first page (or test) is already in Chinese. A read-only install keeps whatever it shipped with.
        try:
            compile_translations()
        except OSError as exc:
            logger.warning("Could not compile translations: %s", exc)
