"""Text messages to a phone number, through a pluggable gateway (`settings.CHENGGUAN_SMS_GATEWAY`).

A bureau's real gateway (a carrier's or a cloud provider's SMS API) is a subclass of `SmsGateway` in any
installed module; it reads its own credentials from the environment."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from chengguan.core.privacy import mask_phone

logger = logging.getLogger("chengguan.notify")


class SmsGateway:
    """Sends one text message. Raise on failure; the caller logs it and the message is sent again later.

    `key` is the message's delivery key, the same on every retry: pass it to the provider as its
    client reference where the API has one, and answer `already_sent(key)` from the provider's delivery
    reports where it can, so a retry after a lost confirmation is not texted twice (None: cannot tell)."""

    def send(self, phone: str, text: str, *, key: str = "") -> None:
        raise NotImplementedError

    def already_sent(self, key: str) -> bool | None:
        return None


class ConsoleSmsGateway(SmsGateway):
    """Logs the message (the number masked to its last digits) instead of sending it: the demo's gateway."""

    def send(self, phone: str, text: str, *, key: str = "") -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str
    key: str = ""


# What LocmemSmsGateway "sent", like django.core.mail.outbox. Cleared in place, never rebound.
outbox: list[SmsMessage] = []


class LocmemSmsGateway(SmsGateway):
    """Keeps messages in `outbox`, for tests."""

    def send(self, phone: str, text: str, *, key: str = "") -> None:
        outbox.append(SmsMessage(phone=phone, text=text, key=key))

    def already_sent(self, key: str) -> bool:
        return any(message.key == key for message in outbox)


def get_gateway() -> SmsGateway:
    return import_string(settings.CHENGGUAN_SMS_GATEWAY)()


def send(phone: str, text: str, *, key: str = "", gateway: SmsGateway | None = None) -> None:
    """Send now, in this process. Callers normally use `notify_phone`, which sends from a task."""
    try:
        (gateway or get_gateway()).send(phone, text, key=key)
    except Exception:
        logger.exception("SMS to %s failed", mask_phone(phone))
        raise
