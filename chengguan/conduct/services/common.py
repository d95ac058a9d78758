"""What every conduct write shares: the refusal, the event row, input checks."""

import hashlib
from contextvars import ContextVar
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


_saved: ContextVar[list | None] = ContextVar("conduct_saved_files", default=None)


def remember_file(storage, name: str) -> None:
    saved = _saved.get()
    if saved is not None:
        saved.append((storage, name))


def atomic_write(func):
    """`transaction.atomic`, and files stored during the call deleted again when it fails."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        if _saved.get() is not None:
            with transaction.atomic():
                return func(*args, **kwargs)
        token = _saved.set([])
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except BaseException:
            for storage, name in _saved.get():
                storage.delete(name)
            raise
        finally:
            _saved.reset(token)

    return wrapper
