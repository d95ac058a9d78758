"""Reporter names and phones are masked in the list, the detail and exports, for every role; only the
reveal endpoint gives them, to intake operators and dispatchers, and every reveal is audited."""

import io

import pytest
from openpyxl import load_workbook

from chengguan.core.models import AuditEntry
from tests.factories import UserFactory

from .conftest import LIST_URL, client_for, url

pytestmark = pytest.mark.django_db

NAME, PHONE = "张三丰", "13812345678"
MASKED_NAME, MASKED_PHONE = "张**", "138****5678"


def _reveals():
    return AuditEntry.objects.filter(action="privacy.reveal")


@pytest.mark.parametrize("who", ["handler", "dispatcher", "operator", "inspector"])
def test_list_and_detail_mask_the_reporter_for_every_role(world, dispatched, who):
    client = client_for(getattr(world, who))

    listed = client.get(LIST_URL)
    detail = client.get(url(dispatched))

    assert listed.status_code == detail.status_code == 200
    row = listed.json()["results"][0]
    for body in (row, detail.json()):
        assert body["reporter_name"] == MASKED_NAME and body["reporter_phone"] == MASKED_PHONE
        assert body["has_reporter_contact"] is True
    for response in (listed, detail):
        assert NAME not in response.content.decode() and PHONE not in response.content.decode()


def test_a_department_handler_exports_their_cases_with_the_reporter_masked(world, dispatched):
    client = client_for(world.handler)
    csv_text = client.get(LIST_URL + "export.csv").content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(LIST_URL + "export.xlsx").content))
    cells = [str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None]

    for text in (csv_text, " ".join(cells)):
        assert dispatched in text and MASKED_NAME in text and MASKED_PHONE in text
        assert NAME not in text and PHONE not in text


def test_an_account_without_a_staff_record_may_not_export(world, dispatched):
    outsider = UserFactory(username="outsider")
    for path in ("export.csv", "export.xlsx"):
        response = client_for(outsider).get(LIST_URL + path)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
        assert PHONE not in response.content.decode() and dispatched not in response.content.decode()


def test_exports_mask_the_reporter_even_for_a_dispatcher_who_may_reveal(world, dispatched):
    client = client_for(world.dispatcher)

    csv_text = client.get(LIST_URL + "export.csv").content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(LIST_URL + "export.xlsx").content))
    cells = [str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None]

    for text in (csv_text, " ".join(cells)):
        assert dispatched in text and MASKED_NAME in text and MASKED_PHONE in text
        assert NAME not in text and PHONE not in text


@pytest.mark.parametrize("who", ["dispatcher", "operator"])
def test_reveal_gives_intake_and_dispatch_the_real_contact_and_is_audited(world, dispatched, who):
    user = getattr(world, who)
    response = client_for(user).post(url(dispatched, "reveal"))

    assert response.status_code == 200
    assert response.json() == {"reporter_name": NAME, "reporter_phone": PHONE}
    assert response["Cache-Control"] == "no-store"
    entry = _reveals().get()
    assert entry.actor_id == user.pk and entry.target_type == "cases.case"
    assert entry.data["case"] == dispatched


@pytest.mark.parametrize("who", ["handler", "inspector", "lead"])
def test_reveal_is_refused_to_other_roles_and_nothing_is_audited(world, dispatched, who):
    response = client_for(getattr(world, who)).post(url(dispatched, "reveal"))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert PHONE not in response.content.decode()
    assert not _reveals().exists()


def test_a_report_without_contact_says_so(world, report):
    body = report(reporter_name="", reporter_phone="")
    assert body["has_reporter_contact"] is False
    assert body["reporter_name"] == "" and body["reporter_phone"] == ""
