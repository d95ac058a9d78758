"""Background tasks of notices, run by `chengguan db_worker`."""

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import task

from . import services


@task()
def close_notices(now: str | None = None) -> dict:
    """End due objection periods and confirm the notices nothing holds; `now` (ISO 8601) is for tests."""
    moment = parse_datetime(now) if now else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return services.close_due_notices(actor=services.CLOSE_ACTOR, now=moment)
