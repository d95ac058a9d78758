"""Reporter names and phones (and supporters' phones) are encrypted at rest: after reports through the
portal and the API, neither the SQLite database file nor a PostgreSQL dump holds them in clear text, while
masking, the audited reveal, idempotent replays and support once per phone still work, and rotating the
field key re-encrypts every row without changing what is read."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from chengguan.cases import services
from chengguan.cases.models import Case, CaseSupporter
from chengguan.cases.states import State
from chengguan.core import fields
from chengguan.core.models import AuditEntry
from tests.database_bytes import database_bytes
from tests.portal.conftest import report_data

PORTAL_NAME, PORTAL_PHONE = "欧阳明月", "13712345670"
API_NAME, API_PHONE = "司马长风", "13898765432"
SUPPORTER_PHONE = "13611112222"
SECRETS = (PORTAL_NAME, PORTAL_PHONE, API_NAME, API_PHONE, SUPPORTER_PHONE)


@pytest.fixture(autouse=True)
def _own_keys(settings, tmp_path):
    settings.CHENGGUAN_KEYS_DIR = tmp_path / "keys"
    cache.clear()  # the portal's rate-limit counters
    yield
    cache.clear()


def stored(model, pk, *columns) -> tuple:
    """The columns as the database holds them (no field conversion)."""
    table, names = model._meta.db_table, ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test's own names
        return cursor.fetchone()


def _report_through_portal_and_api(client, people) -> tuple[Case, Case]:
    response = client.post("/report/", report_data(reporter_name=PORTAL_NAME, reporter_phone=PORTAL_PHONE))
    assert response.status_code == 302
    api = APIClient()
    api.force_authenticate(people.intake)
    payload = {
        "description": "人行道上停满了电动车",
        "address": "秋浦路 88 号",
        "reporter_name": API_NAME,
        "reporter_phone": API_PHONE,
    }
    headers = {"Idempotency-Key": "privacy-at-rest-1"}
    first = api.post("/api/v1/cases/", payload, format="json", headers=headers)
    again = api.post("/api/v1/cases/", payload, format="json", headers=headers)
    assert first.status_code == 201 and again.status_code == 200  # the replay gives the same case
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["reporter_phone"] == "138****5432"
    portal_case = Case.objects.get(reporter_phone_hash=fields.phone_hash(PORTAL_PHONE))
    return portal_case, Case.objects.get(number=first.json()["number"])


@pytest.mark.django_db(transaction=True)  # pg_dump reads what is committed
def test_the_database_holds_no_reporter_or_supporter_contact_in_clear_text(
    client, make_case, people, tmp_path
):
    portal_case, api_case = _report_through_portal_and_api(client, people)
    supported = client.post(
        reverse("portal:support"), report_data(support_case=api_case.number, reporter_phone=SUPPORTER_PHONE)
    )
    assert supported.status_code == 200

    dump = database_bytes(tmp_path)

    assert portal_case.number.encode() in dump and api_case.number.encode() in dump  # the dump is real
    for secret in SECRETS:
        assert secret.encode() not in dump, secret
    # Read through the model, everything is as it was given.
    assert (portal_case.reporter_name, portal_case.reporter_phone) == (PORTAL_NAME, PORTAL_PHONE)
    assert (api_case.reporter_name, api_case.reporter_phone) == (API_NAME, API_PHONE)
    assert CaseSupporter.objects.get(case=api_case).phone == SUPPORTER_PHONE
    name, phone, phone_hash = stored(
        Case, api_case.pk, "reporter_name", "reporter_phone", "reporter_phone_hash"
    )
    assert (
        fields.is_encrypted(name)
        and fields.is_encrypted(phone)
        and phone_hash == fields.phone_hash(API_PHONE)
    )


@pytest.mark.django_db
def test_masking_and_the_audited_reveal_still_work(client, make_case, people):
    _portal_case, api_case = _report_through_portal_and_api(client, people)
    api = APIClient()
    api.force_authenticate(people.dispatcher)

    detail = api.get(f"/api/v1/cases/{api_case.number}/").json()
    revealed = api.post(f"/api/v1/cases/{api_case.number}/reveal/")

    assert detail["reporter_name"] == "司***" and detail["reporter_phone"] == "138****5432"
    assert revealed.json() == {"reporter_name": API_NAME, "reporter_phone": API_PHONE}
    entry = AuditEntry.objects.get(action="privacy.reveal")
    assert entry.actor_id == people.dispatcher.pk and entry.data["case"] == api_case.number
    assert API_PHONE not in str(entry.data) and API_NAME not in str(entry.data)


@pytest.mark.django_db
def test_support_once_per_phone_and_never_by_the_reporter_work_on_hashes(make_case):
    case = make_case(State.DISPATCHED, reporter_phone="13800138000")
    with pytest.raises(ValidationError, match="yourself|本人"):
        services.support_case(case_id=case.pk, actor=AnonymousUser(), phone="138-0013-8000")
    services.support_case(case_id=case.pk, actor=AnonymousUser(), phone="13911110000")
    with pytest.raises(ValidationError, match="already support|已附议"):
        services.support_case(case_id=case.pk, actor=AnonymousUser(), phone="139 1111 0000")
    assert Case.objects.get(pk=case.pk).support_count == 1


@pytest.mark.parametrize("suite", ["international", "sm"])
@pytest.mark.django_db
def test_rotating_the_field_key_re_encrypts_every_row_and_everything_still_reads(
    settings, client, make_case, people, suite
):
    portal_case, api_case = _report_through_portal_and_api(client, people)
    services.support_case(case_id=api_case.pk, actor=AnonymousUser(), phone=SUPPORTER_PHONE)
    supporter = CaseSupporter.objects.get(case=api_case)
    old_key = fields.current_key_id()
    settings.CHENGGUAN_CRYPTO_SUITE = suite

    call_command("rotate_field_keys", stdout=io.StringIO(), stderr=io.StringIO())

    new_key = fields.current_key_id()
    assert new_key != old_key
    marker = f"v1:{new_key}:{fields.default_cipher()}:"
    for case in (portal_case, api_case):
        assert all(
            value.startswith(marker) for value in stored(Case, case.pk, "reporter_name", "reporter_phone")
        )
    assert stored(CaseSupporter, supporter.pk, "phone")[0].startswith(marker)
    fresh = Case.objects.get(pk=api_case.pk)
    assert (fresh.reporter_name, fresh.reporter_phone) == (API_NAME, API_PHONE)
    assert CaseSupporter.objects.get(pk=supporter.pk).phone == SUPPORTER_PHONE
    # The lookup hashes are not rotated: the same phone is still found, support still counted once.
    assert Case.objects.get(reporter_phone_hash=fields.phone_hash(PORTAL_PHONE)).pk == portal_case.pk
    with pytest.raises(ValidationError, match="already support|已附议"):
        services.support_case(case_id=api_case.pk, actor=AnonymousUser(), phone=SUPPORTER_PHONE)
    assert AuditEntry.objects.filter(action="crypto.fields_rotated").exists()


@pytest.mark.django_db
def test_an_encrypted_field_cannot_be_filtered_on_its_clear_value(make_case):
    make_case(State.ACCEPTED)
    with pytest.raises(ValueError, match="keyed hash"):
        list(Case.objects.filter(reporter_phone="13800138000"))
    assert Case.objects.filter(reporter_phone_hash=fields.phone_hash("13800138000")).count() == 1
