"""Permission, state and input rules of the campaign services: each refusal changes nothing."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from chengguan.campaigns import selectors, services
from chengguan.campaigns.models import (
    Application,
    ApplicationState,
    CampaignEvent,
    Inspection,
    ProgressReport,
    ReportState,
    Title,
)

from .conftest import IN_WINDOW, START, TZ, apply, full_marks, unit_user


def test_only_the_civility_office_launches(org):
    with pytest.raises(PermissionDenied):
        services.launch_campaign(
            actor=org.inspector, blueprint="wujin", owner_department=org.office, starts_on=START
        )
    with pytest.raises(PermissionDenied):  # a civility officer of another department
        services.launch_campaign(
            actor=org.outsider, blueprint="wujin", owner_department=org.office, starts_on=START
        )
    with pytest.raises(ValidationError) as error:
        services.launch_campaign(
            actor=org.officer, blueprint="nope", owner_department=org.office, starts_on=START
        )
    assert "blueprint" in error.value.message_dict


@pytest.mark.parametrize(
    "blueprint,items,quota", [("jizhen", 9, {"*": 3}), ("chengxin", 5, {"organ": 35, "community": 7})]
)
def test_other_templates(org, blueprint, items, quota):
    campaign = services.launch_campaign(
        actor=org.officer, blueprint=blueprint, owner_department=org.office, starts_on=START
    )
    assert campaign.standards.count() == items and campaign.quota == quota
    assert campaign.veto_conditions.exists() and campaign.phases.count() == 3


def test_application_rules(campaign, units, org):
    with pytest.raises(PermissionDenied):  # the school may not apply for the site
        services.apply_for_campaign(
            campaign_id=campaign.pk,
            actor=unit_user(units.school),
            unit_id=units.site.pk,
            statement="x",
            now=IN_WINDOW,
        )
    with pytest.raises(services.CampaignRefused, match="申报时间"):  # outside the window
        services.apply_for_campaign(
            campaign_id=campaign.pk,
            actor=unit_user(units.site),
            unit_id=units.site.pk,
            statement="x",
            now=datetime(2026, 10, 1, tzinfo=TZ),
        )
    with pytest.raises(services.CampaignRefused):  # a market town is not a kind 五进 takes
        apply(campaign, units.town)
    with pytest.raises(ValidationError):
        apply(campaign, units.site, statement="  ")
    assert not Application.objects.exists()
    apply(campaign, units.site)
    with pytest.raises(services.CampaignRefused, match="已经申报"):
        apply(campaign, units.site)


def test_refused_application_stays_off_the_notice(campaign, units, org):
    site = apply(campaign, units.site)
    apply(campaign, units.shop)
    with pytest.raises(PermissionDenied):
        services.refuse_application(application_id=site.pk, actor=org.outsider, reason="不符合条件")
    services.refuse_application(application_id=site.pk, actor=org.officer, reason="不符合条件")
    notice = services.publish_applications(campaign_id=campaign.pk, actor=org.officer, now=IN_WINDOW)
    assert "百货商店" in notice.body and "城东建筑工地" not in notice.body
    assert Application.objects.get(pk=site.pk).state == ApplicationState.REFUSED


def test_withdrawn_application_notice_sends_applications_back(
    campaign, units, org, django_capture_on_commit_callbacks
):
    from chengguan.notices import services as notices

    site = apply(campaign, units.site)
    notice = services.publish_applications(campaign_id=campaign.pk, actor=org.officer, now=IN_WINDOW)
    with django_capture_on_commit_callbacks(execute=True):
        notices.withdraw_notice(notice_id=notice.pk, actor=org.officer, reason="名单有误")
    site.refresh_from_db()
    assert site.state == ApplicationState.SUBMITTED and site.notice is None


def test_reports_only_by_the_unit_itself(accepted, units, org):
    report = accepted.site.reports.first()
    with pytest.raises(PermissionDenied):
        services.file_report(report_id=report.pk, actor=unit_user(units.shop), text="冒名")
    with pytest.raises(ValidationError):
        services.file_report(report_id=report.pk, actor=unit_user(units.site), text="")
    services.file_report(
        report_id=report.pk,
        actor=unit_user(units.site),
        text="按時上報",
        now=datetime(2026, 9, 10, tzinfo=TZ),
    )
    with pytest.raises(services.CampaignRefused, match="已经报送"):
        services.file_report(report_id=report.pk, actor=unit_user(units.site), text="again")


def test_reminders_are_sent_once(accepted):
    assert services.check_reports(actor=services.REPORTS_ACTOR, today=date(2026, 9, 12)) == {
        "reminded": 3,
        "flagged": 0,
    }
    assert services.check_reports(actor=services.REPORTS_ACTOR, today=date(2026, 9, 13)) == {
        "reminded": 0,
        "flagged": 0,
    }
    assert ProgressReport.objects.filter(reminded_at__isnull=False).count() == 3


def test_the_periodic_command(accepted, capsys):
    call_command("campaign_reports", "--today", "2026-09-16")
    assert "3 report(s) flagged overdue" in capsys.readouterr().out
    assert ProgressReport.objects.filter(state=ReportState.OVERDUE).count() == 3
    with pytest.raises(CommandError, match="date"):
        call_command("campaign_reports", "--today", "yesterday")


def test_inspection_rules(campaign, accepted, org, units):
    site = accepted.site
    with pytest.raises(PermissionDenied):  # not assigned to this campaign
        services.inspect_unit(
            application_id=site.pk, actor=org.stranger_inspector, scores=full_marks(campaign)
        )
    with pytest.raises(PermissionDenied):  # a unit does not inspect itself
        services.inspect_unit(
            application_id=site.pk, actor=unit_user(units.site), scores=full_marks(campaign)
        )
    with pytest.raises(ValidationError) as error:  # a deduction needs evidence, points stay within the item
        services.inspect_unit(
            application_id=site.pk, actor=org.inspector, scores=full_marks(campaign, D1=(3, ""), D2=(9, "x"))
        )
    assert set(error.value.message_dict) == {"item_D1", "item_D2"}
    scores = full_marks(campaign)
    scores.pop("D1")
    with pytest.raises(ValidationError):  # every item must be scored
        services.inspect_unit(application_id=site.pk, actor=org.inspector, scores=scores)
    assert not Inspection.objects.exists()


def test_score_is_the_mean_of_inspections_and_self_assessment_does_not_count(campaign, accepted, org, units):
    site = accepted.site
    services.file_self_assessment(
        application_id=site.pk, actor=unit_user(units.site), scores=full_marks(campaign)
    )
    with pytest.raises(PermissionDenied):
        services.file_self_assessment(
            application_id=site.pk, actor=org.inspector, scores=full_marks(campaign)
        )
    site.refresh_from_db()
    assert site.score is None
    services.inspect_unit(
        application_id=site.pk, actor=org.inspector, scores=full_marks(campaign, D1=(0, "無圍擋"))
    )
    services.inspect_unit(application_id=site.pk, actor=org.officer, scores=full_marks(campaign))
    site.refresh_from_db()
    assert str(site.score) == "17.5"  # the site's four items, 20 points: (15 + 20) / 2


def test_veto_revokes_a_named_title_and_measures_are_on_record(campaign, accepted, org):
    site = accepted.site
    Application.objects.filter(pk=site.pk).update(title=Title.NAMED, certificate_no="X-001")
    with pytest.raises(ValidationError):
        services.take_title_measure(application_id=site.pk, actor=org.officer, measure="warn", reason="")
    with pytest.raises(ValidationError):
        services.take_title_measure(
            application_id=site.pk,
            actor=org.officer,
            measure="rectify",
            reason="質量下降",
            rectify_by=date(2020, 1, 1),
        )
    services.take_title_measure(application_id=site.pk, actor=org.officer, measure="warn", reason="質量下降")
    assert Application.objects.get(pk=site.pk).title == Title.WARNED
    condition = campaign.veto_conditions.first()
    services.record_veto(
        application_id=site.pk, actor=org.inspector, condition_id=condition.pk, evidence="重大事故"
    )
    site.refresh_from_db()
    assert site.title == Title.REVOKED and site.disqualified
    event = CampaignEvent.objects.filter(application=site, action="warn").get()
    assert (
        event.note == "質量下降"
        and event.actor_name == "officer姓名"
        and event.actor_department == org.office
    )
    with pytest.raises(services.CampaignRefused):
        services.take_title_measure(application_id=site.pk, actor=org.officer, measure="warn", reason="again")


def test_nothing_to_propose_without_scores(campaign, accepted, org):
    with pytest.raises(services.CampaignRefused, match="无法提出名单"):
        services.propose_results(campaign_id=campaign.pk, actor=org.officer)
    with pytest.raises(PermissionDenied):
        services.propose_results(campaign_id=campaign.pk, actor=org.inspector)


def test_the_honour_depends_on_the_kind_of_unit_where_the_template_says_so(org):
    campaign = services.launch_campaign(
        actor=org.officer, blueprint="chengxin", owner_department=org.office, starts_on=START
    )
    assert campaign.title_for("community") == "文明和谐社区" and campaign.title_for("organ") == "文明诚信单位"
    assert campaign.quota == {"organ": 35, "community": 7} and "2万元" in campaign.awards


def test_a_unit_account_is_audited(org):
    from chengguan.core.models import AuditEntry

    unit = services.register_unit(
        actor=org.officer, name="新单位", kind="shop", contact_phone="139 0566 1234"
    )
    assert unit.contact_phone == "13905661234"
    member = services.add_unit_account(actor=org.officer, unit_id=unit.pk, username="newshop")
    entry = AuditEntry.objects.get(action=services.ACCOUNT_CREATED)
    assert entry.actor_id == org.officer.pk and entry.target_id == str(member.user.pk)
    assert entry.data["username"] == "newshop"
    with pytest.raises(PermissionDenied):
        services.add_unit_account(actor=org.handler, unit_id=unit.pk, username="other")


def test_a_bad_contact_phone_is_refused(org):
    with pytest.raises(ValidationError) as refused:
        services.register_unit(actor=org.officer, name="新单位", kind="shop", contact_phone="12345")
    assert "contact_phone" in refused.value.message_dict


def test_a_unit_is_scored_only_against_its_own_kind_of_items(campaign, accepted, org):
    """A building site is not scored against the school items (“开展文明学校、文明学生创建活动”)."""
    site, school = accepted.site, accepted.school
    assert {item.code for item in campaign.standards_for("building_site")} == {"D1", "D2", "D3", "D4"}
    assert "开展文明学校、文明学生创建活动" not in {i.title for i in campaign.standards_for("building_site")}
    with pytest.raises(ValidationError) as error:
        services.inspect_unit(
            application_id=site.pk, actor=org.inspector, scores=full_marks(campaign, A4=(5, ""))
        )
    assert "A4" in " ".join(error.value.message_dict["scores"])
    with pytest.raises(ValidationError):  # nor may a school be scored without its own items
        services.inspect_unit(application_id=school.pk, actor=org.inspector, scores=full_marks(campaign))
    assert not Inspection.objects.exists()
    inspection = services.inspect_unit(
        application_id=school.pk, actor=org.inspector, scores=full_marks(campaign, "school")
    )
    assert sorted(inspection.scores.values_list("item__code", flat=True)) == ["A1", "A2", "A3", "A4"]
    assert [row["item"].code for row in selectors.breakdown(school)["rows"]] == ["A1", "A2", "A3", "A4"]
