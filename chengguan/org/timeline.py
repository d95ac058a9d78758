"""The one shape of every timeline (cases, notices, evaluation rounds, conduct, campaigns, assessment):
who acted, when, what they did, why, and what changed. Each owner keeps its own table (real foreign keys
and per-owner indexes) built on `TimelineEvent`, and writes it only through `record_event`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chengguan.core import rows
from chengguan.core.actors import is_system
from chengguan.core.refusals import require_actor

from .selectors import actor_snapshot


class TimelineEvent(models.Model):
    """One step on an owner's timeline. Never edited. Subclasses add the owner and declare `action` with
    their own choices."""

    at = models.DateTimeField(_("time"), db_index=True)
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    actor_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("actor's department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_system = models.BooleanField(
        _("by the system"), default=False, help_text=_("Done by a job of the system, not by a person.")
    )
    note = models.TextField(_("note"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


def record_event(
    model: type[TimelineEvent], *, actor, action: str, note: str = "", changes=None, at=None, **owner
):
    """Write one row of `model` (the owner's timeline) in the caller's transaction. `owner` names the owner
    and the model's own fields (e.g. `case=…, from_state=…`). `actor` is required: a user or a SystemActor."""
    require_actor(actor)
    event = model(
        at=at or timezone.now(),
        action=action,
        note=(note or "").strip(),
        changes=changes or {},
        by_system=is_system(actor),
        **actor_snapshot(actor),
        **owner,
    )
    return rows.insert(event)  # the row as create() writes it, from a statement built once
