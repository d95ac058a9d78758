"""Writes: sending notifications (queued to run after the commit) and marking them read."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..models import Notification
from . import outbox
from .message import Message


def _user_ids(users_or_staff) -> list[int]:
    """User ids of users, of staff records (through their account; staff without one are skipped) or
    plain ids, in order and without repeats. Accepts one of them or any iterable (a queryset, a list)."""
    user_model = get_user_model()
    if isinstance(users_or_staff, user_model | int) or hasattr(users_or_staff, "user_id"):
        users_or_staff = [users_or_staff]
    ids: list[int] = []
    for item in users_or_staff or []:
        if isinstance(item, user_model):
            user_id = item.pk
        elif isinstance(item, int):
            user_id = item
        else:
            user_id = item.user_id  # a Staff record (core does not import org)
        if user_id is not None and user_id not in ids:
            ids.append(user_id)
    return ids


def notify_users(users_or_staff, message: Message) -> int:
    """Send `message` to users (or staff members' accounts) on the configured channels, after the current
    transaction commits and from a background task. Returns how many distinct accounts it is sent to."""
    user_ids = _user_ids(users_or_staff)
    if user_ids:
        outbox.queue_for_users(user_ids, message)
    return len(user_ids)


def notify_phone(phone: str, text: str) -> bool:
    """Send a text message through the SMS gateway, after the commit and from a background task (whose
    argument is an outbox row's id: the number is stored encrypted, never in the task queue).
    Returns False (and sends nothing) when there is no number."""
    phone = (phone or "").strip()
    if not phone:
        return False
    outbox.queue_text(phone, str(text))
    return True


@transaction.atomic
def mark_read(user, ids: Iterable[int]) -> int:
    """Mark the user's own notifications among `ids` read; others' ids are ignored. Returns how many
    changed (notifications already read keep their first reading time)."""
    ids = list(ids)
    if not ids or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def mark_all_read(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
