"""`core.rows.insert` writes the row `create()` writes: encrypted contact, its hash, JSON, auto timestamps."""

from django.db import connection
from django.utils import timezone

from chengguan.cases.models import Case, CaseEvent
from chengguan.cases.states import Action, Channel, State
from chengguan.core import rows


def _raw(model, pk) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)} WHERE id = %s", [pk])
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def test_an_inserted_case_and_event_read_back_as_created_ones(people, categories):
    now = timezone.now()
    fields = {
        "number": "2026120699901",
        "state": State.REPORTED,
        "channel": Channel.HOTLINE,
        "description": "路灯不亮",
        "reporter_name": "张三",
        "reporter_phone": "13800138000",
        "reported_at": now,
    }
    made = Case(**fields)
    made.hash_phone()
    rows.insert(made)
    created = Case.objects.create(**{**fields, "number": "2026120699902"})

    stored, expected = _raw(Case, made.pk), _raw(Case, created.pk)
    differ = {name for name in stored if stored[name] != expected[name]}
    # the encrypted contact differs by its random nonce; everything else but identity and time is equal
    assert differ <= {"id", "number", "updated_at", "reporter_name", "reporter_phone"}
    again = Case.objects.get(pk=made.pk)
    assert (again.reporter_name, again.reporter_phone) == ("张三", "13800138000")
    assert again.reporter_phone_hash == created.reporter_phone_hash != ""
    assert again.updated_at is not None and not made._state.adding

    event = rows.insert(
        CaseEvent(case=again, action=Action.REPORT, at=now, changes={"state": ["", "reported"]}, note="电话")
    )
    assert CaseEvent.objects.get(pk=event.pk).changes == {"state": ["", "reported"]}
