"""Pluggable notifications: to users on the configured channels (in-app inbox, log, e-mail, …) and to
phone numbers through the SMS gateway, always from a background task queued when the transaction commits.

    from chengguan.core import notify
    notify.notify_users(staff_members, notify.Message(_("Case dispatched"), body, link=url, kind="case"))
    notify.notify_phone(reporter_phone, _("Your report was received."))
"""

from .message import Message, absolute_link
from .selectors import notifications_for, unread_count, unread_notifications
from .services import mark_all_read, mark_read, notify_phone, notify_users

__all__ = [
    "Message",
    "absolute_link",
    "mark_all_read",
    "mark_read",
    "notifications_for",
    "notify_phone",
    "notify_users",
    "unread_count",
    "unread_notifications",
]
