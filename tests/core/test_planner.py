"""`joins_as_written`: PostgreSQL keeps the written join order inside the block, and only there."""

import pytest
from django.db import connection, transaction

from chengguan.core.planner import joins_as_written


def _limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_join_order_is_kept_inside_the_block_only():
    if connection.vendor != "postgresql":
        with joins_as_written():  # nothing to set on SQLite: a plain block
            assert connection.vendor == "sqlite"
        return
    before = _limit()
    with joins_as_written():
        assert _limit() == "1"
    assert _limit() == before != "1"
    with transaction.atomic(), joins_as_written():  # a caller's transaction: left alone
        assert _limit() == before
