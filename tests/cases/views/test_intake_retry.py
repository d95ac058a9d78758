"""A refused hotline intake comes back with everything typed, and its photos are held on the server: the
corrected form is sent again without picking the files again."""

import os
import time

import pytest
from django.urls import reverse

from chengguan.cases.models import Attachment, Case
from chengguan.cases.views import held_photos
from tests.cases.conftest import GARBAGE, photo

from .test_intake import form_data, fresh_key

pytestmark = pytest.mark.django_db


def held_folders(media):
    root = media / "intake-held"
    return [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []


def test_a_refused_form_keeps_every_field_and_its_photos_for_the_retry(client, categories, people, media):
    client.force_login(people.intake)
    key = fresh_key(client)
    typed = form_data(
        key,
        description="",  # forgotten: the form is refused
        address="长江路 12 号",
        urgency="urgent",
        reporter_name="王五",
        reporter_phone="13812345678",
        photos=[photo("PNG", "门口.png"), photo("JPEG", "远景.jpg")],
    )
    refused = client.post(reverse("cases:intake"), typed)
    assert refused.status_code == 400 and not Case.objects.exists()
    html = refused.content.decode()
    for value in ("长江路 12 号", "王五", "13812345678", f"{GARBAGE} 暴露垃圾", typed["lng"], key):
        assert f'value="{value}"' in html, value
    assert '<option value="urgent" selected>' in html
    assert "门口.png" in html and "远景.jpg" in html and "data-held-photos" in html
    assert len(held_folders(media)) == 1

    retry = {k: v for k, v in typed.items() if k != "photos"}
    retry["description"] = "小区门口垃圾成堆"
    response = client.post(reverse("cases:intake"), retry)
    assert response.status_code == 302
    case = Case.objects.get()
    attachments = Attachment.objects.filter(case=case, kind=Attachment.Kind.REPORT)
    assert attachments.count() == 2
    assert held_folders(media) == []  # used, then deleted
    assert held_photos.held(client.session, key) == []


def test_a_photo_the_service_refuses_is_not_held_but_the_good_one_is(client, categories, people, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.intake)
    key = fresh_key(client)
    fake = SimpleUploadedFile("evil.jpg", b"MZ not an image")
    refused = client.post(reverse("cases:intake"), form_data(key, photos=[fake, photo("PNG", "good.png")]))
    assert refused.status_code == 400 and refused.context["form"].errors.get("photos")
    assert [p["name"] for p in refused.context["held_photos"]] == ["good.png"]
    assert client.post(reverse("cases:intake"), form_data(key)).status_code == 302
    assert Attachment.objects.filter(case=Case.objects.get()).count() == 1


def test_the_operator_may_drop_the_held_photos(client, categories, people, media):
    client.force_login(people.intake)
    key = fresh_key(client)
    client.post(reverse("cases:intake"), form_data(key, description="", photos=[photo("PNG")]))
    assert len(held_folders(media)) == 1
    response = client.post(reverse("cases:intake"), form_data(key, drop_held="1"))
    assert response.status_code == 302
    assert not Attachment.objects.filter(case=Case.objects.get()).exists()
    assert held_folders(media) == []


def test_held_photos_belong_to_their_form_and_expire(client, categories, people, media):
    client.force_login(people.intake)
    key = fresh_key(client)
    client.post(reverse("cases:intake"), form_data(key, description="", photos=[photo("PNG")]))
    # another form (another key) does not get them
    other = client.post(reverse("cases:intake"), form_data(fresh_key(client)))
    assert other.status_code == 302 and not Attachment.objects.exists()
    (folder,) = held_folders(media)
    old = time.time() - held_photos.HOLD_SECONDS - 60
    os.utime(folder, (old, old))
    assert held_photos.sweep() == 1 and held_folders(media) == []
    session = client.session
    assert held_photos.held(session, key) == []  # the session's entry points at nothing now
