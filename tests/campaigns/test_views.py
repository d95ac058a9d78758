"""The pages through the test client: roles and scope, the unit sees only its own (Done when #3), the
dashboard, search, export, certificate and the public page."""

import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chengguan.campaigns import services
from chengguan.campaigns.models import Application, Campaign, Title, Unit
from chengguan.core.models import AuditEntry

from .conftest import TZ, full_marks, unit_user

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def scored(campaign, accepted, org, units):
    services.file_report(
        report_id=accepted.site.reports.first().pk,
        actor=unit_user(units.site),
        text="圍擋已設置",
        now=datetime(2026, 9, 10, tzinfo=TZ),
    )
    services.inspect_unit(
        application_id=accepted.site.pk, actor=org.inspector, scores=full_marks(campaign, D1=(4, "圍擋破損"))
    )
    services.inspect_unit(
        application_id=accepted.shop.pk, actor=org.inspector, scores=full_marks(campaign, "shop")
    )
    return accepted


def test_console_pages_need_a_campaign_role(client, org, campaign, units):
    assert client.get(reverse("campaigns:list")).status_code == 302  # to the log-in page
    assert login(client, org.handler).get(reverse("campaigns:list")).status_code == 403
    assert (
        login(client, unit_user(units.site))
        .get(reverse("campaigns:dashboard", args=[campaign.pk]))
        .status_code
        == 403
    )
    assert (
        login(client, org.outsider).get(reverse("campaigns:dashboard", args=[campaign.pk])).status_code == 404
    )
    assert (
        login(client, org.stranger_inspector)
        .get(reverse("campaigns:dashboard", args=[campaign.pk]))
        .status_code
        == 404
    )
    for user in (org.officer, org.inspector, org.leader):
        response = login(client, user).get(reverse("campaigns:list"))
        assert response.status_code == 200 and campaign.name in response.content.decode()


