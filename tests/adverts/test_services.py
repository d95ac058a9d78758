"""The approval flow of a permit through the services: roles, states, amendments, events and audit, the
applicant kept encrypted and revealed only with an audit entry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from chengguan.adverts import services
from chengguan.adverts.models import AdvertAction, Permit, PermitState
from chengguan.core.models import AuditEntry
from chengguan.core.privacy import mask_name

from .conftest import CELL_3, STREET, STREET_2, application, approved, centre

pytestmark = pytest.mark.django_db


def actions(permit) -> list[str]:
    return list(permit.events.order_by("at", "id").values_list("action", flat=True))


def test_an_application_is_registered_by_the_section_in_its_street_and_awaits_approval(people):
    permit = application(people)
    assert permit.state == PermitState.APPLIED
    assert permit.number.startswith("GG") and permit.number.endswith(f"{permit.pk:05d}")
    assert permit.street.code == STREET
    assert permit.department.code == "CGJ-GGGL"
    assert actions(permit) == [AdvertAction.APPLY]
    assert AuditEntry.objects.filter(action="adverts.apply", target_id=str(permit.pk)).exists()


def test_the_applicant_is_encrypted_at_rest(people):
    permit = application(people)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT applicant_name, applicant_phone FROM adverts_permit WHERE id = %s", [permit.pk]
        )
        name, phone = cursor.fetchone()
    assert "王老板" not in name and "13912345678" not in phone
    assert Permit.objects.get(pk=permit.pk).applicant_phone == "13912345678"
    assert Permit.objects.filter(applicant_phone_hash=permit.applicant_phone_hash).count() == 1


@pytest.mark.parametrize("who", ["inspector", "handler", "leader"])
def test_only_the_section_registers_applications(people, who):
    with pytest.raises(PermissionDenied):
        application(people, actor=getattr(people, who))
    assert not Permit.objects.exists()


def test_a_bad_application_names_every_bad_field_and_stores_nothing(people):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        application(
            people,
            applicant_name=" ",
            lng=10.0,
            lat=10.0,
            width_m="wide",
            height_m=Decimal("0"),
            material="gold",
            valid_from=today,
            valid_until=today - timedelta(days=1),
        )
    assert set(caught.value.message_dict) >= {
        "applicant_name",
        "location",
        "width_m",
        "height_m",
        "material",
        "valid_until",
    }
    assert not Permit.objects.exists()


def test_a_leader_over_the_section_approves_and_the_permit_is_in_force(people):
    permit = application(people)
    services.approve_permit(actor=people.section_leader, permit_id=permit.pk, note="符合规划")
    permit.refresh_from_db()
    assert permit.state == PermitState.APPROVED and permit.decided_by == people.section_leader
    assert actions(permit) == [AdvertAction.APPLY, AdvertAction.APPROVE]
    event = permit.events.get(action=AdvertAction.APPROVE)
    assert (event.from_state, event.to_state, event.note) == ("applied", "approved", "符合规划")
    assert AuditEntry.objects.filter(action="adverts.approve", target_id=str(permit.pk)).exists()


@pytest.mark.parametrize("who", ["clerk", "other_leader", "inspector"])
def test_no_one_else_decides(people, who):
    permit = application(people)
    with pytest.raises(PermissionDenied):
        services.approve_permit(actor=getattr(people, who), permit_id=permit.pk)
    with pytest.raises(PermissionDenied):
        services.refuse_permit(actor=getattr(people, who), permit_id=permit.pk, reason="不符合")
    permit.refresh_from_db()
    assert permit.state == PermitState.APPLIED


def test_refusing_needs_reasons_and_ends_the_application(people):
    permit = application(people)
    with pytest.raises(ValidationError):
        services.refuse_permit(actor=people.leader, permit_id=permit.pk, reason="  ")
    services.refuse_permit(actor=people.leader, permit_id=permit.pk, reason="遮挡消防通道")
    permit.refresh_from_db()
    assert permit.state == PermitState.REFUSED and permit.decision_note == "遮挡消防通道"
    with pytest.raises(services.AdvertRefused) as caught:
        services.approve_permit(actor=people.leader, permit_id=permit.pk)
    assert caught.value.code == "wrong_state"


def test_an_application_whose_validity_has_ended_cannot_be_approved(people):
    today = timezone.localdate()
    permit = application(people, valid_from=today - timedelta(days=30), valid_until=today - timedelta(days=1))
    with pytest.raises(services.AdvertRefused) as caught:
        services.approve_permit(actor=people.leader, permit_id=permit.pk)
    assert caught.value.code == services.AdvertCode.ALREADY_ENDED


def test_revoking_an_approved_permit(people):
    permit = approved(people)
    services.revoke_permit(actor=people.admin, permit_id=permit.pk, reason="规划调整")
    permit.refresh_from_db()
    assert permit.state == PermitState.REVOKED and permit.ended_at is not None
    with pytest.raises(services.AdvertRefused):
        services.revoke_permit(actor=people.admin, permit_id=permit.pk, reason="再次")


def test_a_change_is_an_amendment_that_supersedes_the_permit_only_when_approved(people):
    permit = approved(people)
    lng, lat = centre(CELL_3)
    amendment = application(
        people, amends_id=permit.pk, applicant_name="", applicant_phone="", lng=lng, lat=lat
    )
    assert amendment.state == PermitState.APPLIED and amendment.amends == permit
    assert amendment.applicant_name == "王老板"  # the applicant stays the permit's
    assert amendment.street.code == STREET_2
    event = amendment.events.get()
    assert event.action == AdvertAction.AMEND and set(event.changes) == {
        "lng",
        "amends",
    }  # same row of cells: same latitude
    permit.refresh_from_db()
    assert permit.state == PermitState.APPROVED  # still stands while the change is pending
    with pytest.raises(services.AdvertRefused) as caught:
        application(people, amends_id=permit.pk, content_text="百牙超市二店")
    assert caught.value.code == services.AdvertCode.PENDING_AMENDMENT

    services.approve_permit(actor=people.leader, permit_id=amendment.pk)
    permit.refresh_from_db()
    assert permit.state == PermitState.SUPERSEDED
    assert actions(permit)[-1] == AdvertAction.SUPERSEDE


def test_an_amendment_that_changes_nothing_is_refused(people):
    permit = approved(people)
    with pytest.raises(services.AdvertRefused) as caught:
        application(people, amends_id=permit.pk)
    assert caught.value.code == services.AdvertCode.NOTHING_CHANGED
    assert Permit.objects.count() == 1


def test_only_an_approved_permit_can_be_amended(people):
    permit = application(people)
    with pytest.raises(services.AdvertRefused):
        application(people, amends_id=permit.pk, content_text="新内容")


def test_revealing_the_applicant_is_audited_and_limited_to_the_section_and_approvers(people):
    permit = application(people)
    assert mask_name(permit.applicant_name) == "王**"
    with pytest.raises(PermissionDenied):
        services.reveal_applicant(actor=people.inspector, permit_id=permit.pk)
    shown = services.reveal_applicant(actor=people.clerk, permit_id=permit.pk)
    assert shown == {"applicant_name": "王老板", "applicant_phone": "13912345678"}
    entry = AuditEntry.objects.get(action="privacy.reveal", target_id=str(permit.pk))
    assert entry.actor_username == "clerk" and "13912345678" not in str(entry.data)


def test_a_content_image_is_stored_without_its_metadata(people):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buffer, format="JPEG", exif=exif.tobytes())
    assert b"SecretCam" in buffer.getvalue()
    permit = application(people, image=SimpleUploadedFile("ad.jpg", buffer.getvalue()))
    stored = permit.image.read()
    assert stored and b"SecretCam" not in stored and permit.image_type == "image/jpeg"
    with pytest.raises(ValidationError) as caught:
        application(people, image=SimpleUploadedFile("ad.jpg", b"not an image"))
    assert "image" in caught.value.message_dict


def test_an_amendment_of_a_permit_revoked_meanwhile_cannot_be_approved(people):
    permit = approved(people)
    amendment = application(people, amends_id=permit.pk, content_text="百牙超市二店")
    services.revoke_permit(actor=people.leader, permit_id=permit.pk, reason="违规")
    with pytest.raises(services.AdvertRefused):
        services.approve_permit(actor=people.leader, permit_id=amendment.pk)
    amendment.refresh_from_db()
    assert amendment.state == PermitState.APPLIED
