"""Evidence photos of inspections and vetoes: checked by content, stored, shown to the campaign's staff and
to the unit concerned only, and removed from disk when the write fails."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from chengguan.campaigns import services
from chengguan.campaigns.models import EvidencePhoto, Inspection

from .conftest import full_marks, unit_user


def png(name="site.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (30, 120, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def files_on_disk(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_inspection_photo_is_stored_and_shown_to_staff_and_the_unit_only(
    client, campaign, accepted, org, units, settings
):
    inspection = services.inspect_unit(
        application_id=accepted.site.pk, actor=org.inspector, scores=full_marks(campaign), photos=[png()]
    )
    photo = EvidencePhoto.objects.get(inspection=inspection)
    assert photo.content_type == "image/png" and len(files_on_disk(settings)) == 1
    url = reverse("campaigns:evidence", args=[photo.pk])
    client.force_login(unit_user(units.site))
    assert client.get(url).status_code == 200
    assert (
        "data-photos"
        in client.get(reverse("campaigns:unit_application", args=[accepted.site.pk])).content.decode()
    )
    client.force_login(unit_user(units.shop))
    assert client.get(url).status_code == 404
    client.force_login(org.officer)
    assert client.get(url)["Cache-Control"] == "private, no-store"
    client.force_login(org.outsider)
    assert client.get(url).status_code == 404


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_stored(campaign, accepted, org, settings):
    fake = SimpleUploadedFile("evil.png", b"<?php echo 1; ?>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.inspect_unit(
            application_id=accepted.site.pk, actor=org.inspector, scores=full_marks(campaign), photos=[fake]
        )
    assert "photos" in error.value.message_dict
    assert not Inspection.objects.exists() and files_on_disk(settings) == []


def test_a_failed_write_leaves_no_file_behind(campaign, accepted, org, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the case intake is down")

    monkeypatch.setattr(services.inspections.cases, "report_case", broken)
    with pytest.raises(RuntimeError):
        services.inspect_unit(
            application_id=accepted.site.pk,
            actor=org.inspector,
            scores=full_marks(campaign),
            findings=[("", "亂堆亂放")],
            photos=[png()],
        )
    assert not EvidencePhoto.objects.exists() and files_on_disk(settings) == []


def test_veto_with_a_photo(campaign, accepted, org):
    veto = services.record_veto(
        application_id=accepted.site.pk,
        actor=org.inspector,
        condition_id=campaign.veto_conditions.first().pk,
        evidence="現場照片",
        photos=[png("accident.png")],
    )
    assert veto.photos.get().original_name == "accident.png"


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"  # camera make and model
    exif[0x8825] = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (117.0, 29.0, 24.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_an_inspection_photo_is_served_without_gps_or_camera_and_a_polyglot_clean(
    client, campaign, accepted, org
):
    polyglot = gps_jpeg() + b"<html><script>alert(1)</script></html>"
    inspection = services.inspect_unit(
        application_id=accepted.site.pk,
        actor=org.inspector,
        scores=full_marks(campaign),
        photos=[SimpleUploadedFile("site.jpg", polyglot, content_type="image/jpeg")],
    )
    photo = EvidencePhoto.objects.get(inspection=inspection)
    client.force_login(org.officer)
    served = b"".join(client.get(reverse("campaigns:evidence", args=[photo.pk])).streaming_content)
    assert b"Canon" not in served and b"EOS 5D" not in served and b"<script" not in served
    exif = Image.open(io.BytesIO(served)).getexif()
    assert 0x8825 not in exif and 0x010F not in exif
    assert photo.content_type == "image/jpeg" and photo.size == len(served)


def test_a_huge_image_is_refused(campaign, accepted, org, settings):
    settings.CHENGGUAN_PHOTO_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("1", (2000, 2000)).save(buffer, format="PNG")
    with pytest.raises(ValidationError) as error:
        services.inspect_unit(
            application_id=accepted.site.pk,
            actor=org.inspector,
            scores=full_marks(campaign),
            photos=[SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")],
        )
    assert "photos" in error.value.message_dict
    assert not Inspection.objects.exists() and files_on_disk(settings) == []