def test_launch_through_the_form(client, org):
    response = login(client, org.officer).post(
        reverse("campaigns:launch"),
        {
            "blueprint": "wujin",
            "starts_on": "2026-09-01",
            "owner_department": org.office.pk,
            "inspectors": [org.inspector_staff.pk],
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == reverse("campaigns:dashboard", args=[campaign.pk])
    assert list(campaign.inspectors.all()) == [org.inspector_staff]
    assert login(client, org.inspector).get(reverse("campaigns:launch")).status_code == 403


def test_unit_sees_only_its_own(client, campaign, scored, units):
    site, shop = scored.site, scored.shop
    client = login(client, unit_user(units.site))
    page = client.get(reverse("campaigns:unit_home")).content.decode()
    assert campaign.name in page
    own = client.get(reverse("campaigns:unit_application", args=[site.pk]))
    assert own.status_code == 200 and "圍擋破損" in own.content.decode() and "19.0" in own.content.decode()
    assert client.get(reverse("campaigns:unit_application", args=[shop.pk])).status_code == 404
    assert client.get(reverse("campaigns:unit_report", args=[shop.reports.first().pk])).status_code == 404
    public = client.get(reverse("campaigns:public", args=[campaign.pk])).content.decode()
    assert "百货商店" in public and "100.0" not in public  # a participant, but no score before results
    assert client.get(reverse("campaigns:application", args=[shop.pk])).status_code == 403  # staff page


def test_unit_files_its_report_through_the_page(client, accepted, units):
    report = accepted.site.reports.get(period="2026-09")
    response = login(client, unit_user(units.site)).post(
        reverse("campaigns:unit_report", args=[report.pk]), {"text": "九月進展"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.text == "九月進展" and report.state in ("submitted", "late")


def test_public_page_shows_results_once_published(client, campaign, scored):
    Application.objects.filter(pk=scored.shop.pk).update(title=Title.NAMED, rank=1)
    page = client.get(reverse("campaigns:public", args=[campaign.pk])).content.decode()
    assert "data-no-results" in page
    Campaign.objects.filter(pk=campaign.pk).update(results_published_at=datetime(2026, 12, 1, tzinfo=TZ))
    page = client.get(reverse("campaigns:public", args=[campaign.pk])).content.decode()
    assert "data-results" in page and "20.0" in page  # the shop's four items at full points


def test_dashboard_search_and_export(client, campaign, scored, org):
    client = login(client, org.officer)
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    assert page.status_code == 200 and "campaign-scores" in page.content.decode()
    fragment = client.get(
        reverse("campaigns:search", args=[campaign.pk]), {"q": "围挡"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.content.decode().count('data-hit="') == 2  # the report and the evidence
    export = client.get(reverse("campaigns:export", args=[campaign.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(export.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"城东建筑工地", "实验小学", "百货商店"}
    assert AuditEntry.objects.filter(action="data.export").exists()


def test_inspection_form_and_contact_reveal(client, campaign, accepted, org):
    site = accepted.site
    data = {f"item_{item.code}": str(item.points) for item in campaign.standards.all()}
    data.update({"item_D4": "2", "evidence_D4": "", "finding_item_0": "D4", "finding_text_0": "車輛帶泥上路"})
    response = login(client, org.inspector).post(reverse("campaigns:inspect", args=[site.pk]), data)
    assert response.status_code == 400 and not site.inspections.exists()  # a deduction without evidence
    data["evidence_D4"] = "輪胎帶泥"
    response = client.post(reverse("campaigns:inspect", args=[site.pk]), data)
    assert response.status_code == 302
    assert site.inspections.get().findings.get().case is not None
    page = login(client, org.officer).get(reverse("campaigns:application", args=[site.pk])).content.decode()
    assert "城东建筑工地门口" in page
    site.unit.contact_name, site.unit.contact_phone = "王小明", "13812345678"
    site.unit.save()
    page = client.get(reverse("campaigns:application", args=[site.pk])).content.decode()
    assert "王小明" not in page and "138****5678" in page
    page = client.post(reverse("campaigns:reveal", args=[site.pk])).content.decode()
    assert "王小明" in page and AuditEntry.objects.filter(action="privacy.reveal").exists()


def test_certificate_only_for_a_named_unit(client, accepted, units, org):
    site = accepted.site
    url = reverse("campaigns:unit_certificate", args=[site.pk])
    assert login(client, unit_user(units.site)).get(url).status_code == 404
    Application.objects.filter(pk=site.pk).update(title=Title.NAMED, certificate_no="C-001")
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login(client, unit_user(units.shop)).get(url).status_code == 404


def test_a_unit_account_lands_on_its_own_page(client, units, org):
    response = login(client, unit_user(units.site)).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("campaigns:unit_home")
    assert login(client, org.officer).get(reverse("home")).status_code == 200


def test_units_register_and_log_ins(client, org):
    assert login(client, org.inspector).get(reverse("campaigns:units")).status_code == 403
    client = login(client, org.officer)
    response = client.post(
        reverse("campaigns:units"),
        {
            "name": "城西工地",
            "kind": "building_site",
            "address": "城西路",
            "contact_name": "赵六",
            "contact_phone": "13900001111",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="城西工地")
    assert (
        client.post(reverse("campaigns:units"), {"name": "城西工地", "kind": "building_site"}).status_code
        == 400
    )
    page = client.get(reverse("campaigns:units")).content.decode()
    assert "139****1111" in page and "13900001111" not in page
    client.post(
        reverse("campaigns:unit_account", args=[unit.pk]), {"username": "west", "password": "long-enough-1"}
    )
    assert unit.members.get().user.check_password("long-enough-1")


def test_assign_inspectors_on_the_dashboard(client, campaign, org):
    url = reverse("campaigns:inspectors", args=[campaign.pk])
    login(client, org.officer).post(url, {"inspectors": []})
    assert not campaign.inspectors.exists()
    client.post(url, {"inspectors": [org.inspector_staff.pk]})
    assert list(campaign.inspectors.all()) == [org.inspector_staff]
    login(client, org.leader).post(url, {"inspectors": []})  # a leader follows, does not run the campaign
    assert campaign.inspectors.exists()


def test_report_filed_in_place_with_htmx(client, accepted, units):
    report = accepted.site.reports.get(period="2026-09")
    client = login(client, unit_user(units.site))
    url = reverse("campaigns:unit_report", args=[report.pk])
    fragment = client.post(url, {"text": "九月進展"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "九月進展" in fragment and 'role="status"' in fragment
    again = client.post(url, {"text": "again"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'role="alert"' in again  # in already


def test_campaign_list_finds_a_traditional_name_by_simplified_words(client, campaign, org):
    client = login(client, org.officer)
    assert campaign.name in client.get(reverse("campaigns:list"), {"q": "五进"}).content.decode()
    assert campaign.name not in client.get(reverse("campaigns:list"), {"q": "集镇"}).content.decode()


def test_the_office_enters_a_written_application_in_the_window(client, campaign, units, org, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 9, 7, 10, tzinfo=TZ))
    url = reverse("campaigns:apply_on_behalf", args=[campaign.pk])
    login(client, org.officer).post(url, {"unit": units.school.pk, "statement": "书面申请"})
    assert Application.objects.get().unit == units.school
    login(client, org.inspector).post(url, {"unit": units.shop.pk, "statement": "x"})
    assert Application.objects.count() == 1  # inspectors score; they do not enter applications
    response = login(client, org.officer).post(url, {"unit": units.town.pk, "statement": "x"})
    assert response.status_code == 302 and Application.objects.count() == 1  # not a kind 五进 takes
