"""Reads for the Open311 API: keys, the services the public may report, and the public cases it may list.
Only `cases.public.public_cases()` is ever listed or fetched."""

import hashlib
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from chengguan.cases import public
from chengguan.cases.models import Attachment, Case, CaseEvent
from chengguan.cases.states import FINISHED
from chengguan.taxonomy.models import Category
from chengguan.taxonomy.selectors import public_categories

from .models import ApiKey, ServiceAttribute, Submission

MAX_REQUESTS = 1000


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def active_key(raw: str) -> ApiKey | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    return ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()


def services() -> list[tuple[Category, bool]]:
    """The subclasses the public may report, each with whether it asks extra questions (metadata)."""
    with_questions = set(ServiceAttribute.objects.values_list("category_id", flat=True))
    return [(minor, minor.pk in with_questions) for group in public_categories() for minor in group.minors]


def service(code: str) -> Category | None:
    """A category the public may report, by its code (the service_code)."""
    return (
        Category.objects.public()
        .filter(parent__is_active=True, code=(code or "").strip().upper())
        .select_related("parent")
        .first()
    )


def attributes(category: Category) -> list[ServiceAttribute]:
    return list(ServiceAttribute.objects.filter(category=category).order_by("order", "id"))


def _cases() -> QuerySet[Case]:
    photos = Attachment.objects.filter(kind__in=public.PUBLIC_PHOTO_KINDS).order_by("uploaded_at", "id")
    return (
        public.public_cases()
        .select_related("department")
        .prefetch_related(
            Prefetch("attachments", queryset=photos, to_attr="open311_photos"),
            Prefetch("events", queryset=public.note_events(), to_attr="public_note_events"),
        )
    )


def find_requests(
    *,
    numbers: list[str] | None = None,
    codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: set[str] | None = None,
) -> list[Case]:
    """GET requests: by numbers (which overrides everything else), else by service codes, the reporting
    time range and status ("open"/"closed"); newest first, at most MAX_REQUESTS."""
    cases = _cases()
    if numbers:
        return list(cases.filter(number__in=numbers).order_by("-reported_at")[:MAX_REQUESTS])
    if codes:
        cases = cases.filter(category__code__in=[c.upper() for c in codes])
    if start is not None:
        cases = cases.filter(reported_at__gte=start)
    if end is not None:
        cases = cases.filter(reported_at__lte=end)
    if statuses == {"open"}:
        cases = cases.exclude(state__in=FINISHED)
    elif statuses == {"closed"}:
        cases = cases.filter(state__in=FINISHED)
    return list(cases.order_by("-reported_at", "-id")[:MAX_REQUESTS])


def find_request(number: str) -> Case | None:
    return _cases().filter(number=number).first()


def request_for_token(token: str) -> Case | None:
    submission = Submission.objects.filter(token=token).only("case_id").first()
    return _cases().filter(pk=submission.case_id).first() if submission else None


def staff_names(cases: list[Case]) -> dict[int, set[str]]:
    """The names of the staff who acted on each case (to be sure none appears in public text)."""
    names: dict[int, set[str]] = {}
    rows = CaseEvent.objects.filter(case__in=[c.pk for c in cases]).exclude(actor_name="")
    for case_id, name in rows.values_list("case_id", "actor_name").distinct():
        names.setdefault(case_id, set()).add(name)
    return names
