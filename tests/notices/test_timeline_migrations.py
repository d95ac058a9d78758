"""The migrations onto the shared timeline keep every existing row of the three timelines: notice events,
round events and assessment events written before them are still there, with their actors and notes, the
assessment's `kind` now `action`, and the rows written without an actor marked as done by the system."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("notices", "0001_initial"),
    ("evaluation", "0001_initial"),
    ("assessment", "0002_default_indicators"),
]
AFTER = [
    ("notices", "0003_notice_outcome_failed"),
    ("evaluation", "0002_roundevent_timeline"),
    ("assessment", "0003_assessmentevent_timeline"),
]


@pytest.mark.django_db(transaction=True)
def test_old_timeline_rows_survive_the_migrations():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    now = timezone.now()
    Department = old.get_model("org", "Department")
    office = Department.objects.create(code="MIG", name="迁移处", kind="section", path="/MIG/")
    notice = old.get_model("notices", "Notice").objects.create(
        title="t", body="b", owner_department=office, created_at=now, updated_at=now
    )
    NoticeEvent = old.get_model("notices", "NoticeEvent")
    NoticeEvent.objects.create(
        notice=notice, at=now, action="create", actor_name="王五", revision=1, note="起草"
    )
    NoticeEvent.objects.create(notice=notice, at=now, action="end_period", revision=1)
    round_ = old.get_model("evaluation", "Round").objects.create(
        title="r",
        owner_department=office,
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        created_at=now,
        updated_at=now,
    )
    RoundEvent = old.get_model("evaluation", "RoundEvent")
    RoundEvent.objects.create(round=round_, at=now, action="open", actor_name="王五", note="开始")
    RoundEvent.objects.create(round=round_, at=now, action="flag", note="5 ballots")
    AssessmentEvent = old.get_model("assessment", "AssessmentEvent")
    AssessmentEvent.objects.create(kind="report", at=now, actor_name="赵六", note="月报")
    AssessmentEvent.objects.create(kind="defaults", at=now)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    notice_rows = list(new.get_model("notices", "NoticeEvent").objects.order_by("id").values())
    assert [(r["action"], r["actor_name"], r["note"], r["by_system"]) for r in notice_rows] == [
        ("create", "王五", "起草", False),
        ("end_period", "", "", True),
    ]
    round_rows = list(new.get_model("evaluation", "RoundEvent").objects.order_by("id").values())
    assert [(r["action"], r["note"], r["by_system"]) for r in round_rows] == [
        ("open", "开始", False),
        ("flag", "5 ballots", True),
    ]
    assessment_rows = list(new.get_model("assessment", "AssessmentEvent").objects.order_by("id").values())
    assert [(r["action"], r["actor_name"], r["by_system"]) for r in assessment_rows] == [
        ("report", "赵六", False),
        ("defaults", "", True),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the other tests
