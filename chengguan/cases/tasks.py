"""Background tasks of the case lifecycle, run by `chengguan db_worker`."""

from django_tasks import task

from . import supervision


@task()
def supervise_cases(now: str | None = None) -> dict:
    """One supervision run (督办) over every open case; `now` (ISO 8601) is for tests and demos. Returns
    the run's summary: cases checked, marks by level and notices sent."""
    moment = supervision.parse_moment(now) if now else None
    return supervision.supervise(now=moment).as_dict()


@task()
def auto_dispatch(case_id: int) -> dict:
    """智能派单 for one new report (enqueued by the intake when a category has auto-dispatch enabled):
    dispatched or left on the desk, and why. Only the case id travels: nothing personal."""
    from .services.auto import SYSTEM, auto_dispatch_case

    outcome = auto_dispatch_case(case_id=case_id, actor=SYSTEM)
    return {"dispatched": outcome.dispatched, "reason": outcome.reason, "probability": outcome.probability}
