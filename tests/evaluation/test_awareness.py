"""Awareness questions (知晓率, seed 000's 两率一度): answered yes or no, kept out of the mean rating, counted
by the measures the evaluation app offers the assessment module; the ballot page shows them as two
choices; a round names the people it invites (its target population)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chengguan.core import measures as offered
from chengguan.evaluation import services
from chengguan.evaluation.models import Answer, QuestionKind
from chengguan.evaluation.services.voting import voter_hash_of

from .conftest import DEPT_A, answers_for, draft_round, open_round, target, verified  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def aware_round(draft_round, organiser):  # noqa: F811
    question = services.add_question(
        round_id=draft_round.pk, actor=organiser, text="您是否知道创建文明城管活动", kind=QuestionKind.AWARE
    )
    draft_round.aware_question = question
    return services.open_round(round_id=draft_round.pk, actor=organiser)


def _cast(round_, voter, knows, *ratings):
    question = round_.questions.get(kind=QuestionKind.AWARE)
    answers = answers_for(round_, *ratings) | {question.pk: knows}
    return services.cast_ballot(
        actor=services.PUBLIC,
        round_id=round_.pk,
        voter_hash=voter,
        target_id=target(round_, DEPT_A).pk,
        answers=answers,
        ip="10.0.0.1",
    )


def test_an_awareness_answer_is_yes_or_no_and_not_a_rating(aware_round, sms_outbox):
    voter = verified(aware_round, "13800138000", sms_outbox)
    ballot = _cast(aware_round, voter, "0", 5, 3)
    assert ballot.score == 4  # the mean of the ratings only
    assert Answer.objects.get(ballot=ballot, question__kind=QuestionKind.AWARE).rating == 0
    other = verified(aware_round, "13800138001", sms_outbox)
    with pytest.raises(ValidationError) as refused:
        _cast(aware_round, other, "7", 5, 5)
    assert any(key.startswith("q") for key in refused.value.message_dict)
    with pytest.raises(ValidationError):
        _cast(aware_round, other, "", 5, 5)  # required
    _cast(aware_round, other, "1", 4, 4)
    now = timezone.now()
    counts = offered.counts(start=now.replace(year=now.year - 1), end=now.replace(year=now.year + 1))
    assert counts["awareness_answers"] == 2 and counts["aware"] == 1 and counts["ballots"] == 2


def test_the_ballot_page_offers_yes_and_no(client, aware_round):
    session = client.session
    session[f"evaluation.voter.{aware_round.pk}"] = voter_hash_of("13800138009")
    session.save()
    url = reverse("evaluation:ballot", args=[aware_round.pk, target(aware_round, DEPT_A).pk])
    body = client.get(url).content.decode()
    question = aware_round.questions.get(kind=QuestionKind.AWARE)
    assert f'name="q{question.pk}" value="1"' in body and f'name="q{question.pk}" value="0"' in body
    ratings = {f"q{q.pk}": "4" for q in aware_round.questions.filter(kind=QuestionKind.RATING)}
    response = client.post(url, {**ratings, f"q{question.pk}": "1"})
    assert response.status_code == 302
    assert Answer.objects.get(question=question).rating == 1


def test_a_round_keeps_its_target_population(draft_round, organiser):  # noqa: F811
    updated = services.update_round(
        round_id=draft_round.pk,
        actor=organiser,
        title=draft_round.title,
        start=draft_round.start,
        end=draft_round.end,
        max_choices=draft_round.max_choices,
        weights=draft_round.weights(),
        eligible_voters=300,
    )
    assert updated.eligible_voters == 300
    with pytest.raises(ValidationError):
        services.update_round(
            round_id=draft_round.pk,
            actor=organiser,
            title=draft_round.title,
            start=draft_round.start,
            end=draft_round.end,
            max_choices=draft_round.max_choices,
            weights=draft_round.weights(),
            eligible_voters=-5,
        )
