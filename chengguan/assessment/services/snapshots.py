"""Snapshots: the figures of a period written once; recomputation is explicit, logged and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import audit
from chengguan.org.selectors import actor_snapshot

from .. import rules, scoring
from ..defaults import load_defaults
from ..models import AssessmentEvent, Indicator, Snapshot, SnapshotRow, Subject
from ..periods import Period

ALL_SUBJECTS = tuple(Subject.values)


class AssessmentError(ValidationError):
    """A request the state of the data refuses (e.g. computing a snapshot that exists)."""


def check_actor(actor, by_system: bool) -> None:
    if by_system:
        return
    if actor is None or not rules.can_manage(actor):
        raise PermissionDenied(_("Only a leader, shift lead or administrator may do this."))


def record_event(
    *, kind: str, actor, snapshot=None, note: str = "", changes: dict | None = None
) -> AssessmentEvent:
    return AssessmentEvent.objects.create(
        kind=kind,
        at=timezone.now(),
        snapshot=snapshot,
        note=note,
        changes=changes or {},
        **actor_snapshot(actor),
    )


def _write_rows(snapshot: Snapshot, period: Period, now) -> list[scoring.Row]:
    indicators = scoring.definition_data(scoring.definitions(snapshot.subject))
    rows = scoring.compute_rows(
        snapshot.subject,
        start=period.start,
        end=period.end,
        as_of=min(period.end, now),
        indicators=indicators,
    )
    snapshot.definitions = indicators
    SnapshotRow.objects.bulk_create(
        SnapshotRow(
            snapshot=snapshot,
            subject_id=row.subject_id,
            subject_name=row.subject_name[:120],
            counts=row.counts,
            values=row.values,
            score=row.score,
            grade=row.grade,
            rank=row.rank,
            case_ids=row.case_ids,
        )
        for row in rows
    )
    return rows


def _check_subject(subject: str) -> None:
    if subject not in ALL_SUBJECTS:
        raise ValidationError({"subject": [_("Unknown subject.")]})


@transaction.atomic
def compute_snapshot(*, actor, subject: str, period: Period, by_system: bool = False) -> Snapshot:
    """Compute and store the figures of `subject` for `period`. Refused when a snapshot exists: published
    figures change only through `recompute_snapshot`."""
    check_actor(actor, by_system)
    _check_subject(subject)
    now = timezone.now()
    if period.start >= now:
        raise ValidationError({"period": [_("The period has not started yet.")]})
    if Snapshot.objects.filter(
        subject=subject, period_kind=period.kind, start=period.start, end=period.end
    ).exists():
        raise AssessmentError(
            _("The figures of %(period)s are already computed: recompute them instead.")
            % {"period": period.label}
        )
    try:
        with transaction.atomic():  # a concurrent computation of the same period wins; this one is refused
            snapshot = Snapshot.objects.create(
                subject=subject,
                period_kind=period.kind,
                label=period.label,
                start=period.start,
                end=period.end,
                computed_at=now,
                computed_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        raise AssessmentError(
            _("The figures of %(period)s were just computed by someone else.") % {"period": period.label}
        ) from None
    rows = _write_rows(snapshot, period, now)
    snapshot.save(update_fields=["definitions"])
    record_event(
        kind=AssessmentEvent.Kind.COMPUTED, actor=actor, snapshot=snapshot, changes={"rows": len(rows)}
    )
    return snapshot


@transaction.atomic
def recompute_snapshot(*, actor, snapshot_id: int, reason: str) -> Snapshot:
    """Replace a snapshot's figures with ones computed now (late events included): version + 1, an event
    listing what changed and an audit entry."""
    check_actor(actor, False)
    snapshot = Snapshot.objects.select_for_update().get(pk=snapshot_id)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the figures are recomputed.")]})
    before = {row.subject_id: (row.score, row.rank, row.counts) for row in snapshot.rows.all()}
    snapshot.rows.all().delete()
    now = timezone.now()
    period = Period(snapshot.period_kind, snapshot.label, snapshot.start, snapshot.end)
    rows = _write_rows(snapshot, period, now)
    old_version = snapshot.version
    snapshot.version += 1
    snapshot.computed_at = now
    snapshot.computed_by = actor
    snapshot.save(update_fields=["version", "computed_at", "computed_by", "definitions"])
    changed = {
        row.subject_name: {"score": [before.get(row.subject_id, (None,))[0], row.score]}
        for row in rows
        if before.get(row.subject_id, (None, None, None))[2] != row.counts
    }
    changes = {"version": [old_version, snapshot.version], "changed": changed}
    record_event(
        kind=AssessmentEvent.Kind.RECOMPUTED,
        actor=actor,
        snapshot=snapshot,
        note=reason.strip(),
        changes=changes,
    )
    audit.record(
        "assessment.recompute",
        actor=actor,
        target=snapshot,
        data={"period": snapshot.label, "subject": snapshot.subject, "reason": reason.strip(), **changes},
    )
    return snapshot


@transaction.atomic
def ensure_snapshots(
    *, actor, period: Period, subjects=ALL_SUBJECTS, by_system: bool = False
) -> list[Snapshot]:
    """The period's snapshots of these subjects, computing the missing ones."""
    check_actor(actor, by_system)
    result = []
    for subject in subjects:
        existing = Snapshot.objects.filter(
            subject=subject, period_kind=period.kind, start=period.start, end=period.end
        ).first()
        result.append(
            existing or compute_snapshot(actor=actor, subject=subject, period=period, by_system=by_system)
        )
    return result


@transaction.atomic
def load_default_indicators(*, actor, by_system: bool = False) -> int:
    """Add the standard's indicators that are missing (never overwrites edits)."""
    check_actor(actor, by_system)
    created = load_defaults(Indicator)
    if created:
        record_event(kind=AssessmentEvent.Kind.DEFAULTS, actor=actor, changes={"created": created})
    return created
