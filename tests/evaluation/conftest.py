"""The world of the evaluation tests: the case tests' grid, departments, categories and people, an
organiser (civility officer who may also dispatch) in the bureau, and an open round built through the
services. `vote` casts a ballot the way the public pages do: code by text message, verification, ballot."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.test import TestCase

from chengguan.evaluation import services
from chengguan.evaluation.models import QuestionKind, TargetKind
from chengguan.org.models import Staff
from chengguan.org.roles import RoleCode as R
from tests.cases import conftest as case_world

# The case tests' world, shared as fixtures of this directory.
grid, departments, categories = case_world.grid, case_world.departments, case_world.categories
people, sms_outbox, _staff = case_world.people, case_world.sms_outbox, case_world._staff
make_case, media = case_world.make_case, case_world.media

DEPT_A, DEPT_B = "CGJ-HWC", "CGJ-SZGY"


@pytest.fixture(autouse=True)
def _clean(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def organiser(people, departments):
    return _staff("organiser", departments["CGJ"], R.CIVILITY_OFFICER, R.DISPATCHER)


@pytest.fixture
def plain_officer(people, departments):
    """A civility officer who may not dispatch cases."""
    return _staff("plain_officer", departments["CGJ"], R.CIVILITY_OFFICER)


@pytest.fixture
def stranger(people, departments):
    """A civility officer of another section: may not run the bureau's rounds."""
    return _staff("stranger", departments[DEPT_B], R.CIVILITY_OFFICER)


@pytest.fixture
def draft_round(organiser, departments, people):
    round_ = services.create_round(
        actor=organiser,
        title="2026 年度群众评议机关",
        owner_department=departments["CGJ"],
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        max_choices=1,
        weights={"satisfaction": 60, "votes": 20, "inspection": 20},
    )
    for code in (DEPT_A, DEPT_B):
        services.add_target(
            round_id=round_.pk, actor=organiser, kind=TargetKind.SECTION, department=departments[code]
        )
    handler = Staff.objects.get(user=people.handler)
    services.add_target(
        round_id=round_.pk, actor=organiser, kind=TargetKind.STAFF, department=None, staff=handler
    )
    services.add_question(round_id=round_.pk, actor=organiser, text="服务态度")
    services.add_question(round_id=round_.pk, actor=organiser, text="办事效率")
    services.add_question(
        round_id=round_.pk, actor=organiser, text="其他建议", kind=QuestionKind.TEXT, required_=False
    )
    services.add_nominee(round_id=round_.pk, actor=organiser, staff=handler, citation="服务热情")
    other = Staff.objects.get(user=people.other_handler)
    services.add_nominee(round_id=round_.pk, actor=organiser, staff=other)
    return round_


@pytest.fixture
def open_round(draft_round, organiser):
    return services.open_round(round_id=draft_round.pk, actor=organiser)


def target(round_, code):
    return round_.targets.get(department__code=code, kind=TargetKind.SECTION)


def send_code(round_, phone, ip="10.0.0.1"):
    """Request a code; the text message goes out after the commit, run here at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.request_code(actor=services.PUBLIC, round_id=round_.pk, phone=phone, ip=ip)


def verified(round_, phone, outbox) -> str:
    """Request a code, read it from the text message and verify it: the voter's hash."""
    send_code(round_, phone)
    code = re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)
    return services.verify_code(actor=services.PUBLIC, round_id=round_.pk, phone=phone, code=code)


def answers_for(round_, *ratings):
    rating_questions = list(round_.questions.filter(kind=QuestionKind.RATING))
    return {q.pk: r for q, r in zip(rating_questions, ratings, strict=False)}


def ballot(round_, target_, voter_hash, *ratings, ip="10.0.0.1", opinion="", now=None):
    return services.cast_ballot(
        actor=services.PUBLIC,
        round_id=round_.pk,
        voter_hash=voter_hash,
        target_id=target_.pk,
        answers=answers_for(round_, *ratings),
        opinion=opinion,
        ip=ip,
        now=now,
    )
