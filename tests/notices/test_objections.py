"""Objections: only during the window, name and phone required, evidence checked by content."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chengguan.core import worktime
from chengguan.notices import services
from chengguan.notices.models import Objection

from .conftest import MONDAY, TZ, object_to, png

pytestmark = pytest.mark.django_db


def test_refused_before_publication(draft):
    with pytest.raises(services.NoticeRefused):
        object_to(draft)


def test_refused_after_the_window_even_before_the_periodic_job(published):
    with pytest.raises(services.NoticeRefused):
        object_to(published, now=published.objection_deadline)
    assert not Objection.objects.exists()


def test_refused_after_the_period_ended(published):
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=published.objection_deadline)
    with pytest.raises(services.NoticeRefused):
        object_to(published, now=published.objection_deadline - timedelta(minutes=1))


@pytest.mark.parametrize("missing", ["name", "phone", "text"])
def test_name_phone_and_text_are_required(published, missing):
    with pytest.raises(ValidationError) as caught:
        object_to(published, **{missing: "  "})
    assert missing in caught.value.message_dict
    assert not Objection.objects.exists()


def test_a_phone_must_look_like_one(published):
    with pytest.raises(ValidationError) as caught:
        object_to(published, phone="call me")
    assert "phone" in caught.value.message_dict


def test_evidence_photo_and_pdf_accepted_other_files_refused(published):
    pdf = SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n")
    objection = object_to(published, evidence=[png(), pdf])
    assert sorted(objection.evidence.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    fake = SimpleUploadedFile("photo.jpg", b"MZ this is an exe")
    with pytest.raises(ValidationError) as caught:
        object_to(published, evidence=[fake])
    assert "evidence" in caught.value.message_dict
    assert Objection.objects.count() == 1


def test_the_window_counts_working_days_over_national_day(draft, org):
    """Published Wednesday 2026-09-30 10:00 with 5 working days: 1–7 October are holidays and Saturday
    10 October is a swapped working day, so the period ends Tuesday 13 October 10:00."""
    assert not worktime.is_workday(datetime(2026, 10, 5).date())
    notice = services.publish_notice(
        notice_id=draft.pk, actor=org["officer"], now=datetime(2026, 9, 30, 10, 0, tzinfo=TZ)
    )
    assert notice.objection_deadline == datetime(2026, 10, 13, 10, 0, tzinfo=TZ)
    object_to(notice, now=datetime(2026, 10, 12, 16, 0, tzinfo=TZ))  # still open on the 12th
    with pytest.raises(services.NoticeRefused):
        object_to(notice, now=datetime(2026, 10, 13, 10, 0, tzinfo=TZ))


def test_objections_on_a_revision_are_marked_with_it(published, org):
    first = object_to(published)
    services.decide_objection(objection_id=first.pk, actor=org["officer"], decision="upheld", reasons="属实")
    services.revise_notice(
        notice_id=published.pk,
        actor=org["officer"],
        title="t2",
        body="b2",
        note="改",
        now=MONDAY + timedelta(hours=2),
    )
    second = object_to(published, now=MONDAY + timedelta(hours=3))
    assert (first.revision, second.revision) == (1, 2)
