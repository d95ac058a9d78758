"""The case page: where, what, photos, the whole timeline, the deadline and its supervision, the pending
request, follow-ups, and a form for each action the user may take now. The reporter's name and phone
are masked for everyone; the roles that call reporters back may reveal them (audited)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from chengguan.core.privacy import mask_name, mask_phone

from .. import deadlines, rules, selectors, services, supervision
from ..models import Attachment
from ..states import WITH_DEPARTMENT, Action, State, SupervisionLevel
from . import registry
from .common import cached_on_request, forbidden, is_htmx, working_time_label

# The changes an event's line shows (the state is shown on its own), with their labels.
CHANGE_LABELS = {
    "category": _lazy("category"),
    "department": _lazy("department"),
    "urgency": _lazy("urgency"),
    "deadline": _lazy("deadline"),
    "working_days": _lazy("working days"),
    "decision": _lazy("decision"),
    "rework_count": _lazy("reworks"),
}
SHOWN_CHANGES = tuple(CHANGE_LABELS)


def _not_found(number: str) -> Http404:
    return Http404(_("There is no case %(number)s that you may see.") % {"number": number})


def _change_value(key: str, value, departments: dict) -> str:
    if value in (None, ""):
        return ""
    if key == "department":
        return departments.get(value, value)
    if key == "deadline":
        return str(value).replace("T", " ")[:16]  # ISO minutes in the bureau's zone
    return str(value)


def _events(case, departments: dict) -> list:
    labels = {key: CHANGE_LABELS[key] for key in SHOWN_CHANGES}
    events = list(selectors.timeline(case))
    for event in events:
        rows = []
        for key, value in (event.changes or {}).items():
            if key not in labels:
                continue
            old, new = value if isinstance(value, list) and len(value) == 2 else ("", value)
            rows.append(
                (labels[key], _change_value(key, old, departments), _change_value(key, new, departments))
            )
        event.change_rows = rows
    return events


def _department_names(request) -> dict:
    departments = cached_on_request(request, "departments", selectors.active_departments)
    return {department.code: department.name for department in departments}


def _photos(case) -> list[tuple[str, list]]:
    """The photos that are neither before nor after (verification, other), by kind."""
    groups = {kind: [] for kind, _label in Attachment.Kind.choices if kind not in EVIDENCE_KINDS}
    for attachment in case.attachments.all():
        if attachment.kind in groups:
            groups[attachment.kind].append(attachment)
    return [(Attachment.Kind(kind).label, items) for kind, items in groups.items() if items]


EVIDENCE_KINDS = (Attachment.Kind.REPORT, Attachment.Kind.HANDLING)


def evidence(case) -> dict:
    """The photos with the report (before) and after handling (after), side by side on the page."""
    before = [a for a in case.attachments.all() if a.kind == Attachment.Kind.REPORT]
    after = [a for a in case.attachments.all() if a.kind == Attachment.Kind.HANDLING]
    return {"before": before, "after": after} if before or after else {}


def reporter_context(case, revealed: dict | None = None) -> dict:
    if revealed is not None:
        return {"name": revealed["reporter_name"], "phone": revealed["reporter_phone"], "revealed": True}
    return {
        "name": mask_name(case.reporter_name),
        "phone": mask_phone(case.reporter_phone),
        "revealed": False,
    }


def _context(request, case, *, bound=None, revealed=None, notice="", refusal="") -> dict:
    now = timezone.now()
    names = registry.available_actions(case, request.user)
    suggestion = guess = None
    if {"dispatch", "accept_and_dispatch"} & set(names):
        guess = registry.suggested_category(case)
        suggestion = registry.suggested_department(case, guess.category if guess else None)
    running = case.state in WITH_DEPARTMENT or case.state == State.SUSPENDED  # a deadline that still counts
    level = case.supervision or supervision.level_at(case, now)
    remaining = working_time_label(deadlines.remaining_hours(case, now=now)) if running else None
    events = _events(case, _department_names(request))
    merged_into, merged_in = selectors.merge_links(case)
    return {
        "case": case,
        "events": events,
        "urges": [event for event in reversed(events) if event.action == Action.URGE],
        "evidence": evidence(case),
        "photo_groups": _photos(case),
        "pending": selectors.pending_request(case),
        "follow_ups": list(case.follow_ups.all()),
        "remaining": remaining,
        "overdue": case.state in WITH_DEPARTMENT and deadlines.is_overdue(case, now=now),
        "level": SupervisionLevel(level).label if level else "",
        "running": running,
        "forms": registry.action_forms(
            case,
            request,
            names,
            bound=bound,
            suggestion=suggestion,
            category=guess.category if guess else None,
        ),
        "guess": guess,
        "merged_into": merged_into,
        "merged_in": merged_in,
        # 并单 proposals where the user may merge: each with a button to merge this case into it
        "duplicates": selectors.duplicate_proposals(request.user, case) if "merge" in names else [],
        "categories": cached_on_request(request, "categories", selectors.classifiable_categories),
        "reporter": reporter_context(case, revealed),
        "can_reveal": bool(
            (case.reporter_name or case.reporter_phone) and rules.can_reveal_reporter(request.user, case)
        ),
        "markers_url": reverse("cases:geojson") + f"?scope=case&case={case.number}",
        "center": f"{case.lng:.6f},{case.lat:.6f}" if case.lng is not None else "",
        "next_url": reverse("cases:detail", args=[case.number]),
        "notice": notice,
        "refusal": refusal,
    }


def render_page(request, case, *, bound=None, revealed=None, status: int = 200):
    case = selectors.case_page(request.user, case.number) or case
    return render(
        request, "cases/detail.html", _context(request, case, bound=bound, revealed=revealed), status=status
    )


def render_body(request, case, *, bound=None, notice="", refusal="", back=""):
    """The page's body after an action sent with htmx (no fragment named)."""
    fresh = selectors.case_page(request.user, case.number)
    if fresh is None:
        return render(request, "cases/_row_done.html", {"case": case, "notice": notice or refusal})
    context = _context(request, fresh, bound=bound, notice=notice, refusal=refusal)
    return render(request, "cases/_detail_body.html", context)


@login_required
def detail(request, number: str):
    case = selectors.case_page(request.user, number)
    if case is None:
        raise _not_found(number)
    return render(request, "cases/detail.html", _context(request, case))


@require_POST
@login_required
def reveal(request, number: str):
    """Show the reporter's real name and phone; `services.reveal_reporter` checks the role and audits."""
    case = selectors.case_page(request.user, number)
    if case is None:
        raise _not_found(number)
    try:
        revealed = services.reveal_reporter(case_id=case.pk, actor=request.user, request=request)
    except PermissionDenied as exc:
        return forbidden(request, str(exc))
    if is_htmx(request):
        context = {"case": case, "reporter": reporter_context(case, revealed), "can_reveal": True}
        response = render(request, "cases/_reporter.html", context)
    else:
        response = render_page(request, case, revealed=revealed)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def photo(request, pk: int):
    """A case's photo, for those who may see the case (media files are not public)."""
    attachment = selectors.attachment_for(request.user, pk)
    if attachment is None or not attachment.file:
        raise Http404(_("No such photo."))
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
