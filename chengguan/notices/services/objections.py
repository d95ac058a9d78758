"""Objections (filed by anyone during the window, decided by the notice's managers), revisions after an
upheld objection, and the periodic end of objection periods."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit, notify
from chengguan.core.actors import is_system
from chengguan.core.files import atomic_write
from chengguan.core.phones import parse_phone
from chengguan.core.refusals import require_actor, required

from ..files import check_files, store
from ..models import (
    OPEN_STATES,
    Decision,
    EventAction,
    Notice,
    NoticeAttachment,
    Objection,
    ObjectionEvidence,
    State,
)
from .common import (
    Code,
    NoticeRefused,
    allowed,
    announce,
    confirm_if_clear,
    holding_objections,
    lock,
    log_event,
    outcome_of,
    require_state,
    start_window,
)

logger = logging.getLogger(__name__)


def is_open_for_objections(notice: Notice, now=None) -> bool:
    now = now or timezone.now()
    return (
        notice.state == State.PUBLISHED
        and notice.objection_deadline is not None
        and now < notice.objection_deadline
    )


@atomic_write
def file_objection(
    *, notice_id: int, actor, name: str, phone: str, text: str, evidence=(), now=None
) -> Objection:
    """Anyone's objection during the window (`actor` is `PUBLIC` for the public page). Name and phone are
    required and kept private."""
    require_actor(actor)
    now = now or timezone.now()
    notice = lock(notice_id)
    if not is_open_for_objections(notice, now):
        raise NoticeRefused(
            _("Objections to this notice are not taken now: its objection period is over."),
            code=Code.PERIOD_OVER,
        )
    cleaned = required(name=name, phone=phone, text=text)
    phone = parse_phone(cleaned["phone"], field="phone")
    checked = check_files(evidence, field="evidence")
    objection = Objection.objects.create(
        notice=notice,
        revision=notice.revision,
        name=cleaned["name"][:50],
        phone=phone[:20],
        text=cleaned["text"],
        filed_at=now,
    )
    store(ObjectionEvidence, checked, objection=objection)
    log_event(notice, action=EventAction.OBJECT, actor=actor, objection=objection.pk)
    if notice.owner_id:
        link = reverse("notices:manage_detail", args=[notice.pk])
        message = notify.Message(
            _("An objection to the notice “%(title)s”") % {"title": notice.title},
            _("Please answer it: uphold or dismiss it, with reasons."),
            link=link,
            kind="notices.objection",
        )
        notify.notify_users([notice.owner_id], message)
    return objection


@transaction.atomic
def decide_objection(*, objection_id: int, actor, decision: str, reasons: str) -> Objection:
    """Uphold or dismiss a pending objection, with reasons. An upheld objection holds the notice until the
    owner revises it; once nothing holds a notice whose period is over, it is confirmed."""
    require_actor(actor)
    notice_id = Objection.objects.values_list("notice_id", flat=True).get(pk=objection_id)
    notice = lock(notice_id)
    allowed(actor, notice)
    require_state(notice, *OPEN_STATES)
    objection = Objection.objects.select_for_update().get(pk=objection_id)
    if objection.decision != Decision.PENDING:
        raise NoticeRefused(_("This objection has already been decided."), code=Code.ALREADY_DECIDED)
    if decision not in (Decision.UPHELD, Decision.DISMISSED):
        raise ValidationError({"decision": [_("Uphold or dismiss the objection.")]})
    reasons = required(reasons=reasons)["reasons"]
    objection.decision, objection.reasons = decision, reasons
    objection.decided_by = None if is_system(actor) else actor
    objection.decided_at = timezone.now()
    objection.save()
    log_event(
        notice,
        action=EventAction.DECIDE,
        actor=actor,
        note=reasons,
        objection=objection.pk,
        decision=decision,
    )
    confirm_if_clear(notice, actor=actor)
    _tell_objector(objection, notice)
    return objection


@transaction.atomic
def reveal_objector(*, objection_id: int, actor) -> Objection:
    """A manager sees an objector's name and phone: allowed for the notice's managers, with an audit
    entry."""
    require_actor(actor)
    objection = Objection.objects.select_related("notice__owner_department").get(pk=objection_id)
    allowed(actor, objection.notice)
    audit.record(audit.Action.REVEAL, actor=actor, target=objection, data={"fields": ["name", "phone"]})
    return objection


def _tell_objector(objection: Objection, notice: Notice) -> None:
    """The objector left a phone number (required): they hear the decision and its reasons."""
    text = _("Your objection to the notice “%(title)s” was %(decision)s: %(reasons)s") % {
        "title": notice.title,
        "decision": objection.get_decision_display(),
        "reasons": objection.reasons,
    }
    notify.notify_phone(objection.phone, text)


@atomic_write
def revise_notice(
    *, notice_id: int, actor, title: str, body: str, note: str, attachments=(), now=None
) -> Notice:
    """The owner's answer to upheld objections: a new revision, republished with a new window; the upheld
    objections stop holding it."""
    require_actor(actor)
    notice = lock(notice_id)
    allowed(actor, notice)
    require_state(notice, *OPEN_STATES)
    upheld = notice.objections.filter(decision=Decision.UPHELD, resolved_in_revision__isnull=True)
    if not upheld.exists():
        raise NoticeRefused(_("Only a notice with an upheld objection is revised."), code=Code.NOTHING_UPHELD)
    cleaned = required(title=title, body=body, note=note)
    title, body = cleaned["title"], cleaned["body"]
    checked = check_files(attachments, field="attachments")
    old_state, old_revision = notice.state, notice.revision
    notice.revision += 1
    resolved = list(upheld.values_list("pk", flat=True))
    upheld.update(resolved_in_revision=notice.revision)
    notice.title, notice.body, notice.state = title.strip(), body.strip(), State.PUBLISHED
    start_window(notice, now or timezone.now())
    notice.save()
    store(NoticeAttachment, checked, notice=notice, revision=notice.revision)
    log_event(
        notice,
        action=EventAction.REVISE,
        actor=actor,
        note=note,
        old_state=old_state,
        revision=[old_revision, notice.revision],
        resolved=resolved,
    )
    return notice


def close_due_notices(*, actor, now=None) -> dict:
    """The periodic job (`actor` is `CLOSE_ACTOR`): published notices whose window is over become "objection
    period over" and are confirmed at once when nothing holds them; held ones wait. Each notice in its own
    transaction."""
    require_actor(actor)
    now = now or timezone.now()
    summary = {"ended": 0, "confirmed": 0, "held": 0, "outcomes_retried": 0, "outcomes_failed": 0}
    failed = list(Notice.objects.filter(outcome_failed_at__isnull=False).values_list("pk", flat=True))
    due = Notice.objects.filter(state=State.PUBLISHED, objection_deadline__lte=now)
    waiting = Notice.objects.filter(state=State.PERIOD_OVER)
    for notice_id in list(due.values_list("pk", flat=True)) + list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            notice = lock(notice_id)
            if notice.state == State.PUBLISHED and notice.objection_deadline <= now:
                notice.state, notice.period_ended_at = State.PERIOD_OVER, now
                notice.save(update_fields=["state", "period_ended_at", "updated_at"])
                log_event(notice, action=EventAction.END_PERIOD, actor=actor, old_state=State.PUBLISHED)
                summary["ended"] += 1
                if holding_objections(notice).exists():
                    summary["held"] += 1
            elif notice.state != State.PERIOD_OVER:
                continue
            if confirm_if_clear(notice, actor=actor):
                summary["confirmed"] += 1
    for notice_id in failed:  # outcomes that failed before this run (not those that just failed)
        with transaction.atomic():
            notice = lock(notice_id)
            if notice.outcome_failed_at is None:  # retried by someone meanwhile
                continue
            summary["outcomes_retried"] += 1
            if not _retry(notice):
                summary["outcomes_failed"] += 1
    return summary


def _retry(notice: Notice) -> bool:
    outcome = outcome_of(notice)
    if outcome is None:  # not settled (cannot happen: only a settled notice announces)
        return False
    return announce(notice, outcome)


@transaction.atomic
def retry_outcome(*, notice_id: int, actor) -> bool:
    """Staff run the owner's outcome handler again after it failed; True when it now succeeded."""
    require_actor(actor)
    notice = lock(notice_id)
    allowed(actor, notice)
    if notice.outcome_failed_at is None:
        raise NoticeRefused(
            _("The outcome of this notice has been taken already."), code=Code.NOTHING_TO_RETRY
        )
    return _retry(notice)
