"""After the reporter has rated, the private tracking page shows the rating given and asks no more; the
rating page shows the photos after handling, served through the follow-up link only and re-encoded."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chengguan.cases import services
from chengguan.cases.models import Attachment
from chengguan.cases.states import State
from chengguan.portal.tokens import tracking_token

from .conftest import photo

pytestmark = pytest.mark.django_db


def gps_photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc"
    raw = io.BytesIO()
    image.save(raw, "JPEG", exif=exif)
    return SimpleUploadedFile("after.jpg", raw.getvalue())


@pytest.fixture
def closed_case(world, people, media):
    case = world(State.IN_PROGRESS, reporter_phone="")
    services.report_handled(
        case_id=case.pk, actor=people.handler, note="已清运", photos=[gps_photo(), photo()]
    )
    services.verify_case(case_id=case.pk, actor=people.inspector, passed=True)
    services.close_case(case_id=case.pk, actor=people.intake)
    case.refresh_from_db()
    return case


def private(client, case):
    return client.get(reverse("portal:track_private", args=[case.number, tracking_token(case.number)]))


def test_after_rating_the_tracking_page_shows_the_rating_and_asks_no_more(client, closed_case):
    page = private(client, closed_case).content.decode()
    assert "data-rate-link" in page and "data-rated" not in page
    rate = client.get(reverse("portal:rate", args=[closed_case.number, tracking_token(closed_case.number)]))
    assert client.post(rate["Location"], {"rating": 4, "comment": "还可以再快些"}).status_code == 302
    page = private(client, closed_case).content.decode()
    assert "data-rate-link" not in page
    assert 'data-rated="4"' in page and "还可以再快些" in page


def test_a_reopened_and_closed_again_case_asks_again(client, closed_case, people):
    rate = client.get(reverse("portal:rate", args=[closed_case.number, tracking_token(closed_case.number)]))
    client.post(rate["Location"], {"rating": 1, "problem_persists": "on"})
    case = closed_case
    services.reopen_case(case_id=case.pk, actor=people.dispatcher, reason="问题复现")
    services.dispatch_case(case_id=case.pk, actor=people.dispatcher, department=case.department)
    services.report_handled(case_id=case.pk, actor=people.handler, note="再次清运")
    services.verify_case(case_id=case.pk, actor=people.inspector, passed=True)
    services.close_case(case_id=case.pk, actor=people.intake)
    page = private(client, case).content.decode()
    assert "data-rate-link" in page and "data-rated" not in page


def test_the_rating_page_shows_the_after_photos_without_metadata(client, closed_case):
    rate = client.get(reverse("portal:rate", args=[closed_case.number, tracking_token(closed_case.number)]))
    page = client.get(rate["Location"])
    token = page.context["follow_up"].token
    html = page.content.decode()
    after = closed_case.attachments.filter(kind=Attachment.Kind.HANDLING)
    assert after.count() == 2 and 'data-after-photos="2"' in html
    for attachment in after:
        assert reverse("cases:follow_up_photo", args=[token, attachment.pk]) in html
    first = after.order_by("id").first()
    served = client.get(reverse("cases:follow_up_photo", args=[token, first.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"SpyCam" not in served.content and not Image.open(io.BytesIO(served.content)).getexif()


def test_a_follow_up_photo_needs_the_right_link_and_kind(client, closed_case, world, media):
    rate = client.get(reverse("portal:rate", args=[closed_case.number, tracking_token(closed_case.number)]))
    token = client.get(rate["Location"]).context["follow_up"].token
    after = closed_case.attachments.filter(kind=Attachment.Kind.HANDLING).first()
    assert client.get(reverse("cases:follow_up_photo", args=["x" * 32, after.pk])).status_code == 404
    other = world(State.ACCEPTED, photos=[photo()]).attachments.get()  # another case's report photo
    assert client.get(reverse("cases:follow_up_photo", args=[token, other.pk])).status_code == 404
