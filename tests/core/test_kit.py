"""The shared kit every app's services use: refusals, required actors, system actors, atomic limits,
phone numbers, and the one timeline shape."""

import threading

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from chengguan.core import audit, limits
from chengguan.core.actors import SystemActor, is_system
from chengguan.core.phones import find_phones, parse_phone
from chengguan.core.refusals import MissingActor, Refused, require_actor, required
from chengguan.org.selectors import actor_snapshot


def test_refused_carries_a_stable_code_and_a_message():
    exc = Refused("不可以", code="wrong_state")
    assert (exc.code, exc.message, exc.messages) == ("wrong_state", "不可以", ["不可以"])
    assert Refused("x").code == "refused"


def test_a_missing_actor_is_a_programming_error():
    with pytest.raises(MissingActor):
        require_actor(None)
    require_actor(SystemActor("supervise"))


def test_required_strips_text_and_names_every_missing_field():
    assert required(title=" a ", count=0) == {"title": "a", "count": 0}
    with pytest.raises(ValidationError) as err:
        required(title="  ", body=None, ok="x")
    assert set(err.value.message_dict) == {"title", "body"}


def test_a_system_actor_is_no_person_and_is_recorded_by_its_job():
    actor = SystemActor("close_notices")
    assert is_system(actor) and not actor.is_authenticated
    assert actor_snapshot(actor) == {
        "actor": None,
        "actor_name": "system:close_notices",
        "actor_department": None,
    }


@pytest.mark.django_db
def test_the_audit_log_records_a_system_actor_as_such():
    entry = audit.record("test.job", actor=SystemActor("prune"))
    assert (entry.actor_id, entry.actor_username) == (None, "system:prune")


def test_limits_count_before_the_work_and_hold_under_concurrency():
    cache.clear()
    passed = []

    def attempt():
        passed.append(limits.hit("test", "10.0.0.1", limit=5, window=60))

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert passed.count(True) == 5
    assert limits.used("test", "10.0.0.1", window=60) == 20
    with pytest.raises(limits.RateLimited):
        limits.enforce("test", "10.0.0.1", limit=5, window=60)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("13912345678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("0566-2345678", "0566-2345678"),
        ("05662345678", "0566-2345678"),
    ],
)
def test_phone_numbers_are_normalised_one_way(text, normal):
    assert parse_phone(text) == normal


@pytest.mark.parametrize("text", ["98127634", "123", "", "abc", "1391234567x"])
def test_bad_phone_numbers_are_refused_on_their_field(text):
    with pytest.raises(ValidationError) as err:
        parse_phone(text, field="reporter_phone")
    assert "reporter_phone" in err.value.message_dict


def test_phones_are_found_in_free_text():
    text = "请联系13912345678或0566-2345678谢谢"
    assert [text[a:b] for a, b in find_phones(text)] == ["13912345678", "0566-2345678"]
