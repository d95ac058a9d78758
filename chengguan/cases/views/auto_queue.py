"""The desk's queue of auto-dispatched cases (智能派单): what the system dispatched on its own, with the
model version, probability and evidence behind each, and a one-click pull-back to the desk."""

from django.template.backends.utils import csrf_input
from django.utils import timezone

from .. import selectors
from ..states import Channel, State
from .common import cached_on_request, may_dispatch


def auto_rows(request, cases) -> list[dict]:
    """The page's rows; the auto-dispatch records of the page in one query."""
    records = selectors.auto_dispatches_of(cases)
    may_pull_back = may_dispatch(request.user)
    csrf = cached_on_request(request, "csrf_input", lambda: csrf_input(request)) if may_pull_back else None
    rows = []
    for case in cases:
        record = records.get(case.pk)
        rows.append(
            {
                "case": case,
                "auto": record,
                "percent": f"{record.probability * 100:.0f}" if record else "",
                "threshold": f"{record.threshold * 100:.0f}" if record else "",
                "labels": {
                    "state": str(State(case.state).label),
                    "channel": str(Channel(case.channel).label) if case.channel in Channel.values else "",
                },
                "dispatched": timezone.localtime(case.dispatched_at) if case.dispatched_at else None,
                "may_pull_back": may_pull_back,
                "csrf_input": csrf,
                "target": f"row-{case.number}",
            }
        )
    return rows
