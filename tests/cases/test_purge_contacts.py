"""The purge job: contact data of closed cases removed on the schedule the privacy notice states (supporters'
phones 30 days after closure, reporters' names and phones 180 days after), only what is due, audited as
the job; registered with the scheduler and stated on the report form."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from chengguan.cases import services
from chengguan.cases.models import Case, CaseSupporter
from chengguan.cases.states import State
from chengguan.core.actors import SystemActor
from chengguan.core.fields import phone_hash
from chengguan.core.models import AuditEntry
from chengguan.core.refusals import MissingActor
from chengguan.ops.jobs import BY_NAME

pytestmark = pytest.mark.django_db
JOB = SystemActor("purge_contacts")


def closed_days_ago(make_case, days: float, phone: str) -> Case:
    case = make_case(State.CLOSED, reporter_name="钱多多", reporter_phone=phone)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=days))
    CaseSupporter.objects.create(
        case=case, contact_hash=f"hash-{case.pk}", phone="13600009999", created_at=timezone.now()
    )
    return Case.objects.get(pk=case.pk)


def contact(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return fresh.reporter_name, fresh.reporter_phone, fresh.reporter_phone_hash


def supporter_phone(case: Case) -> str:
    return CaseSupporter.objects.get(case=case).phone


def test_only_what_is_due_is_purged_and_the_run_is_audited(make_case):
    recent = closed_days_ago(make_case, 10, "13700000001")
    month = closed_days_ago(make_case, 31, "13700000002")
    old = closed_days_ago(make_case, 181, "13700000003")
    open_case = make_case(State.DISPATCHED, reporter_phone="13700000004")
    CaseSupporter.objects.create(
        case=open_case, contact_hash="h", phone="13600008888", created_at=timezone.now()
    )

    result = services.purge_contacts(actor=JOB)

    assert (result.reporters, result.supporters) == (1, 2)
    assert contact(recent) == ("钱多多", "13700000001", phone_hash("13700000001"))
    assert supporter_phone(recent) == "13600009999"
    assert contact(month) == ("钱多多", "13700000002", phone_hash("13700000002"))
    assert supporter_phone(month) == ""
    assert contact(old) == ("", "", "") and supporter_phone(old) == ""
    assert Case.objects.get(pk=open_case.pk).reporter_phone == "13700000004"
    assert supporter_phone(open_case) == "13600008888"
    assert CaseSupporter.objects.get(case=month).contact_hash == f"hash-{month.pk}"  # support stays counted
    entry = AuditEntry.objects.get(action="privacy.contacts_purged")
    assert entry.actor_username == "system:purge_contacts"
    assert entry.data["reporter_cases"] == [old.pk]
    assert sorted(entry.data["supporter_cases"]) == sorted([month.pk, old.pk])
    assert "13700000003" not in str(entry.data)

    again = services.purge_contacts(actor=JOB)  # nothing left to do: nothing changed, nothing audited
    assert (again.reporters, again.supporters) == (0, 0)
    assert AuditEntry.objects.filter(action="privacy.contacts_purged").count() == 1


def test_the_periods_are_settings(make_case, settings):
    settings.CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS = 5
    settings.CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS = 1
    case = closed_days_ago(make_case, 6, "13700000005")
    services.purge_contacts(actor=JOB)
    assert contact(case) == ("", "", "") and supporter_phone(case) == ""


def test_a_reopened_case_keeps_its_contact(make_case, people):
    case = closed_days_ago(make_case, 400, "13700000006")
    services.reopen_case(case_id=case.pk, actor=people.dispatcher, reason="问题复发")
    services.purge_contacts(actor=JOB)
    assert contact(case)[1] == "13700000006" and supporter_phone(case) == "13600009999"


def test_only_the_job_or_an_administrator_may_purge(make_case, people):
    with pytest.raises(MissingActor):
        services.purge_contacts(actor=None)
    with pytest.raises(PermissionDenied):
        services.purge_contacts(actor=people.dispatcher)


def test_the_command_runs_the_purge_and_the_scheduler_knows_the_job(make_case):
    case = closed_days_ago(make_case, 200, "13700000007")
    out = io.StringIO()
    call_command("purge_contacts", stdout=out)
    assert "1 reporters' contacts" in out.getvalue()
    assert contact(case) == ("", "", "")
    job = BY_NAME["purge_contacts"]
    assert job.command == "purge_contacts" and job.every == 86400


def test_the_privacy_notice_states_the_periods_the_job_applies(client, categories, settings):
    settings.CHENGGUAN_PURGE_REPORTER_CONTACT_DAYS = 77
    settings.CHENGGUAN_PURGE_SUPPORTER_PHONES_DAYS = 33
    html = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "deleted 77 days after the case is closed" in html and "deleted 33 days after" in html


def test_a_merged_duplicate_s_contacts_go_with_its_surviving_case_s(make_case, people):
    """并单: a duplicate's reporter is purged on the schedule of the case it was merged into."""
    survivor = make_case(State.DISPATCHED)
    duplicate = make_case(State.REPORTED, reporter_name="孙悟空", reporter_phone="13600001234")
    services.merge_case(case_id=duplicate.pk, actor=people.dispatcher, into=survivor.number)
    services.purge_contacts(actor=JOB)
    assert Case.objects.get(pk=duplicate.pk).reporter_phone == "13600001234"  # the survivor is open
    Case.objects.filter(pk=survivor.pk).update(
        state=State.CLOSED, closed_at=timezone.now() - timedelta(days=200)
    )
    services.purge_contacts(actor=JOB)
    purged = Case.objects.get(pk=duplicate.pk)
    assert purged.reporter_phone == "" and purged.reporter_name == ""
    assert not CaseSupporter.objects.filter(case=survivor).exclude(phone="").exists()
