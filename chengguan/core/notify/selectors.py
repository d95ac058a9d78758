"""Reads of a user's in-app inbox. Everyone sees only their own notifications."""

from django.db.models import QuerySet

from ..models import Notification


def unread_notifications(user) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).unread()


def unread_count(user) -> int:
    return unread_notifications(user).count()


def notifications_for(user, limit: int = 20) -> list[Notification]:
    """The user's newest notifications, read and unread, newest first."""
    if not getattr(user, "is_authenticated", False) or limit <= 0:
        return []
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])
