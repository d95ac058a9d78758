"""Objectors' names and phones are encrypted at rest, with a keyed hash of the phone beside them; what the
staff read (masked, or revealed with an audit entry, tested in test_views) is unchanged."""

import pytest
from django.db import connection

from chengguan.core import fields
from chengguan.notices.models import Objection
from chengguan.org.models import Role
from chengguan.org.roles import RoleCode as R
from tests.database_bytes import database_bytes

from .conftest import object_to

NAME, PHONE = "上官飞燕", "13955554444"


@pytest.fixture
def roles(db):
    """Reference data from a migration, gone after an earlier transactional test's flush."""
    for code in R.values:
        Role.objects.get_or_create(code=code)


@pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed
def test_the_database_holds_no_objector_name_or_phone_in_clear_text(roles, published, tmp_path):
    objection = object_to(published, name=NAME, phone=PHONE)

    dump = database_bytes(tmp_path)

    assert published.title.encode() in dump  # the dump is real
    assert NAME.encode() not in dump and PHONE.encode() not in dump
    fresh = Objection.objects.get(pk=objection.pk)
    assert (fresh.name, fresh.phone) == (NAME, PHONE)
    assert fresh.phone_hash == fields.phone_hash(PHONE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM notices_objection WHERE id = %s", [objection.pk])
        assert all(fields.is_encrypted(value) for value in cursor.fetchone())
