from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldConfig(AppConfig):
    name = "chengguan.field"
    verbose_name = _("field app (城管通)")
