"""Evidence files (issue 16): photos are stored re-encoded by core.images.clean_image (no GPS, no camera,
bounded), recordings and other files only when their content matches their type; a refused file leaves
nothing stored."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from chengguan.conduct import services
from chengguan.conduct.models import (
    EnforcementAction,
    EvidenceFile,
    Finding,
    FindingEvidence,
    FindingTarget,
    InspectionKind,
)

from .conftest import upload, user

pytestmark = pytest.mark.django_db


def gps_jpeg(size=(64, 48)) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS 5D"  # camera make and model
    exif[0x8825] = {1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (117.0, 29.0, 24.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def assert_clean(data: bytes):
    assert b"Canon" not in data and b"EOS 5D" not in data and b"<script" not in data
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert 0x8825 not in exif and 0x010F not in exif


def files_on_disk(settings) -> list:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def record(org, files):
    started = timezone.now() - timedelta(hours=2)
    return services.record_enforcement_action(
        actor=user(org, "officer"),
        lead_officer=org["officer"],
        officers=[org["partner"]],
        started_at=started,
        ended_at=started + timedelta(minutes=30),
        place="人民路",
        legal_basis="条例",
        outcome="改正",
        evidence=files,
    )


def test_random_bytes_named_mp4_are_refused_and_nothing_is_stored(org, settings):
    fake = SimpleUploadedFile("b.mp4", bytes(range(256)) * 4, content_type="video/mp4")
    with pytest.raises(services.EnforcementRefused) as refused:
        record(org, [("DV-1", upload("a.mp4")), ("DV-2", fake)])
    assert refused.value.code == "enforcement_refused"
    message = " ".join(refused.value.message_dict["evidence"])
    assert "b.mp4" in message and ".mp4" in message
    assert not EnforcementAction.objects.exists() and not EvidenceFile.objects.exists()
    assert files_on_disk(settings) == []


def test_an_enforcement_photo_is_stored_without_its_metadata(org):
    photo = SimpleUploadedFile("scene.jpg", gps_jpeg(), content_type="image/jpeg")
    action = record(org, [("DV-1", upload("a.mp4")), ("DV-2", photo)])
    stored = action.evidence.get(device="DV-2")
    data = stored.file.read()
    assert_clean(data)
    assert stored.content_type == "image/jpeg" and stored.size == len(data)
    assert stored.original_name == "scene.jpg"


def _inspection(org):
    return services.create_inspection(
        actor=user(org, "discipline"),
        kind=InspectionKind.SCHEDULED,
        title="例行督察",
        held_on=timezone.localdate(),
        department=org["office"],
        inspectors=[org["discipline"]],
    )


def test_a_finding_photo_is_cleaned_and_a_polyglot_loses_its_payload(org, settings):
    inspection = _inspection(org)
    polyglot = gps_jpeg() + b"<html><script>alert(1)</script></html>"
    finding = services.record_finding(
        actor=user(org, "discipline"),
        inspection_id=inspection.pk,
        target=FindingTarget.PLACE,
        place="人民路",
        description="占道",
        evidence=[SimpleUploadedFile("scene.jpg", polyglot, content_type="image/jpeg")],
    )
    stored = FindingEvidence.objects.get(finding=finding)
    assert_clean(stored.file.read())


def test_a_finding_file_that_is_not_what_it_claims_is_refused(org, settings):
    inspection = _inspection(org)
    with pytest.raises(ValidationError) as refused:
        services.record_finding(
            actor=user(org, "discipline"),
            inspection_id=inspection.pk,
            target=FindingTarget.PLACE,
            place="人民路",
            description="占道",
            evidence=[SimpleUploadedFile("clip.mp4", b"#!/bin/sh\nrm -rf /\n" * 4)],
        )
    assert "clip.mp4" in " ".join(refused.value.message_dict["evidence"])
    assert not Finding.objects.exists() and files_on_disk(settings) == []
