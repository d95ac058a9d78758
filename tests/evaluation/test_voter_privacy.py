"""A voter's phone is never stored: after verifying it and voting, neither the SQLite database file nor a
PostgreSQL dump holds it, and one ballot per phone still holds (the unique constraint on its keyed hash)."""

import pytest
from django.db import IntegrityError, transaction

from chengguan.evaluation import services
from chengguan.evaluation.models import Ballot
from tests.database_bytes import database_bytes

from .conftest import DEPT_A, ballot, target, verified

PHONE = "13566667777"


@pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed
def test_no_voter_phone_in_the_database_and_one_ballot_per_phone(open_round, sms_outbox, tmp_path):
    voter = verified(open_round, PHONE, sms_outbox)
    cast = ballot(open_round, target(open_round, DEPT_A), voter, 5, 4)
    with pytest.raises(services.EvaluationRefused):
        ballot(open_round, target(open_round, DEPT_A), voter, 1, 1, ip="10.9.9.9")
    copy = Ballot.objects.get(pk=cast.pk)
    copy.pk = copy.id = None
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds it too
        copy.save(force_insert=True)

    dump = database_bytes(tmp_path)

    assert open_round.title.encode() in dump  # the dump is real
    assert PHONE.encode() not in dump
    assert Ballot.objects.filter(voter_hash=voter).count() == 1
