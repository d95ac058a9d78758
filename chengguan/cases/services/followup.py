"""回访: after closure the reporter rates the outcome through a private link; "the problem is still there"
goes to the dispatchers, who may reopen the case."""

import secrets

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require_actor

from .. import notifications
from ..models import Case, FollowUp
from ..states import Action, Satisfaction
from .common import lock_case, record_case_event


def create_follow_up(case: Case, *, actor) -> FollowUp | None:
    """Called inside the closing transaction (by whoever closes the case): a follow-up for a reporter who
    left a phone number."""
    require_actor(actor)
    if not case.reporter_phone:
        return None
    follow_up = FollowUp.objects.create(case=case, token=secrets.token_urlsafe(24), created_at=timezone.now())
    transaction.on_commit(lambda: notifications.follow_up_invited(follow_up))
    return follow_up


@transaction.atomic
def answer_follow_up(
    *, token: str, actor, rating, comment: str = "", problem_persists: bool = False
) -> FollowUp:
    """The reporter's answer through the private link: the token is the permission, whoever `actor` is
    (usually an anonymous visitor). Recorded on the timeline as the reporter's, never as a staff name."""
    require_actor(actor)
    follow_up = FollowUp.objects.select_for_update().filter(token=token).first()
    if follow_up is None:
        raise ValidationError({"token": [_("This follow-up link is not valid.")]})
    if follow_up.answered_at is not None:
        raise ValidationError({"token": [_("This follow-up has already been answered. Thank you.")]})
    try:
        rating = Satisfaction(int(rating))
    except (TypeError, ValueError):
        raise ValidationError({"rating": [_("Choose how satisfied you are.")]}) from None
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": [_("The comment may have at most 1000 characters.")]})
    case = lock_case(follow_up.case_id)
    follow_up.rating, follow_up.comment = rating, comment
    follow_up.problem_persists = bool(problem_persists)
    follow_up.answered_at = timezone.now()
    follow_up.save()
    record_case_event(
        case,
        action=Action.FOLLOW_UP,
        actor=AnonymousUser(),  # the reporter (the link's holder), never a signed-in staff member's name
        note=str(rating.label),
        changes={"rating": int(rating), "problem_persists": follow_up.problem_persists},
    )
    if follow_up.problem_persists:  # whatever the rating: the dispatchers decide whether to reopen
        transaction.on_commit(lambda: notifications.problem_persists(case))
    return follow_up
