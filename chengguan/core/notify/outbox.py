"""Messages leave through an outbox: the caller's transaction writes an `Outgoing` row (the recipients, the
phone encrypted, the text) and, once it commits, a task is queued with nothing but the row's id. Sending
locks the row, skips it when it is already sent, and marks it sent in the same transaction as the in-app
rows it writes, so a message is delivered once even when two workers or a retry reach it.

A worker killed mid-send leaves the row unsent; `deliver_pending` (the scheduler's `notifications` job)
sends such rows again after a grace period. The SMS gateway is handed the row's delivery key each time, and
asked first whether it already sent that key (`SmsGateway.already_sent`), so a retry after a send whose
confirmation was lost does not text the citizen twice."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ..models import Outgoing
from ..tasks import enqueue_on_commit
from . import channels, sms
from .message import Message

logger = logging.getLogger("chengguan.notify")
GRACE = timedelta(minutes=2)  # an unsent row younger than this may still be in a worker's hands


def queue_for_users(user_ids: list[int], message: Message) -> Outgoing:
    outgoing = Outgoing.objects.create(kind=Outgoing.Kind.USERS, user_ids=user_ids, message=message.as_dict())
    _enqueue(outgoing)
    return outgoing


def queue_text(phone: str, text: str) -> Outgoing:
    outgoing = Outgoing.objects.create(kind=Outgoing.Kind.TEXT, phone=phone, message={"body": str(text)})
    _enqueue(outgoing)
    return outgoing


def _enqueue(outgoing: Outgoing) -> None:
    enqueue_on_commit(send_outgoing, outgoing.pk)


@task()
def send_outgoing(outgoing_id: int) -> dict:
    """The background task: its only argument is the row's id (no names, phones or text in the queue)."""
    return deliver(outgoing_id)


def deliver(outgoing_id: int) -> dict:
    """Send one outgoing message now unless it is sent or another worker holds it; returns its outcome."""
    with transaction.atomic():
        outgoing = Outgoing.objects.select_for_update(skip_locked=True).filter(pk=outgoing_id).first()
        if outgoing is None or outgoing.sent_at is not None:
            return {"skipped": True}
        outgoing.attempts += 1
        if outgoing.kind == Outgoing.Kind.USERS:
            outgoing.outcome = channels.deliver(outgoing.user_ids, Message.from_dict(outgoing.message))
        else:
            outgoing.outcome = _text(outgoing)
        outgoing.sent_at = timezone.now()
        outgoing.save(update_fields=["attempts", "outcome", "sent_at"])
        return outgoing.outcome


def _text(outgoing: Outgoing) -> dict:
    gateway = sms.get_gateway()
    key = str(outgoing.key)
    if outgoing.attempts > 1 and gateway.already_sent(key):
        return {"delivered": ["sms"], "resumed": True}
    sms.send(outgoing.phone, outgoing.message["body"], key=key, gateway=gateway)
    return {"delivered": ["sms"]}


def deliver_pending(*, now=None) -> int:
    """Send every unsent message older than the grace period (one a worker dropped); returns how many."""
    cutoff = (now or timezone.now()) - GRACE
    pending = Outgoing.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    sent = 0
    for outgoing_id in list(pending.order_by("pk")[:1000]):
        try:
            outcome = deliver(outgoing_id)
        except Exception:  # noqa: BLE001 - one message's failure must not stop the others
            logger.exception("Outgoing message %s failed again", outgoing_id)
            continue
        sent += 0 if outcome.get("skipped") else 1
    return sent
