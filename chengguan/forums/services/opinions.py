"""Opinions raised at a held forum: recorded with the minutes, then answered directly or carried by a case
(from the cases services, with a reference back to the opinion) until the case closes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.cases import services as cases
from chengguan.cases.states import FINISHED, Channel
from chengguan.core.refusals import required

from ..models import ForumAction, ForumOpinion, ForumState, OpinionState
from .common import Code, ForumRefused, lock_forum, lock_opinion, log_event, person

ORIGIN_TYPE = "forums.opinion"
# Cases has no channel of its own for forums: an opinion from residents' representatives arrives the way
# the public evaluation's do, and `origin_type` tells the two apart.
CHANNEL = Channel.EVALUATION
TEXT_MAX = 2000


@transaction.atomic
def record_opinion(*, actor, forum_id: int, text: str, raised_by: str = "") -> ForumOpinion:
    schedule, forum = lock_forum(forum_id, actor)
    if forum.state != ForumState.HELD:
        raise ForumRefused(
            _("Record the opinions of a forum once it is held and minuted."), code=Code.NOT_HELD
        )
    cleaned = required(text=text)
    raised_by = (raised_by or "").strip()
    if len(cleaned["text"]) > TEXT_MAX:
        raise ValidationError({"text": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    if len(raised_by) > 50:
        raise ValidationError({"raised_by": [_("The name may have at most 50 characters.")]})
    opinion = ForumOpinion.objects.create(
        forum=forum,
        text=cleaned["text"],
        raised_by=raised_by,
        recorded_at=timezone.now(),
        recorded_by=person(actor),
    )
    log_event(schedule, action=ForumAction.OPINION, actor=actor, forum=forum, opinion=opinion)
    return opinion


def _require_open(opinion: ForumOpinion) -> None:
    if opinion.state != OpinionState.OPEN:
        raise ForumRefused(
            _("The opinion has %(state)s already.") % {"state": opinion.get_state_display()},
            code=Code.OPINION_STATE,
        )


@transaction.atomic
def refer_opinion(
    *, actor, opinion_id: int, category=None, address: str = "", lng=None, lat=None
) -> ForumOpinion:
    """The opinion becomes a case on the dispatcher's desk, at the given place (by default the community),
    referring back to the opinion; it is answered when the case closes."""
    schedule, forum, opinion = lock_opinion(opinion_id, actor)
    _require_open(opinion)
    community = schedule.community
    where = (
        address or ""
    ).strip() or f"{community.parent.name if community.parent_id else ''}{community.name}"
    description = "\n".join(
        [
            opinion.text,
            _("Raised at the community forum of %(community)s on %(date)s.")
            % {"community": community.name, "date": forum.date.isoformat()},
        ]
    )
    result = cases.report_case(
        description=description[:4000],
        channel=CHANNEL,
        address=where[:200],
        lng=lng,
        lat=lat,
        category=category,
        actor=actor,
        origin_type=ORIGIN_TYPE,
        origin_id=str(opinion.pk),
        intake_key=f"{ORIGIN_TYPE}:{opinion.pk}",
    )
    opinion.state, opinion.case = OpinionState.REFERRED, result.case
    opinion.save(update_fields=["state", "case"])
    log_event(
        schedule, action=ForumAction.REFER, actor=actor, forum=forum, opinion=opinion, case=result.case.number
    )
    return opinion


@transaction.atomic
def answer_opinion(*, actor, opinion_id: int, answer: str) -> ForumOpinion:
    """The answer given to the community: to an opinion not made a case, or whose case is over (closed,
    or rejected as not the bureau's to handle)."""
    schedule, forum, opinion = lock_opinion(opinion_id, actor)
    if opinion.state == OpinionState.ANSWERED:
        raise ForumRefused(_("The opinion has been answered already."), code=Code.OPINION_STATE)
    if opinion.state == OpinionState.REFERRED and opinion.case.state not in FINISHED:
        raise ForumRefused(
            _("Case %(number)s is still %(state)s: its outcome is the answer.")
            % {"number": opinion.case.number, "state": opinion.case.get_state_display()},
            code=Code.CASE_OPEN,
        )
    cleaned = required(answer=answer)
    if len(cleaned["answer"]) > TEXT_MAX:
        raise ValidationError({"answer": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    opinion.state, opinion.answer = OpinionState.ANSWERED, cleaned["answer"]
    opinion.answered_at, opinion.answered_by = timezone.now(), person(actor)
    opinion.save(update_fields=["state", "answer", "answered_at", "answered_by"])
    log_event(
        schedule, action=ForumAction.ANSWER, actor=actor, forum=forum, opinion=opinion, note=cleaned["answer"]
    )
    return opinion
