"""Messages leave through an outbox: the caller's transaction writes an `Outgoing` row (the recipients, the
phone encrypted, the text) and, once it commits, a task is queued with nothing but the row's id.

A worker first claims the row (an attempt mark, committed) unless it is sent or claimed by another within
CHENGGUAN_OUTBOX_GRACE_SECONDS; then it sends, and marks the row sent in the same transaction as the in-app
rows it writes. A worker killed mid-send leaves the row claimed but unsent: `deliver_pending` (the
scheduler's `notifications` job) sends it again once the claim is older than the grace period. The SMS
gateway is handed the row's delivery key every time and asked, before a retry, whether it already sent that
key (`SmsGateway.already_sent`), so a lost confirmation does not text the citizen twice."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from ..models import Outgoing
from ..tasks import enqueue_on_commit
from . import channels, sms
from .message import Message

logger = logging.getLogger("chengguan.notify")


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


def grace() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "CHENGGUAN_OUTBOX_GRACE_SECONDS", 120)))


def _claim(outgoing_id: int) -> Outgoing | None:
    """Take the message for this worker: unsent, and not claimed by another within the grace period. The
    claim (attempts, attempted_at) is committed before anything is sent, so a retry knows an attempt was
    made even when the worker that made it died."""
    with transaction.atomic():
        outgoing = Outgoing.objects.select_for_update(skip_locked=True).filter(pk=outgoing_id).first()
        now = timezone.now()
        if outgoing is None or outgoing.sent_at is not None:
            return None
        if outgoing.attempted_at is not None and now - outgoing.attempted_at < grace():
            return None
        outgoing.attempts += 1
        outgoing.attempted_at = now
        outgoing.save(update_fields=["attempts", "attempted_at"])
        return outgoing


def deliver(outgoing_id: int) -> dict:
    """Send one outgoing message now unless it is sent or claimed by another worker; returns its outcome."""
    outgoing = _claim(outgoing_id)
    if outgoing is None:
        return {"skipped": True}
    if outgoing.kind == Outgoing.Kind.TEXT:
        outcome = _text(outgoing)
    with transaction.atomic():
        if outgoing.kind == Outgoing.Kind.USERS:  # the in-app rows and the sent mark commit together
            outcome = channels.deliver(outgoing.user_ids, Message.from_dict(outgoing.message))
        Outgoing.objects.filter(pk=outgoing.pk).update(outcome=outcome, sent_at=timezone.now())
    return outcome


def _text(outgoing: Outgoing) -> dict:
    gateway = sms.get_gateway()
    key = str(outgoing.key)
    if outgoing.attempts > 1 and gateway.already_sent(key):
        return {"delivered": ["sms"], "resumed": True}
    sms.send(outgoing.phone, outgoing.message["body"], key=key, gateway=gateway)
    return {"delivered": ["sms"]}


def deliver_pending(*, now=None) -> int:
    """Send every unsent message older than the grace period (one a worker dropped); returns how many."""
    cutoff = (now or timezone.now()) - grace()
    pending = (
        Outgoing.objects.filter(sent_at__isnull=True, created_at__lt=cutoff)
        .filter(Q(attempted_at__isnull=True) | Q(attempted_at__lt=cutoff))
        .values_list("pk", flat=True)
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
