"""The conduct figure the assessment module counts in the "721" mix, offered through `core.measures` so
that neither app imports the other. For a period P = [start, end):

  enforcement_records   enforcement actions (执法全过程记录) that started in P; with an area, those
                        recorded against a case of that area

Each record is one enforcement action of the mix, besides the cases counted by their category's kind of
work."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy

from chengguan.core.measures import MeasureItem, MeasureSource

from .models import EnforcementAction

COUNT_NAMES = ("enforcement_records",)
LABELS = {"enforcement_records": gettext_lazy("enforcement records")}


def _records(start: datetime, end: datetime, cases=None):
    qs = EnforcementAction.objects.filter(started_at__gte=start, started_at__lt=end)
    if cases is not None:
        qs = qs.filter(case_id__in=cases.values("pk"))
    return qs


def counts(*, start: datetime, end: datetime, cases=None) -> dict[str, int]:
    return {"enforcement_records": _records(start, end, cases).count()}


def items(count: str, *, start: datetime, end: datetime, cases=None, limit: int = 1000) -> list[MeasureItem]:
    records = _records(start, end, cases).select_related("department").order_by("started_at", "pk")
    return [
        MeasureItem(
            reference=f"#{record.pk}",
            detail=f"{record.department.name} · {record.place}",
            at=record.started_at,
            url=reverse("conduct:enforcement_detail", args=[record.pk]),
        )
        for record in records[:limit]
    ]


SOURCE = MeasureSource("conduct", COUNT_NAMES, counts, items, LABELS)
