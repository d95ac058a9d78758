import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from chengguan.core import audit
from chengguan.core.models import AuditEntry
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def write_entries(n=3):
    return [audit.record(audit.Action.EXPORT, actor_username="tester", data={"rows": i}) for i in range(n)]


def test_entries_are_chained():
    first, second, third = write_entries()
    assert first.prev_hash == audit.GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert audit.verify() == (3, None)


def test_audit_verify_reports_intact_log(capsys):
    write_entries()
    call_command("audit_verify")
    assert "3 entries verified" in capsys.readouterr().out


def test_audit_verify_detects_a_tampered_row():
    entries = write_entries(4)
    # Tamper behind the ORM's back, as someone with database access would.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET actor_username = %s WHERE id = %s",
            ["mallory", entries[1].id],
        )
    with pytest.raises(CommandError, match=f"entry #{entries[1].id} was altered"):
        call_command("audit_verify")


def test_audit_verify_detects_a_removed_row():
    entries = write_entries(4)
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    with pytest.raises(CommandError, match=f"entry #{entries[3].id} does not follow"):
        call_command("audit_verify")


def test_audit_verify_detects_removal_from_the_end():
    entries = write_entries(3)
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    with pytest.raises(CommandError, match="log ends at"):
        call_command("audit_verify")


def test_login_success_and_failure_are_audited(client):
    UserFactory(username="zhang")
    client.post(reverse("login"), {"username": "zhang", "password": "wrong"})
    client.post(reverse("login"), {"username": "zhang", "password": "pw-for-tests-1"})
    actions = list(AuditEntry.objects.values_list("action", "actor_username"))
    assert (audit.Action.LOGIN_FAILED, "zhang") in actions
    assert (audit.Action.LOGIN, "zhang") in actions
    assert AuditEntry.objects.get(action=audit.Action.LOGIN).ip == "127.0.0.1"


def test_role_changes_are_audited_with_the_actor(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    staff = StaffFactory()
    client.force_login(admin)
    url = reverse("admin:org_staff_change", args=[staff.pk])
    data = {
        "name": staff.name,
        "employee_no": staff.employee_no,
        "department": staff.department_id,
        "roles": ["dispatcher"],
        "title": "",
        "phone": "",
        "is_active": "on",
        "user": staff.user_id,
        "certificates-TOTAL_FORMS": "0",
        "certificates-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    entry = AuditEntry.objects.get(action=audit.Action.ROLES_CHANGED)
    assert entry.actor_username == "root"
    assert entry.data == {"added": ["dispatcher"], "removed": [], "roles": ["dispatcher"]}


def test_granting_superuser_is_audited():
    user = UserFactory(username="li")
    user.is_superuser = True
    user.save()
    entry = AuditEntry.objects.get(action=audit.Action.PERMISSIONS_CHANGED, target_id=str(user.pk))
    assert entry.data == {"flags": {"is_superuser": [False, True]}}


def test_audit_log_is_read_only_in_the_admin(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    entry = write_entries(1)[0]
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert (
        client.post(reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
