"""Drafting, publishing and withdrawing notices."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.actors import is_system
from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor, required

from .. import rules
from ..files import check_files, store
from ..models import OPEN_STATES, EventAction, Notice, NoticeAttachment, State
from .common import (
    Outcome,
    allowed,
    announce,
    check_window,
    lock,
    log_event,
    require_state,
    start_window,
)

# --- drafting and publishing -----------------------------------------------------------------------------


@atomic_write
def create_notice(
    *,
    actor,
    title: str,
    body: str,
    owner_department,
    subject_type: str = "",
    subject_id: str = "",
    subject_label: str = "",
    window_days: int = 5,
    attachments=(),
    owner=None,
) -> Notice:
    """A draft notice. `owner` defaults to `actor` (none for a job of the system); a person must be allowed
    to manage notices of `owner_department`."""
    require_actor(actor)
    notice = Notice(
        title=title.strip(),
        body=body.strip(),
        owner_department=owner_department,
        owner=owner or (None if is_system(actor) else actor),
        subject_type=subject_type,
        subject_id=str(subject_id),
        subject_label=subject_label.strip(),
        window_days=window_days,
    )
    if not is_system(actor) and not (
        rules.is_administrator(actor)
        or (rules.may_open_manage(actor) and rules.above_owner_department(actor, notice))
    ):
        raise PermissionDenied(_("You may not publish notices for this department."))
    cleaned = required(title=title, body=body)
    notice.title, notice.body = cleaned["title"], cleaned["body"]
    check_window(window_days)
    checked = check_files(attachments, field="attachments")
    notice.save()
    store(NoticeAttachment, checked, notice=notice, revision=notice.revision)
    log_event(notice, action=EventAction.CREATE, actor=actor, old_state="")
    return notice


@atomic_write
def update_draft(
    *,
    notice_id: int,
    actor,
    title: str,
    body: str,
    subject_label: str | None = None,
    window_days: int,
    attachments=(),
    remove_attachments=(),
) -> Notice:
    require_actor(actor)
    notice = lock(notice_id)
    allowed(actor, notice)
    require_state(notice, State.DRAFT)
    required(title=title, body=body)
    check_window(window_days)
    checked = check_files(attachments, field="attachments")
    notice.title, notice.body, notice.window_days = title.strip(), body.strip(), window_days
    if subject_label is not None:
        notice.subject_label = subject_label.strip()
    notice.save()
    removed = list(notice.attachments.filter(pk__in=list(remove_attachments)))
    for row in removed:
        row.delete()
        transaction.on_commit(partial(row.file.storage.delete, row.file.name), robust=True)
    store(NoticeAttachment, checked, notice=notice, revision=notice.revision)
    log_event(notice, action=EventAction.EDIT, actor=actor, removed=[row.pk for row in removed])
    return notice


@transaction.atomic
def publish_notice(*, notice_id: int, actor, now=None) -> Notice:
    """Draft → published; objections are taken for `window_days` working days from now."""
    require_actor(actor)
    notice = lock(notice_id)
    allowed(actor, notice)
    require_state(notice, State.DRAFT)
    notice.state = State.PUBLISHED
    start_window(notice, now or timezone.now())
    notice.save()
    log_event(notice, action=EventAction.PUBLISH, actor=actor, old_state=State.DRAFT)
    return notice


@transaction.atomic
def withdraw_notice(*, notice_id: int, actor, reason: str) -> Notice:
    require_actor(actor)
    notice = lock(notice_id)
    allowed(actor, notice)
    require_state(notice, State.DRAFT, *OPEN_STATES)
    required(reason=reason)
    old = notice.state
    notice.state, notice.withdrawn_at = State.WITHDRAWN, timezone.now()
    notice.save(update_fields=["state", "withdrawn_at", "updated_at"])
    log_event(notice, action=EventAction.WITHDRAW, actor=actor, note=reason, old_state=old)
    announce(notice, Outcome.WITHDRAWN)
    return notice
