"""The report confirmation: the private tracking link as text to copy (absolute), and by text message to a
reporter who left a phone — once, however often the form is sent."""

import pytest
from django.urls import reverse

from chengguan.cases.models import Case
from chengguan.core.models import Outgoing
from chengguan.portal.tokens import tracking_token

from .conftest import report_data

pytestmark = pytest.mark.django_db
REPORT = "/report/"


def test_the_confirmation_shows_the_absolute_link_and_texts_it(
    client,
    world,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    data = report_data()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORT, data)
        again = client.post(REPORT, {**data, "form_stamp": report_data()["form_stamp"]})  # a double tap
    case = Case.objects.get()
    link = f"http://testserver/track/{case.number}/{tracking_token(case.number)}/"
    assert again["Location"] == response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f'value="{link}"' in page and "data-tracking-link-text" in page and "data-tracking-texted" in page
    assert [message.phone for message in sms_outbox] == ["13700001111"]
    assert link in sms_outbox[0].text and case.number in sms_outbox[0].text
    outgoing = Outgoing.objects.get(kind=Outgoing.Kind.TEXT)
    assert outgoing.phone == "13700001111"  # held with the message (encrypted at rest), not in the task


def test_no_phone_no_text(client, world, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORT, report_data(anonymous="on"))
    assert response.status_code == 302 and sms_outbox == []
    page = client.get(response["Location"]).content.decode()
    assert "data-tracking-link-text" in page and "data-tracking-texted" not in page


def test_a_wrong_token_shows_nothing(client, world):
    client.post(REPORT, report_data())
    case = Case.objects.get()
    assert client.get(reverse("portal:done", args=[case.number, "0" * 32])).status_code == 404


def test_the_text_goes_only_with_the_reports_own_link(client, world, sms_outbox):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from chengguan.core.refusals import MissingActor
    from chengguan.portal import services

    client.post(REPORT, report_data())
    case = Case.objects.get()
    with pytest.raises(PermissionDenied):
        services.text_tracking_link(case=case, actor=AnonymousUser(), path="/track/1/" + "0" * 32 + "/")
    with pytest.raises(MissingActor):
        services.text_tracking_link(case=case, actor=None, path=f"/track/{case.number}/x/")
