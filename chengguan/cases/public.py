"""What the public may see of a case: used by the citizen portal and the Open311 API alike.

Never staff names, never the reporter's name or phone. Notes are shown only where they are written for
the public: the reason a report was not accepted, the department's handling report and the closing note."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from .models import Attachment, Case, CaseEvent
from .states import FINISHED, Action, Channel, State

# Cases about staff conduct or raised inside the bureau are not public.
INTERNAL_CHANNELS = frozenset({Channel.CONDUCT})
PUBLIC_NOTE_ACTIONS = frozenset({Action.REJECT, Action.REPORT_HANDLED, Action.CLOSE})
PUBLIC_PHOTO_KINDS = (Attachment.Kind.REPORT, Attachment.Kind.HANDLING)


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    action: str
    label: str
    state: str
    state_label: str
    note: str
    photo_ids: tuple[int, ...]


def public_cases() -> QuerySet[Case]:
    """Cases anyone may look at: not internal, and not in a category citizens cannot report."""
    return (
        Case.objects.exclude(channel__in=INTERNAL_CHANNELS)
        .filter(Q(category__isnull=True) | Q(category__is_public=True))
        .select_related("category", "community", "street")
    )


def is_open(case: Case) -> bool:
    return case.state not in FINISHED


def expected_completion(case: Case) -> datetime | None:
    """When the department is due to finish (None before dispatch, while suspended, or once finished)."""
    return case.deadline if is_open(case) else None


def public_timeline(case: Case) -> list[PublicEvent]:
    events = case.events.filter(is_public=True).prefetch_related("attachments").order_by("at", "id")
    timeline = []
    for event in events:
        state = event.to_state or case.state
        photos = tuple(a.pk for a in event.attachments.all() if a.kind in PUBLIC_PHOTO_KINDS)
        timeline.append(
            PublicEvent(
                at=event.at,
                action=event.action,
                label=str(event.get_action_display()),
                state=state,
                state_label=str(State(state).label),
                note=event.note if event.action in PUBLIC_NOTE_ACTIONS else "",
                photo_ids=photos,
            )
        )
    return timeline


def public_photos(case: Case) -> QuerySet[Attachment]:
    return case.attachments.filter(kind__in=PUBLIC_PHOTO_KINDS)


def note_events() -> QuerySet[CaseEvent]:
    """The events whose notes the public may read, oldest first; prefetch them as `public_note_events`
    (Prefetch("events", queryset=note_events(), to_attr="public_note_events")) to list many cases."""
    return (
        CaseEvent.objects.filter(is_public=True, action__in=PUBLIC_NOTE_ACTIONS)
        .exclude(note="")
        .order_by("at", "id")
    )


def status_notes(case: Case) -> str:
    """The latest public note (Open311's status_notes)."""
    events = getattr(case, "public_note_events", None)
    if events is None:
        events = list(note_events().filter(case=case))
    return events[-1].note if events else ""
