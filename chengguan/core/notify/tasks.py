"""The tasks that deliver notifications, so a slow channel or gateway never holds up a request."""

from django_tasks import task

from . import channels, sms
from .message import Message


@task()
def send_notification(user_ids: list[int], message: dict) -> dict[str, list[str]]:
    """Deliver a `Message.as_dict()` to the users on every configured channel (failures isolated)."""
    return channels.deliver(user_ids, Message.from_dict(message))


@task()
def send_sms(phone: str, text: str) -> None:
    sms.send(phone, text)
