"""Tracking: the public view by number and on the case page, the private link with the reporter's own
description and the follow-up rating once closed, and public photos only."""

import pytest
from django.urls import reverse

from chengguan.cases import services
from chengguan.cases.models import Attachment, CaseEvent, FollowUp
from chengguan.cases.states import Channel, State
from chengguan.org.models import Staff
from chengguan.portal.tokens import tracking_token

from .conftest import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(world, people, media):
    """A case taken through the whole lifecycle by staff with distinctive names, with handling photos."""
    for staff in Staff.objects.all():
        staff.name = f"职员{staff.pk}号王"
        staff.save(update_fields=["name"])
    case = world(State.HANDLED, reporter_name="钱多多", reporter_phone="13911112222", photos=[photo()])
    services.verify_case(case_id=case.pk, actor=people.inspector, passed=True, note="核查人员现场确认")
    services.close_case(case_id=case.pk, actor=people.intake, note="已办结")
    case.refresh_from_db()
    return case


def _pages(client, case) -> dict:
    token = tracking_token(case.number)
    return {
        "number": client.get(reverse("portal:track"), {"number": case.number}),
        "case": client.get(reverse("portal:case", args=[case.number])),
        "private": client.get(reverse("portal:track_private", args=[case.number, token])),
    }


def test_no_page_shows_the_reporter_or_any_staff_name(client, closed_case):
    names = set(Staff.objects.values_list("name", flat=True))
    names |= set(CaseEvent.objects.exclude(actor_name="").values_list("actor_name", flat=True))
    assert len(names) > 3
    for kind, response in _pages(client, closed_case).items():
        html = response.content.decode()
        assert response.status_code == 200, kind
        assert closed_case.number in html and "已办结" in html
        for secret in (closed_case.reporter_name, closed_case.reporter_phone, *names):
            assert secret not in html, (kind, secret)


def test_only_the_private_link_shows_the_description_and_the_rating(client, closed_case):
    pages = _pages(client, closed_case)
    assert closed_case.description in pages["private"].content.decode()
    assert "data-rate-link" in pages["private"].content.decode()
    for kind in ("number", "case"):
        html = pages[kind].content.decode()
        assert closed_case.description not in html and "data-rate-link" not in html


def test_a_wrong_token_or_unknown_number_finds_nothing(client, closed_case):
    assert client.get(reverse("portal:track_private", args=[closed_case.number, "0" * 32])).status_code == 404
    assert client.get(reverse("portal:track"), {"number": "20991231999"}).status_code == 404
    assert client.get(reverse("portal:case", args=["20991231999"])).status_code == 404


def test_the_reporter_rates_the_closed_case_from_the_private_link(client, world, people):
    case = world(State.CLOSED, reporter_phone="")  # no phone: no text with a follow-up link was sent
    assert not FollowUp.objects.filter(case=case).exists()
    rate = client.get(reverse("portal:rate", args=[case.number, tracking_token(case.number)]))
    follow_up = FollowUp.objects.get(case=case)
    assert rate["Location"] == reverse("cases:follow_up", args=[follow_up.token])
    answer = client.post(rate["Location"], {"rating": 5, "comment": "很快"})
    assert answer.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.rating == 5 and follow_up.answered_at is not None


def test_an_open_case_has_no_rating_and_shows_its_expected_completion(client, world):
    case = world(State.DISPATCHED)
    token = tracking_token(case.number)
    page = client.get(reverse("portal:track_private", args=[case.number, token])).content.decode()
    assert "data-expected" in page and "data-rate-link" not in page
    rate = client.get(reverse("portal:rate", args=[case.number, token]))
    assert rate["Location"] == reverse("portal:track_private", args=[case.number, token])
    assert not FollowUp.objects.exists()


def test_photos_are_served_only_when_public(client, closed_case, world, people, media):
    public = closed_case.attachments.get(kind=Attachment.Kind.REPORT)
    assert client.get(reverse("portal:photo", args=[public.pk])).status_code == 200
    handled = world(State.IN_PROGRESS)
    services.report_handled(case_id=handled.pk, actor=people.handler, note="ok", photos=[photo()])
    services.verify_case(case_id=handled.pk, actor=people.inspector, passed=True, photos=[photo()])
    kinds = dict(Attachment.objects.filter(case=handled).values_list("kind", "pk"))
    assert client.get(reverse("portal:photo", args=[kinds["handling"]])).status_code == 200
    assert client.get(reverse("portal:photo", args=[kinds["verification"]])).status_code == 404
    internal = world(State.REPORTED, channel=Channel.CONDUCT, photos=[photo()])
    hidden = internal.attachments.get()
    assert client.get(reverse("portal:photo", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("portal:case", args=[internal.number])).status_code == 404


def test_a_public_photo_is_served_without_its_gps_and_camera_tags(client, world, media):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x8825] = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (117.0, 29.0, 24.0)}  # GPS
    raw = io.BytesIO()
    image.save(raw, "JPEG", exif=exif)
    case = world(State.ACCEPTED, photos=[SimpleUploadedFile("gps.jpg", raw.getvalue())])
    attachment = case.attachments.get()
    served = client.get(reverse("portal:photo", args=[attachment.pk]))
    body = b"".join(served.streaming_content) if served.streaming else served.content
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"SpyCam" not in body and b"Model X" not in body
    assert not Image.open(io.BytesIO(body)).getexif()


def test_a_merged_report_s_page_points_to_the_case_that_carries_it(client, world, people):
    survivor = world(State.DISPATCHED)
    duplicate = world(State.REPORTED)
    services.merge_case(case_id=duplicate.pk, actor=people.dispatcher, into=survivor.number)
    html = client.get(reverse("portal:case", args=[duplicate.number])).content.decode()
    assert f'data-merged-into="{survivor.number}"' in html
    assert (
        'data-merged-into="'
        not in client.get(reverse("portal:case", args=[survivor.number])).content.decode()
    )
