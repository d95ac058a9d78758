from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    INTAKE_OPERATOR = "intake_operator", _("intake operator")
    DISPATCHER = "dispatcher", _("dispatcher")
    SHIFT_LEAD = "shift_lead", _("shift lead")
    HANDLER = "handler", _("department handler")
    INSPECTOR = "inspector", _("inspector")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("enforcement officer")
    AUXILIARY = "auxiliary", _("auxiliary")
    DISCIPLINE = "discipline", _("discipline inspector")
    CIVILITY_OFFICER = "civility_officer", _("civility officer")
    LEADER = "leader", _("leader")
    ADMINISTRATOR = "administrator", _("administrator")


def ensure_roles(role_model) -> None:
    """Create the roles the code relies on that are missing (`role_model`: Role, or a migration's)."""
    for code in RoleCode.values:
        role_model.objects.get_or_create(code=code)
