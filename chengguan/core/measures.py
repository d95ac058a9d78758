"""Where feature apps offer figures to the assessment module without importing it, or it them (the
independence contract): evaluation offers its ballots and awareness answers, conduct its enforcement
records. Each registers a `MeasureSource` from its AppConfig.ready(); assessment asks this registry for
the counts of a period and, for the drill-down, for the items behind one count.

    counts(start=…, end=…, cases=None) -> {count name: n}
    items(count, start=…, end=…, cases=None, limit=…) -> [MeasureItem, …]

`cases`, when given, is a queryset of the cases of one area: a source whose records belong to cases
(enforcement records) keeps to those; a source with no place (evaluation rounds) ignores it.
A count no source offers reads as 0: the figure built on it then shows "no value" rather than failing."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class MeasureItem:
    """One thing a count counts, as the drill-down page lists it (no personal data)."""

    reference: str
    detail: str = ""
    at: datetime | None = None
    url: str = ""
    extra: str = ""


@dataclass(frozen=True)
class MeasureSource:
    name: str
    count_names: tuple[str, ...]
    counts: Callable[..., dict[str, int]]
    items: Callable[..., list[MeasureItem]]
    labels: dict = field(default_factory=dict)


_sources: dict[str, MeasureSource] = {}


def register_source(source: MeasureSource) -> None:
    """Register (or replace, by name) a source of counts."""
    _sources[source.name] = source


def offered_counts() -> dict[str, MeasureSource]:
    return {name: source for source in _sources.values() for name in source.count_names}


def counts(*, start: datetime, end: datetime, cases=None) -> dict[str, int]:
    """Every registered source's counts for [start, end), merged."""
    result: dict[str, int] = {}
    for source in _sources.values():
        result.update(source.counts(start=start, end=end, cases=cases))
    return result


def items(
    count: str, *, start: datetime, end: datetime, cases=None, limit: int = 1000
) -> list[MeasureItem] | None:
    """The items behind one offered count, or None when no source offers it."""
    source = offered_counts().get(count)
    if source is None:
        return None
    return source.items(count, start=start, end=end, cases=cases, limit=limit)


def label(count: str) -> str | None:
    source = offered_counts().get(count)
    return None if source is None else source.labels.get(count)
