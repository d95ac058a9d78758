"""回访 and the reporter's personal data: a follow-up link is answered once; "the problem is still there"
reaches the dispatchers; the reporter's name and phone are revealed only to those who call reporters
back, and every reveal is audited."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from chengguan.cases import services
from chengguan.cases.models import CaseEvent, FollowUp
from chengguan.cases.states import Action, State
from chengguan.core import audit
from chengguan.core.models import AuditEntry, Notification
from chengguan.core.privacy import mask_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(make_case) -> FollowUp:
    return make_case(State.CLOSED).follow_ups.get()


@pytest.fixture
def answer(django_capture_on_commit_callbacks, follow_up):
    def call(token=None, rating=4, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.answer_follow_up(
                token=token or follow_up.token, actor=AnonymousUser(), rating=rating, **kwargs
            )

    return call


def told_dispatchers(people) -> bool:
    return Notification.objects.filter(recipient=people.dispatcher, kind="case.problem_persists").exists()


def test_a_follow_up_is_answered_once(follow_up, answer):
    answer(rating=5, comment="处理很快")
    follow_up.refresh_from_db()
    assert (follow_up.rating, follow_up.comment, follow_up.answered_at is not None) == (5, "处理很快", True)
    events = CaseEvent.objects.filter(case=follow_up.case, action=Action.FOLLOW_UP)
    assert events.count() == 1 and events.get().is_public

    with pytest.raises(ValidationError) as refusal:
        answer(rating=1, comment="改主意了", problem_persists=True)
    assert "token" in refusal.value.message_dict
    follow_up.refresh_from_db()
    assert (follow_up.rating, follow_up.comment, follow_up.problem_persists) == (5, "处理很快", False)
    assert events.count() == 1


@pytest.mark.parametrize("token", ["not-a-token", " ", "x" * 64])
def test_an_unknown_link_is_refused(follow_up, answer, token):
    with pytest.raises(ValidationError) as refusal:
        answer(token=token)
    assert "token" in refusal.value.message_dict
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None
    assert not CaseEvent.objects.filter(action=Action.FOLLOW_UP).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "很好"}, "rating"),
        ({"comment": "好" * 1001}, "comment"),
    ],
)
def test_a_malformed_answer_is_refused_and_the_link_stays_open(follow_up, answer, changes, field):
    with pytest.raises(ValidationError) as refusal:
        answer(**changes)
    assert field in refusal.value.message_dict
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None
    answer(rating=3)  # a correct answer still goes through


@pytest.mark.parametrize(
    ("rating", "persists", "told"), [(1, True, True), (3, True, True), (2, False, False), (5, False, False)]
)
def test_the_dispatchers_hear_when_the_problem_is_still_there(
    follow_up, answer, people, rating, persists, told
):
    answer(rating=rating, problem_persists=persists)
    assert told_dispatchers(people) is told
    assert not Notification.objects.filter(recipient=people.handler, kind="case.problem_persists").exists()


# --- revealing the reporter -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["intake", "dispatcher"])
def test_intake_operators_and_dispatchers_may_reveal_the_reporter_and_it_is_audited(make_case, people, who):
    case = make_case(State.DISPATCHED, reporter_name="欧阳娜娜", reporter_phone="13912345678")
    user = getattr(people, who)
    assert mask_name(case.reporter_name) == "欧***"  # what everyone sees by default
    revealed = services.reveal_reporter(case_id=case.pk, actor=user)
    assert revealed == {"reporter_name": "欧阳娜娜", "reporter_phone": "13912345678"}
    entry = AuditEntry.objects.get(action=audit.Action.REVEAL)
    assert (entry.actor_id, entry.actor_username, entry.target_type, entry.target_id) == (
        user.pk,
        user.username,
        "cases.case",
        str(case.pk),
    )
    assert entry.data["case"] == case.number
    assert audit.verify()[1] is None  # the chain holds


@pytest.mark.parametrize("who", ["handler", "other_handler", "inspector", "leader", "shift_lead", "citizen"])
def test_everyone_else_is_refused_and_nothing_is_audited(make_case, people, who):
    case = make_case(State.DISPATCHED)  # held by the handler's own department
    with pytest.raises(PermissionDenied):
        services.reveal_reporter(case_id=case.pk, actor=getattr(people, who))
    assert not AuditEntry.objects.filter(action=audit.Action.REVEAL).exists()


def test_a_reporter_who_entered_their_own_report_is_not_an_operator(make_case, people):
    case = make_case(State.REPORTED, actor=people.citizen)
    with pytest.raises(PermissionDenied):
        services.reveal_reporter(case_id=case.pk, actor=people.citizen)
