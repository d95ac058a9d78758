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
    """Sends one text message. Raise on failure; the caller logs it and records the task as failed."""

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsGateway(SmsGateway):
    """Logs the message (the number masked to its last digits) instead of sending it: the demo's gateway."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


# What LocmemSmsGateway "sent", like django.core.mail.outbox. Cleared in place, never rebound.
outbox: list[SmsMessage] = []


class LocmemSmsGateway(SmsGateway):
    """Keeps messages in `outbox`, for tests."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone=phone, text=text))


def get_gateway() -> SmsGateway:
    return import_string(settings.CHENGGUAN_SMS_GATEWAY)()


def send(phone: str, text: str) -> None:
    """Send now, in this process. Callers normally use `notify_phone`, which sends from a task."""
    try:
        get_gateway().send(phone, text)
    except Exception:
        logger.exception("SMS to %s failed", mask_phone(phone))
        raise
