"""Log-ins, log-in failures and log-outs go to the audit log; calendar changes reach every process."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit, versioning
from .models import WorkdayOverride

CALENDAR_VERSION_KEY = "calendar"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(audit.Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(audit.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    audit.record(audit.Action.LOGIN_FAILED, actor_username=username, request=request)


versioning.bump_on_change(CALENDAR_VERSION_KEY, WorkdayOverride)
