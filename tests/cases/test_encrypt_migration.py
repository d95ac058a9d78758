"""The data migrations encrypt the contact already stored in clear text (and fill the phone hashes), and
going back writes it in clear text again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from chengguan.core import fields

BEFORE = [("cases", "0012_classifier_models"), ("notices", "0003_notice_outcome_failed")]
AFTER = [("cases", "0013_encrypt_reporter_contact"), ("notices", "0004_encrypt_objector_contact")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_existing_contact_is_encrypted_and_decrypted_back(settings, tmp_path):
    settings.CHENGGUAN_KEYS_DIR = tmp_path / "keys"
    old = migrate(BEFORE)
    case = old.get_model("cases", "Case").objects.create(
        number="2026120500001",
        channel="hotline",
        description="路灯不亮",
        reported_at=timezone.now(),
        reporter_name="东方不败",
        reporter_phone="13512340000",
    )
    supporter = old.get_model("cases", "CaseSupporter").objects.create(
        case_id=case.pk, contact_hash="h", phone="13612340000", created_at=timezone.now()
    )
    department = old.get_model("org", "Department").objects.create(code="CGJ", name="城管局", kind="bureau")
    notice = old.get_model("notices", "Notice").objects.create(
        title="公示", body="正文", owner_department_id=department.pk
    )
    objection = old.get_model("notices", "Objection").objects.create(
        notice_id=notice.pk,
        revision=1,
        name="令狐冲",
        phone="13712340000",
        text="异议",
        filed_at=timezone.now(),
    )

    try:
        migrate(AFTER)
        name, phone, phone_hash = raw(
            "SELECT reporter_name, reporter_phone, reporter_phone_hash FROM cases_case WHERE id = %s",
            [case.pk],
        )
        assert fields.decrypt(name) == "东方不败" and fields.decrypt(phone) == "13512340000"
        assert phone_hash == fields.phone_hash("13512340000")
        (stored,) = raw("SELECT phone FROM cases_casesupporter WHERE id = %s", [supporter.pk])
        assert fields.decrypt(stored) == "13612340000"
        name, phone, phone_hash = raw(
            "SELECT name, phone, phone_hash FROM notices_objection WHERE id = %s", [objection.pk]
        )
        assert (fields.decrypt(name), fields.decrypt(phone)) == ("令狐冲", "13712340000")
        assert phone_hash == fields.phone_hash("13712340000")

        migrate(BEFORE)
        assert raw("SELECT reporter_name, reporter_phone FROM cases_case WHERE id = %s", [case.pk]) == (
            "东方不败",
            "13512340000",
        )
        assert raw("SELECT phone FROM cases_casesupporter WHERE id = %s", [supporter.pk]) == ("13612340000",)
        assert raw("SELECT name, phone FROM notices_objection WHERE id = %s", [objection.pk]) == (
            "令狐冲",
            "13712340000",
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
