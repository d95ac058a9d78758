"""The migration that puts ConductEvent on the timeline base keeps every row: free-text actions are mapped
onto the choices (an unknown one kept in `changes`), notice outcomes marked as the system's."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("conduct", "0002_default_rules")]
AFTER = [("conduct", "0003_conduct_event_timeline")]


def test_old_events_are_kept_and_mapped():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("conduct", "ConductEvent")
    rows = {
        "create": old.objects.create(subject_type="inspection", subject_id=1, action="create"),
        "Decided": old.objects.create(subject_type="violation", subject_id=2, action="Decided"),
        "odd": old.objects.create(
            subject_type="violation", subject_id=3, action="a free text action", changes={"x": 1}
        ),
        "confirmed": old.objects.create(subject_type="star", subject_id=4, action="confirmed"),
    }
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("conduct", "ConductEvent")
        assert new.objects.count() == 4
        mapped = {key: new.objects.get(pk=row.pk) for key, row in rows.items()}
        assert mapped["create"].action == "create" and not mapped["create"].by_system
        assert mapped["Decided"].action == "decide"
        assert mapped["odd"].action == "other"
        assert mapped["odd"].changes == {"x": 1, "legacy_action": "a free text action"}
        assert mapped["confirmed"].by_system and mapped["confirmed"].actor_name == "system:notice_outcome"
        assert all(event.at <= timezone.now() for event in mapped.values())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
