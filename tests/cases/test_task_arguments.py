"""Task arguments carry record ids, never personal data: the texts a case's lifecycle sends (the reporter's
follow-up invitation, the supporters' closing notice) are queued with an outbox row's id, so neither a
phone number nor a name lands in the task queue (or in its finished rows)."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django_tasks.base import Task

from chengguan.cases import services
from chengguan.cases.states import State

NAME, PHONE, SUPPORTER = "诸葛青云", "13733334444", "13655556666"


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    original = Task.enqueue

    def recording(self, *args, **kwargs):
        calls.append((self.module_path, json.dumps([args, kwargs], ensure_ascii=False)))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Task, "enqueue", recording)
    return calls


@pytest.mark.django_db(transaction=True)  # on-commit work (the enqueueing) runs as in production
def test_texts_of_a_case_are_queued_by_id_only(make_case, people, sms_outbox, enqueued):
    case = make_case(State.VERIFIED, reporter_name=NAME, reporter_phone=PHONE)
    services.support_case(case_id=case.pk, actor=AnonymousUser(), phone=SUPPORTER)
    services.close_case(case_id=case.pk, actor=people.intake)

    assert {text.phone for text in sms_outbox} >= {PHONE, SUPPORTER}  # both were texted
    assert enqueued, "no task was enqueued"
    for _task, arguments in enqueued:
        assert PHONE not in arguments and SUPPORTER not in arguments and NAME not in arguments
