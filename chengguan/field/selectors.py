"""What the field app shows a user: their tasks (verification nearest first for inspectors, the inbox for
handlers), what they did today, and the category table the app keeps for offline use. Plain dicts, since
the app stores them on the device as JSON."""

from datetime import datetime, time

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from chengguan.cases import selectors as cases
from chengguan.cases.models import Attachment, CaseEvent
from chengguan.cases.states import Action
from chengguan.org.selectors import staff_for

from .rules import HANDLING, INSPECTING, PATROL_ROLES

TASK_LIMIT = 50
DONE_ACTIONS = (
    Action.REPORT,
    Action.VERIFY_PASS,
    Action.VERIFY_FAIL,
    Action.START,
    Action.REPORT_HANDLED,
    Action.SEND_BACK,
)


def tasks_for(user, *, near: tuple[float, float] | None = None) -> dict:
    """The signed-in field worker's lists, in a fixed number of queries."""
    staff = staff_for(user)
    roles = {role for role in (*INSPECTING, *HANDLING) if staff is not None and staff.has_role(role)}
    verify, inbox = [], []
    if roles & set(INSPECTING):
        verify = [
            _case(c, c.before_photos + c.after_photos)
            for c in cases.verify_cases(user, near=near)[:TASK_LIMIT]
        ]
    if roles & set(HANDLING):
        report_photos = Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(kind=Attachment.Kind.REPORT).order_by("uploaded_at", "id"),
            to_attr="report_photos",
        )
        listed = cases.inbox_cases(user).prefetch_related(report_photos)[:TASK_LIMIT]
        inbox = [_case(c, c.report_photos) for c in listed]
    return {
        "user": {"name": staff.name if staff else user.get_username(), "id": user.pk},
        "roles": sorted(roles),
        "may_patrol": staff is not None and staff.has_role(*PATROL_ROLES),
        "verify": verify,
        "inbox": inbox,
        "done_today": done_today(user),
        "fetched_at": timezone.now().isoformat(),
    }


def done_today(user) -> list[dict]:
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    events = (
        CaseEvent.objects.filter(actor=user, at__gte=start, action__in=DONE_ACTIONS)
        .select_related("case")
        .only("at", "action", "case__number", "case__description")
        .order_by("-at", "-id")[:TASK_LIMIT]
    )
    return [
        {
            "number": e.case.number,
            "action": e.get_action_display(),
            "at": timezone.localtime(e.at).strftime("%H:%M"),
            "description": e.case.description[:80],
        }
        for e in events
    ]


def categories() -> list[dict]:
    """The category table, for the offline category search."""
    return [
        {"code": c["code"], "name": c["name"], "major": c["parent_name"]}
        for c in cases.classifiable_categories()
    ]


def _case(case, photos) -> dict:
    return {
        "number": case.number,
        "state": case.state,
        "state_label": case.get_state_display(),
        "description": case.description[:300],
        "address": case.address,
        "category": case.category.name if case.category_id else "",
        "lng": case.lng,
        "lat": case.lat,
        "deadline": timezone.localtime(case.deadline).strftime("%m-%d %H:%M") if case.deadline else "",
        "note": getattr(case, "handling_note", None) or getattr(case, "rework_note", None) or "",
        "photos": [{"url": reverse("cases:photo", args=[p.pk]), "kind": p.kind} for p in photos],
    }
