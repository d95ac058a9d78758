"""Ranking a closed round, publishing the ranking as a notice (公示) and learning the notice's outcome."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require_actor
from chengguan.notices import services as notices

from .. import pdf, results
from ..models import RankingRow, Round, RoundAction, RoundState
from .common import Code, EvaluationRefused, allowed, lock_round, log_event, require_state

SUBJECT_TYPE = "evaluation.round"


def _store_ranking(round_: Round) -> list[RankingRow]:
    rows = results.composite(round_)
    RankingRow.objects.filter(round=round_).delete()
    stored, position, previous = [], 0, None
    for index, row in enumerate(rows, start=1):
        if row["score"] != previous:  # equal scores share a place
            position, previous = index, row["score"]
        stored.append(
            RankingRow(
                round=round_,
                target=row["target"],
                position=position,
                score=row["score"],
                breakdown={"components": row["breakdown"]},
            )
        )
    RankingRow.objects.bulk_create(stored)
    round_.ranked_at = timezone.now()
    round_.save(update_fields=["ranked_at", "updated_at"])
    return stored


@transaction.atomic
def rank_round(*, round_id: int, actor) -> list[RankingRow]:
    """Compute the composite scores of the units now and store the ranking (again, after a change)."""
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, RoundState.CLOSED)
    stored = _store_ranking(round_)
    log_event(
        round_, action=RoundAction.RANK, actor=actor, ranking=[[r.target.name, r.score] for r in stored]
    )
    return stored


def ranking_text(round_: Round, rows: list[RankingRow]) -> str:
    lines = [
        _("Ranking of %(title)s (%(start)s to %(end)s):")
        % {"title": round_.title, "start": round_.start, "end": round_.end}
    ]
    for row in rows:
        parts = "; ".join(
            f"{c['label']} {c['points'] if c['points'] is not None else '—'}"
            for c in row.breakdown["components"]
        )
        lines.append(f"{row.position}. {row.target.name}  {row.score:.2f}  ({parts})")
    return "\n".join(lines)


@transaction.atomic
def publish_ranking(*, round_id: int, actor, window_days: int = 5, now=None):
    """Rank afresh and publish the ranking as a notice with an objection period; the round waits for the
    notice's outcome (confirmed → the ranking is final; withdrawn → the round is closed again)."""
    require_actor(actor)
    round_ = lock_round(round_id)
    allowed(actor, round_)
    require_state(round_, RoundState.CLOSED)
    rows = _store_ranking(round_)
    if not rows:
        raise EvaluationRefused(_("The round has no units to rank."), code=Code.NOTHING_TO_RANK)
    notice = notices.create_notice(
        actor=actor,
        title=_("Public notice of the ranking: %(title)s") % {"title": round_.title},
        body=ranking_text(round_, rows),
        owner_department=round_.owner_department,
        subject_type=SUBJECT_TYPE,
        subject_id=str(round_.pk),
        subject_label=round_.title,
        window_days=window_days,
        attachments=[ContentFile(pdf.ranking_pdf(round_, rows), name=f"ranking-{round_.pk}.pdf")],
    )
    notice = notices.publish_notice(notice_id=notice.pk, actor=actor, now=now)
    round_.state, round_.notice = RoundState.PUBLISHED, notice
    round_.save(update_fields=["state", "notice", "updated_at"])
    log_event(round_, action=RoundAction.PUBLISH, actor=actor, notice=notice.pk)
    return notice


@transaction.atomic
def on_notice_outcome(notice, outcome: str) -> None:
    """Registered with notices for SUBJECT_TYPE (see apps.py)."""
    round_ = Round.objects.select_for_update().filter(pk=int(notice.subject_id or 0), notice=notice).first()
    if round_ is None or round_.state != RoundState.PUBLISHED:
        return
    if outcome == notices.Outcome.CONFIRMED:
        round_.state = RoundState.CONFIRMED
        log_event(round_, action=RoundAction.CONFIRM, actor=notices.OUTCOME_ACTOR, notice=notice.pk)
    else:
        round_.state, round_.notice = RoundState.CLOSED, None
        log_event(round_, action=RoundAction.WITHDRAW, actor=notices.OUTCOME_ACTOR, notice=notice.pk)
    round_.save(update_fields=["state", "notice", "updated_at"])
