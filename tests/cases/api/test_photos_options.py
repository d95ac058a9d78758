"""The API's photo URLs work for their reader (and only for those who may see the case), every action
endpoint answers OPTIONS, and stored photos carry no EXIF or GPS."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chengguan.cases.api.allowed import ENDPOINTS
from chengguan.cases.models import Attachment

from .conftest import LIST_URL, client_for, report_payload, url

pytestmark = pytest.mark.django_db


def gps_jpeg(name: str = "gps.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"  # camera make and model
    exif[0x8825] = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (117.0, 29.0, 24.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert b"Canon" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return SimpleUploadedFile(
        name, data + b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


def test_a_photo_is_stored_and_served_without_its_gps_camera_or_appended_bytes(world, media):
    client = client_for(world.operator)
    response = client.post(LIST_URL, {**report_payload(), "photos": [gps_jpeg()]}, format="multipart")
    assert response.status_code == 201, response.json()
    attachment = response.json()["timeline"][0]["attachments"][0]
    assert "/api/v1/cases/photos/" in attachment["url"] and "/media/" not in attachment["url"]

    served = client.get(attachment["url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content)
    image = Image.open(io.BytesIO(data))
    assert image.size == (64, 48) and not image.getexif().get_ifd(0x8825) and not image.getexif()
    assert b"Canon" not in data and b"<script>" not in data
    stored = Attachment.objects.get()
    assert stored.file.read() == data and stored.size == len(data)

    number = response.json()["number"]
    assert client_for(world.other_handler).get(attachment["url"]).status_code == 404  # not their case
    assert client_for().get(attachment["url"]).status_code in (401, 403)
    assert client_for(world.operator).get(url(number)).status_code == 200


@pytest.mark.parametrize("action", sorted(ENDPOINTS))
def test_options_on_every_action_endpoint_is_answered(world, action):
    response = client_for(world.operator).options(url("2026120100001", action))
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize(
    ("lng", "lat"), [(0, 0), (180, 90), (True, 30.66), (117.49, True), ("nan", 30.66), (181, 30.66)]
)
def test_the_intake_takes_only_real_points_inside_the_area(world, lng, lat):
    response = client_for(world.operator).post(
        LIST_URL, {**report_payload(), "lng": lng, "lat": lat}, format="json"
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid" and body["message"] and set(body["errors"]) & {"lng", "lat"}
    assert not Attachment.objects.exists()
