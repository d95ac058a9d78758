"""Reads of notices: the public list and page (objections only as counts and decisions, never who filed
them) and the staff's lists scoped to the notices they may manage."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from chengguan.org.models import Department
from chengguan.org.rules import is_administrator, staff_of

from . import rules
from .models import Decision, Notice, NoticeAttachment, NoticeEvent, Objection, ObjectionEvidence, State

PUBLIC_EVENT_ACTIONS = ("publish", "end_period", "confirm", "revise", "withdraw")


def public_notices() -> QuerySet[Notice]:
    return (
        Notice.objects.public()
        .select_related("owner_department")
        .annotate(objection_count=Count("objections"))
        .order_by("-published_at", "-id")
    )


def public_notice(pk: int) -> Notice | None:
    return public_notices().filter(pk=pk).first()


@dataclass(frozen=True)
class PublicObjection:
    """What the public sees of an objection: when, against which revision, and the answer."""

    filed_at: object
    revision: int
    decision: str
    decision_label: str
    reasons: str
    resolved_in_revision: int | None


def public_objections(notice: Notice) -> dict:
    rows = [
        PublicObjection(
            filed_at=o.filed_at,
            revision=o.revision,
            decision=o.decision,
            decision_label=o.get_decision_display(),
            reasons=o.reasons if o.decision != Decision.PENDING else "",
            resolved_in_revision=o.resolved_in_revision,
        )
        for o in notice.objections.only(
            "filed_at", "revision", "decision", "reasons", "resolved_in_revision", "notice_id"
        )
    ]
    counts = {value: sum(1 for row in rows if row.decision == value) for value in Decision.values}
    return {"rows": rows, "total": len(rows), "counts": counts}


def public_timeline(notice: Notice) -> QuerySet[NoticeEvent]:
    return notice.events.filter(action__in=PUBLIC_EVENT_ACTIONS).only(
        "at", "action", "revision", "to_state", "notice_id"
    )


def visible_attachment(user, pk: int) -> NoticeAttachment | None:
    """A notice's file: for everyone once the notice is public, for its managers always."""
    attachment = NoticeAttachment.objects.select_related("notice__owner_department").filter(pk=pk).first()
    if attachment is None:
        return None
    notice = attachment.notice
    if notice.state in (State.PUBLISHED, State.PERIOD_OVER, State.CONFIRMED):
        return attachment
    return attachment if rules.may_manage_notice(user, notice) else None


def visible_evidence(user, pk: int) -> ObjectionEvidence | None:
    evidence = (
        ObjectionEvidence.objects.select_related("objection__notice__owner_department").filter(pk=pk).first()
    )
    if evidence is None or not rules.may_manage_notice(user, evidence.objection.notice):
        return None
    return evidence


def managed_notices(user, *, state: str = "") -> QuerySet[Notice]:
    """The notices `user` may manage, newest first, with objection counts."""
    qs = Notice.objects.select_related("owner_department", "owner")
    if not is_administrator(user):
        staff = staff_of(user)
        scope = Q(owner=user)
        if staff is not None and staff.is_active and staff.has_role(*rules.MANAGE_ROLES):
            scope |= Q(owner_department__path__startswith=staff.department.path)
        qs = qs.filter(scope)
    if state in State.values:
        qs = qs.filter(state=state)
    return qs.annotate(
        objection_count=Count("objections", distinct=True),
        pending_count=Count("objections", filter=Q(objections__decision=Decision.PENDING), distinct=True),
    ).order_by("-updated_at", "-id")


def managed_notice(user, pk: int) -> Notice | None:
    return managed_notices(user).filter(pk=pk).first()


def managed_objection(user, pk: int) -> Objection | None:
    """An objection to a notice `user` may manage (with its notice), else None."""
    objection = Objection.objects.filter(pk=pk).select_related("notice__owner_department").first()
    if objection is None or managed_notice(user, objection.notice_id) is None:
        return None
    return objection


def has_open_upheld(notice: Notice) -> bool:
    return notice.objections.filter(decision=Decision.UPHELD, resolved_in_revision__isnull=True).exists()


def owner_departments(user) -> QuerySet[Department]:
    """The departments `user` may publish notices for: all for administrators, else their own subtree."""
    if is_administrator(user):
        return Department.objects.active()
    staff = staff_of(user)
    return Department.objects.active().subtree(staff.department) if staff else Department.objects.none()


def objections_for_staff(notice: Notice) -> QuerySet[Objection]:
    return notice.objections.select_related("decided_by").prefetch_related("evidence")
