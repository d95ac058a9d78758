"""Two people acting on one case at the same moment: the row lock (PostgreSQL) or the write lock (SQLite)
lets exactly one through, and the other is refused as if it had come second. Real threads, real
connections, committed transactions."""

import sqlite3
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from chengguan.cases import services
from chengguan.cases.models import Case, CaseEvent, CaseNumberCounter
from chengguan.cases.states import Action, Channel, State
from chengguan.cases.workflow import TransitionRefused

from .conftest import DEPT_A, DEPT_B

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_where_writers_wait(transactional_db, tmp_path):
    """PostgreSQL: the test database as it is. SQLite: the suite's in-memory database (shared cache) turns
    a second writer away at once ("database table is locked") where the site's file database makes it
    wait its turn, so on SQLite the race runs on a file copy opened with the site's settings (WAL,
    BEGIN IMMEDIATE, busy timeout)."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(tmp_path / "race.sqlite3")
    memory.backup(copy)
    copy.close()
    settings_dict = connection.settings_dict  # shared by every thread's connection
    in_memory_name = settings_dict["NAME"]
    connection.connection = None  # set aside, not closed: closing would drop the in-memory database
    settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = in_memory_name
        connection.connection = memory


def race(*calls):
    """Run the calls in threads released together; each result is the return value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results


def split(results):
    errors = [r for r in results if isinstance(r, BaseException)]
    return [r for r in results if not isinstance(r, BaseException)], errors


def test_two_concurrent_dispatches_leave_exactly_one(make_case, people, departments):
    case = make_case(State.ACCEPTED)
    results = race(
        lambda: services.dispatch_case(
            case_id=case.pk, actor=people.dispatcher, department=departments[DEPT_A]
        ),
        lambda: services.dispatch_case(
            case_id=case.pk, actor=people.shift_lead, department=departments[DEPT_B]
        ),
    )
    done, errors = split(results)
    assert len(done) == 1 and len(errors) == 1, results
    assert isinstance(errors[0], TransitionRefused) and errors[0].code == "invalid_state"
    case.refresh_from_db()
    assert case.state == State.DISPATCHED and case.department == done[0].department
    assert CaseEvent.objects.filter(case=case, action=Action.DISPATCH).count() == 1


def test_two_concurrent_accepts_leave_exactly_one(make_case, people):
    case = make_case(State.REPORTED)
    done, errors = split(
        race(
            lambda: services.accept_case(case_id=case.pk, actor=people.dispatcher),
            lambda: services.accept_case(case_id=case.pk, actor=people.intake),
        )
    )
    assert len(done) == 1 and [e.code for e in errors] == ["invalid_state"]
    assert CaseEvent.objects.filter(case=case, action=Action.ACCEPT).count() == 1


def test_a_decision_and_a_report_of_work_done_do_not_both_pass_on_a_stale_state(make_case, people):
    case = make_case(State.IN_PROGRESS)
    done, errors = split(
        race(
            lambda: services.report_handled(case_id=case.pk, actor=people.handler, note="已处理"),
            lambda: services.send_back_case(case_id=case.pk, actor=people.officer, reason="非本部门"),
        )
    )
    assert len(done) == 1 and [e.code for e in errors] == ["invalid_state"]
    case.refresh_from_db()
    assert case.state in (State.HANDLED, State.SENT_BACK)
    assert (
        case.events.exclude(action=Action.REPORT).exclude(action=Action.ACCEPT).count() == 3
    )  # dispatch, start, one


def test_two_concurrent_reports_with_one_key_make_one_case(make_case):
    def report():
        return services.report_case(
            description="井盖丢失",
            channel=Channel.MOBILE,
            address="秋浦路",
            intake_key="phone-7f3a",
            actor=AnonymousUser(),
        )

    results = race(report, report)
    done, errors = split(results)
    assert errors == [], results
    assert sorted(r.created for r in done) == [False, True]
    assert done[0].case.pk == done[1].case.pk
    assert Case.objects.filter(intake_key="phone-7f3a").count() == 1
    assert CaseEvent.objects.filter(action=Action.REPORT).count() == 1


def test_concurrent_reports_get_distinct_numbers(make_case):
    def report(i):
        return lambda: services.report_case(
            description=f"第{i}件", channel=Channel.WEB, address="秋浦路", actor=AnonymousUser()
        )

    done, errors = split(race(*(report(i) for i in range(4))))
    assert errors == []
    numbers = sorted(r.case.number for r in done)
    assert len(set(numbers)) == 4 and numbers[-1].endswith("00004")
    assert CaseNumberCounter.objects.get().last == 4
