"""Changes to who may do what are security events: record them in the audit log whoever makes them.
`org.services` writes its own entries (with its actor); these catch changes made anywhere else."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from chengguan.core import audit

from .models import Staff
from .services import in_service

User = get_user_model()


@receiver(m2m_changed, sender=Staff.roles.through)
def _staff_roles_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        instance.__dict__.pop("_role_codes", None)
        if in_service():
            return  # the service writes its own entry, with its actor
        audit.record(
            audit.Action.ROLES_CHANGED,
            target=instance,
            data={"change": action.removeprefix("post_"), "roles": sorted(pk_set or [])},
        )


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _user_permissions_changed(sender, instance, action, pk_set, model, **kwargs):
    if (
        action in ("post_add", "post_remove", "post_clear")
        and isinstance(instance, User)
        and not in_service()
    ):
        audit.record(
            audit.Action.PERMISSIONS_CHANGED,
            target=instance,
            data={"change": action.removeprefix("post_"), model._meta.model_name: sorted(pk_set or [])},
        )


@receiver(pre_save, sender=User)
def _user_flags_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or in_service():
        return
    old = User.objects.filter(pk=instance.pk).values("is_superuser", "is_staff", "is_active").first()
    if not old:
        return
    changed = {
        flag: [old[flag], getattr(instance, flag)] for flag in old if old[flag] != getattr(instance, flag)
    }
    if changed:
        audit.record(audit.Action.PERMISSIONS_CHANGED, target=instance, data={"flags": changed})


@receiver(post_save, sender=User)
def _privileged_user_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not in_service() and (instance.is_superuser or instance.is_staff):
        audit.record(
            audit.Action.PERMISSIONS_CHANGED,
            target=instance,
            data={"flags": {"is_superuser": instance.is_superuser, "is_staff": instance.is_staff}},
        )
