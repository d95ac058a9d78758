"""The register's pages over HTTP: who opens what, the approval flow from the console, the sign check from
the inspector's form (the Done-when through HTTP), masked applicants, checked images, bad input as 400."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chengguan.adverts import services
from chengguan.adverts.models import Permit, PermitState, SignCheck
from chengguan.cases.models import Case
from chengguan.core.models import AuditEntry

from .conftest import CELL_1, application, approved, centre, photo, sign

pytestmark = pytest.mark.django_db


def form_data(**overrides) -> dict:
    lng, lat = centre(CELL_1)
    today = timezone.localdate()
    data = {
        "applicant_name": "王老板",
        "applicant_phone": "13912345678",
        "content_text": "百牙超市",
        "width_m": "4",
        "height_m": "1.2",
        "material": "acrylic",
        "address": "秋浦路12号",
        "lng": str(lng),
        "lat": str(lat),
        "valid_from": today.isoformat(),
        "valid_until": (today + timedelta(days=365)).isoformat(),
    }
    return {**data, **overrides}


def sign_data(**overrides) -> dict:
    lng, lat = centre(CELL_1)
    data = {
        "content_text": "百牙超市",
        "width_m": "4",
        "height_m": "1.2",
        "material": "acrylic",
        "address": "秋浦路12号",
        "lng": str(lng),
        "lat": str(lat),
        "photo": photo(),
    }
    return {**data, **overrides}


def test_the_section_registers_and_a_leader_approves_from_the_console(client, people):
    client.force_login(people.clerk)
    response = client.post(reverse("adverts:permit_create"), form_data())
    permit = Permit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("adverts:permit", args=[permit.pk])
    page = client.get(response["Location"])
    assert "王**" in page.content.decode() and "13912345678" not in page.content.decode()
    assert b"data-decide" not in page.content  # the clerk does not decide

    client.force_login(people.leader)
    page = client.get(reverse("adverts:permit", args=[permit.pk]))
    assert b"data-decide" in page.content
    response = client.post(
        reverse("adverts:permit_decide", args=[permit.pk]), {"decision": "approve", "note": ""}
    )
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.state == PermitState.APPROVED


def test_refusing_without_reasons_is_a_400_with_the_message(client, people):
    permit = application(people)
    client.force_login(people.leader)
    response = client.post(
        reverse("adverts:permit_decide", args=[permit.pk]), {"decision": "refuse", "note": ""}
    )
    assert response.status_code == 400
    permit.refresh_from_db()
    assert permit.state == PermitState.APPLIED


@pytest.mark.parametrize(
    "overrides",
    [{"width_m": "wide"}, {"lng": "10", "lat": "10"}, {"material": "gold"}, {"valid_until": "2000-01-01"}],
)
def test_bad_applications_are_400_and_store_nothing(client, people, overrides):
    client.force_login(people.clerk)
    response = client.post(reverse("adverts:permit_create"), form_data(**overrides))
    assert response.status_code == 400 and not Permit.objects.exists()


def test_roles_and_scope(client, people):
    permit = application(people)
    client.force_login(people.inspector)
    assert client.get(reverse("adverts:permits")).status_code == 200
    assert client.get(reverse("adverts:permit_create")).status_code == 403
    response = client.post(reverse("adverts:permit_decide", args=[permit.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert client.post(reverse("adverts:permit_reveal", args=[permit.pk])).status_code == 403
    client.force_login(people.dispatcher)  # no role that opens the register
    assert client.get(reverse("adverts:permits")).status_code == 403
    assert client.get(reverse("adverts:permit", args=[permit.pk])).status_code == 403
    client.force_login(people.clerk)
    assert client.get(reverse("adverts:check_create")).status_code == 403
    assert client.get(reverse("adverts:permit", args=[987654])).status_code == 404


def test_revealing_the_applicant_from_the_page_is_audited(client, people):
    permit = application(people)
    client.force_login(people.clerk)
    response = client.post(reverse("adverts:permit_reveal", args=[permit.pk]))
    assert response.status_code == 200 and "13912345678" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="privacy.reveal", target_id=str(permit.pk)).count() == 1


def test_an_unpermitted_sign_reported_from_the_form_becomes_a_case_and_a_covered_one_does_not(client, people):
    client.force_login(people.inspector)
    response = client.post(reverse("adverts:check_create"), sign_data())
    check = SignCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("adverts:check", args=[check.pk])
    page = client.get(response["Location"]).content.decode()
    case = Case.objects.get()
    assert case.category.code == "S0202" and f"data-case>{case.number}<" in page

    permit = approved(people, content_text="秋浦书店", material="metal")
    client.post(reverse("adverts:check_create"), sign_data(content_text="秋浦书店", material="metal"))
    covered = SignCheck.objects.latest("pk")
    assert covered.outcome == "covered" and covered.permit == permit and covered.case_id is None
    assert Case.objects.count() == 1
    page = client.get(reverse("adverts:check", args=[covered.pk])).content.decode()
    assert 'data-verdict="covered"' in page and permit.number in page


def test_a_bad_sign_check_is_400_and_stores_nothing(client, people):
    client.force_login(people.inspector)
    response = client.post(reverse("adverts:check_create"), sign_data(photo="", lng="200"))
    assert response.status_code == 400
    assert not SignCheck.objects.exists() and not Case.objects.exists()


def test_inspectors_see_their_own_checks_the_section_sees_all(client, people):
    client.force_login(people.inspector)
    client.post(reverse("adverts:check_create"), sign_data())
    check = SignCheck.objects.get()
    assert client.get(reverse("adverts:check_photo", args=[check.pk]))["Content-Type"].startswith("image/")
    client.force_login(people.inspector_2)
    assert client.get(reverse("adverts:check", args=[check.pk])).status_code == 404
    assert client.get(reverse("adverts:check_photo", args=[check.pk])).status_code == 404
    assert f'data-check="{check.pk}"' not in client.get(reverse("adverts:checks")).content.decode()
    client.force_login(people.clerk)
    assert f'data-check="{check.pk}"' in client.get(reverse("adverts:checks")).content.decode()


def test_the_list_filters_and_the_map_shows_the_same_permits(client, people):
    today = timezone.localdate()
    soon = approved(people, content_text="即将到期的招牌", valid_until=today + timedelta(days=10))
    later = approved(people, content_text="长期招牌")
    pending = application(people, content_text="待批招牌")
    client.force_login(people.leader)
    page = client.get(reverse("adverts:permits"), {"expiring": "on"}).content.decode()
    assert f'data-permit="{soon.pk}"' in page and f'data-permit="{later.pk}"' not in page
    page = client.get(reverse("adverts:permits"), {"state": "applied"}).content.decode()
    assert f'data-permit="{pending.pk}"' in page and f'data-permit="{soon.pk}"' not in page
    page = client.get(reverse("adverts:permits"), {"street": str(soon.street_id)}).content.decode()
    assert page.count("data-permit=") == 3
    assert client.get(reverse("adverts:permits"), {"state": "bogus"}).status_code == 400
    geo = client.get(reverse("adverts:permits_geojson"), {"state": "approved"}).json()
    assert {f["properties"]["url"] for f in geo["features"]} == {
        reverse("adverts:permit", args=[soon.pk]),
        reverse("adverts:permit", args=[later.pk]),
    }
    assert client.get(reverse("adverts:permits_geojson"), {"state": "bogus"}).status_code == 400
    assert client.get(reverse("adverts:map")).status_code == 200
    sorted_page = client.get(reverse("adverts:permits"), {"sort": "valid_until"}).content.decode()
    assert sorted_page.index(f'data-permit="{soon.pk}"') < sorted_page.index(f'data-permit="{later.pk}"')


def test_the_content_image_is_served_only_through_the_checked_view(client, people):
    permit = application(people, image=photo())
    client.force_login(people.inspector)
    response = client.get(reverse("adverts:permit_image", args=[permit.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(people.dispatcher)
    assert client.get(reverse("adverts:permit_image", args=[permit.pk])).status_code == 403


def test_an_amendment_from_the_console(client, people):
    permit = approved(people)
    client.force_login(people.clerk)
    page = client.get(reverse("adverts:permit_amend", args=[permit.pk]))
    assert page.status_code == 200 and "百牙超市" in page.content.decode()
    data = form_data(content_text="百牙超市（新）")
    data.pop("applicant_name"), data.pop("applicant_phone")
    response = client.post(reverse("adverts:permit_amend", args=[permit.pk]), data)
    amendment = Permit.objects.get(amends=permit)
    assert response.status_code == 302 and amendment.state == PermitState.APPLIED
    response = client.post(reverse("adverts:permit_amend", args=[permit.pk]), data)
    assert response.status_code == 400  # one pending amendment at a time


PAGES = [("adverts:permits", "leader"), ("adverts:checks", "clerk")]


@pytest.mark.parametrize(("url_name", "who"), PAGES)
def test_a_list_makes_a_fixed_number_of_queries(client, people, url_name, who, django_assert_num_queries):
    def fill(n, start):
        for i in range(start, start + n):
            approved(people, content_text=f"招牌{i}")
            services.record_sign_check(actor=people.inspector, **sign(content_text=f"招牌{i}"))

    fill(1, 0)
    client.force_login(getattr(people, who))
    client.get(reverse(url_name))  # caches of reference data (grid, categories) filled once per process
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(url_name)).status_code == 200
    fill(12, 1)
    with django_assert_num_queries(len(one)):
        assert client.get(reverse(url_name)).status_code == 200
