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


def inbox_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications for the notifications page, newest first (paged by the view)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=user)
    return (rows.unread() if unread_only else rows).order_by("-created_at", "-id")


def notification_of(user, notification_id: int) -> Notification | None:
    """One of the user's own notifications (None for anybody else's)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Notification.objects.filter(recipient=user, pk=notification_id).first()
