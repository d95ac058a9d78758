"""Lockouts and unlocks go to the audit log; each sign-in is listed as an open session; deactivating an
account (or its staff record) ends its sessions and tokens at once."""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from chengguan.core import audit
from chengguan.core.actors import SystemActor
from chengguan.core.middleware import current_request
from chengguan.core.net import client_ip
from chengguan.org.models import Staff

from . import lockout, services
from .middleware import SESSION_VERIFIED, remember_needs, stamp
from .models import UserSession

User = get_user_model()


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    lockout.remember_lockout(request)
    audit.record(
        services.Action.LOCKED_OUT,
        actor_username=str(username or ""),
        request=request,
        data={"username": str(username or ""), "ip": ip_address or "", "path": getattr(request, "path", "")},
    )


@receiver(post_delete, sender=AccessAttempt)
def _attempts_cleared(sender, instance, **kwargs):
    """An administrator deleting a lockout in the admin unlocks; a success clearing a few failures does not
    count (only records that had reached the limit are audited)."""
    if instance.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        audit.record(
            services.Action.UNLOCKED,
            data={"username": instance.username or "", "ip": instance.ip_address or "", "cleared": 1},
        )


@receiver(user_logged_in)
def _session_opened(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    stamp(session, started=True)
    session.pop(SESSION_VERIFIED, None)
    remember_needs(session, user)
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "started_at": timezone.now(),
            "last_seen_at": timezone.now(),
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )


@receiver(user_logged_out)
def _session_closed(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def _was_active(model, instance) -> bool:
    if instance.pk is None:
        return False
    return bool(model._default_manager.filter(pk=instance.pk).values_list("is_active", flat=True).first())


@receiver(pre_save, sender=User)
@receiver(pre_save, sender=Staff)
def _remember_activity(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and (update_fields is None or "is_active" in update_fields):
        instance._accounts_was_active = _was_active(sender, instance)


@receiver(post_save, sender=User)
@receiver(post_save, sender=Staff)
def _deactivated(sender, instance, raw=False, created=False, **kwargs):
    if raw or created or instance.is_active or not getattr(instance, "_accounts_was_active", False):
        return
    user = instance if sender is User else instance.user
    if user is None:
        return
    request = current_request.get()
    actor = getattr(request, "user", None) if request is not None else None
    if actor is None or not actor.is_authenticated:
        actor = SystemActor("deactivation")
    services.cut_off(actor=actor, user=user, reason="deactivated")
