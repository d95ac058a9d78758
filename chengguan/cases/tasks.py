"""Background tasks of the case lifecycle, run by `chengguan db_worker`."""

from django_tasks import task

from . import supervision


@task()
def supervise_cases(now: str | None = None) -> dict:
    """One supervision run (督办) over every open case; `now` (ISO 8601) is for tests and demos. Returns
    the run's summary: cases checked, marks by level and notices sent."""
    moment = supervision.parse_moment(now) if now else None
    return supervision.supervise(now=moment).as_dict()
