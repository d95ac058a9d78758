"""What every conduct write shares: the refusal, the event row, input checks."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from chengguan.org.selectors import actor_snapshot

from ..models import ConductEvent


class ConductRefused(Exception):
    """The action does not fit the record's state or the rules; the message says why."""


def record_event(subject, *, action: str, actor=None, note: str = "", **changes) -> ConductEvent:
    who = actor_snapshot(actor)
    return ConductEvent.objects.create(
        subject_type=subject._meta.model_name,
        subject_id=subject.pk,
        action=action,
        actor=who["actor"],
        actor_name=who["actor_name"],
        actor_department=who["actor_department"],
        note=(note or "").strip(),
        changes=changes,
    )


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def required(**values) -> dict[str, str]:
    """Strip the given text fields; ValidationError naming every empty one."""
    cleaned = {field: (value or "").strip() for field, value in values.items()}
    missing = {field: [_("This field is required.")] for field, value in cleaned.items() if not value}
    if missing:
        raise ValidationError(missing)
    return cleaned


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
