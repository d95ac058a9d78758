from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "chengguan.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from chengguan.core.reference import restore_after_migrate

        from . import receivers, signals  # noqa: F401
        from .roles import ensure_roles

        restore_after_migrate(self, lambda apps: ensure_roles(apps.get_model("org", "Role")))
