"""The evaluation figures the assessment module shows among the seeds' measures (两率一度), offered through
`core.measures` so that neither app imports the other. For a period P = [start, end):

  ballots            valid ballots cast in P
  voters             the voters (one per round) of those ballots, in rounds that name how many people
                     they invite (`Round.eligible_voters`)
  eligible_voters    the people invited by the rounds whose voting days overlap P      (participation rate
                     = voters / eligible_voters)
  awareness_answers  answers to awareness questions ("do you know of …", yes or no) on valid ballots in P
  aware              of those, "yes"                                               (awareness rate)

Rounds are not tied to a place: an area filter does not narrow these figures. Nothing personal is shown:
a ballot is listed by its number, round, target, time and mean rating."""

from datetime import datetime

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.measures import MeasureItem, MeasureSource

from .models import Answer, Ballot, BallotStatus, QuestionKind, Round

COUNT_NAMES = ("ballots", "voters", "eligible_voters", "awareness_answers", "aware")
LABELS = {
    "ballots": gettext_lazy("valid ballots"),
    "voters": gettext_lazy("voters in rounds with a target population"),
    "eligible_voters": gettext_lazy("people invited to vote"),
    "awareness_answers": gettext_lazy("answers to awareness questions"),
    "aware": gettext_lazy("answers “I know of it”"),
}


def _ballots(start: datetime, end: datetime):
    return Ballot.objects.filter(status=BallotStatus.VALID, cast_at__gte=start, cast_at__lt=end)


def _rounds_overlapping(start: datetime, end: datetime):
    """Rounds whose voting days (start..end, inclusive) meet [start, end)."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()  # exclusive end: a day is in P when it begins before `end`
    if timezone.localtime(end).time() == datetime.min.time():
        return Round.objects.filter(start__lt=last, end__gte=first)
    return Round.objects.filter(start__lte=last, end__gte=first)


def _awareness(start: datetime, end: datetime):
    return Answer.objects.filter(
        question__kind=QuestionKind.AWARE,
        rating__isnull=False,
        ballot__status=BallotStatus.VALID,
        ballot__cast_at__gte=start,
        ballot__cast_at__lt=end,
    )


def counts(*, start: datetime, end: datetime, cases=None) -> dict[str, int]:
    ballots = _ballots(start, end)
    voters = (
        ballots.filter(round__eligible_voters__isnull=False)
        .values("round")
        .annotate(n=Count("voter_hash", distinct=True))
        .values_list("n", flat=True)
    )
    eligible = _rounds_overlapping(start, end).aggregate(n=Sum("eligible_voters"))["n"] or 0
    awareness = _awareness(start, end).aggregate(n=Count("id"), yes=Count("id", filter=Q(rating=1)))
    return {
        "ballots": ballots.count(),
        "voters": sum(voters),
        "eligible_voters": eligible,
        "awareness_answers": awareness["n"],
        "aware": awareness["yes"],
    }


def items(count: str, *, start: datetime, end: datetime, cases=None, limit: int = 1000) -> list[MeasureItem]:
    if count == "eligible_voters":
        rounds = _rounds_overlapping(start, end).filter(eligible_voters__isnull=False).order_by("start", "pk")
        return [
            MeasureItem(
                reference=r.title,
                detail=_("%(n)s people invited, voting %(start)s to %(end)s")
                % {"n": r.eligible_voters, "start": r.start, "end": r.end},
                url=reverse("evaluation:manage_detail", args=[r.pk]),
            )
            for r in rounds[:limit]
        ]
    if count in ("awareness_answers", "aware"):
        answers = _awareness(start, end).select_related("ballot__round", "question")
        if count == "aware":
            answers = answers.filter(rating=1)
        return [
            MeasureItem(
                reference=_("ballot #%(n)s") % {"n": a.ballot_id},
                detail=f"{a.ballot.round.title} · {a.question.text}",
                at=a.ballot.cast_at,
                extra=_("knows of it") if a.rating == 1 else _("did not know"),
            )
            for a in answers.order_by("ballot__cast_at", "pk")[:limit]
        ]
    ballots = _ballots(start, end).select_related("round", "target")
    if count == "voters":
        ballots = ballots.filter(round__eligible_voters__isnull=False)
    return [
        MeasureItem(
            reference=_("ballot #%(n)s") % {"n": b.pk},
            detail=f"{b.round.title} · {b.target.name}",
            at=b.cast_at,
            extra="" if b.score is None else _("mean rating %(s).1f") % {"s": b.score},
        )
        for b in ballots.order_by("cast_at", "pk")[:limit]
    ]


SOURCE = MeasureSource("evaluation", COUNT_NAMES, counts, items, LABELS)
