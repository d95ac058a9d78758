"""Delivery channels for notifications to users, chosen by `settings.CHENGGUAN_NOTIFY_CHANNELS`.

A channel is a class with a `send(recipients, message)` method, given the active recipient users and the
`Message`. The built-in ones are named; any other entry is the dotted path of such a class. `deliver` runs
every configured channel and isolates failures: one that raises is logged and the others still run."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection, send_mail
from django.utils.module_loading import import_string

from ..models import Notification
from .message import Message, absolute_link

logger = logging.getLogger("chengguan.notify")


class Channel:
    name = ""

    def send(self, recipients: list, message: Message) -> None:
        raise NotImplementedError


class InboxChannel(Channel):
    """A Notification row per recipient: the in-app inbox of the staff console."""

    name = "inbox"

    def send(self, recipients: list, message: Message) -> None:
        subject_max = Notification._meta.get_field("subject").max_length
        link_max = Notification._meta.get_field("link").max_length
        kind_max = Notification._meta.get_field("kind").max_length
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                subject=message.subject[:subject_max],
                body=message.body,
                link=message.link[:link_max],
                kind=message.kind[:kind_max],
            )
            for user in recipients
        )


class ConsoleChannel(Channel):
    """The message on the `chengguan.notify` log (the terminal, in the demo)."""

    name = "console"

    def send(self, recipients: list, message: Message) -> None:
        for user in recipients:
            logger.info(
                "Notification to %s [%s]: %s\n%s%s",
                user.get_username(),
                message.kind or "-",
                message.subject,
                message.body,
                f"\n{message.link}" if message.link else "",
            )


class EmailChannel(Channel):
    """One e-mail per recipient that has an address, so recipients do not see each other's addresses.
    A refused address is logged and the rest are still sent."""

    name = "email"

    def send(self, recipients: list, message: Message) -> None:
        addressed = [user for user in recipients if user.email]
        if not addressed:
            return
        body = message.body
        if message.link:
            body = f"{body}\n\n{absolute_link(message.link)}"
        failed = []
        with get_connection() as connection:
            for user in addressed:
                try:
                    send_mail(message.subject, body, None, [user.email], connection=connection)
                except Exception:
                    logger.exception("E-mail notification to %s failed", user.get_username())
                    failed.append(user.get_username())
        if failed:
            raise RuntimeError(f"e-mail to {len(failed)} of {len(addressed)} recipients failed")


BUILT_IN = {channel.name: channel for channel in (InboxChannel, ConsoleChannel, EmailChannel)}


def channel_class(name: str) -> type[Channel]:
    return BUILT_IN.get(name) or import_string(name)


def deliver(user_ids: list[int], message: Message) -> dict[str, list[str]]:
    """Send `message` to the active users among `user_ids` on every configured channel, each channel on
    its own: returns the names of the channels that delivered and of those that failed."""
    recipients = list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    outcome: dict[str, list[str]] = {"delivered": [], "failed": []}
    if not recipients:
        return outcome
    for name in settings.CHENGGUAN_NOTIFY_CHANNELS:
        try:
            channel_class(name)().send(recipients, message)
        except Exception:
            logger.exception("Notification channel %s failed for %r", name, message.subject)
            outcome["failed"].append(name)
        else:
            outcome["delivered"].append(name)
    return outcome
